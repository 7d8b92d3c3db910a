package pgtest

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/resolutionflow/tenantcheck/migrations"
)

// Halt stops the cluster as `pg_ctl stop -m fast` does (sessions are
// aborted), keeping its data and port so that Resume can start it again:
// fault tests and the soak use it to take the database away from a
// running service.
func (c *Cluster) Halt() { c.srv.stop() }

// Resume starts a halted cluster again on the same port.
func (c *Cluster) Resume(ctx context.Context) error {
	if err := c.srv.start(ctx); err != nil {
		return fmt.Errorf("restart postgres: %w", err)
	}
	return nil
}

// Restart halts and resumes the cluster, as `pg_ctl restart -m fast` does,
// and returns how long it was down.
func (c *Cluster) Restart(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	c.Halt()
	err := c.Resume(ctx)
	return time.Since(start), err
}

// NewAppDatabase creates database name, applies the migrations and makes
// sure AppRole exists, and returns a URL that logs in to it as AppRole:
// what the service would get.
func (c *Cluster) NewAppDatabase(ctx context.Context, name string) (string, error) {
	e := &env{adminURL: c.srv.url}
	if err := e.createDatabase(ctx, name, ""); err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, c.DatabaseURL(name))
	if err != nil {
		return "", fmt.Errorf("connect to %s: %w", name, err)
	}
	defer conn.Close(ctx)
	if err := migrations.Migrate(ctx, conn); err != nil {
		return "", fmt.Errorf("migrate %s: %w", name, err)
	}
	if err := createAppRole(ctx, conn); err != nil {
		return "", err
	}
	return withDatabase(c.srv.url, name, AppRole, appPassword), nil
}
