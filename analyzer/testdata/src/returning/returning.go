package returning

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func markRead(ctx context.Context, pool *pgxpool.Pool, user int64) {
	// okReturningPassesScope: the rows of u are scoped entries rows, so
	// feeds is scoped through entries.feed_id (tenant-scope.md section 2.3).
	pool.Query(ctx, `WITH u AS (UPDATE entries SET read = true WHERE user_id = $1 RETURNING feed_id)
		SELECT f.title FROM u JOIN feeds f ON f.id = u.feed_id`, user)
	// The data-modifying CTE itself is unscoped: nothing comes out scoped.
	pool.Query(ctx, `WITH u AS (UPDATE entries SET read = true WHERE id = $1 RETURNING feed_id) SELECT f.title FROM u JOIN feeds f ON f.id = u.feed_id`, 1) // want `entries inside CTE u is not scoped` `feeds \(f\) is not scoped`
}

func threads(ctx context.Context, pool *pgxpool.Pool, account int64) {
	// okPartialCompositeKey: posts.id is unique on its own, so the pair
	// c.post_id = p.id ties each comment to its one post (section 2.2).
	pool.Query(ctx, `SELECT c.body FROM comments c JOIN posts p ON c.post_id = p.id WHERE p.account_id = $1`, account)
	// boards' ids are unique only per account: the pair alone ties nothing.
	pool.Query(ctx, `SELECT c.title FROM cards c JOIN boards b ON c.board_id = b.id WHERE b.account_id = $1`, account) // want `cards \(c\) is not scoped`
}
