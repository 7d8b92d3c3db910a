package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSquirrelRaw pins the renderer to squirrel v1.5.4's ToSql: clause
// order, separators, and the statements squirrel refuses to render.
func TestSquirrelRaw(t *testing.T) {
	tests := []struct {
		name string
		stmt sqStmt
		want string
		// refused says squirrel returns an error instead of SQL.
		refused bool
	}{
		{name: "selectEveryClauseInOrder", stmt: sqStmt{kind: sqSelect, prefixes: []string{"WITH x AS (SELECT 1)"},
			options: []string{"DISTINCT"}, columns: []string{"a", "b"}, table: "t", joins: []string{"JOIN u ON u.id = t.u", "LEFT JOIN v ON v.id = t.v"},
			where: []string{"a = ?", "(b = ? OR c = ?)"}, groupBy: []string{"a", "b"}, having: []string{"count(*) > ?"},
			orderBy: []string{"a", "b DESC"}, limit: "10", offset: "20", suffixes: []string{"FOR UPDATE"}},
			want: "WITH x AS (SELECT 1) SELECT DISTINCT a, b FROM t JOIN u ON u.id = t.u LEFT JOIN v ON v.id = t.v" +
				" WHERE a = ? AND (b = ? OR c = ?) GROUP BY a, b HAVING count(*) > ? ORDER BY a, b DESC LIMIT 10 OFFSET 20 FOR UPDATE"},
		{name: "selectWithoutFrom", stmt: sqStmt{kind: sqSelect, columns: []string{"1"}}, want: "SELECT 1"},
		{name: "refusedSelectWithoutColumns", stmt: sqStmt{kind: sqSelect, table: "t"}, refused: true},
		{name: "insertRowsCommaWithoutBlank", stmt: sqStmt{kind: sqInsert, keyword: "INSERT", table: "t", columns: []string{"a", "b"},
			values: []string{"(?,?)", "(?,now())"}, suffixes: []string{"RETURNING id"}},
			want: "INSERT INTO t (a,b) VALUES (?,?),(?,now()) RETURNING id"},
		{name: "insertSelect", stmt: sqStmt{kind: sqInsert, keyword: "INSERT", table: "t", columns: []string{"a"}, insertSelect: "SELECT a FROM u WHERE a = ?"},
			want: "INSERT INTO t (a) SELECT a FROM u WHERE a = ?"},
		{name: "refusedInsertWithoutValues", stmt: sqStmt{kind: sqInsert, keyword: "INSERT", table: "t"}, refused: true},
		{name: "updateSetFromWhere", stmt: sqStmt{kind: sqUpdate, table: "t", set: []string{"a = ?", "b = (SELECT 1)"}, from: "u",
			where: []string{"t.id = u.id"}, suffixes: []string{"RETURNING a"}},
			want: "UPDATE t SET a = ?, b = (SELECT 1) FROM u WHERE t.id = u.id RETURNING a"},
		{name: "refusedUpdateWithoutSet", stmt: sqStmt{kind: sqUpdate, table: "t"}, refused: true},
		{name: "deleteWhereLimit", stmt: sqStmt{kind: sqDelete, table: "t", where: []string{"a = ?"}, limit: "1"},
			want: "DELETE FROM t WHERE a = ? LIMIT 1"},
		{name: "refusedStatementBuilderAlone", stmt: sqStmt{where: []string{"a = ?"}}, refused: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := tt.stmt.raw()
			if tt.refused {
				assert.NotEmpty(t, why)
				return
			}
			assert.Empty(t, why)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSquirrelDollar(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "numberedInOrder", in: "a = ? AND b IN (?)", want: "a = $1 AND b IN ($2)"},
		{name: "doubledIsLiteral", in: "data ?? 'k' AND a = ?", want: "data ? 'k' AND a = $1"},
		{name: "none", in: "SELECT 1", want: "SELECT 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sqDollar(tt.in))
		})
	}
}

func TestSquirrelJoinKeyword(t *testing.T) {
	for name, want := range map[string]string{"Join": "JOIN", "LeftJoin": "LEFT JOIN", "CrossJoin": "CROSS JOIN", "InnerJoin": "INNER JOIN"} {
		assert.Equal(t, want, sqJoinKeyword(name), name)
	}
}
