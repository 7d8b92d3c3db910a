package seedapp

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FlowAnalytics is the page of one flow: outcomes, ratings, recent comments
// and how helpful its library steps were.
type FlowAnalytics struct {
	TreeID          string
	Title           string
	Category        string
	Outcomes        map[string]int
	AvgDecisions    float64
	Ratings         [5]int
	Comments        []Comment
	StepHelpfulness []StepHelpfulness
}

// Comment is a rating left with a comment.
type Comment struct {
	Rating    int
	Text      string
	Author    string
	CreatedAt time.Time
}

// StepHelpfulness counts the votes on one library step.
type StepHelpfulness struct {
	StepID  string
	Title   string
	Helpful int
	Votes   int
}

// FlowAnalytics returns the analytics of tree treeID of accountID for
// period p.
func (s *Store) FlowAnalytics(ctx context.Context, accountID, treeID string, p Period) (*FlowAnalytics, error) {
	fa := &FlowAnalytics{TreeID: treeID, Outcomes: map[string]int{}}

	// Defect 3 of the original: the tree is loaded by id alone, so any
	// account can read any flow's analytics by guessing its id.
	if err := s.db.QueryRowContext(ctx,
		`SELECT title, category FROM trees WHERE id = $1`, treeID).Scan(&fa.Title, &fa.Category); err != nil {
		return nil, fmt.Errorf("load flow %s: %w", treeID, err)
	}

	if err := s.outcomes(ctx, accountID, treeID, p, fa); err != nil {
		return nil, err
	}
	if err := s.ratings(ctx, accountID, treeID, fa); err != nil {
		return nil, err
	}
	if err := s.comments(ctx, accountID, treeID, fa); err != nil {
		return nil, err
	}
	if err := s.stepHelpfulness(ctx, accountID, fa); err != nil {
		return nil, err
	}
	return fa, nil
}

// outcomes counts the flow's sessions by outcome, and the average number of
// decisions taken per session.
func (s *Store) outcomes(ctx context.Context, accountID, treeID string, p Period, fa *FlowAnalytics) error {
	rows, err := s.db.QueryContext(ctx, `
		SELECT coalesce(s.outcome, 'abandoned'), count(*), avg(jsonb_array_length(s.decisions))::float8
		FROM sessions s
		JOIN trees t ON t.id = s.tree_id
		WHERE t.account_id = $1
		  AND t.id = $2
		  AND s.started_at >= $3 AND s.started_at < $4
		GROUP BY 1`, accountID, treeID, p.From, p.To)
	if err != nil {
		return fmt.Errorf("outcomes of flow %s: %w", treeID, err)
	}
	defer rows.Close()
	var total, weighted float64
	for rows.Next() {
		var (
			outcome string
			n       int
			avg     float64
		)
		if err := rows.Scan(&outcome, &n, &avg); err != nil {
			return fmt.Errorf("outcomes of flow %s: %w", treeID, err)
		}
		fa.Outcomes[outcome] = n
		total += float64(n)
		weighted += avg * float64(n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("outcomes of flow %s: %w", treeID, err)
	}
	if total > 0 {
		fa.AvgDecisions = weighted / total
	}
	return nil
}

// ratings fills the flow's rating histogram.
func (s *Store) ratings(ctx context.Context, accountID, treeID string, fa *FlowAnalytics) error {
	rows, err := s.db.QueryContext(ctx, `
		SELECT rating, count(*)
		FROM session_ratings
		WHERE account_id = $1 AND tree_id = $2
		GROUP BY rating
		ORDER BY rating`, accountID, treeID)
	if err != nil {
		return fmt.Errorf("ratings of flow %s: %w", treeID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var rating, n int
		if err := rows.Scan(&rating, &n); err != nil {
			return fmt.Errorf("ratings of flow %s: %w", treeID, err)
		}
		if rating >= 1 && rating <= 5 {
			fa.Ratings[rating-1] = n
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ratings of flow %s: %w", treeID, err)
	}
	return nil
}

// comments returns the ten latest ratings of the flow that carry a comment.
func (s *Store) comments(ctx context.Context, accountID, treeID string, fa *FlowAnalytics) error {
	rows, err := s.db.QueryContext(ctx, `
		SELECT r.rating, r.comment, u.name, r.created_at
		FROM session_ratings r
		JOIN users u ON u.id = r.user_id
		WHERE r.account_id = $1
		  AND r.tree_id = $2
		  AND r.comment IS NOT NULL
		ORDER BY r.created_at DESC
		LIMIT 10`, accountID, treeID)
	if err != nil {
		return fmt.Errorf("comments on flow %s: %w", treeID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			c    Comment
			text sql.NullString
		)
		if err := rows.Scan(&c.Rating, &text, &c.Author, &c.CreatedAt); err != nil {
			return fmt.Errorf("comments on flow %s: %w", treeID, err)
		}
		c.Text = text.String
		fa.Comments = append(fa.Comments, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("comments on flow %s: %w", treeID, err)
	}
	return nil
}

// stepHelpfulness counts the helpful votes on each of the account's
// library steps.
func (s *Store) stepHelpfulness(ctx context.Context, accountID string, fa *FlowAnalytics) error {
	rows, err := s.db.QueryContext(ctx, `
		SELECT sl.id, sl.title,
		       count(*) FILTER (WHERE sr.was_helpful),
		       count(*)
		FROM step_library sl
		JOIN step_ratings sr ON sr.step_id = sl.id
		WHERE sl.account_id = $1
		GROUP BY sl.id, sl.title
		ORDER BY count(*) DESC`, accountID)
	if err != nil {
		return fmt.Errorf("step helpfulness: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h StepHelpfulness
		if err := rows.Scan(&h.StepID, &h.Title, &h.Helpful, &h.Votes); err != nil {
			return fmt.Errorf("step helpfulness: %w", err)
		}
		fa.StepHelpfulness = append(fa.StepHelpfulness, h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("step helpfulness: %w", err)
	}
	return nil
}
