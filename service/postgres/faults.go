package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/resolutionflow/tenantcheck/service"
)

// Default bounds on waiting for the database, so that a request fails fast
// with EUNAVAILABLE (503) rather than hanging when PostgreSQL is down,
// restarting or unreachable.
const (
	// DefaultConnectTimeout bounds one connection attempt when the URL sets
	// no connect_timeout.
	DefaultConnectTimeout = 2 * time.Second
	// DefaultAcquireTimeout bounds the wait for a pooled connection: a
	// free one, or a new one connected.
	DefaultAcquireTimeout = 3 * time.Second
)

// setDefaultTimeouts gives cfg a connect timeout when its URL has none.
func setDefaultTimeouts(cfg *pgxpool.Config) {
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = DefaultConnectTimeout
	}
}

// acquire takes a connection from the pool within db.AcquireTimeout. A
// failure while the caller still waits is the database's: EUNAVAILABLE.
func (db *DB) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	actx, cancel := context.WithTimeout(ctx, db.AcquireTimeout)
	defer cancel()
	conn, err := db.pool.Acquire(actx)
	if err != nil && ctx.Err() == nil {
		return nil, unavailable(fmt.Errorf("acquire a connection: %w", err))
	}
	return conn, err
}

// classify marks err EUNAVAILABLE when it says the database could not be
// reached or went away (connection refused or reset, shutting down or
// starting up, out of connections), so the caller can retry. Service
// errors pass through, and so does everything once ctx is done: a client
// that went away is not an outage.
func classify(ctx context.Context, err error) error {
	var se *service.Error
	if err == nil || errors.As(err, &se) || ctx.Err() != nil || !connectionLost(err) {
		return err
	}
	return unavailable(err)
}

// unavailable wraps err, kept for the log, in EUNAVAILABLE.
func unavailable(err error) error {
	return fmt.Errorf("%w: %w", service.Errorf(service.EUNAVAILABLE, "the database is unavailable; retry shortly"), err)
}

// connectionLost reports whether err is a failure to reach PostgreSQL or
// the loss of the connection, as opposed to an error in the statement.
func connectionLost(err error) bool {
	var connectErr *pgconn.ConnectError
	var pgErr *pgconn.PgError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr):
		return true
	case errors.As(err, &pgErr):
		// 08: connection exception; 53: insufficient resources (too many
		// connections); 57: operator intervention (admin or crash
		// shutdown, cannot connect now), but not 57014, a cancelled query.
		class := pgErr.Code[:2]
		return class == "08" || class == "53" || (class == "57" && pgErr.Code != "57014")
	}
	return errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.As(err, &netErr)
}
