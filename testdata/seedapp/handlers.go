package seedapp

import (
	"encoding/json"
	"net/http"
	"time"
)

// AIUsageHandler serves GET /api/v1/ai/usage?account_id=...: the seed's
// fourth leak, kept on purpose. It takes the account from the query string
// instead of the authenticated session, so any caller reads any account's
// usage through a query that is itself perfectly scoped (tenant-source).
func (s *Store) AIUsageHandler(w http.ResponseWriter, r *http.Request) {
	days, err := s.AIUsage(r.Context(), r.URL.Query().Get("account_id"), time.Now().AddDate(0, 0, -30))
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(days)
}
