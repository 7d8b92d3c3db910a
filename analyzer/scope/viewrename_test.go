package scope

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// TestViewFollowsRenamedTable: PostgreSQL binds a view to its tables, not
// to their names, so a view created before ALTER TABLE ... RENAME or SET
// SCHEMA still reads the renamed table. A query through the view must be
// checked against that table, not against a name the schema no longer
// knows (which would be treated as global and hide the leak).
func TestViewFollowsRenamedTable(t *testing.T) {
	const notes = `CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint NOT NULL, body text);
CREATE VIEW recent AS SELECT id, account_id, body FROM notes;
`
	tests := []struct {
		name      string
		ddl       string
		sql       string
		wantTable string
	}{
		{name: "badViewAfterRename", ddl: notes + `ALTER TABLE notes RENAME TO notes2;`,
			sql: `SELECT body FROM recent`, wantTable: "notes2"},
		{name: "okViewAfterRenameScoped", ddl: notes + `ALTER TABLE notes RENAME TO notes2;`,
			sql: `SELECT body FROM recent WHERE account_id = $1`},
		{name: "badViewAfterTwoRenames", ddl: notes + `ALTER TABLE notes RENAME TO notes2; ALTER TABLE notes2 RENAME TO notes3;`,
			sql: `SELECT body FROM recent`, wantTable: "notes3"},
		{name: "badViewAfterSetSchema", ddl: `CREATE SCHEMA archive;` + notes + `ALTER TABLE notes SET SCHEMA archive;`,
			sql: `SELECT body FROM recent`, wantTable: "archive.notes"},
		// A new table that takes the old name is not the view's table.
		{name: "okViewKeepsRenamedTableNotNewName", ddl: notes + `ALTER TABLE notes RENAME TO notes2; CREATE TABLE notes (id bigint PRIMARY KEY, body text);`,
			sql: `SELECT body FROM recent WHERE account_id = $1`},
		{name: "badViewKeepsRenamedTableNotNewName", ddl: notes + `ALTER TABLE notes RENAME TO notes2; CREATE TABLE notes (id bigint PRIMARY KEY, body text);`,
			sql: `SELECT body FROM recent`, wantTable: "notes2"},
		// A view created after the rename names the new table.
		{name: "okLaterViewNamesNewTable", ddl: notes + `ALTER TABLE notes RENAME TO notes2; CREATE TABLE notes (id bigint PRIMARY KEY, body text); CREATE VIEW fresh AS SELECT body FROM notes;`,
			sql: `SELECT body FROM fresh`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schema.LoadSQL("schema.sql", tt.ddl, schema.Options{})
			require.NoError(t, err)
			res := New(s, DefaultOptions()).Check(tt.sql)
			assert.Empty(t, res.UnknownTables)
			if tt.wantTable == "" {
				assert.Empty(t, res.Findings)
				return
			}
			require.Len(t, res.Findings, 1)
			assert.Equal(t, rule.Unscoped, res.Findings[0].Rule)
			assert.Equal(t, tt.wantTable, res.Findings[0].Table)
		})
	}
}
