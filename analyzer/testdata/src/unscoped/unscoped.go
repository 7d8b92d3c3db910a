// Package unscoped sends SQL through every built-in sink.
package unscoped

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func databaseSQL(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *sql.Conn) {
	db.Query("SELECT s.title FROM sessions s WHERE s.id = $1", 1)            // want `sessions \(s\) is not scoped: no user_id predicate and no join on a foreign key to a scoped table`
	db.QueryRowContext(ctx, "SELECT name FROM trees WHERE id = $1", 1)       // want `trees is not scoped: no account_id predicate and no join on a foreign key to a scoped table`
	tx.ExecContext(ctx, "DELETE FROM trees WHERE name = $1", "x")            // want `trees is not scoped`
	conn.PrepareContext(ctx, "UPDATE sessions SET title = $1")               // want `sessions is not scoped`
	db.Prepare("SELECT label FROM nodes n JOIN trees t ON t.id = n.tree_id") // want `nodes \(n\) is not scoped` `trees \(t\) is not scoped`
	// okDirectPredicate: tenant-scope.md section 2 rule 1.
	db.QueryContext(ctx, "SELECT name FROM trees WHERE account_id = $1", 1)
	// okJoinOnForeignKey: section 2 rule 2, sessions.tree_id REFERENCES trees.
	tx.QueryContext(ctx, "SELECT s.title FROM sessions s JOIN trees t ON s.tree_id = t.id WHERE t.account_id = $1", 1)
	// okGlobalTable: section 1, countries has no tenant key.
	db.Exec("UPDATE countries SET name = $1", "x")
}

func pgxSinks(ctx context.Context, pool *pgxpool.Pool, conn *pgx.Conn, tx pgx.Tx, pc *pgxpool.Conn) {
	pool.Query(ctx, "SELECT title FROM sessions")                         // want `sessions is not scoped`
	conn.QueryRow(ctx, "SELECT name FROM trees t WHERE t.account_id = 1") // want `trees \(t\) is not scoped`
	tx.Exec(ctx, "DELETE FROM nodes WHERE id = $1", 1)                    // want `nodes is not scoped`
	tx.Prepare(ctx, "listTrees", "SELECT name FROM trees")                // want `trees is not scoped`
	pc.Query(ctx, "SELECT title FROM sessions WHERE user_id IS NOT NULL") // want `sessions is not scoped`
	// okTenantContext: section 2 rule 1, current_setting('app.…') is tenant context.
	pool.Exec(ctx, "DELETE FROM trees WHERE account_id = current_setting('app.account_id')::bigint")
	// okSubquery: section 2 rule 2, inward propagation into EXISTS.
	pool.Query(ctx, "SELECT t.name FROM trees t WHERE t.account_id = $1 AND EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id)", 1)
}

// twoReferences is built by concatenation, so both findings sit at the
// argument; one finding per reference still (tenant-scope.md section 2).
const twoReferences = "SELECT name FROM trees" + " UNION SELECT name FROM trees"

func oneFindingPerReference(ctx context.Context, pool *pgxpool.Pool) {
	pool.Query(ctx, twoReferences) // want `trees is not scoped` `trees is not scoped`
}
