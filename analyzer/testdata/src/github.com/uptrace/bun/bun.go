// Package bun is a minimal stub of github.com/uptrace/bun with the real
// signatures the analyzer's tests need.
package bun

import (
	"context"
	"database/sql"
)

// IConn is what DB, Tx and Conn share.
type IConn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// IDB is the query-building interface of DB, Tx and Conn.
type IDB interface {
	IConn
	NewRaw(query string, args ...any) *RawQuery
}

// RawQuery is a query written as SQL.
type RawQuery struct{}

// Scan runs the query and scans the result.
func (q *RawQuery) Scan(ctx context.Context, dest ...any) error { return nil }

// DB is a database handle.
type DB struct{ *sql.DB }

func (db *DB) NewRaw(query string, args ...any) *RawQuery { return nil }
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row { return nil }

// Tx is a transaction.
type Tx struct{ *sql.Tx }

func (tx Tx) NewRaw(query string, args ...any) *RawQuery { return nil }
func (tx Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (tx Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (tx Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row { return nil }
