// Package store has one unscoped query, one justified with //nolint and
// one scoped query.
package store

import (
	"context"
	"database/sql"
)

// TreeName leaks: any account's tree by id.
func TreeName(ctx context.Context, db *sql.DB, id int64) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM trees WHERE id = $1", id).Scan(&name)
	return name, err
}

// PurgeTrees runs for every account at night.
func PurgeTrees(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "DELETE FROM trees WHERE name = ''") //nolint:tenantcheck // nightly purge of unnamed trees across all accounts
	return err
}

// AccountTreeName is scoped to the account.
func AccountTreeName(ctx context.Context, db *sql.DB, account, id int64) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM trees WHERE account_id = $1 AND id = $2", account, id).Scan(&name)
	return name, err
}
