package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/resolutionflow/tenantcheck/service"
)

// AnalyticsService implements service.AnalyticsService. It reads the
// rollups of migrations/006 (kept by triggers on every write), a few
// hundred rows per query whatever the number of sessions, in a fixed set
// of queries in one read-only transaction. Counts, rates and CSAT are
// exact; medians come from minute histograms (docs/service.md,
// "Performance": exact and approximate).
type AnalyticsService struct{ db *DB }

// NewAnalyticsService returns an AnalyticsService on db.
func NewAnalyticsService(db *DB) *AnalyticsService { return &AnalyticsService{db: db} }

var _ service.AnalyticsService = (*AnalyticsService)(nil)

// The queries below share their parameters: $1 the caller's account, $2
// the period's first day, $3 its first Monday and $4 its first 28-day
// block (see window), then $5 the engineer or tree a query is narrowed
// to. A rollup is read as `periodRows + table + alias + periodOf<alias> +
// narrowing + " OFFSET 0) alias"`: three index range scans (LATERAL, and
// OFFSET 0 that keeps the planner from flattening them into a scan of the
// whole account), the days from $2 to $3, the weeks from $3 to $4 and the
// blocks from $4 on, so that every row read is one of the period's and a
// group's rows are found with three index descents rather than one per
// day, week and block.
const (
	periodRows = ` FROM (VALUES (1::smallint, $2::date, $3::date), (7::smallint, $3::date, $4::date), (28::smallint, $4::date, 'infinity'::date)) AS b(span, first, stop) CROSS JOIN LATERAL (SELECT * FROM `
	periodOfR  = ` r WHERE r.account_id = $1 AND r.span = b.span AND r.day >= b.first AND r.day < b.stop`
	periodOfD  = ` d WHERE d.account_id = $1 AND d.span = b.span AND d.day >= b.first AND d.day < b.stop`
	periodOfU  = ` u WHERE u.account_id = $1 AND u.span = b.span AND u.day >= b.first AND u.day < b.stop`
)

// histHead ... histTail collect a histogram's rows d(minute, n) of the
// period as they come, one (minute, n) pair each (NULL when there are
// none); histogramOf sums them by minute in Go, which costs the server
// neither a grouping nor a sort per group.
const (
	histHead = `(SELECT array_agg(ARRAY[d.minute, d.n])`
	histTail = `)`
)

// histogramOf sums rollup rows' (minute, count) pairs, in any order and
// minute repeated, into histogramMedian's form: minute and count
// alternating, by minute, minutes that net to no duration left out.
func histogramOf(pairs [][]int32) []int32 {
	counts := make(map[int32]int32, len(pairs))
	for _, p := range pairs {
		counts[p[0]] += p[1]
	}
	minutes := make([]int32, 0, len(counts))
	for m, n := range counts {
		if n > 0 {
			minutes = append(minutes, m)
		}
	}
	slices.Sort(minutes)
	hist := make([]int32, 0, 2*len(minutes))
	for _, m := range minutes {
		hist = append(hist, m, counts[m])
	}
	return hist
}

// histogramMedian estimates percentile_cont(0.5) of durations from a
// histogram of whole minutes (minute, count, minute, count, ... by
// minute): ranks floor and ceil of (n-1)/2 of the sorted durations, which
// percentile_cont averages, each fall in a minute after `below` shorter
// ones, and the minute's durations are taken as evenly spread over it. Each
// rank's estimate, and so their mean, is less than a minute from the exact
// value. nil for an empty histogram, as percentile_cont over no rows.
func histogramMedian(hist []int32) *float64 {
	var total int64
	for i := 1; i < len(hist); i += 2 {
		total += int64(hist[i])
	}
	if total == 0 {
		return nil
	}
	rank := func(k int64) float64 {
		var below int64
		i := 0
		for ; i+3 < len(hist) && k >= below+int64(hist[i+1]); i += 2 {
			below += int64(hist[i+1])
		}
		return float64(hist[i]) + (float64(k-below)+0.5)/float64(hist[i+1])
	}
	median := (rank((total-1)/2) + rank(total/2)) / 2
	return &median
}

// summaryColumns are a summary's counts over rollup rows r.
const summaryColumns = `coalesce(sum(r.sessions), 0), coalesce(sum(r.completed), 0),
       coalesce(sum(r.resolved), 0), coalesce(sum(r.escalated), 0), coalesce(sum(r.workaround), 0), coalesce(sum(r.unresolved), 0)`

// teamSummarySQL summarises the whole account.
const teamSummarySQL = `SELECT ` + summaryColumns + `,
       ` + histHead + periodRows + `analytics_duration_days` + periodOfD + ` OFFSET 0) d` + histTail + `,
       (SELECT count(DISTINCT u.user_id)` + periodRows + `analytics_user_days` + periodOfU + ` AND u.sessions > 0 OFFSET 0) u)
` + periodRows + `analytics_days` + periodOfR + ` OFFSET 0) r`

// engineerSummarySQL summarises the sessions of engineer $5.
const engineerSummarySQL = `SELECT ` + summaryColumns + `,
       ` + histHead + periodRows + `analytics_user_duration_days` + periodOfD + ` AND d.user_id = $5 OFFSET 0) d` + histTail + `,
       CASE WHEN sum(r.sessions) > 0 THEN 1 ELSE 0 END
` + periodRows + `analytics_user_days` + periodOfR + ` AND r.user_id = $5 OFFSET 0) r`

// treeSummarySQL summarises the sessions of tree $5.
const treeSummarySQL = `SELECT ` + summaryColumns + `,
       ` + histHead + periodRows + `analytics_tree_duration_days` + periodOfD + ` AND d.tree_id = $5 OFFSET 0) d` + histTail + `,
       (SELECT count(DISTINCT u.user_id)` + periodRows + `analytics_user_tree_days` + periodOfU + ` AND u.tree_id = $5 AND u.sessions > 0 OFFSET 0) u)
` + periodRows + `analytics_tree_days` + periodOfR + ` AND r.tree_id = $5 OFFSET 0) r`

// Time series: one row per UTC day that has rollup rows, from the daily
// ones (span 1): $2 the first day, $3 the engineer or tree.
const (
	seriesColumns     = `SELECT r.day, r.resolved, r.escalated, r.workaround, r.unresolved, r.sessions - r.completed FROM `
	seriesPeriod      = ` r WHERE r.account_id = $1 AND r.span = 1 AND r.day >= $2`
	teamSeriesSQL     = seriesColumns + `analytics_days` + seriesPeriod + ` ORDER BY r.day`
	engineerSeriesSQL = seriesColumns + `analytics_user_days` + seriesPeriod + ` AND r.user_id = $3 ORDER BY r.day`
	treeSeriesSQL     = seriesColumns + `analytics_tree_days` + seriesPeriod + ` AND r.tree_id = $3 ORDER BY r.day`
)

// rankedRollups are the sessions, completed sessions and CSAT of the rows
// r of a group. The top queries group the rollup rows before they join the
// names: one trees or users look-up per group rather than per rollup row
// (30 instead of 161 for an engineer with 1,800 sessions in 90 days).
const rankedRollups = `sum(r.sessions) AS sessions, sum(r.completed) AS completed,
           (sum(r.rating_sum)::numeric / nullif(sum(r.rating_count), 0))::float8 AS csat`

// teamTopFlowsSQL: the ten trees of the account with most sessions, their
// duration histograms read for those ten only (and no exact median).
const teamTopFlowsSQL = `WITH top AS (
    SELECT t.id, t.name, g.sessions, g.completed, g.csat
    FROM (SELECT r.tree_id, ` + rankedRollups + periodRows + `analytics_tree_days` + periodOfR + ` OFFSET 0) r
        GROUP BY r.tree_id
        HAVING sum(r.sessions) > 0) g
    JOIN trees t ON t.account_id = $1 AND t.id = g.tree_id
    ORDER BY g.sessions DESC, t.name, t.id
    LIMIT 10)
SELECT top.id, top.name, top.sessions, top.completed,
       ` + histHead + periodRows + `analytics_tree_duration_days` + periodOfD + ` AND d.tree_id = top.id OFFSET 0) d` + histTail + `,
       NULL::float8, top.csat
FROM top
ORDER BY top.sessions DESC, top.name, top.id`

// engineerTopFlowsSQL: the ten trees with most sessions of engineer $5.
// One engineer's sessions are few: the medians are exact, from one pass
// over them ($6 the first day), and there is no histogram. medians is
// MATERIALIZED because, inlined, it lands on the inner side of a nested
// loop over top and every median is computed again for each of the ten
// flows: 2.7 ms instead of 1.2 for 1,800 sessions (EXPLAIN ANALYZE).
const engineerTopFlowsSQL = `WITH top AS (
    SELECT t.id, t.name, g.sessions, g.completed, g.csat
    FROM (SELECT r.tree_id, ` + rankedRollups + periodRows + `analytics_user_tree_days` + periodOfR + ` AND r.user_id = $5 OFFSET 0) r
        GROUP BY r.tree_id
        HAVING sum(r.sessions) > 0) g
    JOIN trees t ON t.account_id = $1 AND t.id = g.tree_id
    ORDER BY g.sessions DESC, t.name, t.id
    LIMIT 10),
medians AS MATERIALIZED (
    SELECT s.tree_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)::float8 / 60) AS median
    FROM sessions s
    WHERE s.account_id = $1 AND s.user_id = $5 AND s.started_at >= $6 AND s.completed_at IS NOT NULL
      AND s.tree_id IN (SELECT top.id FROM top)
    GROUP BY s.tree_id)
SELECT top.id, top.name, top.sessions, top.completed, NULL::integer[], medians.median, top.csat
FROM top
LEFT JOIN medians ON medians.tree_id = top.id
ORDER BY top.sessions DESC, top.name, top.id`

// topEngineersSQL: the ten engineers of the account with most sessions;
// $5, when set, keeps only that engineer.
const topEngineersSQL = `WITH top AS (
    SELECT u.id, u.name, g.sessions, g.completed, g.csat
    FROM (SELECT r.user_id, ` + rankedRollups + periodRows + `analytics_user_days` + periodOfR + ` AND ($5::uuid IS NULL OR r.user_id = $5) OFFSET 0) r
        GROUP BY r.user_id
        HAVING sum(r.sessions) > 0) g
    JOIN users u ON u.account_id = $1 AND u.id = g.user_id
    ORDER BY g.sessions DESC, u.name, u.id
    LIMIT 10)
SELECT top.id, top.name, top.sessions, top.completed,
       ` + histHead + periodRows + `analytics_user_duration_days` + periodOfD + ` AND d.user_id = top.id OFFSET 0) d` + histTail + `,
       top.csat
FROM top
ORDER BY top.sessions DESC, top.name, top.id`

// stepsSQL: visits, drop-offs and feedback per step id of tree $5.
const stepsSQL = `SELECT r.step_id, sum(r.visits), sum(r.drop_offs), sum(r.thumbs_up), sum(r.thumbs_down)
` + periodRows + `analytics_step_days` + periodOfR + ` AND r.tree_id = $5 OFFSET 0) r
GROUP BY r.step_id
HAVING sum(r.visits) > 0 OR sum(r.thumbs_up) > 0 OR sum(r.thumbs_down) > 0`

// window is a period as the rollups cut it: the days before its first
// Monday (span 1), the weeks from that Monday to its first 28-day block
// (span 7), then the blocks (span 28; no session starts after today, so
// the blocks end with the period). A 90-day period is at most 6 days, 3
// weeks and 4 blocks, where weeks alone took 13.
type window struct {
	since, monday, block time.Time
}

// blockEpoch is the Monday from which 28-day blocks are counted, as
// analytics_spans counts them (migrations/006): blocks are whole weeks.
var blockEpoch = time.Date(2000, time.January, 3, 0, 0, 0, 0, time.UTC)

func windowOf(p service.Period, now time.Time) window {
	w := window{since: p.Since(now)}
	w.monday = w.since.AddDate(0, 0, (int(time.Monday-w.since.Weekday())+7)%7)
	intoBlock := (int(w.monday.Sub(blockEpoch).Hours()/24)%28 + 28) % 28
	w.block = w.monday.AddDate(0, 0, (28-intoBlock)%28)
	return w
}

// args are the parameters of the period queries, narrowed to key when set.
func (w window) args(account uuid.UUID, key ...any) []any {
	return append([]any{account, w.since, w.monday, w.block}, key...)
}

// seriesArgs are the parameters of the series queries.
func (w window) seriesArgs(account uuid.UUID, key ...any) []any {
	return append([]any{account, w.since}, key...)
}

// TeamAnalytics checks the caller's role, then reads the summary, the
// series, the top flows and the top engineers, all in one batch.
func (s *AnalyticsService) TeamAnalytics(ctx context.Context, c service.Caller, f service.TeamFilter) (*service.TeamAnalytics, error) {
	now := s.db.Now()
	w := windowOf(f.Period, now)
	a := &service.TeamAnalytics{Period: f.Period.Name}
	err := s.db.ReadTenantBatch(ctx, c, func(b *pgx.Batch) {
		b.Queue(teamRoleSQL, c.AccountID, c.UserID).QueryRow(checkTeamRole)
		if f.EngineerID == nil {
			queueSummary(b, &a.Summary, teamSummarySQL, w.args(c.AccountID))
			queueTimeSeries(b, &a.TimeSeries, teamSeriesSQL, w.seriesArgs(c.AccountID), w.since, now)
			queueTopFlows(b, &a.TopFlows, teamTopFlowsSQL, w.args(c.AccountID))
		} else {
			queueSummary(b, &a.Summary, engineerSummarySQL, w.args(c.AccountID, *f.EngineerID))
			queueTimeSeries(b, &a.TimeSeries, engineerSeriesSQL, w.seriesArgs(c.AccountID, *f.EngineerID), w.since, now)
			queueTopFlows(b, &a.TopFlows, engineerTopFlowsSQL, w.args(c.AccountID, *f.EngineerID, w.since))
		}
		queueTopEngineers(b, &a.TopEngineers, w.args(c.AccountID, f.EngineerID))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// teamRoleSQL reads the caller's role (checkTeamRole).
const teamRoleSQL = `SELECT u.role FROM users u WHERE u.account_id = $1 AND u.id = $2`

// RequireTeamRole returns EFORBIDDEN unless the caller is a team or super
// admin (EUNAUTHORIZED when the user no longer exists).
func RequireTeamRole(ctx context.Context, tx pgx.Tx, c service.Caller) error {
	return checkTeamRole(tx.QueryRow(ctx, teamRoleSQL, c.AccountID, c.UserID))
}

// checkTeamRole is RequireTeamRole on the row of teamRoleSQL.
func checkTeamRole(row pgx.Row) error {
	var role service.Role
	err := row.Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		return service.Errorf(service.EUNAUTHORIZED, "user no longer exists")
	}
	if err != nil {
		return fmt.Errorf("read role: %w", err)
	}
	if !role.CanSeeTeam() {
		return service.Errorf(service.EFORBIDDEN, "team analytics need the team_admin or super_admin role")
	}
	return nil
}

// MyAnalytics reads the caller's summary, series and top flows in one
// batch.
func (s *AnalyticsService) MyAnalytics(ctx context.Context, c service.Caller, p service.Period) (*service.MyAnalytics, error) {
	now := s.db.Now()
	w := windowOf(p, now)
	a := &service.MyAnalytics{Period: p.Name}
	err := s.db.ReadTenantBatch(ctx, c, func(b *pgx.Batch) {
		queueSummary(b, &a.Summary, engineerSummarySQL, w.args(c.AccountID, c.UserID))
		queueTimeSeries(b, &a.TimeSeries, engineerSeriesSQL, w.seriesArgs(c.AccountID, c.UserID), w.since, now)
		queueTopFlows(b, &a.TopFlows, engineerTopFlowsSQL, w.args(c.AccountID, c.UserID, w.since))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// queueSummary queues a summary query into sum.
func queueSummary(b *pgx.Batch, sum *service.Summary, sql string, args []any) {
	b.Queue(sql, args...).QueryRow(func(row pgx.Row) error {
		o := &sum.Outcomes
		var hist [][]int32
		err := row.Scan(&sum.TotalSessions, &sum.CompletedSessions,
			&o.Resolved, &o.Escalated, &o.Workaround, &o.Unresolved, &hist, &sum.ActiveEngineers)
		if err != nil {
			return fmt.Errorf("summarise sessions: %w", err)
		}
		sum.MedianDurationMinutes = histogramMedian(histogramOf(hist))
		sum.CompletionRate = rate(sum.CompletedSessions, sum.TotalSessions)
		return nil
	})
}

// queueTimeSeries queues a series query into days.
func queueTimeSeries(b *pgx.Batch, days *[]service.Day, sql string, args []any, since, now time.Time) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		var err error
		*days, err = DailySeries(rows, since, now)
		return err
	})
}

// DailySeries reads rows of (day, resolved, escalated, workaround,
// unresolved, in progress) and returns one Day per UTC day from since to
// now, days without a row included, so that charts need no gap filling.
func DailySeries(rows pgx.Rows, since, now time.Time) ([]service.Day, error) {
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

// queueTopFlows queues a top flows query into flows.
func queueTopFlows(b *pgx.Batch, flows *[]service.FlowStats, sql string, args []any) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		var err error
		*flows, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (service.FlowStats, error) {
			var f service.FlowStats
			var completed int
			var hist [][]int32
			err := row.Scan(&f.TreeID, &f.Name, &f.Sessions, &completed, &hist, &f.MedianDurationMinutes, &f.AverageCSAT)
			if f.MedianDurationMinutes == nil {
				f.MedianDurationMinutes = histogramMedian(histogramOf(hist))
			}
			f.CompletionRate = rate(completed, f.Sessions)
			return f, err
		})
		if err != nil {
			return fmt.Errorf("read top flows: %w", err)
		}
		return nil
	})
}

// queueTopEngineers queues topEngineersSQL into engineers.
func queueTopEngineers(b *pgx.Batch, engineers *[]service.EngineerStats, args []any) {
	b.Queue(topEngineersSQL, args...).Query(func(rows pgx.Rows) error {
		var err error
		*engineers, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (service.EngineerStats, error) {
			var e service.EngineerStats
			var hist [][]int32
			err := row.Scan(&e.UserID, &e.Name, &e.Sessions, &e.CompletedSessions, &hist, &e.AverageCSAT)
			e.MedianDurationMinutes = histogramMedian(histogramOf(hist))
			e.CompletionRate = rate(e.CompletedSessions, e.Sessions)
			return e, err
		})
		if err != nil {
			return fmt.Errorf("read top engineers: %w", err)
		}
		return nil
	})
}

// FlowAnalytics reads the tree (ENOTFOUND unless it is in the caller's
// account), its summary, series, ratings, step statistics and comments in
// one batch.
func (s *AnalyticsService) FlowAnalytics(ctx context.Context, c service.Caller, treeID uuid.UUID, p service.Period) (*service.FlowAnalytics, error) {
	now := s.db.Now()
	w := windowOf(p, now)
	args := w.args(c.AccountID, treeID)
	a := &service.FlowAnalytics{TreeID: treeID, Period: p.Name}
	var structure []byte
	err := s.db.ReadTenantBatch(ctx, c, func(b *pgx.Batch) {
		b.Queue(readTreeSQL, c.AccountID, treeID).QueryRow(func(row pgx.Row) error {
			var err error
			a.Name, structure, err = scanTree(row)
			return err
		})
		queueSummary(b, &a.Summary, treeSummarySQL, args)
		queueTimeSeries(b, &a.TimeSeries, treeSeriesSQL, w.seriesArgs(c.AccountID, treeID), w.since, now)
		b.Queue(flowRatingsSQL, c.AccountID, treeID, w.since).QueryRow(func(row pgx.Row) error {
			var err error
			a.AverageCSAT, a.RatingCount, err = scanFlowRatings(row)
			return err
		})
		// The tree's callback has run when this one does.
		b.Queue(stepsSQL, args...).Query(func(rows pgx.Rows) error {
			var err error
			a.Steps, err = steps(rows, treeID, structure)
			return err
		})
		b.Queue(latestCommentsSQL, c.AccountID, treeID).Query(func(rows pgx.Rows) error {
			var err error
			a.LatestComments, err = collectComments(rows)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// readTreeSQL reads a tree's name and structure (scanTree).
const readTreeSQL = `SELECT t.name, t.structure FROM trees t WHERE t.account_id = $1 AND t.id = $2`

// ReadTree returns a tree's name and structure, ENOTFOUND unless it is in
// the account.
func ReadTree(ctx context.Context, tx pgx.Tx, account, treeID uuid.UUID) (string, []byte, error) {
	return scanTree(tx.QueryRow(ctx, readTreeSQL, account, treeID))
}

// scanTree is ReadTree on the row of readTreeSQL.
func scanTree(row pgx.Row) (string, []byte, error) {
	var name string
	var structure []byte
	err := row.Scan(&name, &structure)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, service.Errorf(service.ENOTFOUND, "tree not found")
	}
	if err != nil {
		return "", nil, fmt.Errorf("read tree: %w", err)
	}
	return name, structure, nil
}

// flowRatingsSQL averages and counts a tree's ratings given since $3.
const flowRatingsSQL = `SELECT avg(r.rating)::float8, count(*) FROM session_ratings r
		WHERE r.account_id = $1 AND r.tree_id = $2 AND r.created_at >= $3`

// FlowRatings returns the average and number of a tree's ratings given
// since since.
func FlowRatings(ctx context.Context, tx pgx.Tx, account, treeID uuid.UUID, since time.Time) (*float64, int, error) {
	return scanFlowRatings(tx.QueryRow(ctx, flowRatingsSQL, account, treeID, since))
}

func scanFlowRatings(row pgx.Row) (*float64, int, error) {
	var avg *float64
	var n int
	if err := row.Scan(&avg, &n); err != nil {
		return nil, 0, fmt.Errorf("average ratings: %w", err)
	}
	return avg, n, nil
}

// latestCommentsSQL reads the ten latest comments on a tree.
const latestCommentsSQL = `SELECT r.rating, r.comment, r.created_at FROM session_ratings r
		WHERE r.account_id = $1 AND r.tree_id = $2 AND r.comment <> ''
		ORDER BY r.created_at DESC, r.id
		LIMIT 10`

// LatestComments returns the ten latest comments on a tree.
func LatestComments(ctx context.Context, tx pgx.Tx, account, treeID uuid.UUID) ([]service.Comment, error) {
	rows, err := tx.Query(ctx, latestCommentsSQL, account, treeID)
	if err != nil {
		return nil, fmt.Errorf("query comments: %w", err)
	}
	return collectComments(rows)
}

func collectComments(rows pgx.Rows) ([]service.Comment, error) {
	comments, err := pgx.CollectRows(rows, pgx.RowToStructByPos[service.Comment])
	if err != nil {
		return nil, fmt.Errorf("read comments: %w", err)
	}
	return comments, nil
}

// Node is one step of a tree's structure.
type Node struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Children []Node `json:"children"`
}

// TreeSteps returns the steps of a tree's structure in depth-first order,
// each once, with their titles.
func TreeSteps(treeID uuid.UUID, structure []byte) ([]service.StepStats, error) {
	var root Node
	if err := json.Unmarshal(structure, &root); err != nil {
		return nil, fmt.Errorf("decode structure of tree %s: %w", treeID, err)
	}
	out := []service.StepStats{}
	seen := map[string]bool{}
	var walk func(n Node)
	walk = func(n Node) {
		if n.ID != "" && !seen[n.ID] {
			seen[n.ID] = true
			out = append(out, service.StepStats{StepID: n.ID, Title: n.Title})
		}
		for _, child := range n.Children {
			walk(child)
		}
	}
	walk(root)
	return out, nil
}

// steps joins the visit and thumb counts of rows (stepsSQL) onto the
// tree's steps, in the tree's depth-first order; steps that sessions
// visited but the tree no longer holds follow, by id.
func steps(rows pgx.Rows, treeID uuid.UUID, structure []byte) ([]service.StepStats, error) {
	out, err := TreeSteps(treeID, structure)
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(out))
	for i, st := range out {
		index[st.StepID] = i
	}
	inTree := len(out)
	var id string
	var visits, dropOffs, up, down int
	_, err = pgx.ForEachRow(rows, []any{&id, &visits, &dropOffs, &up, &down}, func() error {
		i, ok := index[id]
		if !ok {
			i = len(out)
			index[id] = i
			out = append(out, service.StepStats{StepID: id})
		}
		st := &out[i]
		st.Visits, st.DropOffs, st.ThumbsUp, st.ThumbsDown = visits, dropOffs, up, down
		st.DropOffRate = rate(dropOffs, visits)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read step statistics: %w", err)
	}
	extra := out[inTree:]
	sort.Slice(extra, func(i, j int) bool { return extra[i].StepID < extra[j].StepID })
	return out, nil
}

func rate(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
