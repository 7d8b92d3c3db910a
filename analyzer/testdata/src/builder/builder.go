package builder

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// sessionQuery keeps its conditions in a field; its constructor seeds the
// tenant conjunct and every method ANDs one more.
type sessionQuery struct {
	conds []string
	order string
}

func newSessionQuery() *sessionQuery {
	return &sessionQuery{conds: []string{"s.user_id = $1"}, order: "s.id"}
}

func (q *sessionQuery) titled() *sessionQuery {
	q.conds = append(q.conds, "s.title = $2")
	return q
}

func (q *sessionQuery) inTree() *sessionQuery {
	q.conds = append(q.conds, "s.tree_id IN (SELECT id FROM trees WHERE account_id = $3)")
	return q
}

func (q *sessionQuery) newest() *sessionQuery {
	q.order = "s.started_at DESC"
	return q
}

func (q *sessionQuery) sql() string {
	sql := "SELECT s.title FROM sessions s"
	if len(q.conds) > 0 {
		sql += " WHERE " + strings.Join(q.conds, " AND ")
	}
	return sql + " ORDER BY " + q.order
}

// okBuilderProvenByStructure: every element is an AND conjunct and the
// constructor seeds the tenant one (tenant-scope.md section 4, builders).
func list(ctx context.Context, pool *pgxpool.Pool) {
	pool.Query(ctx, newSessionQuery().titled().newest().sql(), 1, "x")
}

// orQuery lets an element escape the others with OR.
type orQuery struct{ conds []string }

func newOrQuery() *orQuery { return &orQuery{conds: []string{"account_id = $1"}} }

func (q *orQuery) named() { q.conds = append(q.conds, "name = $2 OR name IS NULL") }

func (q *orQuery) sql() string {
	return "SELECT name FROM trees WHERE " + strings.Join(q.conds, " AND ")
}

func leak(ctx context.Context, pool *pgxpool.Pool) {
	q := newOrQuery()
	q.named()
	pool.Query(ctx, q.sql(), 1, "x") // want `trees is scoped only under OR`
}

// A builder without a constructor that seeds the tenant: its zero value
// has no conditions.
type looseQuery struct{ conds []string }

func (q *looseQuery) mine() { q.conds = append(q.conds, "account_id = $1") }

func (q *looseQuery) sql() string {
	return "DELETE FROM trees WHERE id = $2 AND " + strings.Join(q.conds, " AND ")
}

func loose(ctx context.Context, pool *pgxpool.Pool) {
	var q looseQuery
	q.mine()
	pool.Exec(ctx, q.sql(), 1, 2) // want `SQL does not parse`
}

// Exported fields can be set from anywhere: unresolved.
type Exported struct{ Where string }

func (e *Exported) run(ctx context.Context, pool *pgxpool.Pool) {
	pool.Query(ctx, "SELECT name FROM trees WHERE "+e.Where) // want `built from field Where, which other packages can set`
}
