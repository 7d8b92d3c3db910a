package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

func TestParseServeFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    serveOptions
		wantErr string
	}{
		{"okNoFlags", nil, serveOptions{}, ""},
		{"okNaiveOnLoopback", []string{"-naive-listen", "127.0.0.1:8081", "-count-queries"}, serveOptions{NaiveListen: "127.0.0.1:8081", CountQueries: true}, ""},
		{"okNaiveOnLocalhost", []string{"-naive-listen", "localhost:0"}, serveOptions{NaiveListen: "localhost:0"}, ""},
		{"okNaiveOnIPv6Loopback", []string{"-naive-listen", "[::1]:8081"}, serveOptions{NaiveListen: "[::1]:8081"}, ""},
		{"badNaiveOnAllInterfaces", []string{"-naive-listen", ":8081"}, serveOptions{}, "loopback"},
		{"badNaiveOnPublicAddress", []string{"-naive-listen", "192.0.2.1:8081"}, serveOptions{}, "loopback"},
		{"badNaiveWithoutPort", []string{"-naive-listen", "127.0.0.1"}, serveOptions{}, "missing port"},
		{"badArgument", []string{"now"}, serveOptions{}, `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseServeFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestServeNaiveAndCountQueries serves both analytics implementations the
// way make bench-service does and checks that they answer alike, with the
// statements each request sent in QueryCountHeader.
func TestServeNaiveAndCountQueries(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	vars := map[string]string{"DATABASE_URL": db.AppURL, "LISTEN_ADDR": "127.0.0.1:0"}
	logs := &lockedBuffer{}
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "-naive-listen", "127.0.0.1:0", "-count-queries"}, env(vars), io.Discard, logs)
	}()
	addrs := map[string]string{}
	require.Eventually(t, func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			var entry struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Addr != "" {
				addrs[entry.Msg] = entry.Addr
			}
		}
		return len(addrs) == 2
	}, 10*time.Second, 20*time.Millisecond, logs.String())

	get := func(t *testing.T, addr, path string) (int, string, any) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+w.Acme.Admin.Token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var body any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
		return resp.StatusCode, resp.Header.Get(QueryCountHeader), body
	}
	tests := []struct {
		name                   string
		path                   string
		wantGrouped, wantNaive string
	}{
		// token, set_config, role, summary, series, then the top flows
		// (one tree) and engineers (three): grouped, or listed and queried
		// one by one.
		{"okTeam", "/api/v1/analytics/team?period=90d", "7", "11"},
		{"okMe", "/api/v1/analytics/me?period=90d", "5", "6"},
		// token, set_config, tree, summary, series, ratings, comments, and
		// the steps: two grouped queries, or a list and two per step.
		{"okFlow", "/api/v1/analytics/flows/" + w.Acme.Tree.String() + "?period=90d", "9", "14"},
		{"badUnknownRouteCountsNothing", "/api/v1/nothing", "0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, count, grouped := get(t, addrs["listening"], tt.path)
			naiveStatus, naiveCount, naive := get(t, addrs["listening with per-row analytics"], tt.path)
			assert.Equal(t, status, naiveStatus)
			assert.Equal(t, tt.wantGrouped, count)
			assert.Equal(t, tt.wantNaive, naiveCount)
			assert.Equal(t, grouped, naive)
		})
	}

	stop()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, logs.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
