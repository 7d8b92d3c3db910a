// Package plusassign appends SQL with +=.
package plusassign

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func search(ctx context.Context, pool *pgxpool.Pool, user int64, title string) {
	q := "SELECT title FROM sessions"
	if user != 0 {
		q += " WHERE user_id = $1"
	}
	if title != "" {
		q += " AND title = $2"
	}
	pool.Query(ctx, q, user, title) // want `sessions is not scoped: .* \(in 1 of its 4 possible texts\)$` `SQL does not parse: syntax error at or near "AND", in "sessions AND title = \$2" \(in 1 of its 4 possible texts\)$`

	// okPlusAssignChain: section 2 rule 1 in every value.
	w := "SELECT title FROM sessions WHERE user_id = $1"
	if title != "" {
		w += " AND title = $2"
	}
	w += " ORDER BY title"
	pool.Query(ctx, w, 1, title)
}
