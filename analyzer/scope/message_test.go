package scope

import (
	"testing"

	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quotedSchema is an ORM-style schema (a workflow engine migrated from
// Prisma): camelCase names that only exist quoted, a table named by a
// reserved word, and a version table that is tenant data through two
// foreign keys, the nullable one declared first.
const quotedSchema = `
CREATE TABLE "Flow" (id uuid PRIMARY KEY, "workspaceId" uuid NOT NULL, name text);
CREATE TABLE "Job" (id uuid PRIMARY KEY, "workspaceId" uuid NOT NULL);
CREATE TABLE "FlowVersion" (id uuid PRIMARY KEY, "onFailureJobId" uuid, "flowId" uuid NOT NULL);
ALTER TABLE "FlowVersion" ADD CONSTRAINT "FlowVersion_onFailureJobId_fkey" FOREIGN KEY ("onFailureJobId") REFERENCES "Job" (id);
ALTER TABLE "FlowVersion" ADD CONSTRAINT "FlowVersion_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow" (id);
CREATE TABLE "order" (id uuid PRIMARY KEY, "workspaceId" uuid NOT NULL);
CREATE TABLE step (id uuid PRIMARY KEY, "jobId" uuid REFERENCES "Job");
`

// TestCheckMessageQuotedNamesAndParents: the SQL in a fix must paste as
// written (a camelCase column unquoted folds to lower case and does not
// exist), and a table that is tenant data through several foreign keys is
// told so, with the fix on a NOT NULL key to a tenant table, not on the
// first key declared (found in a public workflow engine, whose versions
// reference their workflow and, optionally, a failure job).
func TestCheckMessageQuotedNamesAndParents(t *testing.T) {
	s, err := schema.LoadSQL("quoted.sql", quotedSchema, schema.Options{TenantColumns: []string{"workspaceId"}})
	require.NoError(t, err)
	checkFirstMessages(t, New(s, DefaultOptions()), []messageCase{
		{name: "unscopedCamelCaseKey", sql: `SELECT f.id FROM "Flow" f WHERE f.id = $1`,
			want: `Flow (f) is not scoped: no workspaceId predicate and no join on a foreign key to a scoped table; add f."workspaceId" = $n`},
		{name: "unscopedCamelCaseTableWithoutAlias", sql: `SELECT id FROM "Flow" WHERE id = $1`,
			want: `Flow is not scoped: no workspaceId predicate and no join on a foreign key to a scoped table; add "Flow"."workspaceId" = $n`},
		{name: "unscopedReservedWordTable", sql: `SELECT id FROM "order" WHERE id = $1`,
			want: `order is not scoped: no workspaceId predicate and no join on a foreign key to a scoped table; add "order"."workspaceId" = $n`},
		{name: "unscopedChildOfTwoParents", sql: `SELECT v.id FROM "FlowVersion" v WHERE v.id = $1`,
			want: `FlowVersion (v) is not scoped: it is tenant data through flowId -> Flow or onFailureJobId -> Job, and no join on these keys reaches a scoped table; join Flow on v."flowId" and scope it`},
		{name: "unscopedChildOfOneNullableParent", sql: `SELECT id FROM step WHERE id = $1`,
			want: `step is not scoped: it is tenant data only through jobId -> Job, and no join on that key reaches a scoped table; join Job on step."jobId" and scope it`},
		{name: "onConflictCamelCaseKey", sql: `INSERT INTO "Flow" (id, "workspaceId", name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`,
			want: `Flow is not scoped: ON CONFLICT DO UPDATE can overwrite another tenant's conflicting row; add "workspaceId" to the conflict target, or scope the update with WHERE "Flow"."workspaceId" = $n`},
		{name: "unscopedRenamedKeyFixUsesAlias", sql: `SELECT 1 FROM "Flow" AS f (fid, ws, "workspaceId") WHERE f."workspaceId" = $1`,
			want: `Flow (f) is not scoped: no workspaceId predicate and no join on a foreign key to a scoped table; add f.ws = $n`},
		{name: "unscopedRenamedParentKeyFixUsesAlias", sql: `SELECT 1 FROM "FlowVersion" AS v (vid, job, flow) WHERE v.vid = $1`,
			want: `FlowVersion (v) is not scoped: it is tenant data through flowId -> Flow or onFailureJobId -> Job, and no join on these keys reaches a scoped table; join Flow on v.flow and scope it`},
		{name: "unscopedLiteralCamelCaseKey", sql: `SELECT id FROM "Flow" WHERE "workspaceId" = 'w1'`,
			want: `Flow is not scoped: its workspaceId is compared with a literal, which scopes nothing, and no join on a foreign key reaches a scoped table; bind the tenant key as a parameter instead: "Flow"."workspaceId" = $n`},
	})
}

// TestCheckSameTenantTenantTableKey: the key column a tenant_tables entry
// names is a tenant key of that table, and can be grouped with the tenant
// columns without becoming one itself (adding owner to tenant_columns would
// make every table with an owner column tenant data).
func TestCheckSameTenantTenantTableKey(t *testing.T) {
	const sql = `
CREATE TABLE runtimes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL);
CREATE TABLE legacy_notes (id uuid PRIMARY KEY, owner uuid NOT NULL, body text);
CREATE TABLE profiles (id uuid PRIMARY KEY, owner uuid, bio text);
`
	s, err := schema.LoadSQL("same.sql", sql, schema.Options{
		TenantColumns: []string{"tenant_id"},
		TenantTables:  map[string]string{"legacy_notes": "owner"},
		SameTenant:    [][]string{{"tenant_id", "owner"}},
	})
	require.NoError(t, err)
	c := New(s, DefaultOptions())
	assert.Empty(t, c.Check(`SELECT n.body FROM runtimes r JOIN legacy_notes n ON n.owner = r.tenant_id WHERE r.tenant_id = $1`).Findings)
	assert.Empty(t, c.Check(`SELECT bio FROM profiles WHERE id = $1`).Findings, "profiles.owner is no tenant key")
}

// TestSQLIdent: names are quoted exactly when PostgreSQL would not read
// them back unchanged.
func TestSQLIdent(t *testing.T) {
	for name, want := range map[string]string{
		"account_id":  "account_id",
		"t2":          "t2",
		"key":         "key", // a keyword, but not a reserved one
		"tenantId":    `"tenantId"`,
		"order":       `"order"`,
		"user":        `"user"`,
		"2fa":         `"2fa"`,
		"with space":  `"with space"`,
		`say"hi"`:     `"say""hi"""`,
		"":            `""`,
		"schön_table": `"schön_table"`,
	} {
		assert.Equal(t, want, sqlIdent(name), "name %q", name)
	}
}

// TestCheckSameTenantSpellings: a schema half-way from "tenantId" to
// tenant_id (a public workflow engine) joins its tables on the two
// spellings; same_tenant says they are one key, and only then does the
// equality carry scope.
func TestCheckSameTenantSpellings(t *testing.T) {
	const sql = `
CREATE TABLE "Worker" (id uuid PRIMARY KEY, "tenantId" uuid NOT NULL, name text);
CREATE TABLE runtimes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, worker_id uuid, owner_id uuid);
`
	tests := []struct {
		name       string
		columns    []string
		sameTenant [][]string
		query      string
		want       []string
	}{
		{"okSpellingsGrouped", []string{"tenant_id", "tenantId"}, [][]string{{"tenant_id", "tenantId"}},
			`SELECT r.id FROM runtimes r JOIN "Worker" w ON r.tenant_id = w."tenantId" WHERE w."tenantId" = $1`, nil},
		{"okSpellingsGroupedOtherWay", []string{"tenant_id", "tenantId"}, [][]string{{"tenantId", "tenant_id"}},
			`SELECT w.name FROM runtimes r JOIN "Worker" w ON w."tenantId" = r.tenant_id WHERE r.tenant_id = $1`, nil},
		{"badSpellingsNotGrouped", []string{"tenant_id", "tenantId"}, nil,
			`SELECT r.id FROM runtimes r JOIN "Worker" w ON r.tenant_id = w."tenantId" WHERE w."tenantId" = $1`, []string{"runtimes"}},
		{"badOtherKeyNotInTheGroup", []string{"tenant_id", "tenantId", "owner_id"}, [][]string{{"tenant_id", "tenantId"}},
			`SELECT w.name FROM runtimes r JOIN "Worker" w ON w."tenantId" = r.owner_id WHERE r.tenant_id = $1`, []string{"Worker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schema.LoadSQL("same.sql", sql, schema.Options{TenantColumns: tt.columns, SameTenant: tt.sameTenant})
			require.NoError(t, err)
			var got []string
			for _, f := range New(s, DefaultOptions()).Check(tt.query).Findings {
				got = append(got, f.Table)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
