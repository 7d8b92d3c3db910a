// Package allcolumns runs with the default tenant columns: trees and notes
// are both tenant tables.
package allcolumns

import (
	"context"

	"github.com/jackc/pgx/v5"
)

func list(ctx context.Context, conn *pgx.Conn) {
	conn.Query(ctx, "SELECT name FROM trees WHERE id = $1", 1) // want `trees is not scoped: no account_id predicate`
	conn.Query(ctx, "SELECT body FROM notes")                  // want `notes is not scoped: no user_id predicate`
	conn.Query(ctx, "SELECT name FROM countries")
}
