package analyzer

import (
	"slices"
	"strings"
)

// sinkSpec is one function that sends SQL: its name as types.Func.FullName
// prints it, the 0-based index of the SQL argument (receiver not counted)
// and how that SQL writes its bind parameters.
type sinkSpec struct {
	fn           string
	arg          int
	placeholders Placeholders
}

// builtinSinks are the driver methods and functions that send SQL
// (tenant-scope.md section 4), one line each so that `grep` finds a driver's
// entries. A *sql.Stmt or *sqlx.Stmt runs the SQL given to Prepare, so
// Prepare is the sink, not the Stmt's methods. Methods promoted from an
// embedded type keep the embedded type's name: (*sqlx.DB).Query is
// (*database/sql.DB).Query, so sqlx lists only its own methods.
var builtinSinks = []sinkSpec{
	// database/sql.
	{"(*database/sql.DB).Query", 0, Dollar},
	{"(*database/sql.DB).QueryRow", 0, Dollar},
	{"(*database/sql.DB).Exec", 0, Dollar},
	{"(*database/sql.DB).Prepare", 0, Dollar},
	{"(*database/sql.DB).QueryContext", 1, Dollar},
	{"(*database/sql.DB).QueryRowContext", 1, Dollar},
	{"(*database/sql.DB).ExecContext", 1, Dollar},
	{"(*database/sql.DB).PrepareContext", 1, Dollar},
	{"(*database/sql.Tx).Query", 0, Dollar},
	{"(*database/sql.Tx).QueryRow", 0, Dollar},
	{"(*database/sql.Tx).Exec", 0, Dollar},
	{"(*database/sql.Tx).Prepare", 0, Dollar},
	{"(*database/sql.Tx).QueryContext", 1, Dollar},
	{"(*database/sql.Tx).QueryRowContext", 1, Dollar},
	{"(*database/sql.Tx).ExecContext", 1, Dollar},
	{"(*database/sql.Tx).PrepareContext", 1, Dollar},
	{"(*database/sql.Conn).QueryContext", 1, Dollar},
	{"(*database/sql.Conn).QueryRowContext", 1, Dollar},
	{"(*database/sql.Conn).ExecContext", 1, Dollar},
	{"(*database/sql.Conn).PrepareContext", 1, Dollar},

	// pgx v5. Prepare(ctx, name, sql).
	{"(*github.com/jackc/pgx/v5.Conn).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v5.Conn).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v5.Conn).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v5.Conn).Prepare", 2, Dollar},
	{"(github.com/jackc/pgx/v5.Tx).Query", 1, Dollar},
	{"(github.com/jackc/pgx/v5.Tx).QueryRow", 1, Dollar},
	{"(github.com/jackc/pgx/v5.Tx).Exec", 1, Dollar},
	{"(github.com/jackc/pgx/v5.Tx).Prepare", 2, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Pool).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Pool).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Pool).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Pool).Prepare", 2, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Conn).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Conn).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Conn).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Conn).Prepare", 2, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Tx).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Tx).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Tx).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Tx).Prepare", 2, Dollar},
	{"(*github.com/jackc/pgx/v5.Batch).Queue", 0, Dollar},
	// CopyFrom(ctx, tableName, columnNames, rowSrc): the SQL argument is the
	// table name, rendered with the column list to the INSERT the rows
	// amount to (resolve_copy.go).
	{"(*github.com/jackc/pgx/v5.Conn).CopyFrom", 1, Dollar},
	{"(github.com/jackc/pgx/v5.Tx).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Pool).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Conn).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgxpool.Tx).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgconn.PgConn).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgconn.PgConn).ExecParams", 1, Dollar},
	{"(*github.com/jackc/pgx/v5/pgconn.PgConn).Prepare", 2, Dollar},
	// CopyFrom(ctx, r, sql) and CopyTo(ctx, w, sql) take COPY text.
	{"(*github.com/jackc/pgx/v5/pgconn.PgConn).CopyFrom", 2, Dollar},
	{"(*github.com/jackc/pgx/v5/pgconn.PgConn).CopyTo", 2, Dollar},

	// pgx v4: the shapes of v5, plus QueryFunc(ctx, sql, args, scans, f),
	// and pgconn as its own module.
	{"(*github.com/jackc/pgx/v4.Conn).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v4.Conn).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v4.Conn).QueryFunc", 1, Dollar},
	{"(*github.com/jackc/pgx/v4.Conn).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v4.Conn).Prepare", 2, Dollar},
	{"(github.com/jackc/pgx/v4.Tx).Query", 1, Dollar},
	{"(github.com/jackc/pgx/v4.Tx).QueryRow", 1, Dollar},
	{"(github.com/jackc/pgx/v4.Tx).QueryFunc", 1, Dollar},
	{"(github.com/jackc/pgx/v4.Tx).Exec", 1, Dollar},
	{"(github.com/jackc/pgx/v4.Tx).Prepare", 2, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Pool).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Pool).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Pool).QueryFunc", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Pool).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Conn).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Conn).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Conn).QueryFunc", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Conn).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Tx).Query", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Tx).QueryRow", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Tx).QueryFunc", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Tx).Exec", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Tx).Prepare", 2, Dollar},
	{"(*github.com/jackc/pgx/v4.Batch).Queue", 0, Dollar},
	{"(*github.com/jackc/pgx/v4.Conn).CopyFrom", 1, Dollar},
	{"(github.com/jackc/pgx/v4.Tx).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Pool).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Conn).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgx/v4/pgxpool.Tx).CopyFrom", 1, Dollar},
	{"(*github.com/jackc/pgconn.PgConn).Exec", 1, Dollar},
	{"(*github.com/jackc/pgconn.PgConn).ExecParams", 1, Dollar},
	{"(*github.com/jackc/pgconn.PgConn).Prepare", 2, Dollar},
	{"(*github.com/jackc/pgconn.PgConn).CopyFrom", 2, Dollar},
	{"(*github.com/jackc/pgconn.PgConn).CopyTo", 2, Dollar},

	// jmoiron/sqlx methods. Exec, Query and QueryRow are promoted from
	// database/sql above. Named* take :name parameters.
	{"(*github.com/jmoiron/sqlx.DB).Select", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).Get", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).Queryx", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).QueryRowx", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).MustExec", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).Preparex", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).SelectContext", 2, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).GetContext", 2, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).QueryxContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).QueryRowxContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).MustExecContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).PreparexContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.DB).NamedExec", 0, Colon},
	{"(*github.com/jmoiron/sqlx.DB).NamedQuery", 0, Colon},
	{"(*github.com/jmoiron/sqlx.DB).PrepareNamed", 0, Colon},
	{"(*github.com/jmoiron/sqlx.DB).NamedExecContext", 1, Colon},
	{"(*github.com/jmoiron/sqlx.DB).NamedQueryContext", 1, Colon},
	{"(*github.com/jmoiron/sqlx.DB).PrepareNamedContext", 1, Colon},
	{"(*github.com/jmoiron/sqlx.Tx).Select", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).Get", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).Queryx", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).QueryRowx", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).MustExec", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).Preparex", 0, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).SelectContext", 2, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).GetContext", 2, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).QueryxContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).QueryRowxContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).MustExecContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).PreparexContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Tx).NamedExec", 0, Colon},
	{"(*github.com/jmoiron/sqlx.Tx).NamedQuery", 0, Colon},
	{"(*github.com/jmoiron/sqlx.Tx).PrepareNamed", 0, Colon},
	{"(*github.com/jmoiron/sqlx.Tx).NamedExecContext", 1, Colon},
	{"(*github.com/jmoiron/sqlx.Tx).PrepareNamedContext", 1, Colon},
	{"(*github.com/jmoiron/sqlx.Conn).SelectContext", 2, Dollar},
	{"(*github.com/jmoiron/sqlx.Conn).GetContext", 2, Dollar},
	{"(*github.com/jmoiron/sqlx.Conn).QueryxContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Conn).QueryRowxContext", 1, Dollar},
	{"(*github.com/jmoiron/sqlx.Conn).PreparexContext", 1, Dollar},
	// sqlx interfaces whose methods are not query-shaped by name.
	{"(github.com/jmoiron/sqlx.Queryer).Queryx", 0, Dollar},
	{"(github.com/jmoiron/sqlx.Queryer).QueryRowx", 0, Dollar},
	{"(github.com/jmoiron/sqlx.QueryerContext).QueryxContext", 1, Dollar},
	{"(github.com/jmoiron/sqlx.QueryerContext).QueryRowxContext", 1, Dollar},
	// sqlx package functions, whose first argument is the database.
	{"github.com/jmoiron/sqlx.Select", 2, Dollar},
	{"github.com/jmoiron/sqlx.Get", 2, Dollar},
	{"github.com/jmoiron/sqlx.MustExec", 1, Dollar},
	{"github.com/jmoiron/sqlx.Preparex", 1, Dollar},
	{"github.com/jmoiron/sqlx.SelectContext", 3, Dollar},
	{"github.com/jmoiron/sqlx.GetContext", 3, Dollar},
	{"github.com/jmoiron/sqlx.MustExecContext", 2, Dollar},
	{"github.com/jmoiron/sqlx.PreparexContext", 2, Dollar},
	{"github.com/jmoiron/sqlx.NamedExec", 1, Colon},
	{"github.com/jmoiron/sqlx.NamedQuery", 1, Colon},
	{"github.com/jmoiron/sqlx.NamedExecContext", 2, Colon},
	{"github.com/jmoiron/sqlx.NamedQueryContext", 2, Colon},

	// Masterminds/squirrel: the functions that run a builder (the SQL
	// argument is the builder, rendered by resolve_squirrel.go), and the
	// statement cache, which takes SQL text. A builder's own Exec, Query,
	// QueryRow and Scan methods (and their Context variants) send their
	// receiver: squirrelRunner in resolve_squirrel.go.
	{"github.com/Masterminds/squirrel.ExecWith", 1, Dollar},
	{"github.com/Masterminds/squirrel.QueryWith", 1, Dollar},
	{"github.com/Masterminds/squirrel.QueryRowWith", 1, Dollar},
	{"github.com/Masterminds/squirrel.ExecContextWith", 2, Dollar},
	{"github.com/Masterminds/squirrel.QueryContextWith", 2, Dollar},
	{"github.com/Masterminds/squirrel.QueryRowContextWith", 2, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).Exec", 0, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).Query", 0, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).QueryRow", 0, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).Prepare", 0, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).ExecContext", 1, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).QueryContext", 1, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).QueryRowContext", 1, Dollar},
	{"(*github.com/Masterminds/squirrel.StmtCache).PrepareContext", 1, Dollar},
}

// recvArg is the sink argument of a method whose receiver is the SQL.
const recvArg = -1

// ormRun is a method that runs a query an ORM's or a query builder's own
// chain writes at run time, and lib the library's name (ormLibs).
type ormRun struct {
	fn  string
	lib string
}

// ormRuns are the query runs of the builders tenantcheck does not model
// (tenant-scope.md section 4: a query that cannot be resolved is reported,
// not skipped). Each call counts as a query and is an unresolved finding,
// with no preset needed: the user who did not turn a preset on is the one
// whose queries would otherwise go unseen. Like a squirrel run, the
// receiver stands for the SQL (sink.go).
var ormRuns = []ormRun{
	// GORM v2: the finisher methods of *gorm.DB, which run the statement
	// its chain (Where, Model, Table, Joins, ...) built. Scan, Row and Rows
	// after Raw run SQL text, and so does Exec (ormLib).
	{"(*gorm.io/gorm.DB).Find", "gorm"},
	{"(*gorm.io/gorm.DB).First", "gorm"},
	{"(*gorm.io/gorm.DB).Take", "gorm"},
	{"(*gorm.io/gorm.DB).Last", "gorm"},
	{"(*gorm.io/gorm.DB).FirstOrInit", "gorm"},
	{"(*gorm.io/gorm.DB).FirstOrCreate", "gorm"},
	{"(*gorm.io/gorm.DB).Create", "gorm"},
	{"(*gorm.io/gorm.DB).CreateInBatches", "gorm"},
	{"(*gorm.io/gorm.DB).Save", "gorm"},
	{"(*gorm.io/gorm.DB).Update", "gorm"},
	{"(*gorm.io/gorm.DB).Updates", "gorm"},
	{"(*gorm.io/gorm.DB).UpdateColumn", "gorm"},
	{"(*gorm.io/gorm.DB).UpdateColumns", "gorm"},
	{"(*gorm.io/gorm.DB).Delete", "gorm"},
	{"(*gorm.io/gorm.DB).Count", "gorm"},
	{"(*gorm.io/gorm.DB).Pluck", "gorm"},
	{"(*gorm.io/gorm.DB).Scan", "gorm"},
	{"(*gorm.io/gorm.DB).Row", "gorm"},
	{"(*gorm.io/gorm.DB).Rows", "gorm"},
	{"(*gorm.io/gorm.DB).FindInBatches", "gorm"},
	{"(*gorm.io/gorm.DB).Exec", "gorm"},

	// bun: the methods that run a query built by NewSelect, NewInsert,
	// NewUpdate, NewDelete, NewMerge, NewTruncateTable or NewRaw. The schema
	// queries (NewCreateTable, NewAddColumn, ...) touch no rows. DB,
	// Tx and Conn run SQL text (ormLib).
	{"(*github.com/uptrace/bun.DB).QueryContext", "bun"},
	{"(*github.com/uptrace/bun.DB).QueryRowContext", "bun"},
	{"(*github.com/uptrace/bun.DB).ExecContext", "bun"},
	{"(github.com/uptrace/bun.Tx).QueryContext", "bun"},
	{"(github.com/uptrace/bun.Tx).QueryRowContext", "bun"},
	{"(github.com/uptrace/bun.Tx).ExecContext", "bun"},
	{"(github.com/uptrace/bun.Conn).QueryContext", "bun"},
	{"(github.com/uptrace/bun.Conn).QueryRowContext", "bun"},
	{"(github.com/uptrace/bun.Conn).ExecContext", "bun"},
	{"(*github.com/uptrace/bun.SelectQuery).Scan", "bun"},
	{"(*github.com/uptrace/bun.SelectQuery).Exec", "bun"},
	{"(*github.com/uptrace/bun.SelectQuery).Count", "bun"},
	{"(*github.com/uptrace/bun.SelectQuery).ScanAndCount", "bun"},
	{"(*github.com/uptrace/bun.SelectQuery).Exists", "bun"},
	{"(*github.com/uptrace/bun.SelectQuery).Rows", "bun"},
	{"(*github.com/uptrace/bun.InsertQuery).Scan", "bun"},
	{"(*github.com/uptrace/bun.InsertQuery).Exec", "bun"},
	{"(*github.com/uptrace/bun.UpdateQuery).Scan", "bun"},
	{"(*github.com/uptrace/bun.UpdateQuery).Exec", "bun"},
	{"(*github.com/uptrace/bun.DeleteQuery).Scan", "bun"},
	{"(*github.com/uptrace/bun.DeleteQuery).Exec", "bun"},
	{"(*github.com/uptrace/bun.MergeQuery).Scan", "bun"},
	{"(*github.com/uptrace/bun.MergeQuery).Exec", "bun"},
	{"(*github.com/uptrace/bun.TruncateTableQuery).Exec", "bun"},
	{"(*github.com/uptrace/bun.RawQuery).Scan", "bun"},
	{"(*github.com/uptrace/bun.RawQuery).Exec", "bun"},

	// goqu v9: a select dataset's own runs, and those of the executor every
	// dataset (select, insert, update, delete, truncate) hands out.
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanStructs", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanStructsContext", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanStruct", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanStructContext", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanVals", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanValsContext", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanVal", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).ScanValContext", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).Count", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).CountContext", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).Pluck", "goqu"},
	{"(*github.com/doug-martin/goqu/v9.SelectDataset).PluckContext", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).Exec", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ExecContext", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).Query", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).QueryContext", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanStructs", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanStructsContext", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanStruct", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanStructContext", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanVals", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanValsContext", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanVal", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScanValContext", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).Scanner", "goqu"},
	{"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).ScannerContext", "goqu"},
}

// ormLib is what a finding on a library's run says: the builder's name,
// the call that sends SQL text instead and the preset that makes that call
// a sink (empty when no preset has one). A run whose chain begins at one
// of the preset's sinks (db.Raw(sql).Scan(&dest)), or is one, sends SQL
// text: checked there under the preset, reported as needing it otherwise.
type ormLib struct {
	builder, raw, preset string
}

// ormLibs are the libraries of ormRuns.
var ormLibs = map[string]ormLib{
	"gorm": {builder: "gorm's query builder", raw: "db.Raw(sql, args...)", preset: "gorm"},
	"bun":  {builder: "bun's query builder", raw: "db.NewRaw(sql, args...)", preset: "bun"},
	"goqu": {builder: "goqu's dataset", raw: "database/sql or pgx"},
}

// ormRunIndex looks ormRuns up by name.
var ormRunIndex = func() map[string]ormRun {
	m := make(map[string]ormRun, len(ormRuns))
	for _, r := range ormRuns {
		m[r.fn] = r
	}
	return m
}()

// presetSinks are the raw-SQL entry points of ORMs, added by `presets` in
// .tenantcheck.yml rather than by default: their query builders produce SQL
// the pass cannot see, so a preset covers only the calls that take SQL text.
var presetSinks = map[string][]sinkSpec{
	// GORM: Raw and Exec take ? and @name (sql.Named) parameters.
	"gorm": {
		{"(*gorm.io/gorm.DB).Raw", 0, Question | At},
		{"(*gorm.io/gorm.DB).Exec", 0, Question | At},
	},
	// gorp v3: SQL in the dialect's own parameters ($n for PostgreSQL),
	// after a destination for Select and SelectOne, on DbMap, Transaction
	// and the SqlExecutor interface they share.
	"gorp": {
		{"(*github.com/go-gorp/gorp/v3.DbMap).Exec", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).Query", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).QueryRow", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).Select", 1, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).SelectOne", 1, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).SelectInt", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).SelectNullInt", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).SelectFloat", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).SelectNullFloat", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).SelectStr", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.DbMap).SelectNullStr", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).Exec", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).Query", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).QueryRow", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).Select", 1, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).SelectOne", 1, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).SelectInt", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).SelectNullInt", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).SelectFloat", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).SelectNullFloat", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).SelectStr", 0, Dollar},
		{"(*github.com/go-gorp/gorp/v3.Transaction).SelectNullStr", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).Exec", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).Query", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).QueryRow", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).Select", 1, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).SelectOne", 1, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).SelectInt", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).SelectNullInt", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).SelectFloat", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).SelectNullFloat", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).SelectStr", 0, Dollar},
		{"(github.com/go-gorp/gorp/v3.SqlExecutor).SelectNullStr", 0, Dollar},
	},
	// bun: ? and ?name parameters. Tx and Conn have value receivers; IConn
	// is the interface DB, Tx and Conn share, and IDB adds NewRaw.
	"bun": {
		{"(*github.com/uptrace/bun.DB).NewRaw", 0, Question},
		{"(*github.com/uptrace/bun.DB).QueryContext", 1, Question},
		{"(*github.com/uptrace/bun.DB).QueryRowContext", 1, Question},
		{"(*github.com/uptrace/bun.DB).ExecContext", 1, Question},
		{"(github.com/uptrace/bun.Tx).NewRaw", 0, Question},
		{"(github.com/uptrace/bun.Tx).QueryContext", 1, Question},
		{"(github.com/uptrace/bun.Tx).QueryRowContext", 1, Question},
		{"(github.com/uptrace/bun.Tx).ExecContext", 1, Question},
		{"(github.com/uptrace/bun.Conn).NewRaw", 0, Question},
		{"(github.com/uptrace/bun.Conn).QueryContext", 1, Question},
		{"(github.com/uptrace/bun.Conn).QueryRowContext", 1, Question},
		{"(github.com/uptrace/bun.Conn).ExecContext", 1, Question},
		{"(github.com/uptrace/bun.IConn).QueryContext", 1, Question},
		{"(github.com/uptrace/bun.IConn).QueryRowContext", 1, Question},
		{"(github.com/uptrace/bun.IConn).ExecContext", 1, Question},
		{"(github.com/uptrace/bun.IDB).NewRaw", 0, Question},
	},
}

// Preset returns the sinks of a named preset ("gorm", "bun").
func Preset(name string) ([]Sink, bool) {
	specs, ok := presetSinks[name]
	if !ok {
		return nil, false
	}
	out := make([]Sink, len(specs))
	for i, s := range specs {
		out[i] = Sink{Func: s.fn, Arg: s.arg, Placeholders: s.placeholders}
	}
	return out, true
}

// PresetNames lists the presets, sorted, for error messages.
func PresetNames() []string {
	names := make([]string, 0, len(presetSinks))
	for name := range presetSinks {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// sinkIndex looks builtinSinks up by name.
var sinkIndex = func() map[string]sinkSpec {
	m := make(map[string]sinkSpec, len(builtinSinks))
	for _, s := range builtinSinks {
		m[s.fn] = s
	}
	return m
}()

// sqlPackages are the packages whose import makes a package worth checking:
// those of the built-in sinks and of ormRuns.
var sqlPackages = func() []string {
	var out []string
	for _, s := range builtinSinks {
		if p := sinkPackage(s.fn); !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, r := range ormRuns {
		if p := sinkPackage(r.fn); !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}()

// Placeholders says how a sink's SQL writes bind parameters. PostgreSQL
// reads only $n; a driver that takes another style rewrites it before
// sending, and the pass does the same before checking (see placeholder.go).
// Styles combine: GORM takes both ? and @name.
type Placeholders uint8

const (
	// Dollar is PostgreSQL's own $1, $2: nothing to rewrite.
	Dollar Placeholders = 0
	// Question is ?, numbered in order (sqlx Rebind, GORM, bun).
	Question Placeholders = 1 << 0
	// Colon is :name (sqlx named queries).
	Colon Placeholders = 1 << 1
	// At is @name (pgx NamedArgs, GORM sql.Named).
	At Placeholders = 1 << 2
)

// placeholderNames are the styles' names in .tenantcheck.yml.
var placeholderNames = []struct {
	name  string
	style Placeholders
}{{"dollar", Dollar}, {"question", Question}, {"colon", Colon}, {"at", At}}

// ParsePlaceholders reads a style name: dollar, question, colon or at.
func ParsePlaceholders(name string) (Placeholders, bool) {
	for _, p := range placeholderNames {
		if p.name == name {
			return p.style, true
		}
	}
	return Dollar, false
}

// PlaceholderNames lists the style names for error messages.
func PlaceholderNames() string {
	names := make([]string, len(placeholderNames))
	for i, p := range placeholderNames {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}
