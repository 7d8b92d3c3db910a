// Package sqbuilder builds its SQL with squirrel: every statement a builder
// runs is rendered as squirrel renders it and checked like literal SQL.
package sqbuilder

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// badSelectBuilderRuns: the builder's QueryContext sends SELECT id, name
// FROM trees WHERE id = $1.
func badSelectBuilderRuns(ctx context.Context, db *sql.DB, id int64) {
	psql.Select("id", "name").From("trees").Where(sq.Eq{"id": id}).RunWith(db).QueryContext(ctx) // want `trees is not scoped: no account_id predicate`
}

// okEqWithTenantKey: the keys are AND-ed in order.
func okEqWithTenantKey(ctx context.Context, db *sql.DB, account, id int64) {
	psql.Select("id", "name").From("trees").Where(sq.Eq{"id": id, "account_id": account}).RunWith(db).QueryContext(ctx)
}

// badOrLeak: sq.Or is parenthesized, so the tenant predicate is one arm.
func badOrLeak(ctx context.Context, db *sql.DB, account int64) {
	psql.Select("id").From("trees").Where(sq.Or{sq.Eq{"account_id": account}, sq.Eq{"name": "public"}}).RunWith(db).QueryContext(ctx) // want `trees is scoped only under OR`
}

// badWhereStringsAreNotParenthesized: squirrel AND-s Where strings as
// written, so an OR in one of them takes the tenant predicate with it.
func badWhereStringsAreNotParenthesized(ctx context.Context, db *sql.DB, account int64, name string) {
	psql.Select("id").From("trees").Where("name = ? OR name IS NULL", name).Where("account_id = ?", account).RunWith(db).QueryContext(ctx) // want `trees is scoped only under OR`
}

// badTenantOnOneBranch: the builder is reassigned under an if; the path
// that skips it sends the query unscoped.
func badTenantOnOneBranch(ctx context.Context, db *sql.DB, account int64, all bool) {
	b := psql.Select("id").From("trees").OrderBy("name")
	if !all {
		b = b.Where(sq.Eq{"account_id": account})
	}
	b.Limit(10).RunWith(db).QueryContext(ctx) // want `trees is not scoped: .* \(in 1 of its 2 possible texts\)`
}

// okTenantOnEveryBranch: both paths add a tenant predicate, and And of
// them scopes.
func okTenantOnEveryBranch(ctx context.Context, db *sql.DB, account int64, name string) {
	b := psql.Select("id").From("trees")
	if name != "" {
		b = b.Where(sq.And{sq.Eq{"account_id": account}, sq.Like{"name": name}})
	} else {
		b = b.Where("account_id = ?", account)
	}
	b.RunWith(db).QueryRowContext(ctx).Scan()
}

// okJoinOnForeignKey: nodes is scoped through trees.
func okJoinOnForeignKey(ctx context.Context, db *sql.DB, account int64) {
	psql.Select("n.label").From("nodes n").Join("trees t ON t.id = n.tree_id").Where(sq.Eq{"t.account_id": account}).RunWith(db).QueryContext(ctx)
}

// badLeftJoinPreservedSide: the tenant predicate is on the nullable side.
func badLeftJoinPreservedSide(ctx context.Context, db *sql.DB, account int64) {
	psql.Select("n.label").From("nodes n").LeftJoin("trees t ON t.id = n.tree_id AND t.account_id = ?", account).RunWith(db).QueryContext(ctx) // want `nodes \(n\) is not scoped`
}

// badInsertWithoutKey and okInsertWithKey: the insert rule.
func badInsertWithoutKey(db *sql.DB, name string) {
	psql.Insert("trees").Columns("name").Values(name).RunWith(db).Exec() // want `INSERT into trees sets no tenant key`
}

func okInsertWithKey(ctx context.Context, db *sql.DB, account int64, name string) {
	var id int64
	psql.Insert("trees").Columns("account_id", "name").Values(account, name).Suffix("RETURNING id").RunWith(db).Scan(&id)
	psql.Insert("trees").SetMap(map[string]interface{}{"account_id": account, "name": name}).RunWith(db).ExecContext(ctx)
}

// badUpdateWithoutKey and okUpdateWithKey.
func badUpdateWithoutKey(ctx context.Context, db *sql.DB, id int64, name string) {
	psql.Update("trees").Set("name", name).Where(sq.Eq{"id": id}).RunWith(db).ExecContext(ctx) // want `trees is not scoped`
}

func okUpdateWithKey(ctx context.Context, db *sql.DB, account, id int64, name string) {
	psql.Update("trees").SetMap(map[string]interface{}{"name": name}).Where(sq.Eq{"id": id, "account_id": account}).RunWith(db).ExecContext(ctx)
}

// badDeleteWithoutKey and okDeleteWithKey.
func badDeleteWithoutKey(ctx context.Context, db *sql.DB, ids []int64) {
	psql.Delete("trees").Where(sq.Eq{"id": ids}).RunWith(db).ExecContext(ctx) // want `trees is not scoped`
}

func okDeleteWithKey(ctx context.Context, db *sql.DB, account int64, ids []int64) {
	psql.Delete("trees").Where(sq.Eq{"id": ids}).Where(sq.Eq{"account_id": []int64{account}}).RunWith(db).ExecContext(ctx)
}

// badToSQL: the ToSql shape resolves the same way.
func badToSQL(ctx context.Context, db *sql.DB, id int64) {
	q, args, _ := psql.Select("id").From("trees").Where(sq.Eq{"id": id}).ToSql()
	db.QueryContext(ctx, q, args...) // want `trees is not scoped`
}

func okToSQL(ctx context.Context, db *sql.DB, account int64) {
	q, args, _ := psql.Select("id").From("trees").Where(sq.Eq{"account_id": account}).ToSql()
	db.QueryContext(ctx, q, args...)
}

// okQuestionPlaceholders: squirrel's default format writes ?, read as a
// bind parameter.
func okQuestionPlaceholders(db *sql.DB, account int64) {
	sq.Select("id").From("trees").Where("account_id = ?", account).RunWith(db).Query()
	q, args, _ := sq.Update("trees").Set("name", "x").Where(sq.Eq{"account_id": account}).ToSql()
	db.Exec(q, args...)
}

// badQuestionPlaceholders: the same with no tenant predicate.
func badQuestionPlaceholders(db *sql.DB, name string) {
	sq.Select("id").From("trees").Where("name = ?", name).RunWith(db).Query() // want `trees is not scoped`
}

// badQueryWith: sq.QueryWith(db, b) runs the builder.
func badQueryWith(db *sql.DB) {
	sq.QueryWith(db, psql.Select("id").From("trees").Where(sq.Lt{"id": 10})) // want `trees is not scoped`
}

// okQueryContextWith: the same, scoped.
func okQueryContextWith(ctx context.Context, db *sql.DB, account int64) {
	b := psql.Select("id").From("trees").Where(sq.Expr("account_id = ?", account))
	sq.QueryContextWith(ctx, db, b)
}

// unresolvedCondition: a condition from a parameter is not guessed.
func unresolvedCondition(ctx context.Context, db *sql.DB, cond sq.Sqlizer) {
	psql.Select("id").From("trees").Where(cond).RunWith(db).QueryContext(ctx) // want `cannot resolve the SQL passed to \(squirrel.SelectBuilder\).QueryContext: built from squirrel.s Where\(cond\) \(parameter cond of unresolvedCondition\)`
}

// unresolvedMethod: a method tenantcheck does not model.
func unresolvedMethod(ctx context.Context, db *sql.DB, account int64) {
	psql.Select("id").From("trees").Where(sq.Eq{"account_id": account}).Mystery().RunWith(db).QueryContext(ctx) // want `built from squirrel's Mystery\(\) \(a method tenantcheck does not model\)`
}

// unresolvedBuilderParameter: a builder passed in.
func unresolvedBuilderParameter(ctx context.Context, db *sql.DB, b sq.SelectBuilder) {
	b.RunWith(db).QueryContext(ctx) // want `built from parameter b of unresolvedBuilderParameter`
}

// okGlobalTable: countries has no tenant key.
func okGlobalTable(ctx context.Context, db *sql.DB) {
	psql.Select("code", "name").Distinct().From("countries").OrderBy("name").Limit(100).Offset(0).RunWith(db).QueryContext(ctx)
}

// store keeps the StatementBuilderType a service builds at start-up and
// hands to its stores: taken as StatementBuilder, whose format and runner
// do not change the statement.
type store struct {
	builder sq.StatementBuilderType
}

func newStore(b sq.StatementBuilderType) *store { return &store{builder: b} }

// badThroughStoreBuilder and okThroughStoreBuilder: checked, not
// unresolved.
func (s *store) badThroughStoreBuilder(ctx context.Context, id int64) {
	s.builder.Select("id").From("trees").Where(sq.Eq{"id": id}).QueryContext(ctx) // want `trees is not scoped`
}

func (s *store) okThroughStoreBuilder(ctx context.Context, account int64) {
	s.builder.Delete("trees").Where(sq.Eq{"account_id": account}).ExecContext(ctx)
}

// okConditionVariable: a condition held in a variable is its literal.
func (s *store) okConditionVariable(ctx context.Context, account, id int64) {
	where := sq.And{sq.Eq{"id": id}, sq.Eq{"account_id": account}}
	s.builder.Update("trees").Set("name", "x").Where(where).ExecContext(ctx)
}

// badConditionVariableOnOneBranch: one path leaves the account out.
func (s *store) badConditionVariableOnOneBranch(ctx context.Context, account, id int64, admin bool) {
	var where sq.Sqlizer = sq.Eq{"id": id, "account_id": account}
	if admin {
		where = sq.Eq{"id": id}
	}
	s.builder.Select("name").From("trees").Where(where).QueryContext(ctx) // want `trees is not scoped: .* \(in 1 of its 2 possible texts\)`
}

// unresolvedConditionWrittenThroughIndex: a key added later is not seen
// by a walk of assignments, so the map is not trusted.
func (s *store) unresolvedConditionWrittenThroughIndex(ctx context.Context, account int64) {
	eq := sq.Eq{"name": "x"}
	eq["account_id"] = account
	s.builder.Select("id").From("trees").Where(eq).QueryContext(ctx) // want `built from squirrel's Where\(eq\) \(the condition eq, which is not a literal\)`
}

// scopedTrees and byName are helpers that start and extend a query: a
// call is every builder their returns hold, with their builder parameters
// bound to the call's arguments.
func scopedTrees(account int64) sq.SelectBuilder {
	return psql.Select("id").From("trees").Where(sq.Eq{"account_id": account})
}

func byName(b sq.SelectBuilder, name string) sq.SelectBuilder {
	if name == "" {
		return b
	}
	return b.Where(sq.Eq{"name": name})
}

func okHelperResults(ctx context.Context, db *sql.DB, account int64, name string) {
	byName(scopedTrees(account), name).RunWith(db).QueryContext(ctx)
}

func badHelperResults(ctx context.Context, db *sql.DB, name string) {
	byName(psql.Select("id").From("trees"), name).RunWith(db).QueryContext(ctx) // want `trees is not scoped: no account_id predicate and no join on a foreign key to a scoped table; add trees.account_id = \$n$`
}

// unresolvedHelperReassigns: a helper that reassigns its builder parameter
// is not followed.
func withLimit(b sq.SelectBuilder) sq.SelectBuilder {
	b = b.Limit(10)
	return b
}

func unresolvedHelperReassigns(ctx context.Context, db *sql.DB, account int64) {
	withLimit(scopedTrees(account)).RunWith(db).QueryContext(ctx) // want `built from parameter b of withLimit, which it reassigns`
}
