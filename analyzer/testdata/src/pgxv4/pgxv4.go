// Package pgxv4 sends SQL through pgx v4.
package pgxv4

import (
	"context"

	"github.com/jackc/pgx/v4"
	"github.com/jackc/pgx/v4/pgxpool"
)

func v4(ctx context.Context, pool *pgxpool.Pool, conn *pgx.Conn, tx pgx.Tx, pc *pgxpool.Conn, b *pgx.Batch, account int64) {
	pool.Query(ctx, "SELECT title FROM sessions")                          // want `sessions is not scoped`
	pool.QueryRow(ctx, "SELECT name FROM trees WHERE id = $1", 1)          // want `trees is not scoped`
	pool.Exec(ctx, "DELETE FROM trees")                                    // want `trees is not scoped`
	pool.QueryFunc(ctx, "SELECT name FROM trees", nil, nil, nil)           // want `trees is not scoped`
	conn.Query(ctx, "SELECT name FROM trees")                              // want `trees is not scoped`
	conn.Prepare(ctx, "list", "SELECT name FROM trees")                    // want `trees is not scoped`
	tx.Exec(ctx, "UPDATE trees SET name = $1", "x")                        // want `trees is not scoped`
	tx.QueryFunc(ctx, "SELECT name FROM trees", nil, nil, nil)             // want `trees is not scoped`
	pc.QueryRow(ctx, "SELECT label FROM nodes")                            // want `nodes is not scoped`
	b.Queue("DELETE FROM nodes")                                           // want `nodes is not scoped`
	pool.Exec(ctx, "INSERT INTO trees (id, name) VALUES ($1, $2)", 1, "x") // want `INSERT into trees sets no tenant key: add account_id with a bind parameter`
	// okScoped: section 2 rule 1.
	pool.Query(ctx, "SELECT name FROM trees WHERE account_id = $1", account)
	tx.QueryRow(ctx, "SELECT s.title FROM sessions s JOIN trees t ON s.tree_id = t.id WHERE t.account_id = $1", account)
}
