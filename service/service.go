// Package service holds the reference service's domain: the types its
// HTTP API speaks and the interfaces service/postgres implements, so that
// every tenant-scoped operation takes the authenticated Caller explicitly.
package service

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Role is what a user may do in their account.
type Role string

// Roles, as stored in users.role.
const (
	RoleEngineer   Role = "engineer"
	RoleTeamAdmin  Role = "team_admin"
	RoleSuperAdmin Role = "super_admin"
)

// CanSeeTeam reports whether the role may read the analytics of the whole
// account.
func (r Role) CanSeeTeam() bool { return r == RoleTeamAdmin || r == RoleSuperAdmin }

// Caller is the authenticated user a request acts for. Every store method
// takes it and scopes its SQL to both ids.
type Caller struct {
	AccountID uuid.UUID
	UserID    uuid.UUID
}

// Authenticator turns a bearer token into a Caller.
type Authenticator interface {
	// Authenticate returns EUNAUTHORIZED for an unknown or expired token.
	Authenticate(ctx context.Context, token string) (Caller, error)
}

// Outcomes of a completed session, as stored in sessions.outcome.
const (
	OutcomeResolved   = "resolved"
	OutcomeEscalated  = "escalated"
	OutcomeWorkaround = "workaround"
	OutcomeUnresolved = "unresolved"
)

// MaxCommentLength is the longest rating comment, in characters.
const MaxCommentLength = 500

// RatingInput is the body of a session rating.
type RatingInput struct {
	Rating  int    `json:"rating"`
	Comment string `json:"comment"`
}

// Validate returns EINVALID unless the rating is 1 to 5 and the comment at
// most MaxCommentLength characters of valid UTF-8.
func (in RatingInput) Validate() error {
	if in.Rating < 1 || in.Rating > 5 {
		return Errorf(EINVALID, "rating must be an integer from 1 to 5")
	}
	if !utf8.ValidString(in.Comment) {
		return Errorf(EINVALID, "comment must be valid UTF-8")
	}
	if utf8.RuneCountInString(in.Comment) > MaxCommentLength {
		return Errorf(EINVALID, "comment must be at most %d characters", MaxCommentLength)
	}
	return nil
}

// SessionRating is a caller's rating of one of their completed sessions.
type SessionRating struct {
	ID        uuid.UUID `json:"id"`
	SessionID uuid.UUID `json:"session_id"`
	TreeID    uuid.UUID `json:"tree_id"`
	Rating    int       `json:"rating"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// FeedbackInput is the body of a step feedback. WasHelpful is a pointer so
// that a missing answer is invalid rather than "no".
type FeedbackInput struct {
	SessionID  uuid.UUID `json:"session_id"`
	WasHelpful *bool     `json:"was_helpful"`
}

// Validate returns EINVALID unless both fields are given.
func (in FeedbackInput) Validate() error {
	if in.SessionID == uuid.Nil {
		return Errorf(EINVALID, "session_id is required")
	}
	if in.WasHelpful == nil {
		return Errorf(EINVALID, "was_helpful is required")
	}
	return nil
}

// StepFeedback is the caller's answer for a step in a session, with the
// step's counts after it.
type StepFeedback struct {
	StepID     uuid.UUID `json:"step_id"`
	SessionID  uuid.UUID `json:"session_id"`
	WasHelpful bool      `json:"was_helpful"`
	HelpfulYes int       `json:"helpful_yes"`
	HelpfulNo  int       `json:"helpful_no"`
	// Created is true for a first answer, false when it replaced (or
	// repeated) an earlier one.
	Created bool `json:"-"`
}

// RatingService records ratings. Sessions and steps that are not the
// caller's are ENOTFOUND, never EFORBIDDEN: the answer must not confirm
// that they exist.
type RatingService interface {
	// RateSession returns ENOTFOUND, EBADREQUEST when the session is not
	// completed, ECONFLICT when it is already rated.
	RateSession(ctx context.Context, c Caller, sessionID uuid.UUID, in RatingInput) (*SessionRating, error)
	// GiveStepFeedback records or changes the caller's answer for a step in
	// one of their sessions, keeping the step's counts exact.
	GiveStepFeedback(ctx context.Context, c Caller, stepID uuid.UUID, in FeedbackInput) (*StepFeedback, error)
}

// Period is the window analytics cover, ending now.
type Period struct {
	Name string // "7d", "30d" or "90d"
	Days int
}

// DefaultPeriod is used when a request names none.
var DefaultPeriod = Period{Name: "30d", Days: 30}

// ParsePeriod parses "7d", "30d" or "90d"; empty means DefaultPeriod.
func ParsePeriod(s string) (Period, error) {
	switch s {
	case "":
		return DefaultPeriod, nil
	case "7d":
		return Period{Name: s, Days: 7}, nil
	case "30d":
		return Period{Name: s, Days: 30}, nil
	case "90d":
		return Period{Name: s, Days: 90}, nil
	}
	return Period{}, Errorf(EINVALID, "period must be 7d, 30d or 90d")
}

// Since is the start of the period that ends at now: midnight UTC of the
// first of its Days days, so daily series have whole days.
func (p Period) Since(now time.Time) time.Time {
	today := now.UTC().Truncate(24 * time.Hour)
	return today.AddDate(0, 0, 1-p.Days)
}

// Outcomes counts sessions by outcome.
type Outcomes struct {
	Resolved   int `json:"resolved"`
	Escalated  int `json:"escalated"`
	Workaround int `json:"workaround"`
	Unresolved int `json:"unresolved"`
}

// Summary describes a set of sessions. Rates are fractions from 0 to 1;
// a median is null when no session completed.
type Summary struct {
	TotalSessions         int      `json:"total_sessions"`
	CompletedSessions     int      `json:"completed_sessions"`
	CompletionRate        float64  `json:"completion_rate"`
	MedianDurationMinutes *float64 `json:"median_duration_minutes"`
	ActiveEngineers       int      `json:"active_engineers"`
	Outcomes              Outcomes `json:"outcomes"`
}

// Day is one day of a time series: sessions started that day, by outcome,
// InProgress counting those not completed.
type Day struct {
	Date string `json:"date"`
	Outcomes
	InProgress int `json:"in_progress"`
}

// FlowStats describes the sessions of one tree.
type FlowStats struct {
	TreeID                uuid.UUID `json:"tree_id"`
	Name                  string    `json:"name"`
	Sessions              int       `json:"sessions"`
	CompletionRate        float64   `json:"completion_rate"`
	MedianDurationMinutes *float64  `json:"median_duration_minutes"`
	AverageCSAT           *float64  `json:"average_csat"`
}

// EngineerStats describes the sessions of one engineer.
type EngineerStats struct {
	UserID                uuid.UUID `json:"user_id"`
	Name                  string    `json:"name"`
	Sessions              int       `json:"sessions"`
	CompletedSessions     int       `json:"completed_sessions"`
	CompletionRate        float64   `json:"completion_rate"`
	MedianDurationMinutes *float64  `json:"median_duration_minutes"`
	AverageCSAT           *float64  `json:"average_csat"`
}

// TeamFilter narrows team analytics; a nil EngineerID means everyone.
type TeamFilter struct {
	Period     Period
	EngineerID *uuid.UUID
}

// TeamAnalytics covers the sessions of the caller's account.
type TeamAnalytics struct {
	Period       string          `json:"period"`
	Summary      Summary         `json:"summary"`
	TimeSeries   []Day           `json:"time_series"`
	TopFlows     []FlowStats     `json:"top_flows"`
	TopEngineers []EngineerStats `json:"top_engineers"`
}

// MyAnalytics covers the caller's own sessions.
type MyAnalytics struct {
	Period     string      `json:"period"`
	Summary    Summary     `json:"summary"`
	TimeSeries []Day       `json:"time_series"`
	TopFlows   []FlowStats `json:"top_flows"`
}

// StepStats describes one step of a tree. Visits and drop-offs come from
// the sessions' decisions: a drop-off is a session that is not completed
// and whose last visited step is this one. Thumbs are the step feedback
// given in the tree's sessions.
type StepStats struct {
	StepID      string  `json:"step_id"`
	Title       string  `json:"title"`
	Visits      int     `json:"visits"`
	DropOffs    int     `json:"drop_offs"`
	DropOffRate float64 `json:"drop_off_rate"`
	ThumbsUp    int     `json:"thumbs_up"`
	ThumbsDown  int     `json:"thumbs_down"`
}

// Comment is a rating comment, without who wrote it.
type Comment struct {
	Rating    int       `json:"rating"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// FlowAnalytics covers the sessions of one tree of the caller's account.
type FlowAnalytics struct {
	TreeID         uuid.UUID   `json:"tree_id"`
	Name           string      `json:"name"`
	Period         string      `json:"period"`
	Summary        Summary     `json:"summary"`
	AverageCSAT    *float64    `json:"average_csat"`
	RatingCount    int         `json:"rating_count"`
	TimeSeries     []Day       `json:"time_series"`
	Steps          []StepStats `json:"steps"`
	LatestComments []Comment   `json:"latest_comments"`
}

// AnalyticsService computes analytics, each call with a fixed number of
// queries whatever the data size.
type AnalyticsService interface {
	// TeamAnalytics returns EFORBIDDEN unless the caller is a team or super
	// admin.
	TeamAnalytics(ctx context.Context, c Caller, f TeamFilter) (*TeamAnalytics, error)
	MyAnalytics(ctx context.Context, c Caller, p Period) (*MyAnalytics, error)
	// FlowAnalytics returns ENOTFOUND unless the tree is in the caller's
	// account.
	FlowAnalytics(ctx context.Context, c Caller, treeID uuid.UUID, p Period) (*FlowAnalytics, error)
}
