package shapes // want package:"sends SQL"

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

type query string

const listTrees query = "SELECT name FROM trees"

func methodExpression(ctx context.Context, pool *pgxpool.Pool) {
	(*pgxpool.Pool).Query(pool, ctx, "SELECT title FROM sessions") // want `sessions is not scoped`
}

func namedStringType(ctx context.Context, pool *pgxpool.Pool) {
	pool.Query(ctx, string(listTrees)) // want `trees is not scoped`
}

func sprintfVerbs(ctx context.Context, pool *pgxpool.Pool) {
	pool.Query(ctx, fmt.Sprintf("SELECT name FROM trees WHERE name LIKE 'a%%' AND %v", true)) // want `trees is not scoped`
	pool.Query(ctx, fmt.Sprintf("SELECT name FROM trees WHERE %-5s", "x"))                    // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Query: built from %- of "x" in fmt.Sprintf`
}

func fallthroughCase(ctx context.Context, pool *pgxpool.Pool, kind int) {
	q := "SELECT name FROM trees WHERE account_id = $1"
	switch kind {
	case 1:
		q = "SELECT name FROM trees"
		fallthrough
	case 2:
		q += " ORDER BY name"
	}
	pool.Query(ctx, q, 1) // want `trees is not scoped: .* \(in 1 of its 3 possible texts\)$`
}

func withGoto(ctx context.Context, pool *pgxpool.Pool, skip bool) {
	q := "SELECT name FROM trees WHERE account_id = $1"
	if skip {
		goto end
	}
	q = "SELECT name FROM trees"
end:
	pool.Query(ctx, q, 1) // want `built from variable q in a function with goto or labeled branches`
}

// recursive calls itself: the wrapper search still ends.
func recursive(ctx context.Context, pool *pgxpool.Pool, q string, depth int) { // want recursive:`wrapper unbounded`
	if depth > 0 {
		recursive(ctx, pool, q+" AND TRUE", depth-1)
		return
	}
	pool.Query(ctx, q)
}

func callsRecursive(ctx context.Context, pool *pgxpool.Pool) {
	recursive(ctx, pool, "SELECT name FROM trees WHERE account_id = $1", 3) // want `cannot resolve the SQL passed to shapes.recursive: built from a wrapper that builds SQL without a finite set of values`
}
