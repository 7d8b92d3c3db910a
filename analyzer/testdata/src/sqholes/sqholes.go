// Package sqholes holds squirrel shapes that were once checked as a
// different statement than squirrel sends, or not checked at all: each is
// now reported, or unresolved.
package sqholes

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// badConditionOnStatementBuilder: the shared builder's Where is a
// parameter ("name = 'x' OR true" would match every tenant's rows); it is
// not the unfollowable StatementBuilderType that is taken as
// sq.StatementBuilder, so the query is unresolved, not checked without it.
func badConditionOnStatementBuilder(db *sql.DB, filter string, account int64) {
	sq.StatementBuilder.Where(filter).Select("id").From("trees").Where(sq.Eq{"account_id": account}).RunWith(db).Query() // want `cannot resolve the SQL passed to \(squirrel.SelectBuilder\).Query: built from squirrel's Where\(filter\)`
}

// badConditionOnStatementBuilderLocal: the same through a local.
func badConditionOnStatementBuilderLocal(db *sql.DB, filter string, account int64) {
	base := sq.StatementBuilder.PlaceholderFormat(sq.Dollar).Where(filter)
	base.Select("id").From("trees").Where(sq.Eq{"account_id": account}).RunWith(db).Query() // want `built from squirrel's Where\(filter\)`
}

// badFormatOnStatementBuilder: sq.Colon is not modelled; the statement
// builder that carries it is not taken as sq.StatementBuilder either.
func badFormatOnStatementBuilder(db *sql.DB, account int64) {
	sq.StatementBuilder.PlaceholderFormat(sq.Colon).Select("id").From("trees").Where(sq.Eq{"account_id": account}).RunWith(db).Query() // want `built from squirrel's PlaceholderFormat\(sq.Colon\)`
}

// badBuilderAsSqlizer: a builder held in a sq.Sqlizer variable is still the
// builder squirrel runs.
func badBuilderAsSqlizer(db *sql.DB) {
	var s sq.Sqlizer = psql.Select("id").From("trees")
	sq.QueryWith(db, s) // want `trees is not scoped`
}

// badBuilderAsSqlizerOnOneBranch: a DELETE of every tenant's trees on one
// path.
func badBuilderAsSqlizerOnOneBranch(db *sql.DB, account int64, all bool) {
	var s sq.Sqlizer = psql.Select("id").From("trees").Where(sq.Eq{"account_id": account})
	if all {
		s = psql.Delete("trees")
	}
	sq.ExecWith(db, s) // want `trees is not scoped: .* \(in 1 of its 2 possible texts\)`
}

// okExprAsSqlizer: sq.Expr is SQL text.
func okExprAsSqlizer(db *sql.DB, account int64) {
	var s sq.Sqlizer = sq.Expr("SELECT id FROM trees WHERE account_id = $1", account)
	sq.QueryWith(db, s)
}

// badConditionChangedThroughAlias: delete through a second name for the
// map drops the tenant key squirrel would render.
func badConditionChangedThroughAlias(db *sql.DB, account int64) {
	eq := sq.Eq{"account_id": account}
	alias := eq
	delete(alias, "account_id")
	psql.Select("id").From("trees").Where(eq).RunWith(db).Query() // want `built from squirrel's Where\(eq\) \(the condition eq, which is not a literal\)`
}

// badConditionSliceChangedThroughAlias: a write through a copy of the
// slice header changes the And's element.
func badConditionSliceChangedThroughAlias(db *sql.DB, account int64) {
	conds := sq.And{sq.Eq{"account_id": account}, sq.Eq{"name": "x"}}
	c2 := conds
	c2[0] = sq.Expr("true")
	psql.Select("id").From("trees").Where(conds).RunWith(db).Query() // want `built from squirrel's Where\(conds\) \(the condition conds, which is not a literal\)`
}

// okConditionReadOnly: reads of the map (len, an index read, a range,
// its ToSql) change nothing.
func okConditionReadOnly(db *sql.DB, account int64) {
	eq := sq.Eq{"account_id": account}
	if _, _, err := eq.ToSql(); err != nil {
		return
	}
	if len(eq) > 0 && eq["account_id"] != nil {
		psql.Select("id").From("trees").Where(eq).RunWith(db).Query()
	}
}

// listTrees returns squirrel's ToSql: its first result is the builder's
// SQL, as in the local q, args, err := b.ToSql() shape.
func listTrees(name string) (string, []interface{}, error) {
	return psql.Select("id").From("trees").Where(sq.Eq{"name": name}).ToSql()
}

func badToSqlReturnedByHelper(db *sql.DB, name string) {
	q, args, _ := listTrees(name)
	db.Query(q, args...) // want `trees is not scoped`
}

func accountTrees(account int64) (string, []interface{}, error) {
	b := psql.Select("id").From("trees")
	return b.Where(sq.Eq{"account_id": account}).ToSql()
}

func okToSqlReturnedByHelper(db *sql.DB, account int64) {
	q, args, _ := accountTrees(account)
	db.Query(q, args...)
}

// execer runs a statement that carries its own runner: a squirrel builder
// satisfies it.
type execer interface {
	ExecContext(ctx context.Context) (sql.Result, error)
}

func runStatement(ctx context.Context, q execer) error {
	_, err := q.ExecContext(ctx)
	return err
}

// badBuilderRunThroughInterface: the DELETE runs inside runStatement,
// through an interface tenantcheck cannot see through; the builder handed
// to it is SQL on tenant data reaching an unknown sink.
func badBuilderRunThroughInterface(ctx context.Context, db *sql.DB) {
	runStatement(ctx, psql.Delete("trees").RunWith(db)) // want `SQL reaches sqholes.runStatement once, which tenantcheck does not know sends SQL`
}

// byName extends a builder for its caller, which runs it: not a sink.
func byName(b sq.SelectBuilder, name string) sq.SelectBuilder {
	return b.Where(sq.Eq{"name": name})
}

func okBuilderExtendedByHelper(ctx context.Context, db *sql.DB, account int64) {
	byName(psql.Select("id").From("trees").Where(sq.Eq{"account_id": account}), "x").RunWith(db).QueryContext(ctx)
}
