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

func (db *DB) NewSelect() *SelectQuery               { return nil }
func (db *DB) NewInsert() *InsertQuery               { return nil }
func (db *DB) NewUpdate() *UpdateQuery               { return nil }
func (db *DB) NewDelete() *DeleteQuery               { return nil }
func (db *DB) NewTruncateTable() *TruncateTableQuery { return nil }

// SelectQuery builds a SELECT.
type SelectQuery struct{}

func (q *SelectQuery) Model(model any) *SelectQuery                 { return q }
func (q *SelectQuery) Where(query string, args ...any) *SelectQuery { return q }
func (q *SelectQuery) Order(orders ...string) *SelectQuery          { return q }
func (q *SelectQuery) Limit(n int) *SelectQuery                     { return q }
func (q *SelectQuery) Scan(ctx context.Context, dest ...any) error  { return nil }
func (q *SelectQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}
func (q *SelectQuery) Count(ctx context.Context) (int, error)                     { return 0, nil }
func (q *SelectQuery) ScanAndCount(ctx context.Context, dest ...any) (int, error) { return 0, nil }
func (q *SelectQuery) Exists(ctx context.Context) (bool, error)                   { return false, nil }
func (q *SelectQuery) Rows(ctx context.Context) (*sql.Rows, error)                { return nil, nil }

// InsertQuery builds an INSERT.
type InsertQuery struct{}

func (q *InsertQuery) Model(model any) *InsertQuery { return q }
func (q *InsertQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}

// UpdateQuery builds an UPDATE.
type UpdateQuery struct{}

func (q *UpdateQuery) Model(model any) *UpdateQuery                 { return q }
func (q *UpdateQuery) Where(query string, args ...any) *UpdateQuery { return q }
func (q *UpdateQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}

// DeleteQuery builds a DELETE.
type DeleteQuery struct{}

func (q *DeleteQuery) Model(model any) *DeleteQuery                 { return q }
func (q *DeleteQuery) Where(query string, args ...any) *DeleteQuery { return q }
func (q *DeleteQuery) Scan(ctx context.Context, dest ...any) error  { return nil }

// TruncateTableQuery builds a TRUNCATE.
type TruncateTableQuery struct{}

func (q *TruncateTableQuery) Model(model any) *TruncateTableQuery { return q }
func (q *TruncateTableQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}
