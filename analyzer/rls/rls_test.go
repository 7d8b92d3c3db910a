package rls

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// base is the schema every case extends: an accounts table (global), a
// tenant table trees and its child sessions.
const base = `CREATE TABLE accounts (id uuid PRIMARY KEY);
CREATE TABLE trees (id uuid PRIMARY KEY, account_id uuid NOT NULL REFERENCES accounts (id), name text);
CREATE TABLE sessions (id uuid PRIMARY KEY, tree_id uuid NOT NULL REFERENCES trees (id));
`

// walled is base with forced row-level security and confining policies on
// both tables (lines 4 to 9).
const walled = base + `ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::uuid);
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_tenant ON sessions USING (EXISTS (SELECT 1 FROM trees t
    WHERE t.id = tree_id AND t.account_id = current_setting('app.account_id', true)::uuid));
`

// check loads sql as migration m.sql and returns its findings as
// "line rule key" strings.
func check(t *testing.T, sql string, opts Options) []string {
	t.Helper()
	s, err := schema.LoadSQL("m.sql", sql, schema.Options{})
	require.NoError(t, err)
	if opts.TenantContext == nil {
		opts.TenantContext = scope.DefaultOptions().TenantContext
	}
	var out []string
	for _, f := range Check(s, opts).Findings {
		require.Equal(t, "m.sql", f.Pos.File, "finding %q has no position", f.Message)
		out = append(out, fmt.Sprintf("%d %s %s", f.Pos.Line, f.Rule, f.Key))
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		opts Options
		want []string
	}{
		{name: "okForcedWithPolicies", sql: walled},
		{name: "okNoRowSecurityAnywhereInAutoMode", sql: base},
		{name: "okOffMode", sql: base + "ALTER TABLE trees ENABLE ROW LEVEL SECURITY;", opts: Options{Mode: Off}},
		{name: "badRequiredModeWithoutAnyRowSecurity", sql: base, opts: Options{Mode: Required},
			want: []string{"3 rls enable", "2 rls enable"}},
		{name: "badNoEnable", sql: base + `ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::uuid);`,
			want: []string{"3 rls enable"}},
		{name: "badNoForce", sql: walled + "ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;",
			want: []string{"10 rls force"}},
		{name: "okNoForceWaived", sql: walled + "ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;",
			opts: Options{AllowUnforced: true}},
		{name: "badWaivedForceButOwnedByAppRole", sql: walled + "ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;\nALTER TABLE trees OWNER TO app;",
			opts: Options{AllowUnforced: true, AppRole: "app"}, want: []string{"11 rls force"}},
		{name: "badWaivedForceButOwnedByRoleGrantedToApp", sql: walled + "ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;\nALTER TABLE trees OWNER TO owners;\nGRANT owners TO app;",
			opts: Options{AllowUnforced: true, AppRole: "app"}, want: []string{"11 rls force"}},
		{name: "okWaivedForceOwnedByMigrator", sql: walled + "ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;\nALTER TABLE trees OWNER TO app;\nALTER TABLE trees OWNER TO migrator;",
			opts: Options{AllowUnforced: true, AppRole: "app"}},
		{name: "okForcedOwnedByAppRole", sql: walled + "ALTER TABLE trees OWNER TO app;",
			opts: Options{AllowUnforced: true, AppRole: "app"}},
		{name: "badNeverForcedPointsAtCreateTable", sql: base + `ALTER TABLE trees ENABLE ROW LEVEL SECURITY;
CREATE POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::uuid);`,
			want: []string{"3 rls enable", "2 rls force"}},
		{name: "badLaterDisable", sql: walled + "\nALTER TABLE sessions DISABLE ROW LEVEL SECURITY;",
			want: []string{"11 rls enable"}},
		{name: "okDisableThenEnableAgain", sql: walled + "ALTER TABLE sessions DISABLE ROW LEVEL SECURITY;\nALTER TABLE sessions ENABLE ROW LEVEL SECURITY;"},
		{name: "badNoPolicy", sql: base + `ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;`,
			want: []string{"2 rls policy", "3 rls enable"}},
		{name: "badLaterDropPolicy", sql: walled + "DROP POLICY trees_tenant ON trees;",
			want: []string{"10 rls policy"}},
		{name: "okDropPolicyReplaced", sql: walled + `DROP POLICY trees_tenant ON trees;
CREATE POLICY trees_v2 ON trees USING (account_id = current_setting('app.account_id')::uuid);`},
		{name: "badPolicyOnWrongColumn", sql: walled + "ALTER POLICY trees_tenant ON trees USING (id = current_setting('app.account_id')::uuid);",
			want: []string{"10 rls policy:trees_tenant"}},
		{name: "badPolicyComparesWithLiteral", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = '7a1c6b52-3c1e-4c55-9b0e-1f0d2a7c9e11');",
			want: []string{"10 rls policy:trees_tenant"}},
		{name: "badPolicyComparesWithOtherSetting", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = current_setting('request.jwt')::uuid);",
			want: []string{"10 rls policy:trees_tenant"}},
		{name: "okPolicyWithNullifAndMissingOK", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);"},
		// Trial lesson (ivorscott/saas-core): the setting in a scalar
		// subquery, evaluated once per query, is still the tenant.
		{name: "okPolicyWithSettingInScalarSubquery", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = (SELECT current_setting('app.account_id'))::uuid);"},
		{name: "badChildPolicyWithoutForeignKeyJoin", sql: walled + `ALTER POLICY sessions_tenant ON sessions
    USING (EXISTS (SELECT 1 FROM trees t WHERE t.account_id = current_setting('app.account_id')::uuid));`,
			want: []string{"10 rls policy:sessions_tenant"}},
		{name: "okChildPolicyThroughSemiJoin", sql: walled + `ALTER POLICY sessions_tenant ON sessions
    USING (tree_id IN (SELECT id FROM trees WHERE account_id = current_setting('app.account_id')::uuid));`},
		{name: "badOrTrueArm", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::uuid OR true);",
			want: []string{"10 rls policy:trees_tenant"}},
		// Trial lesson (manceras/debt-manager): a row passes an OR when it
		// passes any arm, so an OR of confining arms confines.
		{name: "okOrOfConfiningArms", sql: walled + `ALTER POLICY sessions_tenant ON sessions USING (
    tree_id IN (SELECT id FROM trees WHERE account_id = current_setting('app.account_id')::uuid)
    OR EXISTS (SELECT 1 FROM trees t WHERE t.id = tree_id AND t.account_id = current_setting('app.account_id')::uuid));`},
		// Trial lesson (manceras/debt-manager): a membership function
		// declared in tenant_predicates confines the key it is given, also
		// inside the EXISTS of a child table.
		{name: "okTenantPredicate", sql: walled + `ALTER POLICY trees_tenant ON trees USING (app.is_member(account_id));
ALTER POLICY sessions_tenant ON sessions USING (EXISTS (SELECT 1 FROM trees t WHERE t.id = tree_id AND app.is_member(t.account_id)));`,
			opts: Options{TenantPredicates: []scope.PredicateFunc{{Name: "is_member", Arg: 0}}}},
		{name: "badTenantPredicateOnOtherColumn", sql: walled + "ALTER POLICY trees_tenant ON trees USING (app.is_member(id));",
			opts: Options{TenantPredicates: []scope.PredicateFunc{{Name: "is_member", Arg: 0}}},
			want: []string{"10 rls policy:trees_tenant"}},
		{name: "badUndeclaredPredicate", sql: walled + "ALTER POLICY trees_tenant ON trees USING (app.is_member(account_id));",
			want: []string{"10 rls policy:trees_tenant"}},
		{name: "badUsingAndWithCheckOneFinding", sql: walled + "ALTER POLICY trees_tenant ON trees USING (true) WITH CHECK (name = 'x');",
			want: []string{"10 rls policy:trees_tenant"}},
		{name: "badSecondPermissivePolicyTrue", sql: walled + "CREATE POLICY trees_read ON trees FOR SELECT USING (true);",
			want: []string{"10 rls policy:trees_read"}},
		{name: "okRestrictivePolicyConfinesPermissiveTrue", sql: walled + `CREATE POLICY trees_read ON trees FOR SELECT USING (true);
CREATE POLICY trees_wall ON trees AS RESTRICTIVE USING (account_id = current_setting('app.account_id')::uuid);`},
		{name: "badWithCheckTrueOnInsert", sql: walled + "CREATE POLICY trees_insert ON trees FOR INSERT WITH CHECK (true);",
			want: []string{"10 rls policy:trees_insert"}},
		{name: "okInsertPolicyWithCheck", sql: walled + "CREATE POLICY trees_insert ON trees FOR INSERT WITH CHECK (account_id = current_setting('app.account_id')::uuid);"},
		{name: "badInsertPolicyWithoutWithCheck", sql: walled + "CREATE POLICY trees_insert ON trees FOR INSERT;",
			want: []string{"10 rls policy:trees_insert"}},
		{name: "badAllPolicyWithCheckTrue", sql: walled + "ALTER POLICY trees_tenant ON trees WITH CHECK (true);",
			want: []string{"10 rls policy:trees_tenant"}},
		{name: "okPolicyForOtherRoleWithAppRole", sql: walled + "CREATE ROLE admin;\nCREATE POLICY trees_admin ON trees TO admin USING (true);",
			opts: Options{AppRole: "app"}},
		{name: "badPolicyForOtherRoleWithoutAppRole", sql: walled + "CREATE ROLE admin;\nCREATE POLICY trees_admin ON trees TO admin USING (true);",
			want: []string{"11 rls policy:trees_admin"}},
		{name: "badPolicyForRoleGrantedToApp", sql: walled + "GRANT admin TO app;\nCREATE POLICY trees_admin ON trees TO admin USING (true);",
			opts: Options{AppRole: "app"},
			want: []string{"11 rls policy:trees_admin"}},
		{name: "badBypassRLSAppRole", sql: walled + "CREATE ROLE app LOGIN BYPASSRLS;", opts: Options{AppRole: "app"},
			want: []string{"10 rls role:app"}},
		{name: "badSuperuserAppRole", sql: walled + "CREATE ROLE app LOGIN;\nALTER ROLE app SUPERUSER;", opts: Options{AppRole: "app"},
			want: []string{"11 rls role:app"}},
		{name: "okBypassRLSRevoked", sql: walled + "CREATE ROLE app LOGIN BYPASSRLS;\nALTER ROLE app NOBYPASSRLS;", opts: Options{AppRole: "app"}},
		{name: "okBypassRLSOnOtherRole", sql: walled + "CREATE ROLE migrator BYPASSRLS;", opts: Options{AppRole: "app"}},
		{name: "okExemptedPolicyWithReason", sql: walled + "-- tenantcheck:cross-tenant token look-up precedes the tenant\nCREATE POLICY trees_read ON trees FOR SELECT USING (true);"},
		{name: "badExemptionWithoutReason", sql: walled + "-- tenantcheck:cross-tenant\nCREATE POLICY trees_read ON trees FOR SELECT USING (true);",
			want: []string{"10 directive directive:policy:trees_read", "11 rls policy:trees_read"}},
		{name: "badExemptionSuppressesNothing", sql: walled + "-- tenantcheck:cross-tenant reads only its own\nCREATE POLICY trees_own ON trees FOR SELECT USING (account_id = current_setting('app.account_id')::uuid);",
			want: []string{"10 directive directive:unused:trees_own"}},
		{name: "okExemptedTable", sql: walled + "-- tenantcheck:cross-tenant every tenant reads the shared notes\nCREATE TABLE notes (id int, account_id uuid);"},
		{name: "badExemptedTableSuppressesNothing", sql: strings.Replace(walled, "CREATE TABLE trees", "-- tenantcheck:cross-tenant never mind\nCREATE TABLE trees", 1),
			want: []string{"2 directive directive:unused"}},
		{name: "okPolicyRenamed", sql: walled + "ALTER POLICY trees_tenant ON trees RENAME TO trees_wall;\nDROP POLICY trees_wall ON trees;\nCREATE POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::uuid);"},
		{name: "okTableRenamedKeepsRowSecurity", sql: walled + "ALTER TABLE trees RENAME TO forests;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ElementsMatch(t, tt.want, check(t, tt.sql, tt.opts))
		})
	}
}

// TestMessages pins the wording users read, one message per kind.
func TestMessages(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		opts Options
		want string
	}{
		{name: "notForced", sql: walled + "ALTER TABLE sessions NO FORCE ROW LEVEL SECURITY;", opts: Options{},
			want: "sessions has row-level security no longer forced after this NO FORCE, so its owner bypasses every policy: remove the NO FORCE, or add ALTER TABLE sessions FORCE ROW LEVEL SECURITY in a later migration"},
		{name: "neverForced", sql: base + "ALTER TABLE trees ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON trees USING (account_id = current_setting('app.account_id')::uuid);\nALTER TABLE sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY s ON sessions USING (tree_id IN (SELECT id FROM trees WHERE account_id = current_setting('app.account_id')::uuid));",
			want: "trees has row-level security enabled but not forced, so its owner bypasses every policy: add ALTER TABLE trees FORCE ROW LEVEL SECURITY (or set rls_allow_unforced: true if the application never connects as the owner)"},
		{name: "childWithoutJoin", sql: walled + "ALTER POLICY sessions_tenant ON sessions USING (true);",
			want: "sessions policy sessions_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not reach trees through tree_id and compare its tenant key with a tenant-context expression; use USING (EXISTS (SELECT 1 FROM trees p WHERE p.id = sessions.tree_id AND p.account_id = current_setting('app.account_id')))"},
		{name: "orArm", sql: walled + "ALTER POLICY trees_tenant ON trees WITH CHECK (account_id = current_setting('app.account_id')::uuid OR name = 'demo');",
			want: "trees policy trees_tenant lets INSERT, UPDATE write rows of other tenants: its WITH CHECK compares the tenant only in some arms of an OR, so another arm lets every tenant's rows through; use WITH CHECK (account_id = current_setting('app.account_id'))"},
		{name: "usingAndWithCheck", sql: walled + "ALTER POLICY trees_tenant ON trees USING (true) WITH CHECK (true);",
			want: "trees policy trees_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING and WITH CHECK do not compare account_id with a tenant-context expression; use USING (account_id = current_setting('app.account_id')) WITH CHECK (account_id = current_setting('app.account_id'))"},
		{name: "unknownContextFunction", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = auth.uid());",
			want: "trees policy trees_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not compare account_id with a tenant-context expression (auth.uid() is not one to tenantcheck: if it returns the session's tenant, add {function: uid} to tenant_context in .tenantcheck.yml); use USING (account_id = current_setting('app.account_id'))"},
		{name: "settingOutsideApp", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = (SELECT current_setting('rls.account_id')::uuid));",
			want: "trees policy trees_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not compare account_id with a tenant-context expression (current_setting('rls.account_id') is not one to tenantcheck: if it returns the session's tenant, add {function: current_setting, arg_prefix: \"rls.\"} to tenant_context in .tenantcheck.yml); use USING (account_id = current_setting('app.account_id'))"},
		{name: "coalesceFallsBackToColumn", sql: walled + "ALTER POLICY trees_tenant ON trees USING (account_id = COALESCE(current_setting('app.account_id', true)::uuid, account_id));",
			want: "trees policy trees_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not compare account_id with a tenant-context expression (COALESCE(..., account_id) falls back to account_id itself when the setting is unset, so every row matches then); use USING (account_id = current_setting('app.account_id'))"},
		{name: "childUnknownContextFunction", sql: walled + "ALTER POLICY sessions_tenant ON sessions USING (EXISTS (SELECT 1 FROM trees t WHERE t.id = tree_id AND t.account_id = current_account()));",
			want: "sessions policy sessions_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not reach trees through tree_id and compare its tenant key with a tenant-context expression (current_account() is not one to tenantcheck: if it returns the session's tenant, add {function: current_account} to tenant_context in .tenantcheck.yml); use USING (EXISTS (SELECT 1 FROM trees p WHERE p.id = sessions.tree_id AND p.account_id = current_setting('app.account_id')))"},
		{name: "suggestsTheSettingOtherPoliciesRead", sql: "CREATE TABLE trees (id uuid PRIMARY KEY, account_id uuid NOT NULL);\nALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY t ON trees USING (account_id = (SELECT current_setting('app.current_tenant'))::uuid);\nCREATE TABLE notes (id uuid PRIMARY KEY, account_id uuid NOT NULL);",
			want: "notes has no row-level security: add ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY and a policy USING (account_id = current_setting('app.current_tenant'))"},
		{name: "waivedForceOwnedByApp", sql: walled + "ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;\nALTER TABLE trees OWNER TO app;", opts: Options{AllowUnforced: true, AppRole: "app"},
			want: "trees is owned by app, the application role, after this OWNER TO, and its row-level security is not forced, so the application bypasses every policy (rls_allow_unforced waives FORCE only for tables the application does not own): add ALTER TABLE trees FORCE ROW LEVEL SECURITY, or give the table another owner"},
		{name: "bypassRLS", sql: walled + "CREATE USER app BYPASSRLS;", opts: Options{AppRole: "app"},
			want: "application role app has BYPASSRLS, so PostgreSQL skips every row-level security policy for it: ALTER ROLE app NOBYPASSRLS, and connect as a role without it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schema.LoadSQL("m.sql", tt.sql, schema.Options{})
			require.NoError(t, err)
			tt.opts.TenantContext = scope.DefaultOptions().TenantContext
			found := Check(s, tt.opts).Findings
			require.Len(t, found, 1)
			assert.Equal(t, tt.want, found[0].Message)
		})
	}
}

// TestExemptions checks the exemptions the exception report lists: only
// comments with a reason, each marked used when it hides a finding.
func TestExemptions(t *testing.T) {
	sql := walled + `-- tenantcheck:cross-tenant token look-up precedes the tenant
CREATE POLICY trees_read ON trees FOR SELECT USING (true);
-- tenantcheck:cross-tenant reads only its own
CREATE POLICY trees_own ON trees FOR SELECT USING (account_id = current_setting('app.account_id')::uuid);
-- tenantcheck:cross-tenant
CREATE POLICY trees_bare ON trees FOR SELECT USING (account_id = current_setting('app.account_id')::uuid);
-- tenantcheck:cross-tenant staff notes span every account
CREATE TABLE notes (id int, account_id uuid);`
	s, err := schema.LoadSQL("m.sql", sql, schema.Options{})
	require.NoError(t, err)
	res := Check(s, Options{TenantContext: scope.DefaultOptions().TenantContext})
	var got []string
	for _, e := range res.Exemptions {
		got = append(got, fmt.Sprintf("%d %s %s %v: %s", e.Directive.Pos.Line, e.Table, e.Policy, e.Used, e.Directive.Reason))
	}
	assert.Equal(t, []string{
		"16 notes  true: staff notes span every account",
		"10 trees trees_read true: token look-up precedes the tenant",
		"12 trees trees_own false: reads only its own",
	}, got)
}
