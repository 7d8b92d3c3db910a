// Package resultuse sends SQL that functions of this and another package
// return (tenant-scope.md section 4, function results).
package resultuse

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"resultlib"
)

func byName() string { return "SELECT name FROM trees WHERE account_id = $1 AND name = $2" }

func unscopedLocal(id string) string { return "SELECT title FROM sessions WHERE id = " + id }

func use(ctx context.Context, pool *pgxpool.Pool) {
	// okFunctionResultSamePackage: section 2 rule 1 in the returned text.
	pool.Query(ctx, byName(), 1, "x")
	pool.Query(ctx, unscopedLocal("$1"), 1) // want `sessions is not scoped`
	// okFunctionResultAcrossPackages: the caller's argument spliced in.
	pool.Query(ctx, resultlib.ListTrees("name"), 1)
	pool.Query(ctx, resultlib.TreeByID(), 1) // want `trees is not scoped`
	q, args := resultlib.Filtered(true)
	pool.Query(ctx, q, args...) // want `sessions is not scoped`
	// okRuntimeLimit: LIMIT %d is a number.
	pool.Query(ctx, resultlib.Page(10), 1)
}
