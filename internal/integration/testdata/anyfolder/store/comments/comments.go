// Package comments reads comments.
package comments

import (
	"context"
	"database/sql"
)

// Bodies joins comments to their post and scopes the post.
func Bodies(ctx context.Context, db *sql.DB, accountID, postID int64) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT c.body FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.account_id = $1 AND p.id = $2", accountID, postID)
}

// All reads every comment of every account.
func All(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT body FROM comments")
}
