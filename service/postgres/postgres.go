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
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/resolutionflow/tenantcheck/migrations"
	"github.com/resolutionflow/tenantcheck/service"
)

// AppRole is the role the migrations create for the service: subject to
// row-level security, with only the privileges the service needs.
const AppRole = migrations.AppRole

// Open connects a pool for the service (ParseConfig, then OpenConfig).
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := ParseConfig(url)
	if err != nil {
		return nil, err
	}
	return OpenConfig(ctx, cfg)
}

// ParseConfig parses url into a pool configuration whose connections run
// as AppRole (SET ROLE, which needs membership in it) and refuse to serve
// when row-level security would not apply to them.
func ParseConfig(url string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	setDefaultTimeouts(cfg)
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		if _, err := conn.Exec(ctx, `SET ROLE tenantcheck_app`); err != nil {
			return fmt.Errorf("set role %s (is the login role a member of it? run migrate first): %w", AppRole, err)
		}
		// row_security_active is false for a superuser, a BYPASSRLS role or
		// an owner of a table that does not force it: exactly the roles the
		// policies do not bind.
		var active bool
		if err := conn.QueryRow(ctx, `SELECT row_security_active('public.sessions')`).Scan(&active); err != nil {
			return fmt.Errorf("check row-level security: %w", err)
		}
		if !active {
			return fmt.Errorf("row-level security does not apply to role %s (superuser, BYPASSRLS or table owner)", AppRole)
		}
		return nil
	}
	return cfg, nil
}

// OpenConfig connects a pool with cfg (from ParseConfig) and refuses to
// start unless both walls stand (see CheckWalls).
func OpenConfig(ctx context.Context, cfg *pgxpool.Config) (*pgxpool.Pool, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if err := CheckWalls(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// CheckWalls checks what keeps a forgotten tenant predicate from leaking,
// besides the SQL itself: the login role is neither a superuser nor
// BYPASSRLS nor an owner of the tables, and cannot become one (a RESET ROLE
// would otherwise undo the service's SET ROLE); every migration is
// applied; and every table of schema public forces row-level security,
// so not even its owner skips the policies. The error names the role or
// the tables.
func CheckWalls(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("connect to database: %w", err)
	}
	defer conn.Release()
	var login, skipper string
	err = conn.QueryRow(ctx, `SELECT session_user::text, coalesce((SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM pg_roles r
		WHERE (r.rolsuper OR r.rolbypassrls) AND pg_has_role(session_user, r.oid, 'MEMBER')), '')`).Scan(&login, &skipper)
	if err != nil {
		return fmt.Errorf("check the login role: %w", err)
	}
	if skipper != "" {
		return fmt.Errorf("login role %s is or may become a superuser or BYPASSRLS role (%s), which skips row-level security: log in as a role of its own (CREATE ROLE svc LOGIN PASSWORD '...' IN ROLE %s)", login, skipper, AppRole)
	}
	owned, err := publicTables(ctx, conn, `pg_has_role(session_user, c.relowner, 'MEMBER')`)
	if err != nil {
		return fmt.Errorf("check table owners: %w", err)
	}
	if len(owned) > 0 {
		return fmt.Errorf("login role %s owns (or is a member of the owner of) %s: an owner may turn row-level security off; log in as a role of its own (CREATE ROLE svc LOGIN PASSWORD '...' IN ROLE %s)", login, strings.Join(owned, ", "), AppRole)
	}
	version, err := migrations.Version(ctx, conn)
	if err != nil {
		return err
	}
	if latest := migrations.Latest(); version != latest {
		return fmt.Errorf("the database has %d of this build's %d migrations: run migrate with this build", version, latest)
	}
	unforced, err := publicTables(ctx, conn, `c.oid <> '`+migrations.VersionTable+`'::regclass AND NOT (c.relrowsecurity AND c.relforcerowsecurity)`)
	if err != nil {
		return fmt.Errorf("check row-level security: %w", err)
	}
	if len(unforced) > 0 {
		return fmt.Errorf("tables without forced row-level security: %s: every table of schema public needs ENABLE and FORCE ROW LEVEL SECURITY (migrations/004)", strings.Join(unforced, ", "))
	}
	return nil
}

// publicTables lists the tables of schema public (c in pg_class) that
// match where, by name.
func publicTables(ctx context.Context, conn *pgxpool.Conn, where string) ([]string, error) {
	rows, err := conn.Query(ctx, `SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND `+where+` ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
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

// inTx runs fn in a transaction on a pooled connection. Connection
// failures come back as EUNAVAILABLE.
func (db *DB) inTx(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	conn, err := db.acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	return classify(ctx, pgx.BeginTxFunc(ctx, conn, opts, fn))
}

// inTenant runs fn in a transaction with the caller's tenant settings.
func (db *DB) inTenant(ctx context.Context, c service.Caller, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	return db.inTx(ctx, opts, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, setTenantSQL, c.AccountID.String(), c.UserID.String()); err != nil {
			return fmt.Errorf("set tenant: %w", err)
		}
		return fn(tx)
	})
}

// ReadTenant runs fn in a read-only transaction with the caller's tenant
// settings: analytics cannot write even if a query were wrong.
func (db *DB) ReadTenant(ctx context.Context, c service.Caller, fn func(tx pgx.Tx) error) error {
	return db.inTenant(ctx, c, pgx.TxOptions{AccessMode: pgx.ReadOnly}, fn)
}

// ReadTenantBatch is ReadTenant for a fixed list of queries: queue adds
// them to a batch, each with a callback (QueuedQuery.QueryRow, Query) that
// reads its result, and the tenant settings and the queries go to the
// server in one round trip. Under load every round trip waits for the
// server process to be scheduled, so a dashboard's latency follows the
// count of round trips more than the work of its queries. The batch ends
// with one Sync, so PostgreSQL runs it as one implicit transaction: the
// settings of readTenantSQL, read-only mode included, end with it as
// ReadTenant's do at COMMIT, without the BEGIN and COMMIT round trips.
// The callbacks run in queue order and the first one that returns an
// error stops the others: a check queued first (a role, a tree's
// existence) guards what follows, whose results are then never read. A
// statement that fails aborts the implicit transaction, and the
// statements after it do not run.
func (db *DB) ReadTenantBatch(ctx context.Context, c service.Caller, queue func(b *pgx.Batch)) error {
	conn, err := db.acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	b := &pgx.Batch{}
	b.Queue(readTenantSQL, c.AccountID.String(), c.UserID.String()).QueryRow(func(row pgx.Row) error {
		if err := row.Scan(nil, nil, nil); err != nil {
			return fmt.Errorf("set tenant: %w", err)
		}
		return nil
	})
	queue(b)
	return classify(ctx, conn.SendBatch(ctx, b).Close())
}

// readTenantSQL is setTenantSQL for ReadTenantBatch's implicit
// transaction, which no BEGIN makes read-only: transaction_read_only may
// be turned on at any point of a transaction.
const readTenantSQL = `SELECT set_config('transaction_read_only', 'on', true), set_config('app.account_id', $1, true), set_config('app.user_id', $2, true)`

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
