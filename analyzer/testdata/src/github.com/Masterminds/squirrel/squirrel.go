// Package squirrel is a minimal stub of github.com/Masterminds/squirrel
// with the real signatures the analyzer's tests need; the bodies do
// nothing.
package squirrel

import (
	"context"
	"database/sql"
)

// Sqlizer is anything that renders SQL.
type Sqlizer interface {
	ToSql() (string, []interface{}, error)
}

// BaseRunner runs SQL: a *sql.DB or *sql.Tx.
type BaseRunner interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
	Query(query string, args ...interface{}) (*sql.Rows, error)
}

// QueryerContext queries with a context.
type QueryerContext interface {
	QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
}

// RowScanner is a row.
type RowScanner interface {
	Scan(...interface{}) error
}

// PlaceholderFormat numbers placeholders.
type PlaceholderFormat interface {
	ReplacePlaceholders(sql string) (string, error)
}

type format struct{}

func (format) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

// The placeholder formats.
var (
	Question = format{}
	Dollar   = format{}
	Colon    = format{}
)

// Eq and its kin are conditions on columns.
type (
	Eq       map[string]interface{}
	NotEq    map[string]interface{}
	Lt       map[string]interface{}
	Gt       map[string]interface{}
	LtOrEq   map[string]interface{}
	GtOrEq   map[string]interface{}
	Like     map[string]interface{}
	ILike    map[string]interface{}
	NotLike  map[string]interface{}
	NotILike map[string]interface{}
	And      []Sqlizer
	Or       []Sqlizer
)

func (Eq) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (NotEq) ToSql() (string, []interface{}, error)    { return "", nil, nil }
func (Lt) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (Gt) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (LtOrEq) ToSql() (string, []interface{}, error)   { return "", nil, nil }
func (GtOrEq) ToSql() (string, []interface{}, error)   { return "", nil, nil }
func (Like) ToSql() (string, []interface{}, error)     { return "", nil, nil }
func (ILike) ToSql() (string, []interface{}, error)    { return "", nil, nil }
func (NotLike) ToSql() (string, []interface{}, error)  { return "", nil, nil }
func (NotILike) ToSql() (string, []interface{}, error) { return "", nil, nil }
func (And) ToSql() (string, []interface{}, error)      { return "", nil, nil }
func (Or) ToSql() (string, []interface{}, error)       { return "", nil, nil }

type expr struct{}

func (expr) ToSql() (string, []interface{}, error) { return "", nil, nil }

// Expr is SQL with arguments.
func Expr(sql string, args ...interface{}) Sqlizer { return expr{} }

// StatementBuilderType starts statements.
type StatementBuilderType struct{}

// StatementBuilder is the default, with ? placeholders.
var StatementBuilder = StatementBuilderType{}

func (b StatementBuilderType) PlaceholderFormat(f PlaceholderFormat) StatementBuilderType { return b }
func (b StatementBuilderType) RunWith(r BaseRunner) StatementBuilderType                  { return b }
func (b StatementBuilderType) Where(pred interface{}, args ...interface{}) StatementBuilderType {
	return b
}
func (b StatementBuilderType) Select(columns ...string) SelectBuilder { return SelectBuilder{} }
func (b StatementBuilderType) Insert(into string) InsertBuilder       { return InsertBuilder{} }
func (b StatementBuilderType) Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func (b StatementBuilderType) Delete(from string) DeleteBuilder       { return DeleteBuilder{} }

// Select and its kin start a statement from StatementBuilder.
func Select(columns ...string) SelectBuilder { return SelectBuilder{} }
func Insert(into string) InsertBuilder       { return InsertBuilder{} }
func Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func Delete(from string) DeleteBuilder       { return DeleteBuilder{} }

// QueryWith and its kin run a Sqlizer.
func ExecWith(db BaseRunner, s Sqlizer) (sql.Result, error) { return nil, nil }
func QueryWith(db BaseRunner, s Sqlizer) (*sql.Rows, error) { return nil, nil }
func QueryContextWith(ctx context.Context, db QueryerContext, s Sqlizer) (*sql.Rows, error) {
	return nil, nil
}

// SelectBuilder builds a SELECT.
type SelectBuilder struct{}

func (b SelectBuilder) PlaceholderFormat(f PlaceholderFormat) SelectBuilder          { return b }
func (b SelectBuilder) RunWith(r BaseRunner) SelectBuilder                           { return b }
func (b SelectBuilder) ToSql() (string, []interface{}, error)                        { return "", nil, nil }
func (b SelectBuilder) Columns(columns ...string) SelectBuilder                      { return b }
func (b SelectBuilder) Column(column interface{}, args ...interface{}) SelectBuilder { return b }
func (b SelectBuilder) Distinct() SelectBuilder                                      { return b }
func (b SelectBuilder) From(from string) SelectBuilder                               { return b }
func (b SelectBuilder) FromSelect(from SelectBuilder, alias string) SelectBuilder    { return b }
func (b SelectBuilder) Join(join string, rest ...interface{}) SelectBuilder          { return b }
func (b SelectBuilder) LeftJoin(join string, rest ...interface{}) SelectBuilder      { return b }
func (b SelectBuilder) Where(pred interface{}, args ...interface{}) SelectBuilder    { return b }
func (b SelectBuilder) GroupBy(groupBys ...string) SelectBuilder                     { return b }
func (b SelectBuilder) Having(pred interface{}, rest ...interface{}) SelectBuilder   { return b }
func (b SelectBuilder) OrderBy(orderBys ...string) SelectBuilder                     { return b }
func (b SelectBuilder) Limit(limit uint64) SelectBuilder                             { return b }
func (b SelectBuilder) Offset(offset uint64) SelectBuilder                           { return b }
func (b SelectBuilder) Suffix(sql string, args ...interface{}) SelectBuilder         { return b }
func (b SelectBuilder) Prefix(sql string, args ...interface{}) SelectBuilder         { return b }
func (b SelectBuilder) Mystery() SelectBuilder                                       { return b }
func (b SelectBuilder) Query() (*sql.Rows, error)                                    { return nil, nil }
func (b SelectBuilder) QueryContext(ctx context.Context) (*sql.Rows, error)          { return nil, nil }
func (b SelectBuilder) QueryRowContext(ctx context.Context) RowScanner               { return nil }
func (b SelectBuilder) ScanContext(ctx context.Context, dest ...interface{}) error   { return nil }

// InsertBuilder builds an INSERT.
type InsertBuilder struct{}

func (b InsertBuilder) PlaceholderFormat(f PlaceholderFormat) InsertBuilder  { return b }
func (b InsertBuilder) RunWith(r BaseRunner) InsertBuilder                   { return b }
func (b InsertBuilder) Into(from string) InsertBuilder                       { return b }
func (b InsertBuilder) Columns(columns ...string) InsertBuilder              { return b }
func (b InsertBuilder) Values(values ...interface{}) InsertBuilder           { return b }
func (b InsertBuilder) SetMap(clauses map[string]interface{}) InsertBuilder  { return b }
func (b InsertBuilder) Select(sb SelectBuilder) InsertBuilder                { return b }
func (b InsertBuilder) Suffix(sql string, args ...interface{}) InsertBuilder { return b }
func (b InsertBuilder) Exec() (sql.Result, error)                            { return nil, nil }
func (b InsertBuilder) ExecContext(ctx context.Context) (sql.Result, error)  { return nil, nil }
func (b InsertBuilder) Scan(dest ...interface{}) error                       { return nil }

// UpdateBuilder builds an UPDATE.
type UpdateBuilder struct{}

func (b UpdateBuilder) PlaceholderFormat(f PlaceholderFormat) UpdateBuilder       { return b }
func (b UpdateBuilder) RunWith(r BaseRunner) UpdateBuilder                        { return b }
func (b UpdateBuilder) Table(table string) UpdateBuilder                          { return b }
func (b UpdateBuilder) Set(column string, value interface{}) UpdateBuilder        { return b }
func (b UpdateBuilder) SetMap(clauses map[string]interface{}) UpdateBuilder       { return b }
func (b UpdateBuilder) Where(pred interface{}, args ...interface{}) UpdateBuilder { return b }
func (b UpdateBuilder) Suffix(sql string, args ...interface{}) UpdateBuilder      { return b }
func (b UpdateBuilder) ToSql() (string, []interface{}, error)                     { return "", nil, nil }
func (b UpdateBuilder) ExecContext(ctx context.Context) (sql.Result, error)       { return nil, nil }
func (b UpdateBuilder) QueryRowContext(ctx context.Context) RowScanner            { return nil }

// DeleteBuilder builds a DELETE.
type DeleteBuilder struct{}

func (b DeleteBuilder) PlaceholderFormat(f PlaceholderFormat) DeleteBuilder       { return b }
func (b DeleteBuilder) RunWith(r BaseRunner) DeleteBuilder                        { return b }
func (b DeleteBuilder) From(from string) DeleteBuilder                            { return b }
func (b DeleteBuilder) Where(pred interface{}, args ...interface{}) DeleteBuilder { return b }
func (b DeleteBuilder) ToSql() (string, []interface{}, error)                     { return "", nil, nil }
func (b DeleteBuilder) Exec() (sql.Result, error)                                 { return nil, nil }
func (b DeleteBuilder) ExecContext(ctx context.Context) (sql.Result, error)       { return nil, nil }
