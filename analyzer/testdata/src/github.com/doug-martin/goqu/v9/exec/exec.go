// Package exec is a minimal stub of github.com/doug-martin/goqu/v9/exec
// with the real signatures the analyzer's tests need.
package exec

import (
	"context"
	"database/sql"
)

// QueryExecutor runs the SQL a dataset rendered.
type QueryExecutor struct{}

func (q QueryExecutor) Exec() (sql.Result, error)                                   { return nil, nil }
func (q QueryExecutor) ExecContext(ctx context.Context) (sql.Result, error)         { return nil, nil }
func (q QueryExecutor) Query() (*sql.Rows, error)                                   { return nil, nil }
func (q QueryExecutor) ScanStructs(i interface{}) error                             { return nil }
func (q QueryExecutor) ScanStructsContext(ctx context.Context, i interface{}) error { return nil }
