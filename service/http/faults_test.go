package http_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	"github.com/resolutionflow/tenantcheck/service"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// syncBuffer collects logs written from the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestDatabaseOutage runs the API on a cluster of its own, stops
// PostgreSQL mid-test and checks that every endpoint answers 503 with
// Retry-After, quickly, without an ERROR in the log; that nothing was
// written meanwhile; and that the service recovers by itself once
// PostgreSQL is back.
func TestDatabaseOutage(t *testing.T) {
	ctx := context.Background()
	cluster, err := pgtest.StartCluster(ctx)
	require.NoError(t, err)
	t.Cleanup(cluster.Stop)
	appURL, err := cluster.NewAppDatabase(ctx, "outage")
	require.NoError(t, err)
	admin, err := pgxpool.New(ctx, cluster.DatabaseURL("outage"))
	require.NoError(t, err)
	t.Cleanup(admin.Close)
	pool, err := postgres.Open(ctx, appURL)
	require.NoError(t, err)
	t.Cleanup(pool.Close)

	db := &pgtest.DB{Name: "outage", App: pool, Admin: admin}
	e := &env{db: db, w: pgtest.NewWorld(t, db)}
	logs := &syncBuffer{}
	ts := httptest.NewServer(newServer(pool, slog.New(slog.NewJSONHandler(logs, nil))).Handler())
	t.Cleanup(ts.Close)
	e.url = ts.URL
	eng := e.w.Acme.Engineer
	status, body := e.do(t, http.MethodGet, "/api/v1/analytics/me", eng.Token, "")
	require.Equal(t, http.StatusOK, status, body)

	cluster.Halt()
	// The first requests find the pool's idle connections dead (the
	// server closed them); later ones find nothing listening.
	for round, phase := range []string{"deadIdleConnection", "nothingListening"} {
		for _, ep := range endpoints() {
			t.Run(ep.name+"/"+phase, func(t *testing.T) {
				start := time.Now()
				req, err := http.NewRequest(ep.method, ts.URL+ep.path(e.w), bytes.NewBufferString(ep.body(e.w)))
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer "+eng.Token)
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				defer resp.Body.Close()
				took := time.Since(start)
				assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "round %d", round)
				assert.Equal(t, "1", resp.Header.Get("Retry-After"))
				assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
				if ep.method == http.MethodPost || round == 1 {
					b, err := io.ReadAll(resp.Body)
					require.NoError(t, err)
					assert.Equal(t, service.EUNAVAILABLE, errorCode(t, string(b)))
				}
				assert.Less(t, took, postgres.DefaultAcquireTimeout+time.Second, "bounded by the acquire timeout")
			})
		}
	}
	status, _ = e.do(t, http.MethodGet, "/readyz", "", "")
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Contains(t, logs.String(), `"level":"WARN","msg":"database unavailable"`)
	assert.NotContains(t, logs.String(), `"level":"ERROR"`)

	require.NoError(t, cluster.Resume(ctx))
	require.Eventually(t, func() bool {
		status, _ := e.do(t, http.MethodGet, "/api/v1/analytics/me", eng.Token, "")
		return status == http.StatusOK
	}, 15*time.Second, 100*time.Millisecond, "the pool reconnects by itself")
	// The rating refused during the outage was not stored: it can be made now.
	status, body = e.do(t, http.MethodPost, "/api/v1/sessions/"+eng.Completed.String()+"/rate", eng.Token, `{"rating": 5}`)
	assert.Equal(t, http.StatusCreated, status, body)
}

// TestClientGoneIsNotAnError sends requests whose client has already gone
// away through the real stack and checks that the log says so at info
// level, without an error, and that the request log does not show them
// as answered.
func TestClientGoneIsNotAnError(t *testing.T) {
	e := newEnv(t)
	logs := &syncBuffer{}
	srv := newServer(e.db.App, slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	for _, ep := range endpoints() {
		t.Run(ep.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			req := httptest.NewRequestWithContext(ctx, ep.method, ep.path(e.w), bytes.NewBufferString(ep.body(e.w)))
			req.Header.Set("Authorization", "Bearer "+e.w.Acme.Engineer.Token)
			srv.Handler().ServeHTTP(httptest.NewRecorder(), req)
		})
	}
	assert.Contains(t, logs.String(), `"msg":"client went away"`)
	assert.NotContains(t, logs.String(), `"level":"ERROR"`)
	assert.Equal(t, len(endpoints()), strings.Count(logs.String(), `"status":499`), logs.String())
	assert.NotContains(t, logs.String(), `"status":200`)
	var ratings int
	//tenantcheck:cross-tenant the test counts every account's ratings: none may have been written
	require.NoError(t, e.db.Admin.QueryRow(context.Background(), `SELECT count(*) FROM session_ratings`).Scan(&ratings))
	assert.Zero(t, ratings, "nothing was written for a client that was gone")
}
