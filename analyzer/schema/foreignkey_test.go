package schema

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// Partitioned tables often carry no foreign keys; the config declares them.
const undeclaredKeys = `
CREATE TABLE tasks (id bigint, inserted_at timestamptz, tenant_id uuid, PRIMARY KEY (id, inserted_at));
CREATE TABLE task_events (id bigint PRIMARY KEY, task_id bigint, task_inserted_at timestamptz, payload text);
`

func TestExtraForeignKeys(t *testing.T) {
	opts := Options{TenantColumns: []string{"tenant_id"}}
	s, err := LoadSQL("schema.sql", undeclaredKeys, opts)
	require.NoError(t, err)
	assert.Equal(t, Global, s.Lookup("", "task_events").Kind, "without the declared key, events look global")

	opts.ForeignKeys = []ExtraForeignKey{{Table: "task_events", Columns: []string{"task_id", "task_inserted_at"}, References: "tasks"}}
	s, err = LoadSQL("schema.sql", undeclaredKeys, opts)
	require.NoError(t, err)
	events := s.Lookup("", "task_events")
	assert.Equal(t, Child, events.Kind)
	require.Len(t, events.ForeignKeys, 1)
	assert.Equal(t, []string{"id", "inserted_at"}, events.ForeignKeys[0].RefColumns, "defaults to the primary key")
}

func TestExtraForeignKeyErrors(t *testing.T) {
	tests := []struct {
		name string
		fk   ExtraForeignKey
		want string
	}{
		{"badUnknownTable", ExtraForeignKey{Table: "nope", Columns: []string{"a"}, References: "tasks"}, "foreign-key table nope is not in the schema"},
		{"badUnknownParent", ExtraForeignKey{Table: "task_events", Columns: []string{"task_id"}, References: "nope"}, "foreign-key table nope is not in the schema"},
		{"badMissingColumn", ExtraForeignKey{Table: "task_events", Columns: []string{"nope", "task_inserted_at"}, References: "tasks"}, "foreign key on task_events: it has no column nope"},
		{"badLengthMismatch", ExtraForeignKey{Table: "task_events", Columns: []string{"task_id"}, References: "tasks"}, "the column lists differ in length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadSQL("schema.sql", undeclaredKeys, Options{TenantColumns: []string{"tenant_id"}, ForeignKeys: []ExtraForeignKey{tt.fk}})
			var oerr *OptionError
			require.ErrorAs(t, err, &oerr)
			assert.Equal(t, OptionForeignKeys, oerr.Option)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestViews(t *testing.T) {
	src := undeclaredKeys + `
CREATE VIEW recent_tasks (task, at) AS SELECT id, inserted_at FROM tasks;
CREATE MATERIALIZED VIEW task_counts AS SELECT tenant_id, count(*) FROM tasks GROUP BY tenant_id;
CREATE VIEW gone AS SELECT 1;
DROP VIEW gone;
`
	s, err := LoadSQL("schema.sql", src, Options{TenantColumns: []string{"tenant_id"}})
	require.NoError(t, err)
	v := s.View("", "recent_tasks")
	require.NotNil(t, v)
	assert.Equal(t, []string{"task", "at"}, v.Columns)
	assert.NotNil(t, pgparse.NodeOf(v.Query).GetSelectStmt())
	assert.NotNil(t, s.View("public", "task_counts"), "materialized views too")
	assert.Nil(t, s.View("", "gone"), "DROP VIEW removes it")
	assert.Nil(t, s.Lookup("", "recent_tasks"), "a view is not a table")
}
