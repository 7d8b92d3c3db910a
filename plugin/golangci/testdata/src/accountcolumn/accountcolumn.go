// Package accountcolumn runs with tenant-columns set to account_id only:
// notes.user_id is then an ordinary column and notes a global table.
package accountcolumn

import (
	"context"

	"github.com/jackc/pgx/v5"
)

func list(ctx context.Context, conn *pgx.Conn) {
	conn.Query(ctx, "SELECT name FROM trees WHERE id = $1", 1) // want `trees is not scoped: no account_id predicate`
	conn.Query(ctx, "SELECT body FROM notes")
}
