// Package gorm is a minimal stub of gorm.io/gorm with the real signatures
// the analyzer's tests need.
package gorm

// DB is a GORM session.
type DB struct{ Error error }

// Raw sets raw SQL for a following Scan or Rows.
func (db *DB) Raw(sql string, values ...interface{}) (tx *DB) { return db }

// Exec runs raw SQL.
func (db *DB) Exec(sql string, values ...interface{}) (tx *DB) { return db }

// Where adds a condition that the query builder renders.
func (db *DB) Where(query interface{}, args ...interface{}) (tx *DB) { return db }

// Scan scans the result into dest.
func (db *DB) Scan(dest interface{}) (tx *DB) { return db }
