// Package presets sends raw SQL through GORM, bun and gorp, which the gorm,
// bun and gorp presets make sinks.
package presets

import (
	"context"

	"github.com/go-gorp/gorp/v3"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

func gormRaw(db *gorm.DB, account int64) {
	var names []string
	db.Raw("SELECT name FROM trees WHERE id = ?", 1).Scan(&names)                // want `trees is not scoped`
	db.Exec("DELETE FROM trees WHERE name = @name", map[string]any{"name": "x"}) // want `trees is not scoped`
	db.Exec("INSERT INTO trees (id, name) VALUES (?, ?)", 1, "x")                // want `INSERT into trees sets no tenant key: add account_id with a bind parameter`
	// okGormQuestion and okGormNamed: ? and @name are bind parameters.
	db.Raw("SELECT name FROM trees WHERE account_id = ?", account).Scan(&names)
	db.Exec("UPDATE trees SET name = @name WHERE account_id = @account", map[string]any{"name": "x", "account": account})
	db.Exec("INSERT INTO trees (id, account_id, name) VALUES (?, ?, ?)", 1, account, "x")
	// The query builder is not raw SQL: its run is reported, not checked.
	db.Where("name = ?", "x").Scan(&names) // want `\(\*gorm\.DB\)\.Scan runs SQL that gorm's query builder writes at run time`
}

func bunRaw(ctx context.Context, db *bun.DB, tx bun.Tx, idb bun.IDB, account int64) {
	var names []string
	db.NewRaw("SELECT name FROM trees WHERE id = ?", 1).Scan(ctx, &names)  // want `trees is not scoped`
	db.QueryContext(ctx, "SELECT title FROM sessions")                     // want `sessions is not scoped`
	tx.ExecContext(ctx, "DELETE FROM trees WHERE id = ?", 1)               // want `trees is not scoped`
	idb.NewRaw("SELECT name FROM trees").Scan(ctx, &names)                 // want `trees is not scoped`
	idb.QueryRowContext(ctx, "SELECT name FROM trees WHERE name = ?", "x") // want `trees is not scoped`
	// okBunQuestion: ? and ?name are bind parameters.
	db.NewRaw("SELECT name FROM trees WHERE account_id = ?", account).Scan(ctx, &names)
	tx.QueryContext(ctx, "SELECT name FROM trees WHERE account_id = ?account", account)
	idb.ExecContext(ctx, "DELETE FROM trees WHERE account_id = ? AND id = ?", account, 1)
}

func gorpRaw(m *gorp.DbMap, tx *gorp.Transaction, ex gorp.SqlExecutor, account int64) {
	var names []string
	m.Select(&names, "SELECT name FROM trees WHERE id = $1", 1)      // want `trees is not scoped`
	tx.Exec("DELETE FROM trees WHERE id = $1", 1)                    // want `trees is not scoped`
	ex.SelectInt("SELECT count(*) FROM sessions")                    // want `sessions is not scoped`
	m.SelectOne(&names, "SELECT name FROM trees WHERE name = $1", 1) // want `trees is not scoped`
	// okGorpScoped: the destination is not the SQL.
	m.Select(&names, "SELECT name FROM trees WHERE account_id = $1", account)
	ex.QueryRow("SELECT name FROM trees WHERE account_id = $1", account)
}
