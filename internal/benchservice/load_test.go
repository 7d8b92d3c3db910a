package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPercentile(t *testing.T) {
	ms := func(values ...int) []time.Duration {
		var out []time.Duration
		for _, v := range values {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	twenty := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)
	tests := []struct {
		name   string
		sorted []time.Duration
		p      int
		want   time.Duration
	}{
		{"okEmptyIsZero", nil, 50, 0},
		{"okSingleValue", ms(7), 95, 7 * time.Millisecond},
		{"okMedianOfOddCount", ms(1, 2, 3), 50, 2 * time.Millisecond},
		{"okMedianOfEvenCountIsLowerMiddle", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"okP95OfTwentyIsNineteenth", twenty, 95, 19 * time.Millisecond},
		{"okP95OfTwentyOneIsTwentieth", append(twenty[:20:20], 21*time.Millisecond), 95, 20 * time.Millisecond},
		{"okP100IsMax", twenty, 100, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, percentile(tt.sorted, tt.p))
		})
	}
}

// fakeService answers like the benchmark's servers, checking the token.
func fakeService(t *testing.T, status int, queries string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var served atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.Header.Get("Authorization") != "Bearer tc_admin" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if queries != "" {
			w.Header().Set(queryCountHeader, queries)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"summary":{}}`)
	}))
	t.Cleanup(ts.Close)
	return ts, &served
}

func TestLoadRun(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		queries     string
		token       string
		maxRequests int
		wantErr     string
		wantQueries int
	}{
		{"okCountsRequestsAndQueries", http.StatusOK, "7", "tc_admin", 25, "", 7},
		{"badStatusEndsTheRun", http.StatusForbidden, "3", "tc_admin", 25, "status 403", 0},
		{"badWrongTokenEndsTheRun", http.StatusOK, "7", "tc_engineer", 25, "status 401", 0},
		{"badMissingQueryCount", http.StatusOK, "", "tc_admin", 25, "no X-Query-Count header", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, served := fakeService(t, tt.status, tt.queries)
			l := load{URL: ts.URL + "/api/v1/analytics/team", Token: tt.token, Connections: 3, Duration: 10 * time.Second, MaxRequests: tt.maxRequests}
			res, err := l.run(context.Background(), ts.Client())
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.LessOrEqual(t, served.Load(), int64(3), "a failure stops every client after its request in flight")
				return
			}
			require.NoError(t, err)
			assert.Len(t, res.Latencies, tt.maxRequests)
			assert.Equal(t, int64(tt.maxRequests), served.Load())
			assert.Equal(t, tt.wantQueries, res.MinQueries)
			assert.Equal(t, tt.wantQueries, res.MaxQueries)
			assert.IsNonDecreasing(t, res.Latencies)
		})
	}
}

func TestLoadRunStopsAtDeadline(t *testing.T) {
	ts, _ := fakeService(t, http.StatusOK, "5")
	l := load{URL: ts.URL, Token: "tc_admin", Connections: 2, Duration: 200 * time.Millisecond}
	start := time.Now()
	res, err := l.run(context.Background(), ts.Client())
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.NotEmpty(t, res.Latencies)
}

func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	writeTable(&buf, []row{
		{"GET /team", "grouped", result{Latencies: []time.Duration{40 * time.Millisecond, 60 * time.Millisecond}, MinQueries: 7, MaxQueries: 7}},
		{"GET /team", "per-row", result{Latencies: []time.Duration{1500 * time.Millisecond}, MinQueries: 25, MaxQueries: 27}},
	})
	want := `| endpoint | implementation | queries/request | p50 ms | p95 ms | requests |
| --- | --- | ---: | ---: | ---: | ---: |
| GET /team | grouped | 7 | 40.0 | 60.0 | 2 |
| GET /team | per-row | 25-27 | 1500 | 1500 | 1 |
`
	assert.Equal(t, want, buf.String())
}

func TestTeamAdmin(t *testing.T) {
	tests := []struct {
		name, csv string
		wantToken string
		wantErr   string
	}{
		{"okFirstTeamAdmin", "account_id,user_id,role,token\n" +
			"8f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,9f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,super_admin,tc_super\n" +
			"8f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,af0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,team_admin,tc_admin\n" +
			"7f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,bf0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,team_admin,tc_other\n", "tc_admin", ""},
		{"badNoTeamAdmin", "account_id,user_id,role,token\n8f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,9f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,engineer,tc_e\n", "", "no team_admin"},
		{"badAccountID", "account_id,user_id,role,token\nnope,9f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11,team_admin,tc_a\n", "", "tokens.csv:2: account id"},
		{"badCSV", "a,b\n\"unterminated\n", "", "read tokens"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tokens.csv")
			require.NoError(t, os.WriteFile(path, []byte(tt.csv), 0o600))
			got, err := teamAdmin(path)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantToken, got.token)
			assert.Equal(t, "8f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11", got.account.String())
		})
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"okDefaultsAreAMillionSessions", nil, ""},
		{"okShortRun", []string{"-sessions", "20000", "-accounts", "4", "-duration", "2s"}, ""},
		{"badZeroConnections", []string{"-connections", "0"}, "-connections"},
		{"badFewerSessionsThanAccounts", []string{"-sessions", "3"}, "-sessions"},
		{"badArgument", []string{"now"}, `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.True(t, strings.Contains(err.Error(), tt.wantErr), err.Error())
				return
			}
			require.NoError(t, err)
			if tt.args == nil {
				assert.Equal(t, 1_000_000, o.Sessions)
				assert.Equal(t, 20, o.Accounts)
				assert.Equal(t, 4, o.Connections)
			}
		})
	}
}
