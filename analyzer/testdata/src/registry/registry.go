// Package registry has functions the config approves as cross-tenant.
package registry

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Purge is approved in the registry.
func Purge(ctx context.Context, pool *pgxpool.Pool) {
	pool.Exec(ctx, "DELETE FROM trees WHERE name = $1", "expired")
}

func notApproved(ctx context.Context, pool *pgxpool.Pool) {
	pool.Exec(ctx, "DELETE FROM trees WHERE name = $1", "expired") // want `trees is not scoped`
}
