package migrations_test

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	"github.com/resolutionflow/tenantcheck/migrations"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestMigrateIsIdempotent checks that migrating an up-to-date database (the
// template pgtest cloned) applies nothing and fails on nothing.
func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	conn := connect(t, db.AdminURL)
	require.NoError(t, migrations.Migrate(ctx, conn))
	var version int
	require.NoError(t, conn.QueryRow(ctx, `SELECT version FROM public.schema_version`).Scan(&version))
	entries, err := migrations.FS.ReadDir(".")
	require.NoError(t, err)
	assert.Equal(t, len(entries), version)
}

// fixture is two accounts with one user, tree and session each.
type fixture struct {
	accounts, users, sessions [2]string
}

func newFixture(t *testing.T, db *pgtest.DB) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	for i, name := range []string{"acme", "globex"} {
		require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO accounts (name) VALUES ($1) RETURNING id::text`, name).Scan(&f.accounts[i]))
		require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO users (account_id, email, name, role) VALUES ($1, $2, $3, 'engineer') RETURNING id::text`,
			f.accounts[i], name+"@example.com", name).Scan(&f.users[i]))
		var tree string
		require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO trees (account_id, name, structure) VALUES ($1, 'printer', '{"id": "root", "title": "Start", "children": []}') RETURNING id::text`,
			f.accounts[i]).Scan(&tree))
		require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO sessions (account_id, user_id, tree_id) VALUES ($1, $2, $3) RETURNING id::text`,
			f.accounts[i], f.users[i], tree).Scan(&f.sessions[i]))
	}
	return f
}

// unscopedSessions returns the ids of every session that a transaction of
// pool sees with no predicate at all, as role (the pool's own when empty),
// with the given tenant settings (none when accountID is empty).
func unscopedSessions(t *testing.T, pool *pgxpool.Pool, role, accountID, userID string) []string {
	t.Helper()
	ctx := context.Background()
	var got []string
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if role != "" {
			if _, err := tx.Exec(ctx, `SET LOCAL ROLE `+pgx.Identifier{role}.Sanitize()); err != nil {
				return err
			}
		}
		if accountID != "" {
			if _, err := tx.Exec(ctx, `SELECT set_config('app.account_id', $1, true), set_config('app.user_id', $2, true)`, accountID, userID); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT id::text FROM sessions`) //tenantcheck:cross-tenant deliberately unscoped: proves row-level security alone confines it
		if err != nil {
			return err
		}
		got, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	require.NoError(t, err)
	return got
}

// TestRowLevelSecurityStopsUnscopedQuery proves the defense in depth: a
// query with no tenant predicate at all, run as the application role with
// the tenant settings of account 0, sees only account 0's rows.
func TestRowLevelSecurityStopsUnscopedQuery(t *testing.T) {
	db := pgtest.New(t)
	f := newFixture(t, db)

	tests := []struct {
		name      string
		accountID string
		userID    string
		want      []string
	}{
		{"okOwnAccountSeesOwnRows", f.accounts[0], f.users[0], []string{f.sessions[0]}},
		{"okOtherAccountSeesItsRows", f.accounts[1], f.users[1], []string{f.sessions[1]}},
		{"okAccountSettingDecidesWhatIsRead", f.accounts[0], f.users[1], []string{f.sessions[0]}},
		{"okNoSettingsSeesNothing", "", "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, unscopedSessions(t, db.App, "", tt.accountID, tt.userID))
		})
	}
}

// TestRowLevelSecurityRefusesForeignWrites checks that the application
// role cannot write a row for another account or another user, whatever
// the SQL says.
func TestRowLevelSecurityRefusesForeignWrites(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	f := newFixture(t, db)
	var tree string
	require.NoError(t, db.Admin.QueryRow(ctx, `UPDATE sessions s SET completed_at = now(), outcome = 'resolved' WHERE s.account_id = $1 AND s.id = $2 RETURNING s.tree_id::text`,
		f.accounts[1], f.sessions[1]).Scan(&tree))

	tests := []struct {
		name      string
		accountID string
		userID    string
	}{
		{"badRatingForOtherAccount", f.accounts[0], f.users[0]},
		{"badRatingAsOtherUserOfAccount", f.accounts[1], f.users[0]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pgx.BeginFunc(ctx, db.App, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `SELECT set_config('app.account_id', $1, true), set_config('app.user_id', $2, true)`, tt.accountID, tt.userID); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `INSERT INTO session_ratings (account_id, user_id, session_id, tree_id, rating) VALUES ($1, $2, $3, $4, 5)`,
					f.accounts[1], f.users[1], f.sessions[1], tree)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "row-level security")
		})
	}
}

// TestForcedRowLevelSecurityBindsTheOwner checks migration 004: every table
// with row-level security forces it, and a role that owns sessions (not a
// superuser) sees none of its rows without the tenant settings and only
// its tenant's rows with them.
func TestForcedRowLevelSecurityBindsTheOwner(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	f := newFixture(t, db)

	rows, err := db.Admin.Query(ctx, `SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity AND NOT c.relforcerowsecurity ORDER BY 1`)
	require.NoError(t, err)
	unforced, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Empty(t, unforced, "tables with row-level security enabled but not forced")

	owner, _ := db.NewLoginRole(t, "NOSUPERUSER NOBYPASSRLS")
	_, err = db.Admin.Exec(ctx, `ALTER TABLE sessions OWNER TO `+pgx.Identifier{owner}.Sanitize())
	require.NoError(t, err)

	tests := []struct {
		name      string
		accountID string
		want      []string
	}{
		{"okOwnerWithoutSettingsSeesNothing", "", []string{}},
		{"okOwnerWithSettingsSeesOneAccount", f.accounts[1], []string{f.sessions[1]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, unscopedSessions(t, db.Admin, owner, tt.accountID, ""))
		})
	}
}

// connect opens a connection for the rest of t.
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// migrationFile returns the text of one of the real migrations.
func migrationFile(t *testing.T, name string) *fstest.MapFile {
	t.Helper()
	b, err := fs.ReadFile(migrations.FS, name)
	require.NoError(t, err)
	return &fstest.MapFile{Data: b}
}

// TestMigrateIsAllOrNothing applies migration sets to an empty database:
// a failure in any file leaves no table and no version behind, and the
// error names the file and line.
func TestMigrateIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		files   func(t *testing.T) fstest.MapFS
		wantErr string
	}{
		{"badSecondFileFailsOnItsThirdLine", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{
				"001_tables.sql": migrationFile(t, "001_tables.sql"),
				"002_broken.sql": {Data: []byte("CREATE TABLE notes (id integer);\n\nSELECT * FROM missing_table;\n")},
			}
		}, "002_broken.sql:3: "},
		{"badGapInNumbers", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{
				"001_tables.sql":  migrationFile(t, "001_tables.sql"),
				"003_indexes.sql": migrationFile(t, "002_indexes.sql"),
			}
		}, "003_indexes.sql: want the name 002_<what>.sql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := pgtest.NewEmpty(t)
			conn := connect(t, db.AdminURL)
			err := migrations.MigrateFS(ctx, conn, tt.files(t))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			var tables int
			require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables))
			assert.Zero(t, tables, "tables left behind")
		})
	}
}

// TestMigrateRefusesNewerDatabase checks that a build with fewer
// migrations than the database has applied changes nothing.
func TestMigrateRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	conn := connect(t, db.AdminURL)
	err := migrations.MigrateFS(ctx, conn, fstest.MapFS{"001_tables.sql": migrationFile(t, "001_tables.sql")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("at version %d, newer than this program's 1 migrations", migrations.Latest()))
}

// TestMigrateAsOwnerWithoutCreateRole runs every migration as the owner
// of an empty database who may not create roles (tenantcheck_app exists,
// as an administrator would have created it): they all apply, and the
// owner is then bound by row-level security like any other role.
func TestMigrateAsOwnerWithoutCreateRole(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewEmpty(t)
	owner, ownerURL := db.NewLoginRole(t, "NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB")
	_, err := db.Admin.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{db.Name}.Sanitize()+` OWNER TO `+pgx.Identifier{owner}.Sanitize())
	require.NoError(t, err)
	conn := connect(t, ownerURL)

	require.NoError(t, migrations.Migrate(ctx, conn))
	version, err := migrations.Version(ctx, conn)
	require.NoError(t, err)
	assert.Equal(t, migrations.Latest(), version)
	var owned, unforced int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_get_userbyid(c.relowner) = current_user),
		count(*) FILTER (WHERE NOT c.relforcerowsecurity AND c.relname <> 'schema_version')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`).Scan(&owned, &unforced))
	assert.Positive(t, owned, "tables owned by the migrating role")
	assert.Zero(t, unforced, "tables without forced row-level security")
	_, err = conn.Exec(ctx, `INSERT INTO accounts (name) VALUES ('acme')`)
	require.Error(t, err, "the owner inserts an account no tenant setting allows")
	assert.Contains(t, err.Error(), "row-level security")
}
