package postgres_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	"github.com/resolutionflow/tenantcheck/service"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// analyticsWorld is a World where each account's engineer rated their
// completed session and found its first step helpful.
func analyticsWorld(t *testing.T) (*pgtest.World, *postgres.AnalyticsService) {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	store := postgres.NewDB(db.App)
	ratings := postgres.NewRatingService(store)
	helpful := true
	for _, a := range []*pgtest.Account{w.Acme, w.Globex} {
		_, err := ratings.RateSession(ctx, a.Engineer.Caller(), a.Engineer.Completed, service.RatingInput{Rating: 4, Comment: a.Name + " comment"})
		require.NoError(t, err)
		_, err = ratings.GiveStepFeedback(ctx, a.Engineer.Caller(), a.Steps[0], service.FeedbackInput{SessionID: a.Engineer.Completed, WasHelpful: &helpful})
		require.NoError(t, err)
	}
	return w, postgres.NewAnalyticsService(store)
}

func sumDays(days []service.Day) (resolved, inProgress int) {
	for _, d := range days {
		resolved += d.Resolved
		inProgress += d.InProgress
	}
	return resolved, inProgress
}

func TestTeamAnalytics(t *testing.T) {
	ctx := context.Background()
	w, analytics := analyticsWorld(t)
	acme := w.Acme
	month := service.Period{Name: "30d", Days: 30}

	tests := []struct {
		name         string
		caller       *pgtest.User
		engineer     *uuid.UUID
		wantCode     string
		wantSessions int
		wantUsers    []uuid.UUID
	}{
		{"okAdminSeesWholeAccount", acme.Admin, nil, "", 6, []uuid.UUID{acme.Admin.ID, acme.Engineer.ID, acme.Other.ID}},
		{"okAdminFiltersOneEngineer", acme.Admin, &acme.Engineer.ID, "", 2, []uuid.UUID{acme.Engineer.ID}},
		{"okOtherAccountEngineerFilterFindsNothing", acme.Admin, &w.Globex.Engineer.ID, "", 0, nil},
		{"badEngineerIsForbidden", acme.Engineer, nil, service.EFORBIDDEN, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := analytics.TeamAnalytics(ctx, tt.caller.Caller(), service.TeamFilter{Period: month, EngineerID: tt.engineer})
			require.Equal(t, tt.wantCode, service.ErrorCode(err))
			if tt.wantCode != "" {
				assert.Nil(t, got)
				return
			}
			assert.Equal(t, "30d", got.Period)
			assert.Equal(t, tt.wantSessions, got.Summary.TotalSessions)
			assert.Equal(t, tt.wantSessions/2, got.Summary.CompletedSessions)
			assert.Equal(t, len(tt.wantUsers), got.Summary.ActiveEngineers)
			assert.Equal(t, tt.wantSessions/2, got.Summary.Outcomes.Resolved)
			assert.Len(t, got.TimeSeries, 30)
			resolved, inProgress := sumDays(got.TimeSeries)
			assert.Equal(t, tt.wantSessions/2, resolved)
			assert.Equal(t, tt.wantSessions/2, inProgress)
			var users []uuid.UUID
			for _, e := range got.TopEngineers {
				users = append(users, e.UserID)
			}
			assert.ElementsMatch(t, tt.wantUsers, users)
			if tt.wantSessions == 0 {
				assert.Empty(t, got.TopFlows)
				assert.Nil(t, got.Summary.MedianDurationMinutes)
				return
			}
			require.NotNil(t, got.Summary.MedianDurationMinutes)
			// Every completed session took 30 minutes: the histogram's minute
			// 30 holds them, read as the middle of that minute.
			assert.InDelta(t, 30.5, *got.Summary.MedianDurationMinutes, 0.01)
			assert.InDelta(t, 0.5, got.Summary.CompletionRate, 0.001)
			require.Len(t, got.TopFlows, 1)
			assert.Equal(t, acme.Tree, got.TopFlows[0].TreeID)
			assert.Equal(t, tt.wantSessions, got.TopFlows[0].Sessions)
		})
	}
}

func TestMyAnalytics(t *testing.T) {
	ctx := context.Background()
	w, analytics := analyticsWorld(t)

	tests := []struct {
		name     string
		caller   *pgtest.User
		wantCSAT *float64
	}{
		{"okEngineerSeesOwnSessions", w.Acme.Engineer, ptr(4.0)},
		{"okOtherEngineerSeesOnlyTheirs", w.Acme.Other, nil},
		{"okOtherAccountSeesOnlyTheirs", w.Globex.Engineer, ptr(4.0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := analytics.MyAnalytics(ctx, tt.caller.Caller(), service.Period{Name: "7d", Days: 7})
			require.NoError(t, err)
			assert.Equal(t, 2, got.Summary.TotalSessions)
			assert.Equal(t, 1, got.Summary.ActiveEngineers)
			assert.Len(t, got.TimeSeries, 7)
			require.Len(t, got.TopFlows, 1)
			assert.Equal(t, 2, got.TopFlows[0].Sessions)
			assert.Equal(t, tt.wantCSAT, got.TopFlows[0].AverageCSAT)
		})
	}
}

func TestFlowAnalytics(t *testing.T) {
	ctx := context.Background()
	w, analytics := analyticsWorld(t)
	acme := w.Acme
	week := service.Period{Name: "7d", Days: 7}

	tests := []struct {
		name     string
		caller   *pgtest.User
		tree     uuid.UUID
		wantCode string
	}{
		{"okEngineerReadsAccountTree", acme.Other, acme.Tree, ""},
		{"okAdminReadsAccountTree", acme.Admin, acme.Tree, ""},
		{"badOtherAccountTree", acme.Engineer, w.Globex.Tree, service.ENOTFOUND},
		{"badUnknownTree", acme.Engineer, uuid.New(), service.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := analytics.FlowAnalytics(ctx, tt.caller.Caller(), tt.tree, week)
			require.Equal(t, tt.wantCode, service.ErrorCode(err))
			if tt.wantCode != "" {
				assert.Nil(t, got)
				return
			}
			assert.Equal(t, acme.TreeName, got.Name)
			assert.Equal(t, 6, got.Summary.TotalSessions)
			assert.Equal(t, ptr(4.0), got.AverageCSAT)
			assert.Equal(t, 1, got.RatingCount)
			assert.Len(t, got.TimeSeries, 7)
			require.Len(t, got.LatestComments, 1)
			assert.Equal(t, "acme comment", got.LatestComments[0].Comment)
			want := []service.StepStats{
				{StepID: acme.Steps[0].String(), Title: "acme step A", Visits: 6, ThumbsUp: 1},
				{StepID: acme.Steps[1].String(), Title: "acme step B", Visits: 6, DropOffs: 3, DropOffRate: 0.5},
				{StepID: acme.Steps[2].String(), Title: "acme step C", Visits: 3},
			}
			assert.Equal(t, want, got.Steps)
		})
	}
}

func ptr[T any](v T) *T { return &v }
