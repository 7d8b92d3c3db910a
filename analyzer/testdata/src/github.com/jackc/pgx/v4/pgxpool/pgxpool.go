// Package pgxpool is a minimal stub of github.com/jackc/pgx/v4/pgxpool with
// the real signatures the analyzer's tests need.
package pgxpool

import (
	"context"

	"github.com/jackc/pgconn"
	"github.com/jackc/pgx/v4"
)

// Pool is a connection pool.
type Pool struct{}

func (*Pool) Query(ctx context.Context, sql string, args ...interface{}) (pgx.Rows, error) {
	return nil, nil
}
func (*Pool) QueryRow(ctx context.Context, sql string, args ...interface{}) pgx.Row { return nil }
func (*Pool) QueryFunc(ctx context.Context, sql string, args []interface{}, scans []interface{}, f func(pgx.QueryFuncRow) error) (pgconn.CommandTag, error) {
	return nil, nil
}
func (*Pool) Exec(ctx context.Context, sql string, arguments ...interface{}) (pgconn.CommandTag, error) {
	return nil, nil
}
func (*Pool) Begin(ctx context.Context) (pgx.Tx, error) { return nil, nil }
func (*Pool) CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error) {
	return 0, nil
}

// Conn is a connection acquired from a pool.
type Conn struct{}

func (*Conn) Query(ctx context.Context, sql string, args ...interface{}) (pgx.Rows, error) {
	return nil, nil
}
func (*Conn) QueryRow(ctx context.Context, sql string, args ...interface{}) pgx.Row { return nil }
func (*Conn) Exec(ctx context.Context, sql string, arguments ...interface{}) (pgconn.CommandTag, error) {
	return nil, nil
}
