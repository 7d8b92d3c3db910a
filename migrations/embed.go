// Package migrations holds the reference service's schema as plain SQL files
// and applies them with tern, so the service, its tests and tenantcheck all
// read the same tables.
package migrations

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"
)

// FS holds the migration files, applied in file-name order.
//
//go:embed *.sql
var FS embed.FS

// VersionTable records the applied migrations in the migrated database.
const VersionTable = "public.schema_version"

// Migrate brings the database conn is connected to up to the latest
// migration. It needs a role that owns (or may create) the tables and may
// create the tenantcheck_app role.
func Migrate(ctx context.Context, conn *pgx.Conn) error {
	m, err := migrate.NewMigrator(ctx, conn, VersionTable)
	if err != nil {
		return fmt.Errorf("create migrator: %w", err)
	}
	if err := m.LoadMigrations(FS); err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	if err := m.Migrate(ctx); err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	return nil
}
