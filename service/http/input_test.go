package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/service"
	servicehttp "github.com/resolutionflow/tenantcheck/service/http"
)

// TestStrictJSONBody sends each class of ambiguous or unstorable JSON to
// both write endpoints and checks for 422 and that nothing was stored.
func TestStrictJSONBody(t *testing.T) {
	e := newEnv(t)
	eng := e.w.Acme.Engineer
	ratePath := "/api/v1/sessions/" + eng.Completed.String() + "/rate"
	feedbackPath := "/api/v1/steps/" + e.w.Acme.Steps[0].String() + "/feedback"
	session := `"session_id": "` + eng.Completed.String() + `"`
	tests := []struct {
		name, path, body string
		wantMessage      string
	}{
		{"badDuplicateKey", ratePath, `{"rating": 1, "rating": 5}`, `duplicate key "rating"`},
		{"badDuplicateKeyAfterOthers", feedbackPath, `{` + session + `, "was_helpful": true, "was_helpful": false}`, `duplicate key "was_helpful"`},
		{"badKeyInOtherCase", ratePath, `{"RATING": 2}`, `case-sensitive: "rating"`},
		{"badKeyInMixedCase", feedbackPath, `{"Session_ID": "` + eng.Completed.String() + `", "was_helpful": true}`, `case-sensitive: "session_id"`},
		{"badUnknownField", ratePath, `{"rating": 2, "stars": 5}`, `unknown field "stars"`},
		{"badRawInvalidUTF8", ratePath, "{\"rating\": 2, \"comment\": \"caf\xe9\"}", "not valid UTF-8"},
		{"badRawInvalidUTF8InKey", ratePath, "{\"rating\xff\": 2}", "not valid UTF-8"},
		{"badLoneHighSurrogate", ratePath, `{"rating": 2, "comment": "a\ud800b"}`, `lone surrogate \ud800`},
		{"badLoneLowSurrogate", ratePath, `{"rating": 2, "comment": "\udc00"}`, `lone surrogate \udc00`},
		{"badHighSurrogateThenHigh", ratePath, `{"rating": 2, "comment": "\ud800\ud800"}`, "lone surrogate"},
		{"badHighSurrogateAtEnd", ratePath, `{"rating": 2, "comment": "\ud83d"}`, "lone surrogate"},
		{"badNULEscape", ratePath, `{"rating": 2, "comment": "a\u0000b"}`, "NUL"},
		{"badNULEscapeInKey", ratePath, `{"rating\u0000": 2}`, "NUL"},
		{"badRawControlCharacter", ratePath, "{\"rating\": 2, \"comment\": \"a\x00b\"}", "invalid character"},
		{"badTrailingData", ratePath, `{"rating": 2} {}`, "unexpected data"},
		{"badNotAnObject", ratePath, `[{"rating": 2}]`, "invalid JSON body"},
		{"badEmptyBody", ratePath, ``, "invalid JSON body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.do(t, http.MethodPost, tt.path, eng.Token, tt.body)
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			assert.Equal(t, service.EINVALID, errorCode(t, body))
			assert.Contains(t, errorMessage(t, body), tt.wantMessage)
		})
	}
	t.Run("nothingStored", func(t *testing.T) {
		var ratings, feedback int
		//tenantcheck:cross-tenant the test counts every account's ratings and feedback: no rejected input may have been stored
		require.NoError(t, e.db.Admin.QueryRow(context.Background(), `SELECT
			(SELECT count(*) FROM session_ratings), (SELECT count(*) FROM step_ratings)`).Scan(&ratings, &feedback))
		assert.Zero(t, ratings)
		assert.Zero(t, feedback)
	})
	t.Run("okEscapedPairAndEscapedQuote", func(t *testing.T) {
		status, body := e.do(t, http.MethodPost, ratePath, eng.Token, `{"rating": 5, "comment": "\ud83d\ude00 \"fine\" \\u0000 caf\u00e9"}`)
		require.Equal(t, http.StatusCreated, status, body)
		var got service.SessionRating
		require.NoError(t, json.Unmarshal([]byte(body), &got))
		assert.Equal(t, "😀 \"fine\" \\u0000 café", got.Comment, `\\u0000 is a backslash and text, not NUL`)
	})
}

// TestStrictQuery checks that a query string is either exactly understood
// or refused: Go's url.ParseQuery skips malformed pairs, which made
// ?period=%zz the default period.
func TestStrictQuery(t *testing.T) {
	e := newEnv(t)
	acme := e.w.Acme
	rate := "/api/v1/sessions/" + acme.Engineer.Completed.String() + "/rate"
	tests := []struct {
		name, method, path, body string
		want                     int
		wantMessage              string
	}{
		{"okPeriod", http.MethodGet, "/api/v1/analytics/me?period=7d", "", http.StatusOK, ""},
		{"okEscapedPeriod", http.MethodGet, "/api/v1/analytics/me?period=7%64", "", http.StatusOK, ""},
		{"okTeamBoth", http.MethodGet, "/api/v1/analytics/team?period=90d&engineer_id=" + acme.Engineer.ID.String(), "", http.StatusOK, ""},
		{"okNoQuery", http.MethodGet, "/api/v1/analytics/me", "", http.StatusOK, ""},
		{"badSemicolonInValue", http.MethodGet, "/api/v1/analytics/me?period=7d;DROP", "", http.StatusUnprocessableEntity, "period must be"},
		{"badSemicolonSeparator", http.MethodGet, "/api/v1/analytics/team?period=7d;engineer_id=x", "", http.StatusUnprocessableEntity, "period must be"},
		{"badEscape", http.MethodGet, "/api/v1/analytics/me?period=%zz", "", http.StatusUnprocessableEntity, "bad escape"},
		{"badEscapeInName", http.MethodGet, "/api/v1/analytics/me?per%zziod=7d", "", http.StatusUnprocessableEntity, "bad escape"},
		{"badEscapedNUL", http.MethodGet, "/api/v1/analytics/me?period=7d%00", "", http.StatusUnprocessableEntity, "malformed"},
		{"badEscapedInvalidUTF8", http.MethodGet, "/api/v1/analytics/me?period=%ff", "", http.StatusUnprocessableEntity, "invalid UTF-8"},
		{"badPairWithoutValue", http.MethodGet, "/api/v1/analytics/me?period", "", http.StatusUnprocessableEntity, "want name=value"},
		{"badEmptyValue", http.MethodGet, "/api/v1/analytics/me?period=", "", http.StatusUnprocessableEntity, "has no value"},
		{"badEmptyPair", http.MethodGet, "/api/v1/analytics/me?period=7d&", "", http.StatusUnprocessableEntity, "malformed"},
		{"badRepeated", http.MethodGet, "/api/v1/analytics/me?period=7d&period=30d", "", http.StatusUnprocessableEntity, "given twice"},
		{"badUnknownParameter", http.MethodGet, "/api/v1/analytics/me?period=7d&user_id=x", "", http.StatusUnprocessableEntity, `unknown query parameter "user_id"`},
		{"badParameterInOtherCase", http.MethodGet, "/api/v1/analytics/me?PERIOD=7d", "", http.StatusUnprocessableEntity, "unknown query parameter"},
		{"badEngineerOnMe", http.MethodGet, "/api/v1/analytics/me?engineer_id=" + acme.Engineer.ID.String(), "", http.StatusUnprocessableEntity, "unknown query parameter"},
		{"badFlowUnknownParameter", http.MethodGet, "/api/v1/analytics/flows/" + acme.Tree.String() + "?limit=5", "", http.StatusUnprocessableEntity, "unknown query parameter"},
		{"badQueryOnRate", http.MethodPost, rate + "?rating=5", `{"rating": 5}`, http.StatusUnprocessableEntity, "allowed: none"},
		{"badQueryOnHealthz", http.MethodGet, "/healthz?verbose=1", "", http.StatusUnprocessableEntity, "allowed: none"},
		{"badQueryOnReadyz", http.MethodGet, "/readyz?x", "", http.StatusUnprocessableEntity, "want name=value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.do(t, tt.method, tt.path, acme.Admin.Token, tt.body)
			require.Equal(t, tt.want, status, body)
			if tt.wantMessage != "" {
				assert.Equal(t, service.EINVALID, errorCode(t, body))
				assert.Contains(t, errorMessage(t, body), tt.wantMessage)
			}
		})
	}
}

// TestServerOwnErrorsAreJSON checks the answers net/http gives before any
// handler runs: oversized headers and malformed requests.
func TestServerOwnErrorsAreJSON(t *testing.T) {
	srv := &servicehttp.Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.Config.MaxHeaderBytes = servicehttp.MaxHeaderBytes
	ts.Listener = servicehttp.JSONErrorListener(ts.Listener)
	ts.Start()
	t.Cleanup(ts.Close)

	tests := []struct {
		name, request string
		wantStatus    int
		wantCode      string
	}{
		{"okSmallHeader", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", 1000) + "\r\n\r\n", http.StatusOK, ""},
		{"badHeaderJustOverLimit", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", servicehttp.MaxHeaderBytes+8192) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge, "header_too_large"},
		{"badHugeHeader", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", 2<<20) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge, "header_too_large"},
		{"badMissingHost", "GET /healthz HTTP/1.1\r\n\r\n", http.StatusBadRequest, "bad_request"},
		{"badMalformedHeader", "GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", http.StatusBadRequest, "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.DialTimeout("tcp", ts.Listener.Addr().String(), 5*time.Second)
			require.NoError(t, err)
			defer conn.Close()
			require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
			// The server may answer and close before it has read a huge
			// request: write in the background and read the answer.
			go func() { _, _ = io.WriteString(conn, tt.request) }()
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tt.wantStatus, resp.StatusCode, string(body))
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			if tt.wantCode == "" {
				return
			}
			assert.Equal(t, tt.wantCode, errorCode(t, string(body)))
		})
	}
}

// errorMessage returns the message of a JSON error body.
func errorMessage(t *testing.T, body string) string {
	t.Helper()
	_, message := errorFields(t, body)
	return message
}
