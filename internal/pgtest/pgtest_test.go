package pgtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestNew(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		check func(t *testing.T, db *pgtest.DB)
	}{
		{"okAppRoleSubjectToRowLevelSecurity", func(t *testing.T, db *pgtest.DB) {
			var user string
			var super, bypass bool
			err := db.App.QueryRow(ctx, `SELECT current_user, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`).Scan(&user, &super, &bypass)
			require.NoError(t, err)
			assert.Equal(t, pgtest.AppRole, user)
			assert.False(t, super, "app role is a superuser")
			assert.False(t, bypass, "app role bypasses row-level security")
		}},
		{"okAppRoleDoesNotOwnTables", func(t *testing.T, db *pgtest.DB) {
			var owned int
			err := db.Admin.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`, pgtest.AppRole).Scan(&owned)
			require.NoError(t, err)
			assert.Zero(t, owned)
		}},
		{"okMigrationsApplied", func(t *testing.T, db *pgtest.DB) {
			var tables int
			err := db.Admin.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND rowsecurity`).Scan(&tables)
			require.NoError(t, err)
			assert.Equal(t, 17, tables, "tables with row-level security: 9 tenant tables, 8 rollups")
		}},
		{"okAdminIsSuperuser", func(t *testing.T, db *pgtest.DB) {
			var super string
			require.NoError(t, db.Admin.QueryRow(ctx, `SHOW is_superuser`).Scan(&super))
			assert.Equal(t, "on", super)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.check(t, pgtest.New(t))
		})
	}
}

// TestNewIsolatesTests checks that each test gets its own database: a row
// written in one is absent from the other.
func TestNewIsolatesTests(t *testing.T) {
	ctx := context.Background()
	first, second := pgtest.New(t), pgtest.New(t)
	assert.NotEqual(t, first.Name, second.Name)
	_, err := first.Admin.Exec(ctx, `INSERT INTO accounts (name) VALUES ('first')`)
	require.NoError(t, err)
	var n int
	require.NoError(t, second.Admin.QueryRow(ctx, `SELECT count(*) FROM accounts`).Scan(&n))
	assert.Zero(t, n)
}
