package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	"github.com/resolutionflow/tenantcheck/service"
	servicehttp "github.com/resolutionflow/tenantcheck/service/http"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// env is a running API over a fresh World.
type env struct {
	db  *pgtest.DB
	w   *pgtest.World
	url string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := pgtest.New(t)
	srv := newServer(db.App, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{db: db, w: pgtest.NewWorld(t, db), url: ts.URL}
}

// newServer is the API on pool, as serve builds it.
func newServer(pool *pgxpool.Pool, logger *slog.Logger) *servicehttp.Server {
	store := postgres.NewDB(pool)
	return &servicehttp.Server{
		Auth:      postgres.NewAuthService(store),
		Ratings:   postgres.NewRatingService(store),
		Analytics: postgres.NewAnalyticsService(store),
		Ready:     store.Ping,
		Logger:    logger,
	}
}

// do sends a request with token (none when empty) and returns the status
// and body.
func (e *env) do(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, e.url+path, reader)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// errorCode returns the code of a JSON error body.
func errorCode(t *testing.T, body string) string {
	t.Helper()
	code, _ := errorFields(t, body)
	return code
}

// errorFields returns the code and message of a JSON error body.
func errorFields(t *testing.T, body string) (code, message string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	require.NoError(t, json.Unmarshal([]byte(body), &e), body)
	return e.Error.Code, e.Error.Message
}

func TestHealth(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, path string
		want       int
	}{
		{"okHealthz", "/healthz", http.StatusOK},
		{"okReadyz", "/readyz", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _ := e.do(t, http.MethodGet, tt.path, "", "")
			assert.Equal(t, tt.want, status)
		})
	}
}

func TestReadyzWithoutDatabase(t *testing.T) {
	srv := &servicehttp.Server{
		Ready:  func(context.Context) error { return errors.New("connection refused") },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	rec = httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	assert.Equal(t, http.StatusOK, rec.Code, "the process is up even when the database is not")
}

// endpoint is one authenticated route, with a request the acme engineer
// may make.
type endpoint struct {
	name, method string
	path         func(w *pgtest.World) string
	body         func(w *pgtest.World) string
}

func endpoints() []endpoint {
	none := func(*pgtest.World) string { return "" }
	return []endpoint{
		{"rate", http.MethodPost, func(w *pgtest.World) string {
			return "/api/v1/sessions/" + w.Acme.Engineer.Completed.String() + "/rate"
		},
			func(*pgtest.World) string { return `{"rating": 5, "comment": "great"}` }},
		{"feedback", http.MethodPost, func(w *pgtest.World) string { return "/api/v1/steps/" + w.Acme.Steps[0].String() + "/feedback" },
			func(w *pgtest.World) string {
				return `{"session_id": "` + w.Acme.Engineer.Completed.String() + `", "was_helpful": true}`
			}},
		{"team", http.MethodGet, func(*pgtest.World) string { return "/api/v1/analytics/team?period=7d" }, none},
		{"me", http.MethodGet, func(*pgtest.World) string { return "/api/v1/analytics/me" }, none},
		{"flow", http.MethodGet, func(w *pgtest.World) string { return "/api/v1/analytics/flows/" + w.Acme.Tree.String() }, none},
	}
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	expired := e.db.Token(t, e.w.Acme.Engineer, time.Now().Add(-time.Second))
	tokens := []struct {
		name  string
		token string
	}{
		{"badMissingToken", ""},
		{"badUnknownToken", "tc_not-a-token"},
		{"badExpiredToken", expired},
	}
	for _, ep := range endpoints() {
		for _, tok := range tokens {
			t.Run(ep.name+"/"+tok.name, func(t *testing.T) {
				status, body := e.do(t, ep.method, ep.path(e.w), tok.token, ep.body(e.w))
				assert.Equal(t, http.StatusUnauthorized, status)
				assert.Equal(t, service.EUNAUTHORIZED, errorCode(t, body))
			})
		}
	}
	t.Run("badBasicScheme", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, e.url+"/api/v1/analytics/me", nil)
		require.NoError(t, err)
		req.SetBasicAuth("user", e.w.Acme.Engineer.Token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Bearer")
	})
}

func TestRateSession(t *testing.T) {
	e := newEnv(t)
	eng := e.w.Acme.Engineer
	path := func(id string) string { return "/api/v1/sessions/" + id + "/rate" }
	tests := []struct {
		name, path, body string
		want             int
		wantCode         string
	}{
		{"okCreated", path(eng.Completed.String()), `{"rating": 4, "comment": "clear steps"}`, http.StatusCreated, ""},
		{"badAlreadyRated", path(eng.Completed.String()), `{"rating": 2}`, http.StatusConflict, service.ECONFLICT},
		{"badNotCompleted", path(eng.InProgress.String()), `{"rating": 2}`, http.StatusBadRequest, service.EBADREQUEST},
		{"badRatingZero", path(e.w.Acme.Engineer.InProgress.String()), `{"rating": 0}`, http.StatusUnprocessableEntity, service.EINVALID},
		{"badRatingNotInteger", path(eng.InProgress.String()), `{"rating": 4.5}`, http.StatusUnprocessableEntity, service.EINVALID},
		{"badCommentTooLong", path(eng.InProgress.String()), `{"rating": 4, "comment": "` + strings.Repeat("é", 501) + `"}`, http.StatusUnprocessableEntity, service.EINVALID},
		{"badJSON", path(eng.InProgress.String()), `{"rating": `, http.StatusUnprocessableEntity, service.EINVALID},
		{"badUnknownField", path(eng.InProgress.String()), `{"rating": 4, "stars": 5}`, http.StatusUnprocessableEntity, service.EINVALID},
		{"badTrailingData", path(eng.InProgress.String()), `{"rating": 4} {}`, http.StatusUnprocessableEntity, service.EINVALID},
		{"badBodyTooLarge", path(eng.InProgress.String()), `{"rating": 4, "comment": "` + strings.Repeat("x", servicehttp.MaxBodyBytes) + `"}`, http.StatusRequestEntityTooLarge, service.ETOOLARGE},
		{"badMalformedID", path("not-a-uuid"), `{"rating": 4}`, http.StatusNotFound, service.ENOTFOUND},
		{"badOtherUsersSession", path(e.w.Acme.Other.Completed.String()), `{"rating": 4}`, http.StatusNotFound, service.ENOTFOUND},
		{"badOtherAccountsSession", path(e.w.Globex.Engineer.Completed.String()), `{"rating": 4}`, http.StatusNotFound, service.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.do(t, http.MethodPost, tt.path, eng.Token, tt.body)
			assert.Equal(t, tt.want, status, body)
			if tt.wantCode != "" {
				assert.Equal(t, tt.wantCode, errorCode(t, body))
				return
			}
			var got service.SessionRating
			require.NoError(t, json.Unmarshal([]byte(body), &got))
			assert.Equal(t, eng.Completed, got.SessionID)
			assert.Equal(t, 4, got.Rating)
			assert.Equal(t, "clear steps", got.Comment)
		})
	}
}

func TestRateSessionConcurrently(t *testing.T) {
	e := newEnv(t)
	eng := e.w.Acme.Engineer
	const n = 10
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			statuses[i], _ = e.do(t, http.MethodPost, "/api/v1/sessions/"+eng.Completed.String()+"/rate", eng.Token, `{"rating": 3}`)
		})
	}
	wg.Wait()
	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	assert.Equal(t, map[int]int{http.StatusCreated: 1, http.StatusConflict: n - 1}, counts)
}

func TestStepFeedback(t *testing.T) {
	e := newEnv(t)
	eng := e.w.Acme.Engineer
	path := func(id uuid.UUID) string { return "/api/v1/steps/" + id.String() + "/feedback" }
	body := func(session uuid.UUID, helpful string) string {
		return `{"session_id": "` + session.String() + `", "was_helpful": ` + helpful + `}`
	}
	step := e.w.Acme.Steps[2]
	tests := []struct {
		name, path, body string
		want             int
		wantYes, wantNo  int
	}{
		{"okFirstAnswerCreated", path(step), body(eng.Completed, "true"), http.StatusCreated, 1, 0},
		{"okChangedAnswer", path(step), body(eng.Completed, "false"), http.StatusOK, 0, 1},
		{"okSameAnswerAgain", path(step), body(eng.Completed, "false"), http.StatusOK, 0, 1},
		{"badMissingAnswer", path(step), `{"session_id": "` + eng.Completed.String() + `"}`, http.StatusUnprocessableEntity, 0, 0},
		{"badMalformedSessionID", path(step), `{"session_id": "nope", "was_helpful": true}`, http.StatusUnprocessableEntity, 0, 0},
		{"badMalformedStepID", "/api/v1/steps/nope/feedback", body(eng.Completed, "true"), http.StatusNotFound, 0, 0},
		{"badOtherAccountsStep", path(e.w.Globex.Steps[2]), body(eng.Completed, "true"), http.StatusNotFound, 0, 0},
		{"badOtherAccountsSession", path(step), body(e.w.Globex.Engineer.Completed, "true"), http.StatusNotFound, 0, 0},
		{"badOtherUsersSession", path(step), body(e.w.Acme.Other.Completed, "true"), http.StatusNotFound, 0, 0},
		{"badStepNotInSessionTree", path(e.w.Acme.Loose), body(eng.Completed, "true"), http.StatusUnprocessableEntity, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := e.do(t, http.MethodPost, tt.path, eng.Token, tt.body)
			require.Equal(t, tt.want, status, got)
			if status >= 400 {
				assert.NotEmpty(t, errorCode(t, got))
				return
			}
			var f service.StepFeedback
			require.NoError(t, json.Unmarshal([]byte(got), &f))
			assert.Equal(t, tt.wantYes, f.HelpfulYes)
			assert.Equal(t, tt.wantNo, f.HelpfulNo)
		})
	}
}

// TestStepFeedbackConcurrently sends answers for one step from every acme
// user and session at once, then checks the counts against the answers.
func TestStepFeedbackConcurrently(t *testing.T) {
	e := newEnv(t)
	step := e.w.Acme.Steps[0]
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for _, u := range []*pgtest.User{e.w.Acme.Admin, e.w.Acme.Engineer, e.w.Acme.Other} {
		for _, session := range []uuid.UUID{u.Completed, u.InProgress} {
			for round := range 3 {
				wg.Go(func() {
					helpful := "true"
					if round == 1 {
						helpful = "false"
					}
					status, _ := e.do(t, http.MethodPost, "/api/v1/steps/"+step.String()+"/feedback", u.Token,
						`{"session_id": "`+session.String()+`", "was_helpful": `+helpful+`}`)
					mu.Lock()
					statuses[status]++
					mu.Unlock()
				})
			}
		}
	}
	wg.Wait()
	assert.Equal(t, map[int]int{http.StatusCreated: 6, http.StatusOK: 12}, statuses)
	var yes, no, rows int
	require.NoError(t, e.db.Admin.QueryRow(context.Background(), `SELECT sl.helpful_yes, sl.helpful_no,
		(SELECT count(*) FROM step_ratings r WHERE r.account_id = $1 AND r.step_id = $2 AND r.was_helpful)
		FROM step_library sl WHERE sl.account_id = $1 AND sl.id = $2`, e.w.Acme.ID, step).Scan(&yes, &no, &rows))
	assert.Equal(t, rows, yes)
	assert.Equal(t, 6, yes+no)
}

func TestAnalytics(t *testing.T) {
	e := newEnv(t)
	acme := e.w.Acme
	tests := []struct {
		name, path string
		token      string
		want       int
		wantCode   string
	}{
		{"okTeamForAdmin", "/api/v1/analytics/team?period=90d", acme.Admin.Token, http.StatusOK, ""},
		{"okTeamFilteredByEngineer", "/api/v1/analytics/team?engineer_id=" + acme.Engineer.ID.String(), acme.Admin.Token, http.StatusOK, ""},
		{"badTeamForEngineer", "/api/v1/analytics/team", acme.Engineer.Token, http.StatusForbidden, service.EFORBIDDEN},
		{"badTeamInvalidPeriod", "/api/v1/analytics/team?period=1y", acme.Admin.Token, http.StatusUnprocessableEntity, service.EINVALID},
		{"badTeamMalformedEngineer", "/api/v1/analytics/team?engineer_id=bob", acme.Admin.Token, http.StatusUnprocessableEntity, service.EINVALID},
		{"okMe", "/api/v1/analytics/me?period=30d", acme.Engineer.Token, http.StatusOK, ""},
		{"badMeInvalidPeriod", "/api/v1/analytics/me?period=8d", acme.Engineer.Token, http.StatusUnprocessableEntity, service.EINVALID},
		{"okFlow", "/api/v1/analytics/flows/" + acme.Tree.String() + "?period=7d", acme.Engineer.Token, http.StatusOK, ""},
		{"badFlowOtherAccountsTree", "/api/v1/analytics/flows/" + e.w.Globex.Tree.String(), acme.Admin.Token, http.StatusNotFound, service.ENOTFOUND},
		{"badFlowMalformedID", "/api/v1/analytics/flows/42", acme.Engineer.Token, http.StatusNotFound, service.ENOTFOUND},
		{"badFlowInvalidPeriod", "/api/v1/analytics/flows/" + acme.Tree.String() + "?period=week", acme.Engineer.Token, http.StatusUnprocessableEntity, service.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.do(t, http.MethodGet, tt.path, tt.token, "")
			assert.Equal(t, tt.want, status, body)
			if tt.wantCode != "" {
				assert.Equal(t, tt.wantCode, errorCode(t, body))
				return
			}
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(body), &got))
			assert.Contains(t, got, "summary")
			assert.IsType(t, []any{}, got["time_series"], "time_series is a list, never null")
		})
	}

	t.Run("okTeamBody", func(t *testing.T) {
		status, body := e.do(t, http.MethodGet, "/api/v1/analytics/team?period=7d", acme.Admin.Token, "")
		require.Equal(t, http.StatusOK, status)
		var got service.TeamAnalytics
		require.NoError(t, json.Unmarshal([]byte(body), &got))
		assert.Equal(t, 6, got.Summary.TotalSessions)
		assert.Len(t, got.TopEngineers, 3)
		assert.Len(t, got.TopFlows, 1)
	})
}

// TestIsolationMatrix makes each acme request as the acme engineer's
// neighbours, another user of acme and users of globex, and checks the
// status the API promises and that no body carries the engineer's data
// (or, for globex, any acme id or name).
func TestIsolationMatrix(t *testing.T) {
	e := newEnv(t)
	acme, globex := e.w.Acme, e.w.Globex
	// The engineer's own data, which the neighbours must not see.
	status, body := e.do(t, http.MethodPost, "/api/v1/sessions/"+acme.Engineer.Completed.String()+"/rate", acme.Engineer.Token, `{"rating": 2, "comment": "secret remark"}`)
	require.Equal(t, http.StatusCreated, status, body)

	engineerData := []string{acme.Engineer.ID.String(), acme.Engineer.Completed.String(), acme.Engineer.InProgress.String(), acme.Engineer.Name}
	acmeData := append([]string{acme.ID.String(), acme.Tree.String(), acme.TreeName, "secret remark", "acme",
		acme.Admin.ID.String(), acme.Other.ID.String()}, engineerData...)
	for _, s := range acme.Steps {
		acmeData = append(acmeData, s.String())
	}
	// want maps an endpoint to the status each neighbour gets.
	type want struct{ otherUser, otherAccount, otherAccountAdmin int }
	wants := map[string]want{
		"rate":     {http.StatusNotFound, http.StatusNotFound, http.StatusNotFound},
		"feedback": {http.StatusNotFound, http.StatusNotFound, http.StatusNotFound},
		"team":     {http.StatusForbidden, http.StatusForbidden, http.StatusOK},
		"me":       {http.StatusOK, http.StatusOK, http.StatusOK},
		"flow":     {http.StatusOK, http.StatusNotFound, http.StatusNotFound},
	}
	actors := []struct {
		name      string
		user      *pgtest.User
		forbidden []string
		status    func(want) int
	}{
		{"otherUserOfAccount", acme.Other, engineerData, func(w want) int { return w.otherUser }},
		{"otherAccountEngineer", globex.Engineer, acmeData, func(w want) int { return w.otherAccount }},
		{"otherAccountAdmin", globex.Admin, acmeData, func(w want) int { return w.otherAccountAdmin }},
	}
	for _, ep := range endpoints() {
		for _, actor := range actors {
			t.Run(ep.name+"/"+actor.name, func(t *testing.T) {
				path := ep.path(e.w)
				if ep.name == "team" {
					path += "&engineer_id=" + acme.Engineer.ID.String()
				}
				status, body := e.do(t, ep.method, path, actor.user.Token, ep.body(e.w))
				assert.Equal(t, actor.status(wants[ep.name]), status, body)
				for _, s := range actor.forbidden {
					// The flow's tree id and name are the request itself
					// for a user of the same account.
					if actor.user == acme.Other && ep.name == "flow" && (s == acme.Tree.String() || s == acme.TreeName) {
						continue
					}
					assert.NotContains(t, strings.ToLower(body), strings.ToLower(s))
				}
			})
		}
	}

	t.Run("noWritesLanded", func(t *testing.T) {
		var ratings, feedback int
		require.NoError(t, e.db.Admin.QueryRow(context.Background(), `SELECT
			(SELECT count(*) FROM session_ratings r WHERE r.account_id = $1),
			(SELECT count(*) FROM step_ratings r WHERE r.account_id = $1)`, acme.ID).Scan(&ratings, &feedback))
		assert.Equal(t, 1, ratings, "only the engineer's own rating")
		assert.Zero(t, feedback)
	})
}

// TestLargeBodyDoesNotReachStore checks the 413 path with a body just over
// the limit, not only a huge one.
func TestLargeBodyDoesNotReachStore(t *testing.T) {
	e := newEnv(t)
	eng := e.w.Acme.Engineer
	body := bytes.Repeat([]byte(" "), servicehttp.MaxBodyBytes+1)
	status, got := e.do(t, http.MethodPost, "/api/v1/steps/"+e.w.Acme.Steps[0].String()+"/feedback", eng.Token, string(body))
	assert.Equal(t, http.StatusRequestEntityTooLarge, status, got)
}
