package seedapp

import (
	"context"
	"fmt"
	"time"
)

// AISession is one question asked of the AI assistant.
type AISession struct {
	ID        string
	Prompt    string
	Response  string
	CreatedAt time.Time
}

// DailyCount is the number of AI sessions started on one day.
type DailyCount struct {
	Day   time.Time
	Count int
}

// SearchAISessions returns the latest AI sessions of userID in accountID
// whose prompt contains term.
func (s *Store) SearchAISessions(ctx context.Context, userID, accountID, term string) ([]AISession, error) {
	// Defect 2 of the original: the tenant predicates are the arms of an OR,
	// so every other user's sessions in the account match, and so do the
	// user's sessions in any other account.
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, prompt, response, created_at
		FROM ai_sessions
		WHERE (user_id = $1 OR account_id = $2)
		  AND prompt ILIKE '%' || $3 || '%'
		ORDER BY created_at DESC
		LIMIT 50`, userID, accountID, term)
	if err != nil {
		return nil, fmt.Errorf("search AI sessions: %w", err)
	}
	defer rows.Close()
	var found []AISession
	for rows.Next() {
		var a AISession
		if err := rows.Scan(&a.ID, &a.Prompt, &a.Response, &a.CreatedAt); err != nil {
			return nil, fmt.Errorf("search AI sessions: %w", err)
		}
		found = append(found, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search AI sessions: %w", err)
	}
	return found, nil
}

// AIUsage counts the account's AI sessions per day since from.
func (s *Store) AIUsage(ctx context.Context, accountID string, from time.Time) ([]DailyCount, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT date_trunc('day', created_at) AS day, count(*)
		FROM ai_sessions
		WHERE account_id = $1 AND created_at >= $2
		GROUP BY day
		ORDER BY day`, accountID, from)
	if err != nil {
		return nil, fmt.Errorf("AI usage: %w", err)
	}
	defer rows.Close()
	var days []DailyCount
	for rows.Next() {
		var d DailyCount
		if err := rows.Scan(&d.Day, &d.Count); err != nil {
			return nil, fmt.Errorf("AI usage: %w", err)
		}
		days = append(days, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("AI usage: %w", err)
	}
	return days, nil
}
