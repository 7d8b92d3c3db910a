// Package join builds SQL with strings.Join.
package join

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

func filter(ctx context.Context, pool *pgxpool.Pool, name string) {
	conds := []string{"s.title = $1"}
	if name != "" {
		conds = append(conds, "s.user_id = $2")
	}
	pool.Query(ctx, "SELECT s.title FROM sessions s WHERE "+strings.Join(conds, " AND ")) // want `sessions \(s\) is not scoped`

	// okJoinLiteral: section 2 rule 1, the key predicate is one element.
	pool.Query(ctx, "SELECT name FROM trees WHERE "+strings.Join([]string{"account_id = $1", "name = $2"}, " AND "), 1, name)
}
