// Package directive justifies cross-tenant queries.
package directive

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

type jobs struct {
	pool  *pgxpool.Pool
	query string
}

func (j *jobs) lineAbove(ctx context.Context) {
	//tenantcheck:cross-tenant nightly purge runs for every account
	j.pool.Exec(ctx, j.query)
}

func (j *jobs) sameLine(ctx context.Context) {
	j.pool.Exec(ctx, j.query) //tenantcheck:cross-tenant admin tool lists every account
}

// purge deletes expired trees of every account.
//
//tenantcheck:cross-tenant the retention job is global by design
func (j *jobs) purge(ctx context.Context) {
	j.pool.Exec(ctx, "DELETE FROM trees WHERE name = $1", "expired")
	j.pool.Exec(ctx, j.query)
}

func (j *jobs) noReason(ctx context.Context) {
	// want +1 `cross-tenant directive has no reason: write why the query may read other tenants' rows after //tenantcheck:cross-tenant`
	//tenantcheck:cross-tenant
	j.pool.Exec(ctx, j.query) // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Exec: built from field query, which this package never sets`
}

func (j *jobs) stale(ctx context.Context) {
	// want +1 `directive suppresses nothing: remove it`
	//tenantcheck:cross-tenant this query used to be cross-tenant
	j.pool.Exec(ctx, "DELETE FROM trees WHERE account_id = $1", 1)
}

func (j *jobs) unknown(ctx context.Context) {
	// want +1 `unknown directive //tenantcheck:crosstenant: the only directive is //tenantcheck:cross-tenant`
	//tenantcheck:crosstenant typo
	j.pool.Exec(ctx, "DELETE FROM trees WHERE account_id = $1", 1)
}

func (j *jobs) parseNotSuppressed(ctx context.Context) {
	// want +1 `directive suppresses nothing: remove it`
	//tenantcheck:cross-tenant a parse error is a bug, never justified
	j.pool.Exec(ctx, "DELETE trees") // want `SQL does not parse`
}
