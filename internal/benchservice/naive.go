package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/resolutionflow/tenantcheck/service"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// naiveAnalytics is the slow reference of the service benchmark, not
// something to serve: a Go port of the original Python analytics, which
// read every session of the period for each summary, listed the top rows
// and then ran one more query per row. Team analytics run one query per
// top flow and one per top engineer, my analytics one per top flow, flow
// analytics two per step of the tree. It returns the same answers as
// postgres.AnalyticsService, medians aside (those are exact here, within
// the documented bound there; a test holds both to that), and every query
// is tenant-scoped, so the benchmark measures the strategies and nothing
// else.
type naiveAnalytics struct{ db *postgres.DB }

var _ service.AnalyticsService = (*naiveAnalytics)(nil)

// naiveSummarySQL reads every session of the period: $3 an optional
// engineer, $4 an optional tree.
const naiveSummarySQL = `SELECT count(*),
       count(*) FILTER (WHERE s.completed_at IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)::float8 / 60)
           FILTER (WHERE s.completed_at IS NOT NULL),
       count(DISTINCT s.user_id),
       count(*) FILTER (WHERE s.outcome = 'resolved'),
       count(*) FILTER (WHERE s.outcome = 'escalated'),
       count(*) FILTER (WHERE s.outcome = 'workaround'),
       count(*) FILTER (WHERE s.outcome = 'unresolved')
FROM sessions s
WHERE s.account_id = $1 AND s.started_at >= $2
  AND ($3::uuid IS NULL OR s.user_id = $3)
  AND ($4::uuid IS NULL OR s.tree_id = $4)`

// naiveSeriesSQL: one row per UTC day that has sessions; $3 and $4 as in
// naiveSummarySQL.
const naiveSeriesSQL = `SELECT (s.started_at AT TIME ZONE 'UTC')::date AS day,
       count(*) FILTER (WHERE s.outcome = 'resolved'),
       count(*) FILTER (WHERE s.outcome = 'escalated'),
       count(*) FILTER (WHERE s.outcome = 'workaround'),
       count(*) FILTER (WHERE s.outcome = 'unresolved'),
       count(*) FILTER (WHERE s.completed_at IS NULL)
FROM sessions s
WHERE s.account_id = $1 AND s.started_at >= $2
  AND ($3::uuid IS NULL OR s.user_id = $3)
  AND ($4::uuid IS NULL OR s.tree_id = $4)
GROUP BY day
ORDER BY day`

// naiveSummary summarises the period's sessions, narrowed to user or tree
// when set, and fills in its series.
func naiveSummary(ctx context.Context, tx pgx.Tx, account uuid.UUID, since, now time.Time, user, tree *uuid.UUID) (service.Summary, []service.Day, error) {
	var sum service.Summary
	o := &sum.Outcomes
	err := tx.QueryRow(ctx, naiveSummarySQL, account, since, user, tree).Scan(&sum.TotalSessions, &sum.CompletedSessions,
		&sum.MedianDurationMinutes, &sum.ActiveEngineers, &o.Resolved, &o.Escalated, &o.Workaround, &o.Unresolved)
	if err != nil {
		return sum, nil, fmt.Errorf("summarise sessions: %w", err)
	}
	sum.CompletionRate = rate(sum.CompletedSessions, sum.TotalSessions)
	rows, err := tx.Query(ctx, naiveSeriesSQL, account, since, user, tree)
	if err != nil {
		return sum, nil, fmt.Errorf("query time series: %w", err)
	}
	days, err := postgres.DailySeries(rows, since, now)
	return sum, days, err
}

func rate(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// naiveTopFlowsSQL lists the ten trees with most sessions, without their
// statistics; $3 an optional engineer.
const naiveTopFlowsSQL = `SELECT t.id, t.name, count(*) AS sessions
FROM sessions s
JOIN trees t ON t.account_id = s.account_id AND t.id = s.tree_id
WHERE s.account_id = $1 AND t.account_id = $1 AND s.started_at >= $2
  AND ($3::uuid IS NULL OR s.user_id = $3)
GROUP BY t.id, t.name
ORDER BY sessions DESC, t.name, t.id
LIMIT 10`

// naiveFlowStatsSQL is the query per top flow: $3 the tree, $4 an
// optional engineer.
const naiveFlowStatsSQL = `SELECT count(*) FILTER (WHERE s.completed_at IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)::float8 / 60)
           FILTER (WHERE s.completed_at IS NOT NULL),
       avg(r.rating)::float8
FROM sessions s
LEFT JOIN session_ratings r ON r.account_id = $1 AND r.session_id = s.id
WHERE s.account_id = $1 AND s.started_at >= $2 AND s.tree_id = $3
  AND ($4::uuid IS NULL OR s.user_id = $4)`

// naiveTopEngineersSQL lists the ten engineers with most sessions; $3 an
// optional engineer.
const naiveTopEngineersSQL = `SELECT u.id, u.name, count(*) AS sessions
FROM sessions s
JOIN users u ON u.account_id = s.account_id AND u.id = s.user_id
WHERE s.account_id = $1 AND u.account_id = $1 AND s.started_at >= $2
  AND ($3::uuid IS NULL OR s.user_id = $3)
GROUP BY u.id, u.name
ORDER BY sessions DESC, u.name, u.id
LIMIT 10`

// naiveEngineerStatsSQL is the query per top engineer: $3 the engineer.
const naiveEngineerStatsSQL = `SELECT count(*) FILTER (WHERE s.completed_at IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)::float8 / 60)
           FILTER (WHERE s.completed_at IS NOT NULL),
       avg(r.rating)::float8
FROM sessions s
LEFT JOIN session_ratings r ON r.account_id = $1 AND r.session_id = s.id
WHERE s.account_id = $1 AND s.started_at >= $2 AND s.user_id = $3`

// TeamAnalytics checks the role, runs the summary and the series, then
// one query per top flow and one per top engineer.
func (s *naiveAnalytics) TeamAnalytics(ctx context.Context, c service.Caller, f service.TeamFilter) (*service.TeamAnalytics, error) {
	now := s.db.Now()
	since := f.Period.Since(now)
	a := &service.TeamAnalytics{Period: f.Period.Name}
	err := s.db.ReadTenant(ctx, c, func(tx pgx.Tx) error {
		if err := postgres.RequireTeamRole(ctx, tx, c); err != nil {
			return err
		}
		var err error
		if a.Summary, a.TimeSeries, err = naiveSummary(ctx, tx, c.AccountID, since, now, f.EngineerID, nil); err != nil {
			return err
		}
		if a.TopFlows, err = naiveTopFlows(ctx, tx, c.AccountID, since, f.EngineerID); err != nil {
			return err
		}
		a.TopEngineers, err = naiveTopEngineers(ctx, tx, c.AccountID, since, f.EngineerID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// MyAnalytics runs the summary and the series, then one query per top
// flow.
func (s *naiveAnalytics) MyAnalytics(ctx context.Context, c service.Caller, p service.Period) (*service.MyAnalytics, error) {
	now := s.db.Now()
	since := p.Since(now)
	a := &service.MyAnalytics{Period: p.Name}
	err := s.db.ReadTenant(ctx, c, func(tx pgx.Tx) error {
		var err error
		if a.Summary, a.TimeSeries, err = naiveSummary(ctx, tx, c.AccountID, since, now, &c.UserID, nil); err != nil {
			return err
		}
		a.TopFlows, err = naiveTopFlows(ctx, tx, c.AccountID, since, &c.UserID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// naiveTopFlows lists the top flows, then queries each one's statistics.
// The list is read in full before the per-row queries: pgx cannot run a
// query on a connection whose previous result is still open.
func naiveTopFlows(ctx context.Context, tx pgx.Tx, account uuid.UUID, since time.Time, user *uuid.UUID) ([]service.FlowStats, error) {
	rows, err := tx.Query(ctx, naiveTopFlowsSQL, account, since, user)
	if err != nil {
		return nil, fmt.Errorf("query top flows: %w", err)
	}
	flows, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (service.FlowStats, error) {
		var f service.FlowStats
		err := row.Scan(&f.TreeID, &f.Name, &f.Sessions)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("read top flows: %w", err)
	}
	for i := range flows {
		f := &flows[i]
		var completed int
		err := tx.QueryRow(ctx, naiveFlowStatsSQL, account, since, f.TreeID, user).Scan(&completed, &f.MedianDurationMinutes, &f.AverageCSAT)
		if err != nil {
			return nil, fmt.Errorf("read statistics of flow %s: %w", f.TreeID, err)
		}
		f.CompletionRate = rate(completed, f.Sessions)
	}
	return flows, nil
}

// naiveTopEngineers lists the top engineers, then queries each one's
// statistics.
func naiveTopEngineers(ctx context.Context, tx pgx.Tx, account uuid.UUID, since time.Time, user *uuid.UUID) ([]service.EngineerStats, error) {
	rows, err := tx.Query(ctx, naiveTopEngineersSQL, account, since, user)
	if err != nil {
		return nil, fmt.Errorf("query top engineers: %w", err)
	}
	engineers, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (service.EngineerStats, error) {
		var e service.EngineerStats
		err := row.Scan(&e.UserID, &e.Name, &e.Sessions)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("read top engineers: %w", err)
	}
	for i := range engineers {
		e := &engineers[i]
		err := tx.QueryRow(ctx, naiveEngineerStatsSQL, account, since, e.UserID).Scan(&e.CompletedSessions, &e.MedianDurationMinutes, &e.AverageCSAT)
		if err != nil {
			return nil, fmt.Errorf("read statistics of engineer %s: %w", e.UserID, err)
		}
		e.CompletionRate = rate(e.CompletedSessions, e.Sessions)
	}
	return engineers, nil
}

// naiveStepIDsSQL lists the steps that a tree's sessions of the period
// visited or gave feedback on.
const naiveStepIDsSQL = `SELECT d.step_id
FROM sessions s
CROSS JOIN LATERAL jsonb_array_elements_text(s.decisions) AS d(step_id)
WHERE s.account_id = $1 AND s.tree_id = $2 AND s.started_at >= $3
UNION
SELECT sr.step_id::text
FROM step_ratings sr
JOIN sessions s ON s.account_id = sr.account_id AND s.id = sr.session_id
WHERE sr.account_id = $1 AND s.account_id = $1 AND s.tree_id = $2 AND s.started_at >= $3`

// naiveStepVisitsSQL is the first query per step: its visits and
// drop-offs; $4 the step id as it appears in decisions.
const naiveStepVisitsSQL = `SELECT count(*),
       count(*) FILTER (WHERE s.completed_at IS NULL AND d.ord = jsonb_array_length(s.decisions))
FROM sessions s
CROSS JOIN LATERAL jsonb_array_elements_text(s.decisions) WITH ORDINALITY AS d(step_id, ord)
WHERE s.account_id = $1 AND s.tree_id = $2 AND s.started_at >= $3 AND d.step_id = $4`

// naiveStepThumbsSQL is the second query per step: its feedback in the
// tree's sessions; $4 the step.
const naiveStepThumbsSQL = `SELECT count(*) FILTER (WHERE sr.was_helpful),
       count(*) FILTER (WHERE NOT sr.was_helpful)
FROM step_ratings sr
JOIN sessions s ON s.account_id = sr.account_id AND s.id = sr.session_id
WHERE sr.account_id = $1 AND s.account_id = $1 AND s.tree_id = $2 AND s.started_at >= $3 AND sr.step_id = $4`

// FlowAnalytics reads the tree, the summary, the series and the ratings,
// then runs two queries for each step.
func (s *naiveAnalytics) FlowAnalytics(ctx context.Context, c service.Caller, treeID uuid.UUID, p service.Period) (*service.FlowAnalytics, error) {
	now := s.db.Now()
	since := p.Since(now)
	a := &service.FlowAnalytics{TreeID: treeID, Period: p.Name}
	err := s.db.ReadTenant(ctx, c, func(tx pgx.Tx) error {
		var structure []byte
		var err error
		if a.Name, structure, err = postgres.ReadTree(ctx, tx, c.AccountID, treeID); err != nil {
			return err
		}
		if a.Summary, a.TimeSeries, err = naiveSummary(ctx, tx, c.AccountID, since, now, nil, &treeID); err != nil {
			return err
		}
		if a.AverageCSAT, a.RatingCount, err = postgres.FlowRatings(ctx, tx, c.AccountID, treeID, since); err != nil {
			return err
		}
		if a.Steps, err = naiveSteps(ctx, tx, c.AccountID, treeID, since, structure); err != nil {
			return err
		}
		a.LatestComments, err = postgres.LatestComments(ctx, tx, c.AccountID, treeID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// naiveSteps orders the steps as the service does (the tree's depth-first
// order, then steps the tree no longer holds, by id) and queries each one.
func naiveSteps(ctx context.Context, tx pgx.Tx, account, treeID uuid.UUID, since time.Time, structure []byte) ([]service.StepStats, error) {
	out, err := postgres.TreeSteps(treeID, structure)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, st := range out {
		seen[st.StepID] = true
	}
	rows, err := tx.Query(ctx, naiveStepIDsSQL, account, treeID, since)
	if err != nil {
		return nil, fmt.Errorf("query steps of sessions: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read steps of sessions: %w", err)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, service.StepStats{StepID: id})
		}
	}

	for i := range out {
		st := &out[i]
		err := tx.QueryRow(ctx, naiveStepVisitsSQL, account, treeID, since, st.StepID).Scan(&st.Visits, &st.DropOffs)
		if err != nil {
			return nil, fmt.Errorf("count visits of step %s: %w", st.StepID, err)
		}
		st.DropOffRate = rate(st.DropOffs, st.Visits)
		// Only a step id in canonical UUID form can match the feedback of a
		// step_library row.
		stepID, err := uuid.Parse(st.StepID)
		if err != nil || stepID.String() != st.StepID {
			continue
		}
		err = tx.QueryRow(ctx, naiveStepThumbsSQL, account, treeID, since, stepID).Scan(&st.ThumbsUp, &st.ThumbsDown)
		if err != nil {
			return nil, fmt.Errorf("count feedback of step %s: %w", st.StepID, err)
		}
	}
	return out, nil
}
