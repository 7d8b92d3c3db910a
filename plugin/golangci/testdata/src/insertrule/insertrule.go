// Package insertrule runs with rules set to insert only: the unscoped
// SELECT is not reported.
package insertrule

import (
	"context"

	"github.com/jackc/pgx/v5"
)

func write(ctx context.Context, conn *pgx.Conn) {
	conn.Query(ctx, "INSERT INTO trees (id, name) VALUES ($1, $2)", 1, "x") // want `INSERT into trees sets no tenant key`
	conn.Query(ctx, "SELECT name FROM trees")
}
