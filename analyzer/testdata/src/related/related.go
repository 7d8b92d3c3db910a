// Package related attaches where the SQL was built as related information
// (Diagnostic.Related), never in the message.
package related

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

func branches(ctx context.Context, pool *pgxpool.Pool, admin bool) {
	q := "SELECT name FROM trees WHERE id = $1"
	if admin {
		q += " AND account_id = $2"
	} else {
		q += " AND name = $2" // the one assignment that builds the unscoped text
	}
	pool.Query(ctx, q, 1, 2) // want `trees is not scoped: .* \(in 1 of its 2 possible texts\)$`
}

func twoOfThree(ctx context.Context, pool *pgxpool.Pool, kind int) {
	q := "SELECT name FROM trees WHERE id = $1"
	switch kind {
	case 1:
		q += " AND account_id = $2"
	case 2:
		q += " AND name = $2"
	}
	pool.Query(ctx, q, 1, 2) // want `trees is not scoped: .* \(in 2 of its 3 possible texts\)$`
}

func parts(ctx context.Context, pool *pgxpool.Pool) {
	p := []string{"SELECT name", "FROM trees"} // a slice of parts, not the query: not related
	pool.Query(ctx, strings.Join(p, " "))      // want `trees is not scoped: .*account_id = \$n$`
}

type store struct{ query string }

func unresolved(ctx context.Context, pool *pgxpool.Pool, s store) {
	q := s.query
	pool.Query(ctx, q) // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Query: built from field query, which this package never sets$`
}
