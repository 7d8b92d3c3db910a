// Package insert inserts into tenant and child tables.
package insert

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func createTree(ctx context.Context, pool *pgxpool.Pool, account int64) {
	pool.Exec(ctx, "INSERT INTO trees (id, name) VALUES ($1, $2)", 1, "x")                // want `INSERT into trees sets no tenant key: add account_id with a bind parameter`
	pool.Exec(ctx, "INSERT INTO trees (id, account_id, name) VALUES ($1, 7, $2)", 1, "x") // want `INSERT into trees sets account_id from a literal, NULL or DEFAULT: pass the tenant key as a bind parameter`
	// okInsertBindKey: section 3, the tenant key receives a bind parameter.
	pool.Exec(ctx, "INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3)", 1, account, "x")
	// okInsertChild: section 3, a child row's foreign key is a bind parameter.
	pool.Exec(ctx, "INSERT INTO nodes (id, tree_id, label) VALUES ($1, $2, $3)", 1, 2, "x")
}
