// Package pgconn is a minimal stub of github.com/jackc/pgconn, the low-level
// connection of pgx v4, with the real signatures the analyzer's tests need.
package pgconn

import "context"

// CommandTag is the status of a statement.
type CommandTag []byte

// StatementDescription describes a prepared statement.
type StatementDescription struct{ Name, SQL string }

// PgConn is a low-level connection.
type PgConn struct{}

// MultiResultReader reads the results of Exec.
type MultiResultReader struct{}

// Exec sends sql, which may hold several statements.
func (*PgConn) Exec(ctx context.Context, sql string) *MultiResultReader { return nil }
