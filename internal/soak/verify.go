package main

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// verdict is what the database holds after the load, against what the
// service acknowledged.
type verdict struct {
	Acknowledged, Ambiguous, AmbiguousLanded int
	// Problems lists every broken promise: an acknowledged write missing
	// or stored twice, a row nobody asked for, a counter that drifted.
	Problems []string
}

func (v *verdict) problem(format string, args ...any) {
	v.Problems = append(v.Problems, fmt.Sprintf(format, args...))
}

// feedbackKey names one answer: a step, in a session, by its user.
type feedbackKey struct{ Step, Session uuid.UUID }

// verify reads the soak's accounts back through the superuser pool. A
// write acknowledged (200, 201) must be there exactly once and as sent; a
// write that failed (5xx, no answer) may be there or not; nothing may be
// there that no request asked for; the steps' helpful counters must
// equal their rows.
func verify(ctx context.Context, admin *pgxpool.Pool, users []*user, records []record) (verdict, error) {
	var v verdict
	accounts := map[uuid.UUID]bool{}
	for _, u := range users {
		accounts[u.Account] = true
	}
	ids := make([]uuid.UUID, 0, len(accounts))
	for a := range accounts {
		ids = append(ids, a)
	}

	// Ratings: one row per comment, each comment unique to a request.
	ratings := map[string][]uuid.UUID{}
	rows, err := admin.Query(ctx, `SELECT r.comment, r.session_id FROM session_ratings r WHERE r.account_id = ANY($1)`, ids)
	if err != nil {
		return v, fmt.Errorf("read ratings: %w", err)
	}
	var comment string
	var session uuid.UUID
	if _, err := pgx.ForEachRow(rows, []any{&comment, &session}, func() error {
		ratings[comment] = append(ratings[comment], session)
		return nil
	}); err != nil {
		return v, fmt.Errorf("read ratings: %w", err)
	}
	// Feedback: the stored answer of each key.
	stored := map[feedbackKey][]bool{}
	rows, err = admin.Query(ctx, `SELECT r.step_id, r.session_id, r.was_helpful FROM step_ratings r WHERE r.account_id = ANY($1)`, ids)
	if err != nil {
		return v, fmt.Errorf("read feedback: %w", err)
	}
	var key feedbackKey
	var helpful bool
	if _, err := pgx.ForEachRow(rows, []any{&key.Step, &key.Session, &helpful}, func() error {
		stored[key] = append(stored[key], helpful)
		return nil
	}); err != nil {
		return v, fmt.Errorf("read feedback: %w", err)
	}

	// possible holds, per feedback key, the answers the row may hold after
	// the requests so far (false and true; absent when the key is missing).
	possible := map[feedbackKey]map[bool]bool{}
	// acked holds the keys with an acknowledged answer: their row must be
	// there (feedback is changed, never deleted).
	acked := map[feedbackKey]bool{}
	for _, r := range records {
		w := r.Write
		if w == nil {
			continue
		}
		switch {
		case r.acknowledged():
			v.Acknowledged++
		case r.failed():
			v.Ambiguous++
		default:
			v.problem("%s for session %s answered %d", r.Endpoint, w.Session, r.Status)
		}
		if r.Endpoint == epRate {
			got := ratings[w.Comment]
			delete(ratings, w.Comment)
			switch {
			case len(got) > 1:
				v.problem("rating %q stored %d times", w.Comment, len(got))
			case len(got) == 1 && got[0] != w.Session:
				v.problem("rating %q stored on session %s, sent for %s", w.Comment, got[0], w.Session)
			case len(got) == 1 && r.failed():
				v.AmbiguousLanded++
			case len(got) == 0 && r.acknowledged():
				v.problem("acknowledged rating %q is missing", w.Comment)
			case len(got) == 1 && !r.acknowledged():
				v.problem("rating %q answered %d is stored", w.Comment, r.Status)
			}
			continue
		}
		k := feedbackKey{w.Step, w.Session}
		switch {
		case r.acknowledged():
			possible[k] = map[bool]bool{w.Helpful: true}
			acked[k] = true
		case r.failed():
			if possible[k] == nil {
				possible[k] = map[bool]bool{}
			}
			possible[k][w.Helpful] = true
		}
	}
	for comment := range ratings {
		v.problem("rating %q was stored but never sent", comment)
	}
	for k, answers := range stored {
		switch {
		case len(answers) > 1:
			v.problem("feedback on step %s in session %s stored %d times", k.Step, k.Session, len(answers))
		case !possible[k][answers[0]]:
			v.problem("feedback on step %s in session %s is %t, which no request left there", k.Step, k.Session, answers[0])
		}
	}
	for k := range acked {
		if stored[k] == nil {
			v.problem("acknowledged feedback on step %s in session %s is missing", k.Step, k.Session)
		}
	}

	var drifted int
	err = admin.QueryRow(ctx, `SELECT count(*) FROM step_library sl
		CROSS JOIN LATERAL (
		    SELECT count(*) FILTER (WHERE r.was_helpful) AS yes, count(*) FILTER (WHERE NOT r.was_helpful) AS no
		    FROM step_ratings r WHERE r.account_id = sl.account_id AND r.step_id = sl.id) c
		WHERE sl.account_id = ANY($1) AND (sl.helpful_yes <> c.yes OR sl.helpful_no <> c.no)`, ids).Scan(&drifted)
	if err != nil {
		return v, fmt.Errorf("check step counters: %w", err)
	}
	if drifted > 0 {
		v.problem("%d steps' helpful_yes/helpful_no differ from their feedback rows", drifted)
	}
	return v, nil
}
