// Package store writes posts.
package store

import (
	"context"
	"database/sql"
)

// DeletePost forgets the account: any account's post can be deleted.
func DeletePost(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.ExecContext(ctx, "DELETE FROM posts WHERE id = $1", id)
	return err
}

// CountPosts feeds the nightly billing job.
func CountPosts(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	//tenantcheck:cross-tenant billing counts the posts of every account
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM posts").Scan(&n)
	return n, err
}
