package main

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	"github.com/resolutionflow/tenantcheck/service"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// naiveWorld is an analytics world with more variety than analyticsWorld:
// escalated and unrated sessions, feedback on two steps and a session
// that visited a step the tree no longer holds. Both services share one
// DB whose clock is frozen, so that their answers can be compared whole.
func naiveWorld(t *testing.T) (*pgtest.World, *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	cfg, err := postgres.ParseConfig(db.AppURL)
	require.NoError(t, err)
	cfg.ConnConfig.Tracer = queryCounter{}
	pool, err := postgres.OpenConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	w := pgtest.NewWorld(t, db)
	now := time.Now()
	store := postgres.NewDB(pool)
	store.Now = func() time.Time { return now }
	ratings := postgres.NewRatingService(store)
	yes, no := true, false
	for _, a := range []*pgtest.Account{w.Acme, w.Globex} {
		db.Session(t, a.Other, a.Tree, now.Add(-50*time.Hour), now.Add(-49*time.Hour), service.OutcomeEscalated, a.Steps[:2]...)
		db.Session(t, a.Admin, a.Tree, now.Add(-30*time.Hour), time.Time{}, "", a.Steps[0], uuid.New())
		_, err := ratings.RateSession(ctx, a.Engineer.Caller(), a.Engineer.Completed, service.RatingInput{Rating: 4, Comment: a.Name + " comment"})
		require.NoError(t, err)
		_, err = ratings.RateSession(ctx, a.Admin.Caller(), a.Admin.Completed, service.RatingInput{Rating: 2})
		require.NoError(t, err)
		_, err = ratings.GiveStepFeedback(ctx, a.Engineer.Caller(), a.Steps[0], service.FeedbackInput{SessionID: a.Engineer.Completed, WasHelpful: &yes})
		require.NoError(t, err)
		_, err = ratings.GiveStepFeedback(ctx, a.Other.Caller(), a.Steps[2], service.FeedbackInput{SessionID: a.Other.Completed, WasHelpful: &no})
		require.NoError(t, err)
	}
	return w, store
}

// analyticsCall is one request to an AnalyticsService, with the statements
// the grouped implementation needs for it (set_config included) and the
// extra ones the per-row port adds on the naiveWorld.
type analyticsCall struct {
	name       string
	call       func(ctx context.Context, s service.AnalyticsService) (any, error)
	wantCode   string
	queries    int64
	extraNaive int64
}

func naiveCalls(w *pgtest.World) []analyticsCall {
	acme := w.Acme
	week := service.Period{Name: "7d", Days: 7}
	quarter := service.Period{Name: "90d", Days: 90}
	team := func(u *pgtest.User, f service.TeamFilter) func(context.Context, service.AnalyticsService) (any, error) {
		return func(ctx context.Context, s service.AnalyticsService) (any, error) {
			return s.TeamAnalytics(ctx, u.Caller(), f)
		}
	}
	me := func(u *pgtest.User, p service.Period) func(context.Context, service.AnalyticsService) (any, error) {
		return func(ctx context.Context, s service.AnalyticsService) (any, error) {
			return s.MyAnalytics(ctx, u.Caller(), p)
		}
	}
	flow := func(u *pgtest.User, tree uuid.UUID, p service.Period) func(context.Context, service.AnalyticsService) (any, error) {
		return func(ctx context.Context, s service.AnalyticsService) (any, error) {
			return s.FlowAnalytics(ctx, u.Caller(), tree, p)
		}
	}
	return []analyticsCall{
		// One top flow and three top engineers: 1 + 3 per-row queries, plus
		// the two list queries that replace the two grouped ones.
		{"okTeamWholeAccount", team(acme.Admin, service.TeamFilter{Period: quarter}), "", 6, 4},
		{"okTeamOneEngineer", team(acme.Admin, service.TeamFilter{Period: quarter, EngineerID: &acme.Other.ID}), "", 6, 2},
		{"okTeamOtherAccountEngineerFindsNothing", team(acme.Admin, service.TeamFilter{Period: week, EngineerID: &w.Globex.Other.ID}), "", 6, 0},
		{"badTeamEngineerForbidden", team(acme.Engineer, service.TeamFilter{Period: week}), service.EFORBIDDEN, 2, 0},
		{"okMyAnalytics", me(acme.Other, quarter), "", 4, 1},
		{"okMyAnalyticsOtherAccount", me(w.Globex.Admin, week), "", 4, 1},
		// Three steps in the tree and one outside it: a list query, then
		// two per step, instead of the one grouped query.
		{"okFlowAnalytics", flow(acme.Engineer, acme.Tree, quarter), "", 7, 1 + 2*4 - 1},
		{"badFlowOtherAccountTree", flow(acme.Engineer, w.Globex.Tree, week), service.ENOTFOUND, 2, 0},
	}
}

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestNaiveAnalyticsMatchesAnalytics holds the service's analytics to the
// per-row port's answers: equal in every field, but for the medians, which
// the service interpolates from minute histograms and must find within a
// minute of the port's exact ones.
func TestNaiveAnalyticsMatchesAnalytics(t *testing.T) {
	w, store := naiveWorld(t)
	grouped := postgres.NewAnalyticsService(store)
	naive := &naiveAnalytics{db: store}
	for _, tt := range naiveCalls(w) {
		t.Run(tt.name, func(t *testing.T) {
			ctx, count := withQueryCount(context.Background())
			got, err := tt.call(ctx, grouped)
			require.Equal(t, tt.wantCode, service.ErrorCode(err), "grouped: %v", err)
			assert.Equal(t, tt.queries, count.Load(), "statements of the grouped implementation")

			ctx, count = withQueryCount(context.Background())
			want, err := tt.call(ctx, naive)
			require.Equal(t, tt.wantCode, service.ErrorCode(err), "naive: %v", err)
			assert.Equal(t, tt.queries+tt.extraNaive, count.Load(), "statements of the per-row port")
			gotMedians, wantMedians := medians(got), medians(want)
			require.Len(t, gotMedians, len(wantMedians))
			for i, m := range wantMedians {
				if *m == nil || *gotMedians[i] == nil {
					assert.Equal(t, *m, *gotMedians[i], "median %d", i)
					continue
				}
				assert.InDelta(t, **m, **gotMedians[i], 1, "median %d", i)
				*gotMedians[i] = *m
			}
			assert.Equal(t, want, got)
		})
	}
}

// medians lists the median fields of an analytics answer, in order.
func medians(answer any) []**float64 {
	var out []**float64
	switch a := answer.(type) {
	case *service.TeamAnalytics:
		if a == nil {
			return nil
		}
		out = append(out, &a.Summary.MedianDurationMinutes)
		for i := range a.TopFlows {
			out = append(out, &a.TopFlows[i].MedianDurationMinutes)
		}
		for i := range a.TopEngineers {
			out = append(out, &a.TopEngineers[i].MedianDurationMinutes)
		}
	case *service.MyAnalytics:
		if a == nil {
			return nil
		}
		out = append(out, &a.Summary.MedianDurationMinutes)
		for i := range a.TopFlows {
			out = append(out, &a.TopFlows[i].MedianDurationMinutes)
		}
	case *service.FlowAnalytics:
		if a == nil {
			return nil
		}
		out = append(out, &a.Summary.MedianDurationMinutes)
	}
	return out
}

func TestNaiveFlowAnalyticsSteps(t *testing.T) {
	w, store := naiveWorld(t)
	acme := w.Acme
	got, err := (&naiveAnalytics{db: store}).FlowAnalytics(context.Background(), acme.Engineer.Caller(), acme.Tree, service.Period{Name: "90d", Days: 90})
	require.NoError(t, err)
	require.Len(t, got.Steps, 4)
	assert.Equal(t, service.StepStats{StepID: acme.Steps[0].String(), Title: "acme step A", Visits: 8, ThumbsUp: 1}, got.Steps[0])
	assert.Equal(t, service.StepStats{StepID: acme.Steps[1].String(), Title: "acme step B", Visits: 7, DropOffs: 3, DropOffRate: 3.0 / 7}, got.Steps[1])
	assert.Equal(t, service.StepStats{StepID: acme.Steps[2].String(), Title: "acme step C", Visits: 3, ThumbsDown: 1}, got.Steps[2])
	assert.Equal(t, 1, got.Steps[3].Visits, "step outside the tree")
	assert.Equal(t, 1, got.Steps[3].DropOffs, "step outside the tree")
	assert.Empty(t, got.Steps[3].Title)
}

func TestWithQueryCount(t *testing.T) {
	_, store := naiveWorld(t)
	tests := []struct {
		name  string
		count bool
		want  int64
	}{
		// The token look-up is one statement, outside any transaction.
		{"okCountsStatementsOfTheContext", true, 1},
		{"okUncountedContextCountsNothing", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, count := withQueryCount(context.Background())
			run := context.Background()
			if tt.count {
				run = ctx
			}
			_, err := postgres.NewAuthService(store).Authenticate(run, "tc_unknown")
			require.Equal(t, service.EUNAUTHORIZED, service.ErrorCode(err))
			assert.Equal(t, tt.want, count.Load())
		})
	}
}
