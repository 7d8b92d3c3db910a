package wrapperlib // want package:"sends SQL"

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DB wraps a pool.
type DB struct{ Pool *pgxpool.Pool }

// Exec sends q unchanged.
func (db *DB) Exec(ctx context.Context, q string, args ...any) error { // want Exec:`wrapper \[\{1\}\]`
	_, err := db.Pool.Exec(ctx, q, args...)
	return err
}

// Trees selects trees under the condition cond.
func (db *DB) Trees(ctx context.Context, cond string, args ...any) error { // want Trees:`wrapper \[SELECT name FROM trees WHERE \{1\}\]`
	return db.Exec(ctx, "SELECT name FROM trees WHERE "+cond, args...)
}

// Count counts the rows of table.
func Count(ctx context.Context, db *DB, table, cond string) error { // want Count:`wrapper \[SELECT count\(\*\) FROM \{2\} WHERE \{3\}\]`
	return db.Exec(ctx, "SELECT count(*) FROM "+table+" WHERE "+cond)
}

// Sessions lists sessions of a tree; the wrapper body itself is not reported.
func (db *DB) Sessions(ctx context.Context, where string) error { // want Sessions:`wrapper`
	q := "SELECT s.title FROM sessions s"
	if where != "" {
		q += " WHERE " + where
	}
	return db.Exec(ctx, q) // want `sessions \(s\) is not scoped: .*scope it$`
}

func (db *DB) local(ctx context.Context) {
	db.Trees(ctx, "name = $1", "x") // want `trees is not scoped`
	// okWrapperScoped: section 2 rule 1 once the argument is spliced in.
	db.Trees(ctx, "account_id = $1", 1)
}

// Export dumps one table of the account; only the accounts table would be
// keyed by its id. The branch on table is remembered with the text it
// builds (fider's backup export).
func (db *DB) Export(ctx context.Context, table string, account int64) error { // want Export:`wrapper \[SELECT \* FROM \{1\} WHERE id = \$1 if \{1\} == "accounts" \| SELECT \* FROM \{1\} WHERE account_id = \$1 if \{1\} != "accounts"\]`
	col := "account_id"
	if table == "accounts" {
		col = "id"
	}
	return db.Exec(ctx, fmt.Sprintf("SELECT * FROM %s WHERE %s = $1", table, col), account)
}

func (db *DB) exports(ctx context.Context) {
	// okGuardedBranch: a call with "feeds" cannot build "feeds WHERE id =
	// $1"; only the account_id text is checked.
	db.Export(ctx, "feeds", 1)
	// The guard is checked with the caller's value: "trees" takes the
	// account_id branch, which scopes it.
	db.Export(ctx, "trees", 1)
	// A table keyed by user_id is reported on the branch it takes.
	db.Export(ctx, "sessions", 1) // want `sessions is not scoped`
}

// exportAll passes each table of a list through a wrapper of Export: each
// name builds only its branch, across both wrappers.
func (db *DB) exportAll(ctx context.Context) {
	for _, table := range []string{"feeds", "trees", "accounts"} {
		db.exportOne(ctx, table)
	}
}

func (db *DB) exportOne(ctx context.Context, table string) { // want exportOne:`wrapper`
	db.Export(ctx, table, 1)
}
