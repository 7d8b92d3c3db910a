// Package sqstorewhere keeps its StatementBuilderType in a store field, as
// services do, but sets a condition on it: the field is not taken as
// sq.StatementBuilder, since that would drop the condition (an OR there
// matches every tenant's rows).
package sqstorewhere

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

type store struct {
	builder sq.StatementBuilderType
}

func newStore(db *sql.DB) *store {
	return &store{builder: sq.StatementBuilder.PlaceholderFormat(sq.Dollar).Where("name = 'public' OR true").RunWith(db)}
}

func (s *store) badFieldBuilderWithCondition(account int64) {
	s.builder.Select("id").From("trees").Where(sq.Eq{"account_id": account}).Query() // want `cannot resolve the SQL passed to \(squirrel.SelectBuilder\).Query: built from field s.builder \(a StatementBuilderType, and this package sets conditions on one with StatementBuilderType.Where at sqstorewhere.go:18\)`
}
