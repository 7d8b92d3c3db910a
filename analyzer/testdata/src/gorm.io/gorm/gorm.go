// Package gorm is a minimal stub of gorm.io/gorm with the real signatures
// the analyzer's tests need.
package gorm

import "database/sql"

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

// Chain methods: they build, and run nothing.
func (db *DB) Model(value interface{}) (tx *DB)                { return db }
func (db *DB) Table(name string, args ...interface{}) (tx *DB) { return db }
func (db *DB) Order(value interface{}) (tx *DB)                { return db }
func (db *DB) Limit(limit int) (tx *DB)                        { return db }

// Finisher methods: they run the statement the chain built.
func (db *DB) Create(value interface{}) (tx *DB)                         { return db }
func (db *DB) CreateInBatches(value interface{}, batchSize int) (tx *DB) { return db }
func (db *DB) Save(value interface{}) (tx *DB)                           { return db }
func (db *DB) First(dest interface{}, conds ...interface{}) (tx *DB)     { return db }
func (db *DB) Take(dest interface{}, conds ...interface{}) (tx *DB)      { return db }
func (db *DB) Last(dest interface{}, conds ...interface{}) (tx *DB)      { return db }
func (db *DB) Find(dest interface{}, conds ...interface{}) (tx *DB)      { return db }
func (db *DB) FindInBatches(dest interface{}, batchSize int, fc func(tx *DB, batch int) error) *DB {
	return db
}
func (db *DB) FirstOrInit(dest interface{}, conds ...interface{}) (tx *DB)   { return db }
func (db *DB) FirstOrCreate(dest interface{}, conds ...interface{}) (tx *DB) { return db }
func (db *DB) Update(column string, value interface{}) (tx *DB)              { return db }
func (db *DB) Updates(values interface{}) (tx *DB)                           { return db }
func (db *DB) UpdateColumn(column string, value interface{}) (tx *DB)        { return db }
func (db *DB) UpdateColumns(values interface{}) (tx *DB)                     { return db }
func (db *DB) Delete(value interface{}, conds ...interface{}) (tx *DB)       { return db }
func (db *DB) Count(count *int64) (tx *DB)                                   { return db }
func (db *DB) Row() *sql.Row                                                 { return nil }
func (db *DB) Rows() (*sql.Rows, error)                                      { return nil, nil }
func (db *DB) Pluck(column string, dest interface{}) (tx *DB)                { return db }
