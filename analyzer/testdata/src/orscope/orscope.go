// Package orscope puts a tenant predicate under OR.
package orscope

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func listSessions(ctx context.Context, pool *pgxpool.Pool, user int64, q string) {
	pool.Query(ctx, "SELECT prompt FROM ai_sessions WHERE user_id = $1 OR prompt LIKE $2", user, q) // want `ai_sessions is scoped only under OR: user_id = \$1 is one arm of an OR, so other tenants' rows can match`
	// okOrOnSameKey: section 2 rule 1, every arm is a direct predicate on the key.
	pool.Query(ctx, "SELECT prompt FROM ai_sessions WHERE user_id = $1 OR user_id = $2", user, user)
	// okOrUnderAnd: section 2, the key predicate is a conjunct; the OR is another conjunct.
	pool.Query(ctx, "SELECT prompt FROM ai_sessions WHERE user_id = $1 AND (prompt LIKE $2 OR prompt IS NULL)", user, q)
}
