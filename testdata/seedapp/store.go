// Package seedapp is the end-to-end fixture of tenantcheck: a Go port of the
// analytics endpoints of a troubleshooting-flow SaaS, with the four tenant
// leaks found in the original kept on purpose:
//
//  1. TeamAnalytics counts each top flow's completions with one query per
//     flow that filters sessions by tree and period only (unscoped, N+1);
//  2. SearchAISessions filters user_id = $1 OR account_id = $2 (or-scope);
//  3. FlowAnalytics loads the tree by id alone (unscoped);
//  4. AIUsageHandler takes the account from the query string, not from the
//     authenticated session (tenant-source).
//
// Its migrations keep a fourth defect: ai_sessions has row-level security
// enabled and forced but no policy (rls; migrations/002).
//
// Every other query is scoped. The folder lives under testdata so that
// ./... patterns, go vet and make check never see these defects; the
// command's tests analyze it and compare with expected.json.
package seedapp

import (
	"database/sql"
	"time"
)

// Store serves the analytics endpoints from PostgreSQL.
type Store struct {
	db *sql.DB
}

// NewStore returns a Store that queries db.
func NewStore(db *sql.DB) *Store {
	return &Store{db: db}
}

// Period is the half-open time range [From, To) an analytics view covers.
type Period struct {
	From, To time.Time
}
