// Package http maps the service's interfaces to its JSON HTTP API: routing,
// bearer authentication, request decoding and the one table that turns
// service error codes into statuses.
package http

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/resolutionflow/tenantcheck/service"
)

// Server is the HTTP API. Set every field before calling Handler.
type Server struct {
	Auth      service.Authenticator
	Ratings   service.RatingService
	Analytics service.AnalyticsService
	// Ready reports whether the database answers (GET /readyz).
	Ready  func(ctx context.Context) error
	Logger *slog.Logger
}

// Handler returns the API's routes, behind request logging.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.Handle("POST /api/v1/sessions/{session_id}/rate", s.authenticated(s.handleRateSession))
	mux.Handle("POST /api/v1/steps/{step_id}/feedback", s.authenticated(s.handleStepFeedback))
	mux.Handle("GET /api/v1/analytics/team", s.authenticated(s.handleTeamAnalytics))
	mux.Handle("GET /api/v1/analytics/me", s.authenticated(s.handleMyAnalytics))
	mux.Handle("GET /api/v1/analytics/flows/{tree_id}", s.authenticated(s.handleFlowAnalytics))
	return s.logged(s.routed(mux))
}

// routed serves the requests mux has a route for, and answers the others
// (unknown path: 404, known path with another method: 405 with Allow) with
// the JSON error body instead of the mux's plain text, so that clients
// parse one error format.
func (s *Server) routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The mux would redirect //api/v1/... or /x/../api/v1/... to the
		// clean path with an HTML body; a client of a JSON API gets 404
		// instead, and learns to send canonical paths.
		if !canonical(r.URL.Path) {
			s.writeError(w, r, service.Errorf(service.ENOTFOUND, "no route for %s: paths must be canonical (no //, . or .. segments)", r.URL.Path))
			return
		}
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// Without a pattern, h is the mux's own 404 or 405 answer: run it
		// into a recorder to learn which, and the Allow header it sets.
		rec := &headerRecorder{header: http.Header{}, status: http.StatusNotFound}
		h.ServeHTTP(rec, r)
		if rec.status != http.StatusMethodNotAllowed {
			s.writeError(w, r, service.Errorf(service.ENOTFOUND, "no route for %s", r.URL.Path))
			return
		}
		w.Header().Set("Allow", rec.header.Get("Allow"))
		var body errorBody
		body.Error.Code = "method_not_allowed"
		body.Error.Message = "method " + r.Method + " is not allowed on " + r.URL.Path + " (allowed: " + rec.header.Get("Allow") + ")"
		s.writeJSON(w, r, http.StatusMethodNotAllowed, body)
	})
}

// canonical reports whether p is its own cleaned form, a trailing slash
// allowed, as ServeMux requires to route it without a redirect.
func canonical(p string) bool {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return p == clean
}

// headerRecorder keeps the status and headers of a response and discards
// its body.
type headerRecorder struct {
	header http.Header
	status int
}

func (w *headerRecorder) Header() http.Header         { return w.header }
func (w *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerRecorder) WriteHeader(status int)      { w.status = status }

// statuses is the one place that decides the HTTP status of a service
// error code.
var statuses = map[string]int{
	service.EBADREQUEST:   http.StatusBadRequest,
	service.ECONFLICT:     http.StatusConflict,
	service.EFORBIDDEN:    http.StatusForbidden,
	service.EINTERNAL:     http.StatusInternalServerError,
	service.EINVALID:      http.StatusUnprocessableEntity,
	service.ENOTFOUND:     http.StatusNotFound,
	service.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	service.EUNAUTHORIZED: http.StatusUnauthorized,
	service.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// RetryAfterSeconds is the Retry-After of a 503: a PostgreSQL restart
// takes a few seconds, and a client that retries sooner gets 503 again
// at no cost to the service.
const RetryAfterSeconds = 1

// StatusOf returns the HTTP status for err's service error code.
func StatusOf(err error) int {
	if status, ok := statuses[service.ErrorCode(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError answers with err's status and a JSON body; internal errors are
// logged and shown only as "internal error". A request whose client went
// away gets no answer and an info line, not an error: nothing failed.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		s.Logger.InfoContext(r.Context(), "client went away", "method", r.Method, "path", r.URL.Path)
		return
	}
	code := service.ErrorCode(err)
	switch code {
	case service.EINTERNAL:
		s.Logger.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case service.EUNAVAILABLE:
		s.Logger.WarnContext(r.Context(), "database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
	case service.EUNAUTHORIZED:
		w.Header().Set("WWW-Authenticate", `Bearer realm="tenantcheck-demo"`)
	}
	var body errorBody
	body.Error.Code, body.Error.Message = code, service.ErrorMessage(err)
	s.writeJSON(w, r, StatusOf(err), body)
}

func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.Logger.WarnContext(r.Context(), "write response", "path", r.URL.Path, "err", err)
	}
}

// pathID parses the path value name as a UUID. A malformed id cannot name
// any object, so it is not found rather than invalid.
func pathID(r *http.Request, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(r.PathValue(name))
	if err != nil {
		return uuid.Nil, service.Errorf(service.ENOTFOUND, "%s not found", strings.TrimSuffix(name, "_id"))
	}
	return id, nil
}

// authenticated runs h with the caller of the request's bearer token in
// its context, or answers 401.
func (s *Server) authenticated(h func(w http.ResponseWriter, r *http.Request, c service.Caller)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			s.writeError(w, r, service.Errorf(service.EUNAUTHORIZED, "missing bearer token"))
			return
		}
		c, err := s.Auth.Authenticate(r.Context(), token)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h(w, r, c)
	})
}

func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// statusRecorder remembers the status a handler wrote, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(status int) {
	w.status, w.wrote = status, true
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// statusClientClosed is what the request log shows for a request whose
// client went away before anything was written (nginx's 499): logging
// net/http's implicit 200 would claim an answer nobody received.
const statusClientClosed = 499

func (s *Server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		if !rec.wrote && r.Context().Err() != nil {
			rec.status = statusClientClosed
		}
		s.Logger.DebugContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration", time.Since(start))
	})
}

// handleHealth answers while the process runs. The probes take no query
// parameters, and reject them as every route does: a probe configured
// with one fails at once rather than passing on a misread URL.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if _, err := queryParams(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if _, err := queryParams(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.Ready(ctx); err != nil {
		s.Logger.WarnContext(ctx, "not ready", "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
		s.writeJSON(w, r, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) handleRateSession(w http.ResponseWriter, r *http.Request, c service.Caller) {
	id, err := pathID(r, "session_id")
	if err == nil {
		_, err = queryParams(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in service.RatingInput
	if err := decodeBody(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rating, err := s.Ratings.RateSession(r.Context(), c, id, in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, rating)
}

func (s *Server) handleStepFeedback(w http.ResponseWriter, r *http.Request, c service.Caller) {
	id, err := pathID(r, "step_id")
	if err == nil {
		_, err = queryParams(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in service.FeedbackInput
	if err := decodeBody(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := s.Ratings.GiveStepFeedback(r.Context(), c, id, in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if f.Created {
		status = http.StatusCreated
	}
	s.writeJSON(w, r, status, f)
}

func (s *Server) handleTeamAnalytics(w http.ResponseWriter, r *http.Request, c service.Caller) {
	q, err := queryParams(r, "period", "engineer_id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := service.ParsePeriod(q["period"])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := service.TeamFilter{Period: p}
	if raw, ok := q["engineer_id"]; ok {
		id, err := uuid.Parse(raw)
		if err != nil {
			s.writeError(w, r, service.Errorf(service.EINVALID, "engineer_id must be a UUID"))
			return
		}
		f.EngineerID = &id
	}
	a, err := s.Analytics.TeamAnalytics(r.Context(), c, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, a)
}

func (s *Server) handleMyAnalytics(w http.ResponseWriter, r *http.Request, c service.Caller) {
	p, err := periodParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.Analytics.MyAnalytics(r.Context(), c, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, a)
}

func (s *Server) handleFlowAnalytics(w http.ResponseWriter, r *http.Request, c service.Caller) {
	id, err := pathID(r, "tree_id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := periodParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.Analytics.FlowAnalytics(r.Context(), c, id, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, a)
}

// periodParam parses the query string of an endpoint whose one parameter
// is period.
func periodParam(r *http.Request) (service.Period, error) {
	q, err := queryParams(r, "period")
	if err != nil {
		return service.Period{}, err
	}
	return service.ParsePeriod(q["period"])
}
