// Package pgconn is a minimal stub of github.com/jackc/pgconn, the low-level
// connection of pgx v4, with the real signatures the analyzer's tests need.
package pgconn

import (
	"context"
	"io"
)

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

// CopyFrom sends sql, a COPY ... FROM STDIN, and streams r to it.
func (*PgConn) CopyFrom(ctx context.Context, r io.Reader, sql string) (CommandTag, error) {
	return CommandTag{}, nil
}

// CopyTo sends sql, a COPY ... TO STDOUT, and writes its output to w.
func (*PgConn) CopyTo(ctx context.Context, w io.Writer, sql string) (CommandTag, error) {
	return CommandTag{}, nil
}
