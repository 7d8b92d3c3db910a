package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		vars    map[string]string
		wantErr string
	}{
		{"badNoCommand", nil, nil, "usage:"},
		{"badUnknownCommand", []string{"deploy"}, nil, `unknown command "deploy"`},
		{"badLogLevel", []string{"serve"}, map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"badSeedFlag", []string{"seed", "-accounts", "0"}, nil, "-accounts"},
		{"badSeedArgument", []string{"seed", "extra"}, nil, `unexpected argument "extra"`},
		{"badCreateLoginWithoutName", []string{"create-login"}, map[string]string{"LOGIN_PASSWORD": "x"}, "want one role name"},
		{"badCreateLoginWithoutPassword", []string{"create-login", "svc"}, nil, "LOGIN_PASSWORD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, env(tt.vars), &stdout, &stderr)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr.String(), tt.wantErr)
		})
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, defaultDatabaseURL, cfg.DatabaseURL)
	assert.Equal(t, defaultListenAddr, cfg.ListenAddr)
}

// lockedBuffer collects the server's logs while the test reads them.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestMigrateSeedServe runs the three commands the way an operator does,
// then checks that shutdown lets a request that is still sending its body
// finish.
func TestMigrateSeedServe(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	tokens := filepath.Join(t.TempDir(), "tokens.csv")
	vars := map[string]string{"DATABASE_URL": db.AdminURL, "LISTEN_ADDR": "127.0.0.1:0", "LOG_LEVEL": "debug"}

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(ctx, []string{"migrate"}, env(vars), &stdout, &stderr), stderr.String())
	require.Equal(t, 0, run(ctx, []string{"seed", "-accounts", "3", "-users", "4", "-trees", "3", "-sessions", "1000", "-seed", "7", "-tokens", tokens},
		env(vars), &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "1000 sessions")

	t.Run("okSeededCountsAreConsistent", func(t *testing.T) {
		var sessions, mismatched, accounts int
		require.NoError(t, db.Admin.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM sessions),
			(SELECT count(*) FROM accounts),
			(SELECT count(*) FROM step_library sl WHERE (sl.helpful_yes, sl.helpful_no) <>
				(SELECT count(*) FILTER (WHERE r.was_helpful), count(*) FILTER (WHERE NOT r.was_helpful)
				 FROM step_ratings r WHERE r.account_id = sl.account_id AND r.step_id = sl.id))`).Scan(&sessions, &accounts, &mismatched)) //tenantcheck:cross-tenant checks the seeded data set as a whole
		assert.Equal(t, 1000, sessions)
		assert.Equal(t, 3, accounts)
		assert.Zero(t, mismatched, "step counts match step ratings")
	})

	f, err := os.Open(tokens)
	require.NoError(t, err)
	records, err := csv.NewReader(f).ReadAll()
	f.Close()
	require.NoError(t, err)
	require.Len(t, records, 1+3*4)
	superAdmin, engineer := records[1][3], records[4][3]
	require.Equal(t, "super_admin", records[1][2])

	stderr.Reset()
	require.Equal(t, 1, run(ctx, []string{"serve"}, env(vars), io.Discard, &stderr), "serve as the superuser that migrated")
	assert.Contains(t, stderr.String(), "superuser")

	login := "tenantcheck_demo_" + db.Name
	vars["LOGIN_PASSWORD"] = "demo-secret"
	require.Equal(t, 0, run(ctx, []string{"create-login", login}, env(vars), &stdout, &stderr), stderr.String())
	t.Cleanup(func() {
		//tenantcheck:cross-tenant DDL: dropping the login role the test created touches no tenant rows
		_, err := db.Admin.Exec(ctx, `DROP ROLE `+login)
		assert.NoError(t, err)
	})
	u, err := url.Parse(db.AdminURL)
	require.NoError(t, err)
	u.User = url.UserPassword(login, "demo-secret")
	vars["DATABASE_URL"] = u.String()

	serveCtx, stop := context.WithCancel(ctx)
	logs := &lockedBuffer{}
	done := make(chan int)
	go func() { done <- run(serveCtx, []string{"serve"}, env(vars), io.Discard, logs) }()
	var addr string
	require.Eventually(t, func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			var entry struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "listening" {
				addr = entry.Addr
				return true
			}
		}
		return false
	}, 10*time.Second, 20*time.Millisecond, logs.String())
	base := "http://" + addr

	resp, err := http.Get(base + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/analytics/team?period=90d", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+superAdmin)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	var team struct {
		Summary struct {
			TotalSessions int `json:"total_sessions"`
		}
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&team))
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Positive(t, team.Summary.TotalSessions)

	// A request in flight: headers sent, body still coming when SIGTERM
	// (here: the context) arrives.
	body, sendRest := io.Pipe()
	req, err = http.NewRequest(http.MethodPost, base+"/api/v1/sessions/"+uuid.NewString()+"/rate", body)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+engineer)
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("in-flight request failed: %v", err)
			close(answered)
			return
		}
		answered <- resp
	}()
	_, err = sendRest.Write([]byte(`{"rating": `))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), `"path":"/api/v1/analytics/team"`) }, time.Second, 10*time.Millisecond)
	time.Sleep(100 * time.Millisecond) // let the server start reading the body
	stop()
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "shutting down") }, 5*time.Second, 10*time.Millisecond)
	_, err = sendRest.Write([]byte(`4}`))
	require.NoError(t, err)
	require.NoError(t, sendRest.Close())
	resp, ok := <-answered
	require.True(t, ok)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the in-flight request finished normally")
	select {
	case code := <-done:
		assert.Equal(t, 0, code, logs.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
