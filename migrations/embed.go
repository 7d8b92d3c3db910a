// Package migrations holds the reference service's schema as plain SQL files
// and applies them all or nothing, so the service, its tests and tenantcheck
// all read the same tables, and a database is either at the latest version
// or untouched.
package migrations

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// FS holds the migration files, applied in file-name order.
//
//go:embed *.sql
var FS embed.FS

// VersionTable records how many migrations the database has applied, in
// its one row (the layout tern uses, so databases tern migrated carry on).
const VersionTable = "public.schema_version"

// AppRole is the role the migrations create for the service: subject to
// row-level security, with only the privileges the service needs.
const AppRole = "tenantcheck_app"

// lockKey names the advisory lock that keeps two migrators apart.
const lockKey = 7_384_512_096

// migration is one file of FS.
type migration struct {
	name string
	sql  string
}

// load reads the *.sql files of fsys, which must be numbered from 001 on
// without gaps (NNN_what.sql): a missing number would otherwise be
// skipped for good.
func load(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	ms := make([]migration, 0, len(names))
	for i, name := range names {
		num, _, ok := strings.Cut(name, "_")
		if n, err := strconv.Atoi(num); !ok || err != nil || n != i+1 {
			return nil, fmt.Errorf("%s: want the name %03d_<what>.sql: migrations are numbered from 001 without gaps", name, i+1)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read migration: %w", err)
		}
		ms = append(ms, migration{name: name, sql: string(b)})
	}
	return ms, nil
}

// Latest is the version of a fully migrated database: the number of
// migrations in FS.
func Latest() int {
	names, _ := fs.Glob(FS, "*.sql")
	return len(names)
}

// Migrate brings the database conn is connected to up to the latest
// migration in one transaction: every pending migration is applied, or
// none is. It needs the tables' owner (or a role that may create them in
// schema public); the role need not have CREATEROLE once AppRole exists.
func Migrate(ctx context.Context, conn *pgx.Conn) error {
	return migrate(ctx, conn, FS)
}

func migrate(ctx context.Context, conn *pgx.Conn, fsys fs.FS) error {
	ms, err := load(fsys)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(lockKey)); err != nil {
			return fmt.Errorf("wait for other migrators: %w", err)
		}
		version, err := currentVersion(ctx, tx)
		if err != nil {
			return err
		}
		if version > len(ms) {
			return fmt.Errorf("the database is at version %d, newer than this program's %d migrations: run a newer build", version, len(ms))
		}
		for _, m := range ms[version:] {
			//tenantcheck:cross-tenant schema changes: a migration file's DDL applies to every tenant
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("%s: %w (no migration was applied)", errorPlace(m, err), err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE `+VersionTable+` SET version = $1`, len(ms)); err != nil {
			return fmt.Errorf("record version %d: %w", len(ms), err)
		}
		// The service checks the version at start-up.
		if _, err := tx.Exec(ctx, `GRANT SELECT ON `+VersionTable+` TO `+AppRole); err != nil {
			return fmt.Errorf("let %s read %s: %w", AppRole, VersionTable, err)
		}
		return nil
	})
}

// currentVersion reads the version, creating the table at version 0 in a
// database never migrated.
func currentVersion(ctx context.Context, tx pgx.Tx) (int, error) {
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+VersionTable+` (version integer NOT NULL)`); err != nil {
		return 0, fmt.Errorf("create %s: %w", VersionTable, err)
	}
	var version int
	err := tx.QueryRow(ctx, `SELECT version FROM `+VersionTable).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = tx.Exec(ctx, `INSERT INTO `+VersionTable+` (version) VALUES (0)`)
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", VersionTable, err)
	}
	return version, nil
}

// errorPlace is file:line of the statement PostgreSQL's error points at
// (its position counts characters from 1), or the file alone when the
// error has no position (one raised inside a DO block).
func errorPlace(m migration, err error) string {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Position <= 0 {
		return m.name
	}
	line, chars := 1, 0
	for _, r := range m.sql {
		chars++
		if chars >= int(pgErr.Position) {
			break
		}
		if r == '\n' {
			line++
		}
	}
	return m.name + ":" + strconv.Itoa(line)
}

// Version is the number of migrations the database q reaches has applied,
// for a service that refuses to start on a partly migrated database.
func Version(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (int, error) {
	var version int
	if err := q.QueryRow(ctx, `SELECT version FROM `+VersionTable).Scan(&version); err != nil {
		return 0, fmt.Errorf("read %s (run migrate): %w", VersionTable, err)
	}
	return version, nil
}

// CreateLogin creates a login role for the service, or resets the one of
// that name: a member of AppRole without any attribute that skips
// row-level security or grants more (superuser, BYPASSRLS, CREATEROLE,
// CREATEDB). It needs a role with CREATEROLE and runs after Migrate. A
// concurrent creation of the same role (tests sharing a cluster) is not an
// error.
func CreateLogin(ctx context.Context, conn *pgx.Conn, name, password string) error {
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// Role statements take no bind parameters: the name and password
		// reach them through settings of this transaction, quoted by
		// format().
		if _, err := tx.Exec(ctx, `SELECT set_config('tenantcheck.login', $1, true), set_config('tenantcheck.password', $2, true)`, name, password); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, createLoginSQL)
		return err
	})
	if err != nil {
		return fmt.Errorf("create login role %s: %w", name, err)
	}
	return nil
}

const createLoginSQL = `DO $$
DECLARE
    login text := current_setting('tenantcheck.login');
BEGIN
    BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', login);
        END IF;
    EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE',
        login, current_setting('tenantcheck.password'));
    EXECUTE format('GRANT tenantcheck_app TO %I', login);
END
$$`
