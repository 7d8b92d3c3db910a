// Package legacy holds an unscoped query that predates the hook: commits
// that do not touch it (or the schema) must not be refused, nor wait for
// it to be analysed.
package legacy

import (
	"context"
	"database/sql"
)

// TreeName forgets the account.
func TreeName(ctx context.Context, db *sql.DB, id int64) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM trees WHERE id = $1", id).Scan(&name)
	return name, err
}
