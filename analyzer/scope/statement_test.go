package scope

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckStatementKinds covers statements that wrap or bypass a query:
// each either unwraps to a checked query or reports the tables it cannot
// prove scoped, never silently passing them.
func TestCheckStatementKinds(t *testing.T) {
	c := testChecker(t)
	cases := []struct {
		name, sql string
		want      []want
	}{
		{name: "okExplainScoped", sql: `EXPLAIN ANALYZE SELECT id FROM trees WHERE account_id = $1`},
		{name: "badExplainUnscoped", sql: `EXPLAIN SELECT id FROM trees`, want: []want{unscoped("trees", "")}},
		{name: "okCopyScopedQuery", sql: `COPY (SELECT id FROM trees WHERE account_id = $1) TO STDOUT`},
		{name: "badCopyWholeTable", sql: `COPY trees TO STDOUT`, want: []want{unscoped("trees", "")}},
		{name: "okCopyGlobalTable", sql: `COPY countries TO STDOUT`},
		{name: "okCopyFromWithTenantKey", sql: `COPY trees (id, account_id, name) FROM STDIN`},
		{name: "okCopyFromEveryColumn", sql: `COPY trees FROM STDIN WITH (FORMAT binary)`},
		{name: "okCopyFromChildWithForeignKey", sql: `COPY nodes (id, tree_id, title) FROM STDIN`},
		{name: "okCopyFromGlobalTable", sql: `COPY countries (code) FROM STDIN`},
		{name: "badCopyFromWithoutTenantKey", sql: `COPY trees (id, name) FROM STDIN`, want: []want{insertOn("trees")}},
		{name: "badCopyFromChildWithoutForeignKey", sql: `COPY public.nodes (id, title) FROM STDIN`, want: []want{insertOn("nodes")}},
		{name: "badTruncateTenantTable", sql: `TRUNCATE trees, countries`, want: []want{unscoped("trees", "")}},
		{name: "badMergeNotModelled", sql: `MERGE INTO trees t USING countries c ON t.name = c.name WHEN MATCHED THEN DELETE`, want: []want{unscoped("trees", "t")}},
		{name: "badTableSampleNotModelled", sql: `SELECT id FROM trees TABLESAMPLE SYSTEM (10) WHERE account_id = $1`, want: []want{unscoped("trees", "")}},
		{name: "okCreateTableAsScoped", sql: `CREATE TEMP TABLE mine AS SELECT id FROM trees WHERE account_id = $1`},
		{name: "badDeclareCursorUnscoped", sql: `DECLARE c CURSOR FOR SELECT id FROM trees`, want: []want{unscoped("trees", "")}},
		{name: "okLockingClauseNamesNoReference", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 FOR UPDATE OF t`},
		{name: "okRecursiveCteScopedBase", sql: `WITH RECURSIVE r AS (SELECT n.id, n.tree_id FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $1 UNION ALL SELECT n.id, n.tree_id FROM nodes n JOIN r ON n.tree_id = r.tree_id) SELECT id FROM r`},
		{name: "badRecursiveCteUnscopedBase", sql: `WITH RECURSIVE r AS (SELECT id, tree_id FROM nodes WHERE id = $1 UNION ALL SELECT n.id, n.tree_id FROM nodes n JOIN r ON n.tree_id = r.tree_id) SELECT id FROM r`, want: []want{unscoped("nodes", ""), unscoped("nodes", "n")}},
		{name: "okKeyEqualsPinnedColumn", sql: `SELECT t.id FROM trees t JOIN accounts a ON t.account_id = a.id WHERE a.id = $1`},
		{name: "okNaturalJoinSharedKey", sql: `SELECT t.id FROM trees t NATURAL JOIN (SELECT account_id FROM step_library WHERE account_id = $1) x`},
		{name: "badCteReferencedTwiceOneUnscoped", sql: `WITH x AS (SELECT account_id, id FROM trees) SELECT a.id FROM x a, x b WHERE a.account_id = $1`, want: []want{unscoped("trees", "")}},
		{name: "badDerivedWindowOverAllTenants", sql: `SELECT x.total FROM (SELECT account_id, count(*) OVER () AS total FROM trees) x WHERE x.account_id = $1`, want: []want{unscoped("trees", "")}},
		{name: "badDerivedLimitBeforeFilter", sql: `SELECT x.name FROM (SELECT account_id, name FROM trees ORDER BY name LIMIT 1) x WHERE x.account_id = $1`, want: []want{unscoped("trees", "")}},
		{name: "okDerivedWindowScopedInside", sql: `SELECT x.total FROM (SELECT account_id, count(*) OVER () AS total FROM trees WHERE account_id = $1) x`},
		{name: "okCteReferencedTwiceBothScoped", sql: `WITH x AS (SELECT account_id, id FROM trees) SELECT a.id FROM x a, x b WHERE a.account_id = $1 AND b.account_id = $1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.ElementsMatch(t, tc.want, findingsOf(c, tc.sql), "sql: %s", tc.sql)
		})
	}
}

// findingsOf checks sql and returns what each finding is about.
func findingsOf(c *Checker, sql string) []want {
	var got []want
	for _, f := range c.Check(sql).Findings {
		got = append(got, want{f.Rule, f.Table, f.Alias})
	}
	return got
}

// TestCheckMessageText pins the wording developers read (style.md,
// "Diagnostics"); docs/rules.md quotes these lines.
func TestCheckMessageText(t *testing.T) {
	checkFirstMessages(t, testChecker(t), []messageCase{
		{name: "unscopedTenantTable", sql: `SELECT s.id FROM sessions s WHERE s.id = $1`,
			want: "sessions (s) is not scoped: no user_id predicate and no join on a foreign key to a scoped table; add s.user_id = $n, or join trees on s.tree_id and scope it"},
		{name: "copyFromWithoutTenantKey", sql: `COPY trees (id, name) FROM STDIN`,
			want: "COPY into trees does not tie the rows to a tenant: add account_id to the column list"},
		{name: "copyFromChildWithoutForeignKey", sql: `COPY nodes (id, title) FROM STDIN`,
			want: "COPY into nodes does not tie the rows to a tenant: add tree_id (foreign key to trees) to the column list"},
		{name: "unscopedChildTable", sql: `SELECT title FROM nodes WHERE id = $1`,
			want: "nodes is not scoped: it is tenant data only through tree_id -> trees, and no join on that key reaches a scoped table; join trees on nodes.tree_id and scope it"},
		{name: "unscopedLiteralHint", sql: `SELECT id FROM trees WHERE account_id = 'a1'`,
			want: "trees is not scoped: its account_id is compared with a literal, which scopes nothing, and no join on a foreign key reaches a scoped table; bind the tenant key as a parameter instead: trees.account_id = $n"},
		{name: "unscopedPreservedSideHint", sql: `SELECT t.id FROM trees t LEFT JOIN nodes n ON n.tree_id = t.id AND t.account_id = $1`,
			want: "trees (t) is not scoped: its account_id predicate is in the ON clause of an outer join that preserves t, where it filters only the joined rows, and no join on a foreign key reaches a scoped table; move the predicate to WHERE"},
		{name: "unscopedNullableSideAdviceSaysOn", sql: `SELECT t.id FROM trees t LEFT JOIN ai_sessions a ON a.id = t.id WHERE t.account_id = $1`,
			want: "ai_sessions (a) is not scoped: no account_id/user_id predicate and no join on a foreign key to a scoped table; add a.account_id = $n to the ON clause of its LEFT JOIN (in WHERE it would make the join an inner join)"},
		{name: "unscopedNullableSideReducedByWhere", sql: `SELECT t.id FROM trees t LEFT JOIN ai_sessions a ON a.id = t.id WHERE t.account_id = $1 AND a.title = $2`,
			want: "ai_sessions (a) is not scoped: no account_id/user_id predicate and no join on a foreign key to a scoped table; add a.account_id = $n"},
		{name: "unscopedInsideDerivedTable", sql: `SELECT p.name FROM (SELECT name, max(id) AS id FROM trees GROUP BY name) latest JOIN trees p ON p.id = latest.id WHERE p.account_id = $1`,
			want: "trees inside derived table latest is not scoped: no account_id predicate and no join on a foreign key to a scoped table; add trees.account_id = $n"},
		{name: "unscopedInsideCTE", sql: `WITH recent AS (SELECT id FROM trees ORDER BY id DESC LIMIT 10) SELECT r.id FROM recent r`,
			want: "trees inside CTE recent is not scoped: no account_id predicate and no join on a foreign key to a scoped table; add trees.account_id = $n"},
		{name: "orScope", sql: `SELECT id FROM ai_sessions WHERE user_id = $1 OR account_id = $2`,
			want: "ai_sessions is scoped only under OR: user_id = $1 is one arm of an OR, so other tenants' rows can match"},
		{name: "insertNoKey", sql: `INSERT INTO trees (name) VALUES ($1)`,
			want: "INSERT into trees sets no tenant key: add account_id with a bind parameter"},
		{name: "insertLiteralKey", sql: `INSERT INTO trees (account_id, name) VALUES ('a1', $1)`,
			want: "INSERT into trees sets account_id from a literal, NULL or DEFAULT: pass the tenant key as a bind parameter"},
		{name: "insertKeyFromExpression", sql: `INSERT INTO trees (account_id, name) VALUES (gen_random_uuid(), $1)`,
			want: "INSERT into trees sets account_id from an expression that is not a bind parameter: pass the tenant key as a bind parameter or take it from a scoped SELECT"},
		{name: "insertChildLiteralParent", sql: `INSERT INTO nodes (tree_id, title) VALUES ('t1', $1)`,
			want: "INSERT into nodes does not tie the row to a tenant: set tree_id (foreign key to trees) from a bind parameter"},
		{name: "onConflictWithoutKey", sql: `INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`,
			want: "trees is not scoped: ON CONFLICT DO UPDATE can overwrite another tenant's conflicting row; add account_id to the conflict target, or scope the update with WHERE trees.account_id = $n"},
		{name: "onConflictWhereUnderOr", sql: `INSERT INTO categories AS t (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE t.account_id = EXCLUDED.account_id OR t.account_id IS NULL`,
			want: "categories (t) is scoped only under OR: ON CONFLICT DO UPDATE can overwrite another tenant's conflicting row, and its WHERE has t.account_id = excluded.account_id only as one arm of an OR; make t.account_id = excluded.account_id a conjunct of that WHERE, outside the OR, or add account_id to the conflict target"},
		{name: "onConflictUnknownConstraint", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT categories_account_slug_key DO UPDATE SET name = EXCLUDED.name`,
			want: "categories is not scoped: ON CONFLICT DO UPDATE can overwrite another tenant's conflicting row (constraint categories_account_slug_key is not in the schema, so its columns are unknown); add account_id to the conflict target, or scope the update with WHERE categories.account_id = $n"},
		{name: "parseError", sql: `SELECT id FORM trees WHERE account_id = $1`,
			want: `SQL does not parse: syntax error at or near "trees", in "id FORM trees WHERE account_id = $1"`},
	})
}

// messageCase is a statement and the message of its first finding.
type messageCase struct{ name, sql, want string }

// checkFirstMessages checks each case's first finding, by offset, word for
// word.
func checkFirstMessages(t *testing.T, c *Checker, cases []messageCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			findings := c.Check(tc.sql).Findings
			require.NotEmpty(t, findings)
			assert.Equal(t, tc.want, findings[0].Message, "the first finding, by offset")
		})
	}
}

// TestCheckOffsets checks that findings point at the reference in the SQL
// text, so the analyzer can point at it in Go source.
func TestCheckOffsets(t *testing.T) {
	c := testChecker(t)
	sql := "SELECT t.id FROM trees t WHERE t.account_id = $1;\nSELECT s.id FROM sessions s"
	findings := c.Check(sql).Findings
	require.Len(t, findings, 1)
	assert.Equal(t, "sessions s", sql[findings[0].Offset:findings[0].Offset+len("sessions s")])
}
