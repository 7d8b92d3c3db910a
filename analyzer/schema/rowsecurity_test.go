package schema

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// TestRowSecurity checks that the loader replays row-level security
// statements in migration order and remembers where each took effect.
func TestRowSecurity(t *testing.T) {
	const sql = `CREATE TABLE trees (id int PRIMARY KEY, account_id int);
ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY a ON trees AS RESTRICTIVE FOR INSERT TO app, PUBLIC WITH CHECK (account_id = 1);
-- tenantcheck:cross-tenant look-ups before the tenant is known
CREATE POLICY b ON trees FOR SELECT USING (true);
ALTER POLICY a ON trees USING (account_id = 2);
ALTER POLICY b ON trees RENAME TO c;
CREATE POLICY d ON trees;
DROP POLICY d ON trees;
ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;
ALTER TABLE trees DISABLE ROW LEVEL SECURITY; -- tenantcheck:cross-tenant not this statement's
ALTER TABLE trees RENAME TO forests;
CREATE ROLE app LOGIN BYPASSRLS;
CREATE ROLE admin SUPERUSER;
ALTER ROLE admin NOSUPERUSER;
GRANT admin, auditor TO app;
REVOKE auditor FROM app;
`
	s, err := LoadSQL("m.sql", sql, Options{})
	require.NoError(t, err)
	assert.True(t, s.RowSecurityUsed())
	f := s.Lookup("", "forests")
	require.NotNil(t, f)
	assert.Equal(t, Pos{File: "m.sql", Line: 1}, f.Created)
	rs := f.RowSecurity
	assert.False(t, rs.Enabled)
	assert.False(t, rs.Forced)
	assert.Equal(t, Pos{File: "m.sql", Line: 11}, rs.Disabled)
	assert.Equal(t, Pos{File: "m.sql", Line: 10}, rs.Unforced)
	assert.Equal(t, []PolicyDrop{{Name: "d", Pos: Pos{File: "m.sql", Line: 9}}}, rs.Dropped)
	require.Len(t, rs.Policies, 2)

	a, c := rs.Policies[0], rs.Policies[1]
	assert.Equal(t, "a", a.Name)
	assert.Equal(t, "insert", a.Command)
	assert.False(t, a.Permissive)
	assert.Equal(t, []string{"app", "public"}, a.Roles)
	assert.NotNil(t, pgparse.NodeOf(a.Using), "ALTER POLICY adds USING")
	assert.NotNil(t, pgparse.NodeOf(a.WithCheck), "ALTER POLICY without WITH CHECK keeps it")
	assert.Equal(t, Pos{File: "m.sql", Line: 6}, a.Pos)
	assert.Nil(t, a.Exemption)

	assert.Equal(t, "c", c.Name)
	assert.True(t, c.Permissive)
	assert.Equal(t, []string{"public"}, c.Roles)
	require.NotNil(t, c.Exemption)
	assert.Equal(t, "look-ups before the tenant is known", c.Exemption.Reason)
	assert.Equal(t, Pos{File: "m.sql", Line: 4}, c.Exemption.Pos)

	app := s.Role("app")
	require.NotNil(t, app)
	assert.True(t, app.BypassRLS)
	assert.Equal(t, Pos{File: "m.sql", Line: 13}, app.Pos)
	assert.Equal(t, []string{"admin"}, app.MemberOf)
	admin := s.Role("admin")
	require.NotNil(t, admin)
	assert.False(t, admin.Superuser)
	assert.False(t, admin.Pos.IsValid())
}

// TestRowSecurityUnused checks that a schema without ENABLE reports no use,
// and that ENABLE on a table later dropped still counts.
func TestRowSecurityUnused(t *testing.T) {
	s, err := LoadSQL("m.sql", "CREATE TABLE t (id int);", Options{})
	require.NoError(t, err)
	assert.False(t, s.RowSecurityUsed())
	s, err = LoadSQL("m.sql", "CREATE TABLE t (id int); ALTER TABLE t ENABLE ROW LEVEL SECURITY; DROP TABLE t;", Options{})
	require.NoError(t, err)
	assert.True(t, s.RowSecurityUsed())
}

// TestRowSecurityErrors checks that policy statements PostgreSQL would
// refuse fail the load with the file and line.
func TestRowSecurityErrors(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{name: "policyOnMissingTable", sql: "CREATE POLICY p ON nope USING (true);", want: "m.sql:1: table nope does not exist"},
		{name: "duplicatePolicy", sql: "CREATE TABLE t (id int);\nCREATE POLICY p ON t USING (true);\nCREATE POLICY p ON t USING (true);", want: "m.sql:3: policy p for table t already exists"},
		{name: "alterMissingPolicy", sql: "CREATE TABLE t (id int);\nALTER POLICY p ON t USING (true);", want: "m.sql:2: policy p for table t does not exist"},
		{name: "dropMissingPolicy", sql: "CREATE TABLE t (id int);\nDROP POLICY p ON t;", want: "m.sql:2: policy p for table t does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadSQL("m.sql", tt.sql, Options{})
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
	_, err := LoadSQL("m.sql", "CREATE TABLE t (id int);\nDROP POLICY IF EXISTS p ON t;", Options{})
	assert.NoError(t, err)
}
