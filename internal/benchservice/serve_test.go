package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

// TestStartServers serves both implementations the way the benchmark does
// and checks that they answer alike, each response carrying the
// statements its request sent.
func TestStartServers(t *testing.T) {
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	srv, err := startServers(context.Background(), db.AppURL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.stop()) })

	get := func(t *testing.T, addr, path string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+w.Acme.Admin.Token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get(queryCountHeader)
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
		// the steps: one grouped query, or a list and two per step.
		{"okFlow", "/api/v1/analytics/flows/" + w.Acme.Tree.String() + "?period=90d", "8", "14"},
		{"badUnknownRouteCountsNothing", "/api/v1/nothing", "0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, count := get(t, srv.grouped, tt.path)
			naiveStatus, naiveCount := get(t, srv.naive, tt.path)
			assert.Equal(t, status, naiveStatus)
			assert.Equal(t, tt.wantGrouped, count)
			assert.Equal(t, tt.wantNaive, naiveCount)
		})
	}
}
