package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/resolutionflow/tenantcheck/service"
)

// RatingService implements service.RatingService.
type RatingService struct{ db *DB }

// NewRatingService returns a RatingService on db.
func NewRatingService(db *DB) *RatingService { return &RatingService{db: db} }

var _ service.RatingService = (*RatingService)(nil)

// RateSession checks that the session is the caller's and completed, then
// inserts the rating. The unique session_id decides a race: of concurrent
// ratings exactly one inserts, the others wait for it and find the
// conflict.
func (s *RatingService) RateSession(ctx context.Context, c service.Caller, sessionID uuid.UUID, in service.RatingInput) (*service.SessionRating, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	r := &service.SessionRating{SessionID: sessionID, Rating: in.Rating, Comment: in.Comment}
	err := s.db.inTenant(ctx, c, pgx.TxOptions{}, func(tx pgx.Tx) error {
		var completed bool
		err := tx.QueryRow(ctx, `SELECT s.tree_id, s.completed_at IS NOT NULL FROM sessions s WHERE s.account_id = $1 AND s.user_id = $2 AND s.id = $3`,
			c.AccountID, c.UserID, sessionID).Scan(&r.TreeID, &completed)
		if errors.Is(err, pgx.ErrNoRows) {
			return service.Errorf(service.ENOTFOUND, "session not found")
		}
		if err != nil {
			return fmt.Errorf("read session: %w", err)
		}
		if !completed {
			return service.Errorf(service.EBADREQUEST, "session is not completed")
		}
		err = tx.QueryRow(ctx, `INSERT INTO session_ratings (account_id, user_id, session_id, tree_id, rating, comment)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (session_id) DO NOTHING
			RETURNING id, created_at`,
			c.AccountID, c.UserID, sessionID, r.TreeID, in.Rating, in.Comment).Scan(&r.ID, &r.CreatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return service.Errorf(service.ECONFLICT, "session is already rated")
		}
		if err != nil {
			return fmt.Errorf("insert rating: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// GiveStepFeedback records the caller's answer for a step in one of their
// sessions. It locks the step's library row first: every feedback on a
// step then runs one at a time, so reading the earlier answer and moving
// the counts cannot interleave, and helpful_yes/helpful_no stay exact.
func (s *RatingService) GiveStepFeedback(ctx context.Context, c service.Caller, stepID uuid.UUID, in service.FeedbackInput) (*service.StepFeedback, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	helpful := *in.WasHelpful
	f := &service.StepFeedback{StepID: stepID, SessionID: in.SessionID, WasHelpful: helpful}
	err := s.db.inTenant(ctx, c, pgx.TxOptions{}, func(tx pgx.Tx) error {
		// step_in_session_tree (migrations/005) is the rule the database
		// enforces on step_ratings; asking first turns a violation into a
		// 422 instead of a failed insert.
		var inTree bool
		err := tx.QueryRow(ctx, `SELECT step_in_session_tree($1, s.id, sl.id)
			FROM step_library sl
			JOIN sessions s ON s.account_id = $1 AND s.user_id = $3 AND s.id = $4
			WHERE sl.account_id = $1 AND sl.id = $2
			FOR UPDATE OF sl`,
			c.AccountID, stepID, c.UserID, in.SessionID).Scan(&inTree)
		if errors.Is(err, pgx.ErrNoRows) {
			return service.Errorf(service.ENOTFOUND, "step or session not found")
		}
		if err != nil {
			return fmt.Errorf("lock step: %w", err)
		}
		if !inTree {
			return service.Errorf(service.EINVALID, "step is not in the tree of the session")
		}
		var earlier bool
		err = tx.QueryRow(ctx, `SELECT r.was_helpful FROM step_ratings r
			WHERE r.account_id = $1 AND r.user_id = $2 AND r.step_id = $3 AND r.session_id = $4`,
			c.AccountID, c.UserID, stepID, in.SessionID).Scan(&earlier)
		var yes, no int
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			f.Created = true
			yes, no = countDelta(helpful)
			_, err = tx.Exec(ctx, `INSERT INTO step_ratings (account_id, user_id, step_id, session_id, was_helpful) VALUES ($1, $2, $3, $4, $5)`,
				c.AccountID, c.UserID, stepID, in.SessionID, helpful)
			if err != nil {
				return fmt.Errorf("insert step rating: %w", err)
			}
		case err != nil:
			return fmt.Errorf("read step rating: %w", err)
		case earlier != helpful:
			addYes, addNo := countDelta(helpful)
			subYes, subNo := countDelta(earlier)
			yes, no = addYes-subYes, addNo-subNo
			_, err = tx.Exec(ctx, `UPDATE step_ratings r SET was_helpful = $5, updated_at = $6
				WHERE r.account_id = $1 AND r.user_id = $2 AND r.step_id = $3 AND r.session_id = $4`,
				c.AccountID, c.UserID, stepID, in.SessionID, helpful, time.Now())
			if err != nil {
				return fmt.Errorf("update step rating: %w", err)
			}
		}
		err = tx.QueryRow(ctx, `UPDATE step_library sl SET helpful_yes = sl.helpful_yes + $3, helpful_no = sl.helpful_no + $4
			WHERE sl.account_id = $1 AND sl.id = $2
			RETURNING sl.helpful_yes, sl.helpful_no`,
			c.AccountID, stepID, yes, no).Scan(&f.HelpfulYes, &f.HelpfulNo)
		if err != nil {
			return fmt.Errorf("update step counts: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// countDelta is the change one answer makes to (helpful_yes, helpful_no).
func countDelta(helpful bool) (yes, no int) {
	if helpful {
		return 1, 0
	}
	return 0, 1
}
