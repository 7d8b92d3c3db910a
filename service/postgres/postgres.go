// Package postgres implements the service's interfaces with pgx against
// PostgreSQL. Every query is a constant that names the tenant key as an
// explicit parameter (WHERE t.account_id = $1 AND ...), and every tenant
// transaction also sets app.account_id and app.user_id for row-level
// security, so a forgotten predicate is caught twice: by tenantcheck before
// merge and by the database at run time.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/resolutionflow/tenantcheck/service"
)

// AppRole is the role the migrations create for the service: subject to
// row-level security, with only the privileges the service needs.
const AppRole = "tenantcheck_app"

// Open connects a pool whose connections run as AppRole, whatever role the
// URL logs in as (SET ROLE needs membership in it, which superusers have),
// and refuses a connection that would still skip row-level security.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	setDefaultTimeouts(cfg)
	// Counts statements only for contexts from CountQueries (benchmarks).
	cfg.ConnConfig.Tracer = queryCounter{}
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		if _, err := conn.Exec(ctx, `SET ROLE tenantcheck_app`); err != nil {
			return fmt.Errorf("set role %s (is the login role a member of it? run migrate first): %w", AppRole, err)
		}
		// row_security_active is false for a superuser, a BYPASSRLS role or
		// the table's owner: exactly the roles the policies do not bind.
		var active bool
		if err := conn.QueryRow(ctx, `SELECT row_security_active('public.sessions')`).Scan(&active); err != nil {
			return fmt.Errorf("check row-level security: %w", err)
		}
		if !active {
			return fmt.Errorf("row-level security does not apply to role %s (superuser, BYPASSRLS or table owner)", AppRole)
		}
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return pool, nil
}

// DB runs the service's transactions on a pool.
type DB struct {
	pool *pgxpool.Pool
	// Now is the clock analytics periods end at; tests may replace it.
	Now func() time.Time
	// AcquireTimeout bounds the wait for a connection; beyond it a request
	// fails with EUNAVAILABLE.
	AcquireTimeout time.Duration
}

// NewDB returns a DB on pool, which should connect as a role subject to
// row-level security (see Open).
func NewDB(pool *pgxpool.Pool) *DB {
	return &DB{pool: pool, Now: time.Now, AcquireTimeout: DefaultAcquireTimeout}
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.pool.Ping(ctx)
}

// setTenantSQL scopes row-level security to the caller for the rest of the
// transaction only (is_local = true), so nothing leaks to the next
// borrower of the pooled connection.
const setTenantSQL = `SELECT set_config('app.account_id', $1, true), set_config('app.user_id', $2, true)`

// inTenant runs fn in a transaction with the caller's tenant settings.
// Connection failures come back as EUNAVAILABLE.
func (db *DB) inTenant(ctx context.Context, c service.Caller, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	conn, err := db.acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	err = pgx.BeginTxFunc(ctx, conn, opts, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, setTenantSQL, c.AccountID.String(), c.UserID.String()); err != nil {
			return fmt.Errorf("set tenant: %w", err)
		}
		return fn(tx)
	})
	return classify(ctx, err)
}

// readOnly is for analytics: a read-only transaction cannot write even if
// a query were wrong.
var readOnly = pgx.TxOptions{AccessMode: pgx.ReadOnly}

// AuthService implements service.Authenticator.
type AuthService struct{ db *DB }

// NewAuthService returns an Authenticator on db.
func NewAuthService(db *DB) *AuthService { return &AuthService{db: db} }

// Authenticate looks the token's hash up. It is the one query that runs
// before the tenant is known; api_tokens' row-level security lets any
// row be read for it, and only hashes are stored.
func (s *AuthService) Authenticate(ctx context.Context, token string) (service.Caller, error) {
	if token == "" {
		return service.Caller{}, service.Errorf(service.EUNAUTHORIZED, "missing bearer token")
	}
	conn, err := s.db.acquire(ctx)
	if err != nil {
		return service.Caller{}, err
	}
	defer conn.Release()
	var c service.Caller
	//tenantcheck:cross-tenant authentication: the token's hash is the only key before the tenant is known
	err = conn.QueryRow(ctx, `SELECT t.account_id, t.user_id FROM api_tokens t WHERE t.token_hash = $1 AND t.expires_at > now()`,
		service.HashToken(token)).Scan(&c.AccountID, &c.UserID)
	if errors.Is(err, pgx.ErrNoRows) {
		return service.Caller{}, service.Errorf(service.EUNAUTHORIZED, "unknown or expired token")
	}
	if err != nil {
		return service.Caller{}, classify(ctx, fmt.Errorf("look up token: %w", err))
	}
	return c, nil
}
