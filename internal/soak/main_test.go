package main

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    options
		wantErr string
	}{
		{"okDefaults", nil, options{Duration: time.Minute, RestartAt: 30 * time.Second, Clients: 8, Accounts: 4, Sessions: 2000, Seed: 1}, ""},
		{"okShortRun", []string{"-duration", "10s", "-clients", "2", "-accounts", "1"},
			options{Duration: 10 * time.Second, RestartAt: 5 * time.Second, Clients: 2, Accounts: 1, Sessions: 2000, Seed: 1}, ""},
		{"okExplicitRestart", []string{"-duration", "10s", "-restart-at", "2s"},
			options{Duration: 10 * time.Second, RestartAt: 2 * time.Second, Clients: 8, Accounts: 4, Sessions: 2000, Seed: 1}, ""},
		{"badRestartAfterEnd", []string{"-duration", "10s", "-restart-at", "10s"}, options{}, "after -restart-at"},
		{"badFewerClientsThanAccounts", []string{"-clients", "2"}, options{}, "at least -accounts"},
		{"badArgument", []string{"now"}, options{}, `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args, io.Discard)
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

// TestShortSoak runs the whole soak for a few seconds, restart included,
// and checks that it passes and prints every part of its report.
func TestShortSoak(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-duration", "4s", "-clients", "4", "-accounts", "2", "-sessions", "300"}, &stdout, &stderr)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	out := stdout.String()
	for _, want := range []string{"requests/s", "| POST /api/v1/sessions/{id}/rate |", "| GET /api/v1/analytics/team |",
		"| failed status | requests |", "recovery:", "0 ERROR lines", "integrity:"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "FAIL")
}
