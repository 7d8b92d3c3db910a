package fixes // want package:"sends SQL"

// The findings that come with a suggested fix.

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

type DB struct{ pool *pgxpool.Pool }

// Trees lists the account's trees that match cond.
func (db *DB) Trees(ctx context.Context, account int64, cond string, args ...any) { // want Trees:`wrapper \[SELECT name FROM trees WHERE account_id = \$1 AND \{2\}\]`
	db.pool.Query(ctx, "SELECT name FROM trees WHERE account_id = $1 AND "+cond, append([]any{account}, args...)...)
}

func escapes(ctx context.Context, db *DB) {
	db.Trees(ctx, 1, "name = $2 OR name = $3", "a", "b") // want `trees is scoped only under OR: account_id = \$1 is one arm of an OR`
	// Not fixed: parentheses would not scope the query either.
	db.Trees(ctx, 1, "name = $2 OR name IN (SELECT title FROM nodes)", "a") // want `trees is scoped only under OR` `nodes is not scoped`
}

func stale(ctx context.Context, pool *pgxpool.Pool) {
	// want +1 `directive suppresses nothing: remove it`
	pool.Exec(ctx, "DELETE FROM trees WHERE account_id = $1", 1) //tenantcheck:cross-tenant this query used to be cross-tenant
	// want +1 `directive suppresses nothing: remove it`
	//tenantcheck:cross-tenant this query used to be cross-tenant too
	pool.Exec(ctx, "DELETE FROM trees WHERE account_id = $1", 1)
}
