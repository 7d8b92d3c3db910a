package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/resolutionflow/tenantcheck/service"
)

// AnalyticsService implements service.AnalyticsService. Each method runs a
// fixed set of grouped queries in one read-only transaction: the top flows
// and top engineers come from one GROUP BY each, never a query per row.
type AnalyticsService struct{ db *DB }

// NewAnalyticsService returns an AnalyticsService on db.
func NewAnalyticsService(db *DB) *AnalyticsService { return &AnalyticsService{db: db} }

var _ service.AnalyticsService = (*AnalyticsService)(nil)

// The queries below share their parameters: $1 the caller's account, $2 the
// start of the period, then optional filters written as
// ($n::uuid IS NULL OR ...), which narrow but never replace the account
// predicate.

// summarySQL: $3 an optional engineer, $4 an optional tree.
const summarySQL = `SELECT count(*),
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

// timeSeriesSQL: one row per UTC day that has sessions; $3 and $4 as in
// summarySQL.
const timeSeriesSQL = `SELECT (s.started_at AT TIME ZONE 'UTC')::date AS day,
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

// topFlowsSQL: the ten trees with most sessions; $3 an optional engineer.
// It ranks first on a cheap count and computes medians and CSAT only for
// the ten it keeps; CSAT reads the ratings through their own tree_id index
// rather than probing session_ratings once per session.
const topFlowsSQL = `WITH top AS (
    SELECT t.id, t.name, count(*) AS sessions
    FROM sessions s
    JOIN trees t ON t.account_id = s.account_id AND t.id = s.tree_id
    WHERE s.account_id = $1 AND t.account_id = $1 AND s.started_at >= $2
      AND ($3::uuid IS NULL OR s.user_id = $3)
    GROUP BY t.id, t.name
    ORDER BY sessions DESC, t.name, t.id
    LIMIT 10)
SELECT top.id, top.name, top.sessions,
       count(*) FILTER (WHERE s.completed_at IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)::float8 / 60)
           FILTER (WHERE s.completed_at IS NOT NULL),
       (SELECT avg(r.rating)::float8
        FROM session_ratings r
        JOIN sessions rs ON rs.account_id = $1 AND rs.id = r.session_id
        WHERE r.account_id = $1 AND r.tree_id = top.id AND rs.started_at >= $2
          AND ($3::uuid IS NULL OR rs.user_id = $3))
FROM top
JOIN sessions s ON s.account_id = $1 AND s.tree_id = top.id
WHERE s.started_at >= $2
  AND ($3::uuid IS NULL OR s.user_id = $3)
GROUP BY top.id, top.name, top.sessions
ORDER BY top.sessions DESC, top.name, top.id`

// topEngineersSQL: the ten engineers with most sessions; $3 an optional
// engineer. Ranked first, like topFlowsSQL.
const topEngineersSQL = `WITH top AS (
    SELECT u.id, u.name, count(*) AS sessions
    FROM sessions s
    JOIN users u ON u.account_id = s.account_id AND u.id = s.user_id
    WHERE s.account_id = $1 AND u.account_id = $1 AND s.started_at >= $2
      AND ($3::uuid IS NULL OR s.user_id = $3)
    GROUP BY u.id, u.name
    ORDER BY sessions DESC, u.name, u.id
    LIMIT 10)
SELECT top.id, top.name, top.sessions,
       count(*) FILTER (WHERE s.completed_at IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)::float8 / 60)
           FILTER (WHERE s.completed_at IS NOT NULL),
       (SELECT avg(r.rating)::float8
        FROM session_ratings r
        JOIN sessions rs ON rs.account_id = $1 AND rs.id = r.session_id
        WHERE r.account_id = $1 AND r.user_id = top.id AND rs.started_at >= $2)
FROM top
JOIN sessions s ON s.account_id = $1 AND s.user_id = top.id
WHERE s.started_at >= $2
GROUP BY top.id, top.name, top.sessions
ORDER BY top.sessions DESC, top.name, top.id`

// TeamAnalytics checks the caller's role, then runs four grouped queries.
func (s *AnalyticsService) TeamAnalytics(ctx context.Context, c service.Caller, f service.TeamFilter) (*service.TeamAnalytics, error) {
	return s.db.teamAnalytics(ctx, c, f, rankings{flows: topFlows, engineers: topEngineers})
}

// MyAnalytics runs the team queries narrowed to the caller.
func (s *AnalyticsService) MyAnalytics(ctx context.Context, c service.Caller, p service.Period) (*service.MyAnalytics, error) {
	return s.db.myAnalytics(ctx, c, p, topFlows)
}

// flowRanking lists the top flows of an account, or of one engineer.
type flowRanking func(ctx context.Context, tx pgx.Tx, account uuid.UUID, since time.Time, user *uuid.UUID) ([]service.FlowStats, error)

// rankings computes the top flows and top engineers: grouped queries in
// AnalyticsService, one query per row in the benchmark's per-row port.
type rankings struct {
	flows     flowRanking
	engineers func(ctx context.Context, tx pgx.Tx, account uuid.UUID, since time.Time, user *uuid.UUID) ([]service.EngineerStats, error)
}

// teamAnalytics checks the caller's role, then reads the summary, the
// series and the rankings in one read-only transaction.
func (db *DB) teamAnalytics(ctx context.Context, c service.Caller, f service.TeamFilter, r rankings) (*service.TeamAnalytics, error) {
	now := db.Now()
	since := f.Period.Since(now)
	a := &service.TeamAnalytics{Period: f.Period.Name}
	err := db.inTenant(ctx, c, readOnly, func(tx pgx.Tx) error {
		var role service.Role
		err := tx.QueryRow(ctx, `SELECT u.role FROM users u WHERE u.account_id = $1 AND u.id = $2`, c.AccountID, c.UserID).Scan(&role)
		if errors.Is(err, pgx.ErrNoRows) {
			return service.Errorf(service.EUNAUTHORIZED, "user no longer exists")
		}
		if err != nil {
			return fmt.Errorf("read role: %w", err)
		}
		if !role.CanSeeTeam() {
			return service.Errorf(service.EFORBIDDEN, "team analytics need the team_admin or super_admin role")
		}
		if a.Summary, err = summary(ctx, tx, c.AccountID, since, f.EngineerID, nil); err != nil {
			return err
		}
		if a.TimeSeries, err = timeSeries(ctx, tx, c.AccountID, since, now, f.EngineerID, nil); err != nil {
			return err
		}
		if a.TopFlows, err = r.flows(ctx, tx, c.AccountID, since, f.EngineerID); err != nil {
			return err
		}
		a.TopEngineers, err = r.engineers(ctx, tx, c.AccountID, since, f.EngineerID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// myAnalytics reads the caller's summary, series and top flows.
func (db *DB) myAnalytics(ctx context.Context, c service.Caller, p service.Period, flows flowRanking) (*service.MyAnalytics, error) {
	now := db.Now()
	since := p.Since(now)
	me := &c.UserID
	a := &service.MyAnalytics{Period: p.Name}
	err := db.inTenant(ctx, c, readOnly, func(tx pgx.Tx) error {
		var err error
		if a.Summary, err = summary(ctx, tx, c.AccountID, since, me, nil); err != nil {
			return err
		}
		if a.TimeSeries, err = timeSeries(ctx, tx, c.AccountID, since, now, me, nil); err != nil {
			return err
		}
		a.TopFlows, err = flows(ctx, tx, c.AccountID, since, me)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func summary(ctx context.Context, tx pgx.Tx, account uuid.UUID, since time.Time, user, tree *uuid.UUID) (service.Summary, error) {
	var sum service.Summary
	o := &sum.Outcomes
	err := tx.QueryRow(ctx, summarySQL, account, since, user, tree).Scan(&sum.TotalSessions, &sum.CompletedSessions,
		&sum.MedianDurationMinutes, &sum.ActiveEngineers, &o.Resolved, &o.Escalated, &o.Workaround, &o.Unresolved)
	if err != nil {
		return sum, fmt.Errorf("summarise sessions: %w", err)
	}
	sum.CompletionRate = rate(sum.CompletedSessions, sum.TotalSessions)
	return sum, nil
}

// timeSeries returns one Day per UTC day from since to now, days without
// sessions included, so that charts need no gap filling.
func timeSeries(ctx context.Context, tx pgx.Tx, account uuid.UUID, since, now time.Time, user, tree *uuid.UUID) ([]service.Day, error) {
	rows, err := tx.Query(ctx, timeSeriesSQL, account, since, user, tree)
	if err != nil {
		return nil, fmt.Errorf("query time series: %w", err)
	}
	counted, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (service.Day, error) {
		var d service.Day
		var date time.Time
		err := row.Scan(&date, &d.Resolved, &d.Escalated, &d.Workaround, &d.Unresolved, &d.InProgress)
		d.Date = date.Format(time.DateOnly)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("read time series: %w", err)
	}
	byDate := make(map[string]service.Day, len(counted))
	for _, d := range counted {
		byDate[d.Date] = d
	}
	var days []service.Day
	last := now.UTC().Format(time.DateOnly)
	for day := since.UTC(); ; day = day.AddDate(0, 0, 1) {
		date := day.Format(time.DateOnly)
		d, ok := byDate[date]
		if !ok {
			d.Date = date
		}
		days = append(days, d)
		if date >= last {
			return days, nil
		}
	}
}

func topFlows(ctx context.Context, tx pgx.Tx, account uuid.UUID, since time.Time, user *uuid.UUID) ([]service.FlowStats, error) {
	rows, err := tx.Query(ctx, topFlowsSQL, account, since, user)
	if err != nil {
		return nil, fmt.Errorf("query top flows: %w", err)
	}
	flows, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (service.FlowStats, error) {
		var f service.FlowStats
		var completed int
		err := row.Scan(&f.TreeID, &f.Name, &f.Sessions, &completed, &f.MedianDurationMinutes, &f.AverageCSAT)
		f.CompletionRate = rate(completed, f.Sessions)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("read top flows: %w", err)
	}
	return flows, nil
}

func topEngineers(ctx context.Context, tx pgx.Tx, account uuid.UUID, since time.Time, user *uuid.UUID) ([]service.EngineerStats, error) {
	rows, err := tx.Query(ctx, topEngineersSQL, account, since, user)
	if err != nil {
		return nil, fmt.Errorf("query top engineers: %w", err)
	}
	engineers, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (service.EngineerStats, error) {
		var e service.EngineerStats
		err := row.Scan(&e.UserID, &e.Name, &e.Sessions, &e.CompletedSessions, &e.MedianDurationMinutes, &e.AverageCSAT)
		e.CompletionRate = rate(e.CompletedSessions, e.Sessions)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("read top engineers: %w", err)
	}
	return engineers, nil
}

// stepVisitsSQL counts, per step id in the decisions of a tree's sessions,
// the visits and the drop-offs (the last step of a session that is not
// completed). $3 is the start of the period.
const stepVisitsSQL = `SELECT d.step_id, count(*),
       count(*) FILTER (WHERE s.completed_at IS NULL AND d.ord = jsonb_array_length(s.decisions))
FROM sessions s
CROSS JOIN LATERAL jsonb_array_elements_text(s.decisions) WITH ORDINALITY AS d(step_id, ord)
WHERE s.account_id = $1 AND s.tree_id = $2 AND s.started_at >= $3
GROUP BY d.step_id`

// stepThumbsSQL counts the step feedback given in a tree's sessions.
const stepThumbsSQL = `SELECT sr.step_id::text,
       count(*) FILTER (WHERE sr.was_helpful),
       count(*) FILTER (WHERE NOT sr.was_helpful)
FROM step_ratings sr
JOIN sessions s ON s.account_id = sr.account_id AND s.id = sr.session_id
WHERE sr.account_id = $1 AND s.account_id = $1 AND s.tree_id = $2 AND s.started_at >= $3
GROUP BY sr.step_id`

// FlowAnalytics reads the tree (ENOTFOUND unless it is in the caller's
// account), then runs six grouped queries over its sessions.
func (s *AnalyticsService) FlowAnalytics(ctx context.Context, c service.Caller, treeID uuid.UUID, p service.Period) (*service.FlowAnalytics, error) {
	return s.db.flowAnalytics(ctx, c, treeID, p, steps)
}

// stepStats computes a tree's per-step statistics: two grouped queries in
// AnalyticsService, two queries per step in the per-row port.
type stepStats func(ctx context.Context, tx pgx.Tx, account, treeID uuid.UUID, since time.Time, structure []byte) ([]service.StepStats, error)

// flowAnalytics reads the tree (ENOTFOUND unless it is in the caller's
// account), its summary, series, ratings, step statistics and comments in
// one read-only transaction.
func (db *DB) flowAnalytics(ctx context.Context, c service.Caller, treeID uuid.UUID, p service.Period, stepsOf stepStats) (*service.FlowAnalytics, error) {
	now := db.Now()
	since := p.Since(now)
	a := &service.FlowAnalytics{TreeID: treeID, Period: p.Name}
	err := db.inTenant(ctx, c, readOnly, func(tx pgx.Tx) error {
		var structure []byte
		err := tx.QueryRow(ctx, `SELECT t.name, t.structure FROM trees t WHERE t.account_id = $1 AND t.id = $2`,
			c.AccountID, treeID).Scan(&a.Name, &structure)
		if errors.Is(err, pgx.ErrNoRows) {
			return service.Errorf(service.ENOTFOUND, "tree not found")
		}
		if err != nil {
			return fmt.Errorf("read tree: %w", err)
		}
		if a.Summary, err = summary(ctx, tx, c.AccountID, since, nil, &treeID); err != nil {
			return err
		}
		if a.TimeSeries, err = timeSeries(ctx, tx, c.AccountID, since, now, nil, &treeID); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `SELECT avg(r.rating)::float8, count(*) FROM session_ratings r
			WHERE r.account_id = $1 AND r.tree_id = $2 AND r.created_at >= $3`,
			c.AccountID, treeID, since).Scan(&a.AverageCSAT, &a.RatingCount)
		if err != nil {
			return fmt.Errorf("average ratings: %w", err)
		}
		if a.Steps, err = stepsOf(ctx, tx, c.AccountID, treeID, since, structure); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT r.rating, r.comment, r.created_at FROM session_ratings r
			WHERE r.account_id = $1 AND r.tree_id = $2 AND r.comment <> ''
			ORDER BY r.created_at DESC, r.id
			LIMIT 10`, c.AccountID, treeID)
		if err != nil {
			return fmt.Errorf("query comments: %w", err)
		}
		a.LatestComments, err = pgx.CollectRows(rows, pgx.RowToStructByPos[service.Comment])
		if err != nil {
			return fmt.Errorf("read comments: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// node is one step of a tree's structure.
type node struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Children []node `json:"children"`
}

// steps joins the visit and thumb counts onto the tree's steps, in the
// tree's depth-first order; steps that sessions visited but the tree no
// longer holds follow, by id.
func steps(ctx context.Context, tx pgx.Tx, account, treeID uuid.UUID, since time.Time, structure []byte) ([]service.StepStats, error) {
	var root node
	if err := json.Unmarshal(structure, &root); err != nil {
		return nil, fmt.Errorf("decode structure of tree %s: %w", treeID, err)
	}
	byID := map[string]*service.StepStats{}
	var order []string
	add := func(id, title string) *service.StepStats {
		st, ok := byID[id]
		if !ok {
			st = &service.StepStats{StepID: id, Title: title}
			byID[id] = st
			order = append(order, id)
		}
		return st
	}
	var walk func(n node)
	walk = func(n node) {
		if n.ID != "" {
			add(n.ID, n.Title)
		}
		for _, child := range n.Children {
			walk(child)
		}
	}
	walk(root)
	inTree := len(order)

	rows, err := tx.Query(ctx, stepVisitsSQL, account, treeID, since)
	if err != nil {
		return nil, fmt.Errorf("query step visits: %w", err)
	}
	var id string
	var visits, dropOffs int
	_, err = pgx.ForEachRow(rows, []any{&id, &visits, &dropOffs}, func() error {
		st := add(id, "")
		st.Visits, st.DropOffs = visits, dropOffs
		st.DropOffRate = rate(dropOffs, visits)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read step visits: %w", err)
	}
	rows, err = tx.Query(ctx, stepThumbsSQL, account, treeID, since)
	if err != nil {
		return nil, fmt.Errorf("query step thumbs: %w", err)
	}
	var up, down int
	_, err = pgx.ForEachRow(rows, []any{&id, &up, &down}, func() error {
		st := add(id, "")
		st.ThumbsUp, st.ThumbsDown = up, down
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read step thumbs: %w", err)
	}
	sort.Strings(order[inTree:])
	out := make([]service.StepStats, len(order))
	for i, id := range order {
		out[i] = *byID[id]
	}
	return out, nil
}

func rate(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
