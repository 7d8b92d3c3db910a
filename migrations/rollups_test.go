package migrations_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

// rollupChecks recompute each kind of rollup from the rows it summarises;
// a check counts the rows that differ either way (rollup rows whose
// figures are all zero, left by deletions, stand for no row).
var rollupChecks = map[string]string{
	"analytics_user_tree_days": `WITH truth AS (
		SELECT s.account_id, b.span, b.day, s.user_id, s.tree_id, count(*)::integer AS sessions, count(s.completed_at)::integer AS completed,
		       count(*) FILTER (WHERE s.outcome = 'resolved')::integer AS resolved, count(*) FILTER (WHERE s.outcome = 'escalated')::integer AS escalated,
		       count(*) FILTER (WHERE s.outcome = 'workaround')::integer AS workaround, count(*) FILTER (WHERE s.outcome = 'unresolved')::integer AS unresolved,
		       coalesce(sum(r.rating), 0)::bigint AS rating_sum, count(r.rating)::integer AS rating_count
		FROM sessions s
		LEFT JOIN session_ratings r ON r.account_id = s.account_id AND r.session_id = s.id
		CROSS JOIN LATERAL analytics_spans(s.started_at) b
		GROUP BY 1, 2, 3, 4, 5),
	rollup AS (
		SELECT u.account_id, u.span, u.day, u.user_id, u.tree_id, u.sessions, u.completed, u.resolved, u.escalated, u.workaround, u.unresolved, u.rating_sum, u.rating_count
		FROM analytics_user_tree_days u
		WHERE u.sessions <> 0 OR u.rating_count <> 0)
	SELECT count(*) FROM ((TABLE truth EXCEPT TABLE rollup) UNION ALL (TABLE rollup EXCEPT TABLE truth)) x`,
	"analytics_tree_duration_days": `WITH truth AS (
		SELECT s.account_id, s.tree_id, b.span, b.day, floor(extract(epoch FROM s.completed_at - s.started_at) / 60)::integer AS minute, count(*)::integer AS n
		FROM sessions s
		CROSS JOIN LATERAL analytics_spans(s.started_at) b
		WHERE s.completed_at IS NOT NULL
		GROUP BY 1, 2, 3, 4, 5),
	rollup AS (
		SELECT d.account_id, d.tree_id, d.span, d.day, d.minute, d.n FROM analytics_tree_duration_days d WHERE d.n <> 0)
	SELECT count(*) FROM ((TABLE truth EXCEPT TABLE rollup) UNION ALL (TABLE rollup EXCEPT TABLE truth)) x`,
	"analytics_step_days": `WITH visits AS (
		SELECT s.account_id, s.tree_id, b.span, b.day, v.step_id, count(*)::integer AS visits,
		       count(*) FILTER (WHERE s.completed_at IS NULL AND v.ord = jsonb_array_length(s.decisions))::integer AS drop_offs
		FROM sessions s
		CROSS JOIN LATERAL analytics_spans(s.started_at) b
		CROSS JOIN LATERAL jsonb_array_elements_text(s.decisions) WITH ORDINALITY AS v(step_id, ord)
		GROUP BY 1, 2, 3, 4, 5),
	thumbs AS (
		SELECT sr.account_id, s.tree_id, b.span, b.day, sr.step_id::text AS step_id,
		       count(*) FILTER (WHERE sr.was_helpful)::integer AS up, count(*) FILTER (WHERE NOT sr.was_helpful)::integer AS down
		FROM step_ratings sr
		JOIN sessions s ON s.account_id = sr.account_id AND s.id = sr.session_id
		CROSS JOIN LATERAL analytics_spans(s.started_at) b
		GROUP BY 1, 2, 3, 4, 5),
	truth AS (
		SELECT account_id, tree_id, span, day, step_id, coalesce(v.visits, 0) AS visits, coalesce(v.drop_offs, 0) AS drop_offs,
		       coalesce(t.up, 0) AS thumbs_up, coalesce(t.down, 0) AS thumbs_down
		FROM visits v FULL JOIN thumbs t USING (account_id, tree_id, span, day, step_id)),
	rollup AS (
		SELECT r.account_id, r.tree_id, r.span, r.day, r.step_id, r.visits, r.drop_offs, r.thumbs_up, r.thumbs_down
		FROM analytics_step_days r
		WHERE r.visits <> 0 OR r.thumbs_up <> 0 OR r.thumbs_down <> 0)
	SELECT count(*) FROM ((TABLE truth EXCEPT TABLE rollup) UNION ALL (TABLE rollup EXCEPT TABLE truth)) x`,
}

// TestRollupsFollowWrites writes the ways a database can change (inserts,
// a session completed, an answer changed, a rated session deleted, a tree
// deleted with its sessions) and after each one checks every kind of
// rollup against a recomputation from the rows it summarises.
//
//tenantcheck:cross-tenant checks every account's rollups against all of its rows
func TestRollupsFollowWrites(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	acme, globex := w.Acme, w.Globex
	now := time.Now()
	// A session two weeks back lands in another day and week.
	db.Session(t, acme.Other, acme.Tree, now.AddDate(0, 0, -14), now.AddDate(0, 0, -14).Add(95*time.Second), "escalated", acme.Steps[:2]...)

	steps := []struct {
		name string
		sql  string
		args []any
	}{
		{"okInserts", `SELECT 1`, nil},
		{"okRatingsInserted", `WITH r AS (INSERT INTO session_ratings (account_id, user_id, session_id, tree_id, rating) VALUES ($1, $2, $3, $4, 4) RETURNING 1)
			INSERT INTO step_ratings (account_id, user_id, step_id, session_id, was_helpful) VALUES ($1, $2, $5, $3, true)`,
			[]any{acme.ID, acme.Engineer.ID, acme.Engineer.Completed, acme.Tree, acme.Steps[0]}},
		{"okSessionCompleted", `UPDATE sessions s SET completed_at = s.started_at + interval '7 minutes', outcome = 'workaround'
			WHERE s.account_id = $1 AND s.id = $2`, []any{acme.ID, acme.Other.InProgress}},
		{"okAnswerChanged", `UPDATE step_ratings sr SET was_helpful = false WHERE sr.account_id = $1 AND sr.session_id = $2`,
			[]any{acme.ID, acme.Engineer.Completed}},
		{"okUnratedSessionMoved", `UPDATE sessions s SET started_at = s.started_at - interval '9 days', user_id = $3
			WHERE s.account_id = $1 AND s.id = $2`, []any{acme.ID, acme.Other.InProgress, acme.Admin.ID}},
		{"okRatedSessionDeleted", `DELETE FROM sessions s WHERE s.account_id = $1 AND s.id = $2`, []any{acme.ID, acme.Engineer.Completed}},
		{"okTreeDeletedWithItsSessions", `DELETE FROM trees t WHERE t.account_id = $1 AND t.id = $2`, []any{globex.ID, globex.Tree}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			_, err := db.Admin.Exec(ctx, st.sql, st.args...)
			require.NoError(t, err)
			for rollup, check := range rollupChecks {
				var differ int
				require.NoError(t, db.Admin.QueryRow(ctx, check).Scan(&differ), rollup)
				assert.Zero(t, differ, "rows of %s that differ from a recomputation", rollup)
			}
		})
	}
	var sessions int
	require.NoError(t, db.Admin.QueryRow(ctx, `SELECT coalesce(sum(r.sessions), 0) FROM analytics_days r WHERE r.span = 7`).Scan(&sessions))
	assert.Equal(t, 6, sessions, "acme's 7 sessions less the deleted one, globex's gone with its tree")
}

// TestRollupGuards checks the writes the rollups cannot follow: they are
// refused (migrations/007), as the owner too, and the rollups stay exact.
//
//tenantcheck:cross-tenant checks every account's rollups against all of its rows
func TestRollupGuards(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	acme := w.Acme
	_, err := db.Admin.Exec(ctx, `WITH r AS (INSERT INTO session_ratings (account_id, user_id, session_id, tree_id, rating) VALUES ($1, $2, $3, $4, 4) RETURNING 1)
		INSERT INTO step_ratings (account_id, user_id, step_id, session_id, was_helpful) VALUES ($1, $5, $6, $7, true)`,
		acme.ID, acme.Engineer.ID, acme.Engineer.Completed, acme.Tree, acme.Admin.ID, acme.Steps[0], acme.Admin.Completed)
	require.NoError(t, err)

	tests := []struct {
		name     string
		sql      string
		args     []any
		wantCode string
	}{
		{"badTruncateSessions", `TRUNCATE sessions CASCADE`, nil, "0A000"},
		{"badTruncateSessionRatings", `TRUNCATE session_ratings`, nil, "0A000"},
		{"badTruncateStepRatings", `TRUNCATE step_ratings`, nil, "0A000"},
		{"badRatedSessionToAnotherDay", `UPDATE sessions s SET started_at = s.started_at - interval '9 days' WHERE s.account_id = $1 AND s.id = $2`,
			[]any{acme.ID, acme.Engineer.Completed}, "23001"},
		{"badRatedSessionToAnotherUser", `UPDATE sessions s SET user_id = $3 WHERE s.account_id = $1 AND s.id = $2`,
			[]any{acme.ID, acme.Engineer.Completed, acme.Other.ID}, "23001"},
		{"badSessionWithFeedbackToAnotherDay", `UPDATE sessions s SET started_at = s.started_at + interval '1 minute' WHERE s.account_id = $1 AND s.id = $2`,
			[]any{acme.ID, acme.Admin.Completed}, "23001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Admin.Exec(ctx, tt.sql, tt.args...)
			var pgErr *pgconn.PgError
			require.ErrorAs(t, err, &pgErr)
			assert.Equal(t, tt.wantCode, pgErr.Code, pgErr.Message)
			for rollup, check := range rollupChecks {
				var differ int
				require.NoError(t, db.Admin.QueryRow(ctx, check).Scan(&differ), rollup)
				assert.Zero(t, differ, "rows of %s that differ from a recomputation", rollup)
			}
		})
	}

	_, err = db.Admin.Exec(ctx, `UPDATE sessions s SET completed_at = s.completed_at + interval '1 minute' WHERE s.account_id = $1 AND s.id = $2`,
		acme.ID, acme.Engineer.Completed)
	assert.NoError(t, err, "a rated session's other columns still change")
}
