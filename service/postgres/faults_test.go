package postgres_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/service"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// TestUnresponsiveDatabaseIsUnavailableInBoundedTime points the service
// at a host that accepts TCP connections and never answers, as a
// PostgreSQL behind a dead network path would: the request must fail with
// EUNAVAILABLE once the acquire timeout passes, not hang.
func TestUnresponsiveDatabaseIsUnavailableInBoundedTime(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c) // never read, never answered
		}
	}()
	pool, err := pgxpool.New(context.Background(), "postgres://app@"+ln.Addr().String()+"/db?sslmode=disable")
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	db := postgres.NewDB(pool)
	db.AcquireTimeout = 300 * time.Millisecond

	start := time.Now()
	_, err = postgres.NewAuthService(db).Authenticate(context.Background(), "tc_token")
	took := time.Since(start)
	assert.Equal(t, service.EUNAVAILABLE, service.ErrorCode(err), "%v", err)
	assert.Less(t, took, time.Second)

	start = time.Now()
	_, err = postgres.NewAnalyticsService(db).MyAnalytics(context.Background(), service.Caller{}, service.DefaultPeriod)
	assert.Equal(t, service.EUNAVAILABLE, service.ErrorCode(err), "%v", err)
	assert.Less(t, time.Since(start), time.Second)
}
