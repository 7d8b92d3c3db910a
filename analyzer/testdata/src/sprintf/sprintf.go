// Package sprintf formats SQL with fmt.Sprintf.
package sprintf

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

const table = "sessions"

func list(ctx context.Context, pool *pgxpool.Pool, limit int, column string) {
	pool.Query(ctx, fmt.Sprintf("SELECT title FROM %s LIMIT %d", table, limit)) // want `sessions is not scoped`
	// okSprintfScoped: section 2 rule 1, %d of a non-constant int is checked as 1.
	pool.Query(ctx, fmt.Sprintf("SELECT title FROM %s WHERE user_id = $1 LIMIT %d", table, limit), 1)
	pool.Query(ctx, fmt.Sprintf("SELECT name FROM trees WHERE account_id = %d", limit))             // want `^trees is not scoped: its account_id is compared with a literal, which scopes nothing, and no join on a foreign key reaches a scoped table; bind the tenant key as a parameter instead: trees.account_id = \$n$`
	pool.Query(ctx, fmt.Sprintf("SELECT title FROM sessions LIMIT $%d OFFSET $%d", limit, limit+1)) // want `sessions is not scoped`
	pool.Query(ctx, fmt.Sprintf("SELECT %q FROM trees WHERE account_id = $1", column))              // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Query: built from %q of a parameter in fmt.Sprintf`
}
