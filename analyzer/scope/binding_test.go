package scope

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBindings pins which bind parameters a statement uses as tenant key
// values: the ones the tenant-source rule traces back to Go values.
func TestBindings(t *testing.T) {
	c := testChecker(t)
	tests := []struct {
		name string
		sql  string
		want []Binding
	}{
		{name: "keyEqualsParam", sql: `SELECT id FROM trees WHERE account_id = $1 AND id = $2`,
			want: []Binding{{1, "trees", "account_id"}}},
		{name: "paramEqualsKeyReversedAndCast", sql: `SELECT t.id FROM trees t WHERE t.id = $1 AND $2::uuid = t.account_id`,
			want: []Binding{{2, "trees", "account_id"}}},
		{name: "keyInList", sql: `SELECT id FROM trees WHERE account_id IN ($2, $3::uuid) AND name = $1`,
			want: []Binding{{2, "trees", "account_id"}, {3, "trees", "account_id"}}},
		{name: "keyEqualsAny", sql: `SELECT id FROM trees WHERE account_id = ANY($1::uuid[])`,
			want: []Binding{{1, "trees", "account_id"}}},
		{name: "keyOnJoinedTable", sql: `SELECT n.id FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $2 AND n.id = $1`,
			want: []Binding{{2, "trees", "account_id"}}},
		{name: "bothKeysOfOneTable", sql: `SELECT id FROM ai_sessions WHERE user_id = $1 AND account_id = $2`,
			want: []Binding{{1, "ai_sessions", "user_id"}, {2, "ai_sessions", "account_id"}}},
		{name: "orOfKeysScopes", sql: `SELECT id FROM trees WHERE account_id = $1 OR account_id = $2`,
			want: []Binding{{1, "trees", "account_id"}, {2, "trees", "account_id"}}},
		{name: "sharedRowsOr", sql: `SELECT id FROM templates WHERE account_id = $1 OR account_id IS NULL`,
			want: []Binding{{1, "templates", "account_id"}}},
		{name: "insertValuesEveryRow", sql: `INSERT INTO trees (name, account_id) VALUES ($1, $2), ($3, $4)`,
			want: []Binding{{2, "trees", "account_id"}, {4, "trees", "account_id"}}},
		{name: "insertSelectListValue", sql: `INSERT INTO trees (account_id, name) SELECT $1::uuid, name FROM countries WHERE code = $2`,
			want: []Binding{{1, "trees", "account_id"}}},
		{name: "insertSelectScopedSource", sql: `INSERT INTO trees (account_id, name) SELECT account_id, name FROM trees WHERE account_id = $1 AND id = $2`,
			want: []Binding{{1, "trees", "account_id"}}},
		{name: "upsertWhereOnExcluded", sql: `INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE trees.account_id = EXCLUDED.account_id`,
			want: []Binding{{2, "trees", "account_id"}}},
		{name: "updateSetKeyMovesRow", sql: `UPDATE trees SET account_id = $1 WHERE account_id = $2 AND id = $3`,
			want: []Binding{{1, "trees", "account_id"}, {2, "trees", "account_id"}}},
		{name: "cteBodyReadTwiceBindsOnce", sql: `WITH t AS (SELECT id FROM trees WHERE account_id = $1) SELECT a.id FROM t a JOIN t b ON a.id = b.id`,
			want: []Binding{{1, "trees", "account_id"}}},
		{name: "inUnnestSubquery", sql: `SELECT id FROM trees WHERE account_id IN (SELECT unnest($1::uuid[]))`,
			want: []Binding{{1, "trees", "account_id"}}},
		{name: "noneForTenantContext", sql: `SELECT id FROM trees WHERE account_id = current_setting('app.account_id')::uuid`},
		{name: "noneForNonKeyParam", sql: `SELECT id FROM trees WHERE id = $1`},
		{name: "noneForGlobalTable", sql: `SELECT name FROM countries WHERE code = $1`},
		{name: "noneUnderOrArm", sql: `SELECT id FROM trees WHERE account_id = $1 OR name = $2`},
		{name: "noneUnderNot", sql: `SELECT id FROM trees WHERE NOT (account_id = $1)`},
		{name: "noneForChildInsertForeignKey", sql: `INSERT INTO nodes (tree_id, label) VALUES ($1, $2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, c.Check(tt.sql).Bindings)
		})
	}
}
