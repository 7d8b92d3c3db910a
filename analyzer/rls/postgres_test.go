package rls

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

// tables is the schema of every PostgreSQL case: a tenant table and its
// child, owned by the superuser, so that the application role is bound by
// their policies once they are enabled.
const tables = `CREATE TABLE trees (id int PRIMARY KEY, account_id int NOT NULL, name text NOT NULL DEFAULT '');
CREATE TABLE nodes (id int PRIMARY KEY, tree_id int NOT NULL REFERENCES trees (id));
ALTER TABLE trees ENABLE ROW LEVEL SECURITY;
ALTER TABLE nodes ENABLE ROW LEVEL SECURITY;
`

// rows gives each table a row of account 1 (id 1) and one of account 2
// (id 2), written as the superuser, whom row-level security does not bind.
const rows = `INSERT INTO trees (id, account_id) VALUES (1, 1), (2, 2);
INSERT INTO nodes (id, tree_id) VALUES (1, 1), (2, 2);
GRANT SELECT, INSERT ON trees, nodes TO rlsapp;
`

// TestVerdictsAgreeWithPostgreSQL applies each case's policies to a real
// server and checks the checker's verdict against what PostgreSQL lets the
// application role do as account 1: read the row of account 2, or insert
// one for it. A policy finding must mean such a leak, and no finding must
// mean none.
//
//tenantcheck:cross-tenant the test loads each case's migration and rows of two accounts into a throwaway database, to see which policies let another tenant's rows through
func TestVerdictsAgreeWithPostgreSQL(t *testing.T) {
	tests := []struct {
		name     string
		policies string
	}{
		{name: "tenantKey", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int);`},
		{name: "nullifMissingOK", policies: `CREATE POLICY t ON trees USING (account_id = nullif(current_setting('app.account_id', true), '')::int);`},
		{name: "scalarSubquery", policies: `CREATE POLICY t ON trees USING (account_id = (SELECT current_setting('app.account_id'))::int);`},
		{name: "orTrue", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int OR true);`},
		{name: "orOfConfiningArms", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int
    OR account_id IN (SELECT current_setting('app.account_id')::int));`},
		{name: "secondPermissiveSelectTrue", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int);
CREATE POLICY r ON trees FOR SELECT USING (true);`},
		{name: "restrictiveConfinesPermissiveTrue", policies: `CREATE POLICY r ON trees USING (true);
CREATE POLICY w ON trees AS RESTRICTIVE USING (account_id = current_setting('app.account_id')::int);`},
		{name: "insertWithCheckTrue", policies: `CREATE POLICY t ON trees FOR SELECT USING (account_id = current_setting('app.account_id')::int);
CREATE POLICY i ON trees FOR INSERT WITH CHECK (true);`},
		{name: "allWithCheckTrue", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int) WITH CHECK (true);`},
		{name: "policyForOtherRole", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int);
CREATE POLICY a ON trees TO rlsadmin USING (true);`},
		{name: "childThroughForeignKey", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int);
CREATE POLICY n ON nodes USING (EXISTS (SELECT 1 FROM trees t WHERE t.id = tree_id AND t.account_id = current_setting('app.account_id')::int));`},
		{name: "childWithoutForeignKeyJoin", policies: `CREATE POLICY t ON trees USING (account_id = current_setting('app.account_id')::int);
CREATE POLICY n ON nodes USING (EXISTS (SELECT 1 FROM trees t WHERE t.account_id = current_setting('app.account_id')::int));`},
	}
	ctx := context.Background()
	cluster, err := pgtest.StartCluster(ctx)
	require.NoError(t, err)
	t.Cleanup(cluster.Stop)
	admin, err := pgx.Connect(ctx, cluster.URL())
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close(ctx) })
	_, err = admin.Exec(ctx, "CREATE ROLE rlsapp; CREATE ROLE rlsadmin")
	require.NoError(t, err)

	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			migration := tables + tt.policies
			s, err := schema.LoadSQL("m.sql", migration, schema.Options{})
			require.NoError(t, err)
			// A policy finding claims a leak; "no policy" claims none, since
			// PostgreSQL then denies every row.
			reported, denied := map[string]bool{}, map[string]bool{}
			for _, f := range Check(s, Options{AppRole: "rlsapp", AllowUnforced: true, TenantContext: scope.DefaultOptions().TenantContext}).Findings {
				switch {
				case strings.HasPrefix(f.Key, "policy:"):
					reported[f.Table] = true
				case f.Key == "policy":
					denied[f.Table] = true
				default:
					require.Failf(t, "unexpected finding", "%s", f.Message)
				}
			}

			db := fmt.Sprintf("rls_case_%d", i)
			_, err = admin.Exec(ctx, "CREATE DATABASE "+db)
			require.NoError(t, err)
			conn, err := pgx.Connect(ctx, cluster.DatabaseURL(db))
			require.NoError(t, err)
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, migration+"\n"+rows)
			require.NoError(t, err)
			_, err = conn.Exec(ctx, "SET ROLE rlsapp; SET app.account_id = '1'")
			require.NoError(t, err)

			for _, table := range []string{"trees", "nodes"} {
				leak := reads(ctx, t, conn, table) || writes(ctx, t, conn, table)
				assert.Equal(t, leak, reported[table], "%s: PostgreSQL leaks other tenants' rows: %v; the checker reports a policy: %v", table, leak, reported[table])
				if denied[table] {
					assert.False(t, leak, "%s has no policy, so PostgreSQL must deny every row", table)
				}
			}
		})
	}
}

// reads reports whether the application role sees account 2's row.
func reads(ctx context.Context, t *testing.T, conn *pgx.Conn, table string) bool {
	t.Helper()
	var n int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE id = 2").Scan(&n))
	return n > 0
}

// writes reports whether the application role may insert a row of
// account 2, undoing the insert either way.
//
//tenantcheck:cross-tenant the probe inserts another tenant's row on purpose; the policies under test must refuse it
func writes(ctx context.Context, t *testing.T, conn *pgx.Conn, table string) bool {
	t.Helper()
	insert := map[string]string{
		"trees": "INSERT INTO trees (id, account_id) VALUES (3, 2)",
		"nodes": "INSERT INTO nodes (id, tree_id) VALUES (3, 2)",
	}[table]
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	defer func() { require.NoError(t, tx.Rollback(ctx)) }()
	_, err = tx.Exec(ctx, insert)
	if err == nil {
		return true
	}
	var pgErr interface{ SQLState() string }
	require.True(t, errors.As(err, &pgErr), "insert: %v", err)
	require.Equal(t, "42501", pgErr.SQLState(), "insert must fail on the policy alone: %v", err)
	return false
}
