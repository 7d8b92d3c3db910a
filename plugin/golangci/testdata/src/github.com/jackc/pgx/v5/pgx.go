// Package pgx is a minimal stub of github.com/jackc/pgx/v5 with the real
// signature of the one method the plugin's tests call; database/sql would
// do as well but takes the test seconds to type-check from source.
package pgx

import "context"

// Conn is a connection.
type Conn struct{}

// Rows is the result set of a query.
type Rows interface {
	Close()
	Next() bool
	Scan(dest ...any) error
}

func (*Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
