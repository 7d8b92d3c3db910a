package copyfrom // want package:"sends SQL"

// The package bulk-loads tenant and child tables with pgx's CopyFrom: the
// rows amount to an INSERT of the column list, every value a bind
// parameter (tenant-scope.md section 3).

import (
	"context"

	pgconnv4 "github.com/jackc/pgconn"
	pgxv4 "github.com/jackc/pgx/v4"
	pgxv4pool "github.com/jackc/pgx/v4/pgxpool"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// treeColumns is the column list of every tree load.
var treeColumns = []string{"id", "account_id", "name"}

// nodeColumns misses the foreign key that ties a node to its tree.
var nodeColumns = []string{"id", "label"}

func rows() pgx.CopyFromSource { return pgx.CopyFromRows(nil) }

// okCopyWithTenantKey: the column list names the tenant key.
func okCopyWithTenantKey(ctx context.Context, conn *pgx.Conn) {
	conn.CopyFrom(ctx, pgx.Identifier{"trees"}, []string{"id", "account_id", "name"}, rows())
}

func badCopyWithoutTenantKey(ctx context.Context, conn *pgx.Conn) {
	conn.CopyFrom(ctx, pgx.Identifier{"trees"}, []string{"id", "name"}, rows()) // want `CopyFrom into trees does not tie the rows to a tenant: add account_id to the column list`
}

// okCopyChildWithForeignKey: a child row's foreign key comes from Go.
func okCopyChildWithForeignKey(ctx context.Context, pool *pgxpool.Pool) {
	pool.CopyFrom(ctx, pgx.Identifier{"nodes"}, []string{"id", "tree_id", "label"}, rows())
}

func badCopyChildWithoutForeignKey(ctx context.Context, pool *pgxpool.Pool) {
	pool.CopyFrom(ctx, pgx.Identifier{"nodes"}, nodeColumns, rows()) // want `CopyFrom into nodes does not tie the rows to a tenant: add tree_id \(foreign key to trees\) to the column list`
}

// okCopySchemaQualified: pgx.Identifier{"public", "trees"} is public.trees.
func okCopySchemaQualified(ctx context.Context, tx pgx.Tx) {
	tx.CopyFrom(ctx, pgx.Identifier{"public", "trees"}, treeColumns, rows())
}

func badCopySchemaQualified(ctx context.Context, tx pgx.Tx) {
	tx.CopyFrom(ctx, pgx.Identifier{"public", "feeds"}, []string{"id", "title"}, rows()) // want `CopyFrom into feeds does not tie the rows to a tenant: add account_id to the column list`
}

// okCopyGlobalTable: a global table needs no tenant key.
func okCopyGlobalTable(ctx context.Context, conn *pgx.Conn) {
	conn.CopyFrom(ctx, pgx.Identifier{"countries"}, []string{"code", "name"}, rows())
}

// okCopyTableVariable: the table name from a local the resolver follows.
func okCopyTableVariable(ctx context.Context, conn *pgx.Conn, withName bool) {
	table := pgx.Identifier{"trees"}
	cols := []string{"id", "account_id"}
	if withName {
		cols = append(cols, "name")
	}
	conn.CopyFrom(ctx, table, cols, rows())
}

func badCopyOneBranch(ctx context.Context, conn *pgx.Conn, keyed bool) {
	cols := []string{"id", "name"}
	if keyed {
		cols = append(cols, "account_id")
	}
	conn.CopyFrom(ctx, pgx.Identifier{"trees"}, cols, rows()) // want `CopyFrom into trees does not tie the rows to a tenant: add account_id to the column list \(in 1 of its 2 possible texts\)`
}

func unresolvedColumnList(ctx context.Context, conn *pgx.Conn, cols []string) {
	conn.CopyFrom(ctx, pgx.Identifier{"trees"}, cols, rows()) // want `cannot resolve the SQL passed to \(\*pgx.Conn\).CopyFrom: built from the column list of CopyFrom \(parameter cols of unresolvedColumnList\)`
}

func unresolvedTableName(ctx context.Context, conn *pgx.Conn, table pgx.Identifier) {
	conn.CopyFrom(ctx, table, []string{"id"}, rows()) // want `cannot resolve the SQL passed to \(\*pgx.Conn\).CopyFrom: built from the table name of CopyFrom \(parameter table of unresolvedTableName\)`
}

// copyRepair is a maintenance job that loads rows for every tenant.
func copyRepair(ctx context.Context, conn *pgx.Conn) {
	//tenantcheck:cross-tenant repair job restores rows whose tenant is set by a trigger
	conn.CopyFrom(ctx, pgx.Identifier{"trees"}, []string{"id", "name"}, rows())
}

// DBTX is the interface sqlc generates for :copyfrom queries.
type DBTX interface {
	CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error)
}

// badCopyThroughDBTX: sqlc passes the table as a []string literal.
func badCopyThroughDBTX(ctx context.Context, db DBTX) {
	db.CopyFrom(ctx, []string{"entries"}, []string{"id", "feed_id", "read"}, rows()) // want `CopyFrom into entries does not tie the rows to a tenant: add user_id to the column list`
}

// badCopyPgxV4: pgx v4's CopyFrom has the same shape.
func badCopyPgxV4(ctx context.Context, pool *pgxv4pool.Pool, tx pgxv4.Tx) {
	pool.CopyFrom(ctx, pgxv4.Identifier{"trees"}, []string{"id"}, pgxv4.CopyFromRows(nil)) // want `CopyFrom into trees does not tie the rows to a tenant: add account_id to the column list`
	tx.CopyFrom(ctx, pgxv4.Identifier{"trees"}, []string{"id", "account_id"}, pgxv4.CopyFromRows(nil))
}

// loadTable is a wrapper: the table name comes from its callers, checked
// there.
func loadTable(ctx context.Context, conn *pgx.Conn, table string) { // want loadTable:`wrapper \[INSERT INTO "\{2\}" \("id", "name"\) VALUES \(\$1, \$2\)\]`
	conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "name"}, rows())
}

func badCopyThroughWrapper(ctx context.Context, conn *pgx.Conn) {
	loadTable(ctx, conn, "trees") // want `CopyFrom into trees does not tie the rows to a tenant: add account_id to the column list`
	loadTable(ctx, conn, "countries")
}

// badCopyLoopOverLoads: a table's name and columns come from one literal,
// paired; the feeds entry lacks its key.
func badCopyLoopOverLoads(ctx context.Context, tx pgx.Tx) {
	loads := []struct {
		name string
		cols []string
	}{
		{"trees", []string{"id", "account_id"}},
		{"nodes", []string{"id", "tree_id"}},
		{name: "feeds", cols: []string{"id", "title"}},
	}
	for _, l := range loads {
		tx.CopyFrom(ctx, pgx.Identifier{l.name}, l.cols, rows()) // want `CopyFrom into feeds does not tie the rows to a tenant: add account_id to the column list \(in 1 of its 3 possible texts\)`
	}
}

// pgconn's CopyFrom and CopyTo take COPY text: COPY ... FROM is checked as
// the INSERT its rows amount to, COPY ... TO as the read it is.
func copyText(ctx context.Context, conn *pgconn.PgConn, v4 *pgconnv4.PgConn) {
	conn.CopyFrom(ctx, nil, `COPY trees (id, account_id, name) FROM STDIN`)
	conn.CopyFrom(ctx, nil, `COPY trees (id, name) FROM STDIN`) // want `COPY into trees does not tie the rows to a tenant: add account_id to the column list`
	conn.CopyTo(ctx, nil, `COPY (SELECT id FROM trees WHERE account_id = $1) TO STDOUT`)
	conn.CopyTo(ctx, nil, `COPY trees TO STDOUT`)              // want `trees is not scoped`
	v4.CopyFrom(ctx, nil, "COPY nodes (id, label) FROM STDIN") // want `COPY into nodes does not tie the rows to a tenant: add tree_id \(foreign key to trees\) to the column list`
}
