// Package localvar builds SQL in local variables with branches.
package localvar

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func branches(ctx context.Context, pool *pgxpool.Pool, admin bool, kind int) {
	var q string
	if admin {
		q = "SELECT name FROM trees"
	} else {
		q = "SELECT name FROM trees WHERE account_id = $1"
	}
	pool.Query(ctx, q, 1) // want `trees is not scoped: .*; add trees.account_id = \$n \(in 1 of its 2 possible texts\)$`

	var s string
	switch kind {
	case 1:
		s = "SELECT title FROM sessions WHERE user_id = $1"
	case 2:
		s = "SELECT title FROM sessions WHERE id = $1"
	default:
		return
	}
	pool.Query(ctx, s, 1) // want `sessions is not scoped: .* \(in 1 of its 2 possible texts\)$`

	// okEveryBranchScoped: section 2 rule 1 holds for each possible value.
	r := "SELECT label FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $1"
	if admin {
		r = "SELECT name FROM trees WHERE account_id = $1"
	}
	pool.Query(ctx, r, 1)

	// okEarlyReturn: the unscoped value never reaches the call.
	e := "SELECT name FROM trees"
	if !admin {
		return
	}
	e = "SELECT name FROM trees WHERE account_id = $1"
	pool.Query(ctx, e, 1)
}

func closure(ctx context.Context, pool *pgxpool.Pool) {
	q := "SELECT title FROM sessions"
	func() {
		pool.Query(ctx, q) // want `sessions is not scoped`
	}()
}
