package http_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	servicehttp "github.com/resolutionflow/tenantcheck/service/http"
)

func TestUnroutedRequestsGetJSONErrors(t *testing.T) {
	srv := &servicehttp.Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	tests := []struct {
		name, method, path string
		wantStatus         int
		wantCode           string
		wantAllow          string
	}{
		{"okKnownRouteStillServed", http.MethodGet, "/healthz", http.StatusOK, "", ""},
		{"badUnknownPath", http.MethodGet, "/nope", http.StatusNotFound, "not_found", ""},
		{"badUnknownAPIPath", http.MethodGet, "/api/v1/analytics/everything", http.StatusNotFound, "not_found", ""},
		{"badRootPath", http.MethodGet, "/", http.StatusNotFound, "not_found", ""},
		{"badPostOnGetRoute", http.MethodPost, "/healthz", http.StatusMethodNotAllowed, "method_not_allowed", "GET"},
		{"badGetOnPostRoute", http.MethodGet, "/api/v1/sessions/8f0c5a39-1a51-4f3e-9a8b-0d6f5e0c2b11/rate", http.StatusMethodNotAllowed, "method_not_allowed", "POST"},
		{"badDeleteOnAnalytics", http.MethodDelete, "/api/v1/analytics/team", http.StatusMethodNotAllowed, "method_not_allowed", "GET"},
		// Paths ServeMux would redirect to their clean form, with an HTML
		// body: 404 with the JSON body instead.
		{"badDoubleSlashPrefix", http.MethodGet, "//api/v1/analytics/me", http.StatusNotFound, "not_found", ""},
		{"badDoubleSlashInside", http.MethodGet, "/api/v1//analytics/me", http.StatusNotFound, "not_found", ""},
		{"badDotDot", http.MethodGet, "/x/../api/v1/analytics/me", http.StatusNotFound, "not_found", ""},
		{"badDotDotAtEnd", http.MethodGet, "/api/v1/analytics/me/x/..", http.StatusNotFound, "not_found", ""},
		{"badDotSegment", http.MethodGet, "/api/v1/./analytics/me", http.StatusNotFound, "not_found", ""},
		{"badDotDotToHealthz", http.MethodGet, "/x/../healthz", http.StatusNotFound, "not_found", ""},
		{"badTrailingSlash", http.MethodGet, "/api/v1/analytics/me/", http.StatusNotFound, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			assert.Equal(t, tt.wantStatus, rec.Code)
			assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
			assert.Empty(t, rec.Header().Get("Location"), "never a redirect")
			if tt.wantCode == "" {
				return
			}
			var body struct {
				Error struct{ Code, Message string }
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
			assert.Equal(t, tt.wantCode, body.Error.Code)
			assert.NotEmpty(t, body.Error.Message)
			assert.Contains(t, rec.Header().Get("Allow"), tt.wantAllow)
		})
	}
}
