// Package store reads trees, always within one account.
package store

import (
	"context"
	"database/sql"
)

// TreeName is scoped to the account.
func TreeName(ctx context.Context, db *sql.DB, account, id int64) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM trees WHERE account_id = $1 AND id = $2", account, id).Scan(&name)
	return name, err
}
