// Package goqu is a minimal stub of github.com/doug-martin/goqu/v9 with the
// real signatures the analyzer's tests need.
package goqu

import (
	"context"
	"fmt"

	"github.com/doug-martin/goqu/v9/exec"
)

// Ex is a map of column to value conditions.
type Ex map[string]interface{}

// Database runs datasets on a database/sql handle.
type Database struct{}

func (d *Database) From(table ...interface{}) *SelectDataset { return nil }
func (d *Database) Update(table interface{}) *UpdateDataset  { return nil }
func (d *Database) Delete(table interface{}) *DeleteDataset  { return nil }

// SelectDataset builds a SELECT.
type SelectDataset struct{ parts []interface{} }

func (sd *SelectDataset) Where(expressions ...interface{}) *SelectDataset             { return sd }
func (sd *SelectDataset) Order(order ...interface{}) *SelectDataset                   { return sd }
func (sd *SelectDataset) Limit(limit uint) *SelectDataset                             { return sd }
func (sd *SelectDataset) Executor() exec.QueryExecutor                                { return exec.QueryExecutor{} }
func (sd *SelectDataset) ScanStructs(i interface{}) error                             { return nil }
func (sd *SelectDataset) ScanStructsContext(ctx context.Context, i interface{}) error { return nil }
func (sd *SelectDataset) ScanStruct(i interface{}) (bool, error)                      { return false, nil }
func (sd *SelectDataset) ScanVals(i interface{}) error                                { return nil }
func (sd *SelectDataset) ScanVal(i interface{}) (bool, error)                         { return false, nil }
func (sd *SelectDataset) Count() (int64, error)                                       { return 0, nil }
func (sd *SelectDataset) CountContext(ctx context.Context) (int64, error)             { return 0, nil }
func (sd *SelectDataset) Pluck(i interface{}, col string) error                       { return nil }

// ToSQL renders the statement and its arguments.
func (sd *SelectDataset) ToSQL() (sql string, params []interface{}, err error) {
	return fmt.Sprint(sd.parts...), nil, nil
}

// UpdateDataset builds an UPDATE.
type UpdateDataset struct{}

func (ud *UpdateDataset) Set(values interface{}) *UpdateDataset           { return ud }
func (ud *UpdateDataset) Where(expressions ...interface{}) *UpdateDataset { return ud }
func (ud *UpdateDataset) Executor() exec.QueryExecutor                    { return exec.QueryExecutor{} }

// DeleteDataset builds a DELETE.
type DeleteDataset struct{}

func (dd *DeleteDataset) Where(expressions ...interface{}) *DeleteDataset { return dd }
func (dd *DeleteDataset) Executor() exec.QueryExecutor                    { return exec.QueryExecutor{} }
