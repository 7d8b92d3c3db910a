// Package pgx is a minimal stub of github.com/jackc/pgx/v4 with the real
// signatures the analyzer's tests need.
package pgx

import (
	"context"

	"github.com/jackc/pgconn"
)

// Rows are the rows of a query.
type Rows interface {
	Close()
	Next() bool
	Scan(dest ...interface{}) error
}

// Row is the single row of QueryRow.
type Row interface {
	Scan(dest ...interface{}) error
}

// QueryFuncRow is the row QueryFunc passes to its callback.
type QueryFuncRow interface {
	Values() ([]interface{}, error)
}

// Conn is a connection.
type Conn struct{}

func (*Conn) Query(ctx context.Context, sql string, args ...interface{}) (Rows, error) {
	return nil, nil
}
func (*Conn) QueryRow(ctx context.Context, sql string, args ...interface{}) Row { return nil }
func (*Conn) QueryFunc(ctx context.Context, sql string, args []interface{}, scans []interface{}, f func(QueryFuncRow) error) (pgconn.CommandTag, error) {
	return nil, nil
}
func (*Conn) Exec(ctx context.Context, sql string, arguments ...interface{}) (pgconn.CommandTag, error) {
	return nil, nil
}
func (*Conn) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return nil, nil
}

func (*Conn) CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error) {
	return 0, nil
}

// Tx is a transaction.
type Tx interface {
	Begin(ctx context.Context) (Tx, error)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error)
	Exec(ctx context.Context, sql string, arguments ...interface{}) (commandTag pgconn.CommandTag, err error)
	Query(ctx context.Context, sql string, args ...interface{}) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...interface{}) Row
	QueryFunc(ctx context.Context, sql string, args []interface{}, scans []interface{}, f func(QueryFuncRow) error) (pgconn.CommandTag, error)
	CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
	Conn() *Conn
}

// Batch queues queries to send at once.
type Batch struct{}

// Queue queues a query.
func (b *Batch) Queue(query string, arguments ...interface{}) {}

// Identifier is a PostgreSQL identifier or a name qualified by its schema.
type Identifier []string

// CopyFromSource is the rows CopyFrom sends.
type CopyFromSource interface {
	Next() bool
	Values() ([]interface{}, error)
	Err() error
}

// CopyFromRows returns a CopyFromSource over rows.
func CopyFromRows(rows [][]interface{}) CopyFromSource { return nil }
