package seedapp

import (
	"context"
	"fmt"
)

// TeamAnalytics is the team dashboard: totals, the most used flows and a
// per-member leaderboard.
type TeamAnalytics struct {
	Account     string
	Sessions    int
	Completed   int
	AvgMinutes  float64
	AvgRating   float64
	TopFlows    []FlowUsage
	Leaderboard []MemberStats
}

// FlowUsage is how often a flow was started and completed in the period.
type FlowUsage struct {
	TreeID    string
	Title     string
	Starts    int
	Completed int
}

// MemberStats is one team member's activity in the period.
type MemberStats struct {
	UserID    string
	Name      string
	Sessions  int
	Completed int
}

// TeamAnalytics returns the dashboard of accountID for period p.
func (s *Store) TeamAnalytics(ctx context.Context, accountID string, p Period) (*TeamAnalytics, error) {
	ta := &TeamAnalytics{}
	if err := s.db.QueryRowContext(ctx,
		`SELECT name FROM accounts WHERE id = $1`, accountID).Scan(&ta.Account); err != nil {
		return nil, fmt.Errorf("load account %s: %w", accountID, err)
	}

	if err := s.db.QueryRowContext(ctx, `
		SELECT count(*),
		       count(s.completed_at),
		       coalesce(avg(EXTRACT(EPOCH FROM s.completed_at - s.started_at) / 60), 0)
		FROM sessions s
		JOIN users u ON u.id = s.user_id
		WHERE u.account_id = $1
		  AND s.started_at >= $2 AND s.started_at < $3`,
		accountID, p.From, p.To).Scan(&ta.Sessions, &ta.Completed, &ta.AvgMinutes); err != nil {
		return nil, fmt.Errorf("team summary: %w", err)
	}

	if err := s.db.QueryRowContext(ctx, `
		SELECT coalesce(avg(r.rating), 0)::float8
		FROM session_ratings r
		WHERE r.account_id = $1
		  AND r.created_at >= $2 AND r.created_at < $3`,
		accountID, p.From, p.To).Scan(&ta.AvgRating); err != nil {
		return nil, fmt.Errorf("team rating: %w", err)
	}

	top, err := s.topFlows(ctx, accountID, p)
	if err != nil {
		return nil, err
	}
	ta.TopFlows = top

	board, err := s.leaderboard(ctx, accountID, p)
	if err != nil {
		return nil, err
	}
	ta.Leaderboard = board
	return ta, nil
}

// topFlows returns the account's five most started flows with their
// completion counts.
func (s *Store) topFlows(ctx context.Context, accountID string, p Period) ([]FlowUsage, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT t.id, t.title, count(s.id) AS starts
		FROM trees t
		JOIN sessions s ON s.tree_id = t.id
		WHERE t.account_id = $1
		  AND s.started_at >= $2 AND s.started_at < $3
		GROUP BY t.id, t.title
		ORDER BY starts DESC
		LIMIT 5`, accountID, p.From, p.To)
	if err != nil {
		return nil, fmt.Errorf("top flows: %w", err)
	}
	defer rows.Close()
	var flows []FlowUsage
	for rows.Next() {
		var f FlowUsage
		if err := rows.Scan(&f.TreeID, &f.Title, &f.Starts); err != nil {
			return nil, fmt.Errorf("top flows: %w", err)
		}
		flows = append(flows, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("top flows: %w", err)
	}

	// Defect 1 of the original: one query per flow (N+1), filtered by tree
	// and period only. Nothing confines the counted sessions to the account.
	for i := range flows {
		if err := s.db.QueryRowContext(ctx, `
			SELECT count(*)
			FROM sessions
			WHERE tree_id = $1
			  AND completed_at IS NOT NULL
			  AND started_at >= $2 AND started_at < $3`,
			flows[i].TreeID, p.From, p.To).Scan(&flows[i].Completed); err != nil {
			return nil, fmt.Errorf("completions of flow %s: %w", flows[i].TreeID, err)
		}
	}
	return flows, nil
}

// leaderboard lists every member of the account, including those without a
// session in the period.
func (s *Store) leaderboard(ctx context.Context, accountID string, p Period) ([]MemberStats, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT u.id, u.name, count(s.id), count(s.completed_at)
		FROM users u
		LEFT JOIN sessions s
		       ON s.user_id = u.id
		      AND s.started_at >= $2 AND s.started_at < $3
		WHERE u.account_id = $1
		GROUP BY u.id, u.name
		ORDER BY count(s.completed_at) DESC, u.name`, accountID, p.From, p.To)
	if err != nil {
		return nil, fmt.Errorf("leaderboard: %w", err)
	}
	defer rows.Close()
	var board []MemberStats
	for rows.Next() {
		var m MemberStats
		if err := rows.Scan(&m.UserID, &m.Name, &m.Sessions, &m.Completed); err != nil {
			return nil, fmt.Errorf("leaderboard: %w", err)
		}
		board = append(board, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("leaderboard: %w", err)
	}
	return board, nil
}
