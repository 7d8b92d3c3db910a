// Package pgx is a minimal stub of github.com/jackc/pgx/v5 with the real
// signatures the analyzer's tests need.
package pgx

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNoRows is returned by a row scan when the query returned no row.
var ErrNoRows = errors.New("no rows in result set")

// Rows are the rows of a query.
type Rows interface {
	Close()
	Next() bool
	Scan(dest ...any) error
}

// Row is the single row of QueryRow.
type Row interface {
	Scan(dest ...any) error
}

// Conn is a connection.
type Conn struct{}

func (*Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
func (*Conn) QueryRow(ctx context.Context, sql string, args ...any) Row        { return nil }
func (*Conn) Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}
func (*Conn) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return nil, nil
}
func (*Conn) SendBatch(ctx context.Context, b *Batch) BatchResults { return nil }
func (*Conn) CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error) {
	return 0, nil
}

// Tx is a transaction.
type Tx interface {
	Begin(ctx context.Context) (Tx, error)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	SendBatch(ctx context.Context, b *Batch) BatchResults
	Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error)
	Exec(ctx context.Context, sql string, arguments ...any) (commandTag pgconn.CommandTag, err error)
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
	CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
	Conn() *Conn
}

// QueuedQuery is a query queued in a Batch.
type QueuedQuery struct {
	SQL       string
	Arguments []any
}

// Batch queues queries to send at once.
type Batch struct{ QueuedQueries []*QueuedQuery }

// Queue queues a query.
func (b *Batch) Queue(query string, arguments ...any) *QueuedQuery {
	q := &QueuedQuery{SQL: query, Arguments: arguments}
	b.QueuedQueries = append(b.QueuedQueries, q)
	return q
}

// BatchResults reads the results of a batch.
type BatchResults interface {
	Close() error
}

// NamedArgs, passed as the first argument after the SQL, makes @name a
// parameter.
type NamedArgs map[string]any

// StrictNamedArgs is NamedArgs that must name every parameter.
type StrictNamedArgs map[string]any

// Identifier is a PostgreSQL identifier or a name qualified by its schema.
type Identifier []string

// Sanitize returns the identifier quoted for use in a SQL statement.
func (ident Identifier) Sanitize() string { return "" }

// CopyFromSource is the rows CopyFrom sends.
type CopyFromSource interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}

// CopyFromRows returns a CopyFromSource over rows.
func CopyFromRows(rows [][]any) CopyFromSource { return nil }
