package identhole

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/lib/pq"
)

// okColumnHole: a run-time column cannot bring in a table or a predicate.
func orderBy(ctx context.Context, pool *pgxpool.Pool, col string) {
	pool.Query(ctx, "SELECT name FROM trees WHERE account_id = $1 ORDER BY "+pq.QuoteIdentifier(col), 1)
}

// A run-time column is not a tenant key: it scopes nothing.
func filterBy(ctx context.Context, pool *pgxpool.Pool, col string) {
	pool.Query(ctx, "SELECT name FROM trees WHERE "+pq.QuoteIdentifier(col)+" = $1", 1) // want `trees is not scoped`
}

// A run-time table name is unresolved.
func fromTable(ctx context.Context, pool *pgxpool.Pool, table string) {
	q := fmt.Sprintf("DELETE FROM %s WHERE account_id = $1", pgx.Identifier{"public", table}.Sanitize())
	pool.Exec(ctx, q, 1) // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Exec: built from a table name that pgx.Identifier\{…\}.Sanitize\(\) gives at run time \(identhole.go:24\); name the tables in a closed set of constants`
}

// okClosedSetOfTables: each constant table name is checked.
func fromKnownTable(ctx context.Context, pool *pgxpool.Pool, archived bool) {
	table := "trees"
	if archived {
		table = "sessions"
	}
	pool.Exec(ctx, "DELETE FROM "+pq.QuoteIdentifier(table)+" WHERE id = $1", 1) // want `trees is not scoped` `sessions is not scoped`
}

var sortColumns = map[string]string{"name": "name", "newest": "created_at DESC"}

// okMapOfConstants: the comma-ok read of a map literal takes each value.
func sorted(ctx context.Context, pool *pgxpool.Pool, key string) {
	order, ok := sortColumns[key]
	if !ok {
		return
	}
	pool.Query(ctx, "SELECT name FROM trees WHERE account_id = $1 ORDER BY "+order, 1)
}

// A plain map read may also be "": the text without it is checked too.
func lookup(ctx context.Context, pool *pgxpool.Pool, kind string) {
	conds := map[string]string{"mine": " WHERE account_id = $1"}
	pool.Query(ctx, "SELECT name FROM trees"+conds[kind], 1) // want `trees is not scoped`
}
