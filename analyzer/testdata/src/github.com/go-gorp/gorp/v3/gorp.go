// Package gorp is a minimal stub of github.com/go-gorp/gorp/v3 with the real
// signatures the analyzer's tests need.
package gorp

import "database/sql"

// SqlExecutor is what DbMap and Transaction share.
type SqlExecutor interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
	Select(i interface{}, query string, args ...interface{}) ([]interface{}, error)
	SelectOne(holder interface{}, query string, args ...interface{}) error
	SelectInt(query string, args ...interface{}) (int64, error)
	SelectStr(query string, args ...interface{}) (string, error)
	Query(query string, args ...interface{}) (*sql.Rows, error)
	QueryRow(query string, args ...interface{}) *sql.Row
}

// DbMap maps structs to tables.
type DbMap struct{}

func (m *DbMap) Exec(query string, args ...interface{}) (sql.Result, error) { return nil, nil }
func (m *DbMap) Select(i interface{}, query string, args ...interface{}) ([]interface{}, error) {
	return nil, nil
}
func (m *DbMap) SelectOne(holder interface{}, query string, args ...interface{}) error { return nil }
func (m *DbMap) SelectInt(query string, args ...interface{}) (int64, error)            { return 0, nil }
func (m *DbMap) SelectStr(query string, args ...interface{}) (string, error)           { return "", nil }
func (m *DbMap) Query(query string, args ...interface{}) (*sql.Rows, error)            { return nil, nil }
func (m *DbMap) QueryRow(query string, args ...interface{}) *sql.Row                   { return nil }

// Transaction is a DbMap's transaction.
type Transaction struct{}

func (t *Transaction) Exec(query string, args ...interface{}) (sql.Result, error) { return nil, nil }
func (t *Transaction) Select(i interface{}, query string, args ...interface{}) ([]interface{}, error) {
	return nil, nil
}
func (t *Transaction) SelectOne(holder interface{}, query string, args ...interface{}) error {
	return nil
}
func (t *Transaction) SelectInt(query string, args ...interface{}) (int64, error)  { return 0, nil }
func (t *Transaction) SelectStr(query string, args ...interface{}) (string, error) { return "", nil }
func (t *Transaction) Query(query string, args ...interface{}) (*sql.Rows, error)  { return nil, nil }
func (t *Transaction) QueryRow(query string, args ...interface{}) *sql.Row         { return nil }
