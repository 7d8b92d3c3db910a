package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	"github.com/resolutionflow/tenantcheck/service"
)

// TestWindowOf checks where a period's days end, its weeks begin (the
// first Monday on or after its first day) and its 28-day blocks begin.
// 2026-11-30 is a Monday that starts a block.
func TestWindowOf(t *testing.T) {
	week := service.Period{Name: "7d", Days: 7}
	month := service.Period{Name: "30d", Days: 30}
	quarter := service.Period{Name: "90d", Days: 90}
	tests := []struct {
		name                             string
		period                           service.Period
		now                              time.Time
		wantSince, wantMonday, wantBlock string
	}{
		{"okStartsOnTuesdaySixDaysBeforeMonday", week, time.Date(2026, 11, 30, 23, 59, 0, 0, time.UTC), "2026-11-24", "2026-11-30", "2026-11-30"},
		{"okStartsOnMondayNoDays", week, time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC), "2026-11-23", "2026-11-23", "2026-11-30"},
		{"okStartsOnSundayOneDay", week, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), "2026-11-22", "2026-11-23", "2026-11-30"},
		// The period is cut in UTC days whatever the clock's zone.
		{"okUTCDayOfAnotherZone", week, time.Date(2026, 11, 29, 1, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)), "2026-11-22", "2026-11-23", "2026-11-30"},
		{"okMonthOneDayThenBlocks", month, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "2026-11-01", "2026-11-02", "2026-11-02"},
		{"okQuarterThreeBlocksNoWeek", quarter, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "2026-09-02", "2026-09-07", "2026-09-07"},
		// Before the blocks' epoch (2000-01-03) the remainder stays positive.
		{"okBeforeTheEpoch", week, time.Date(1999, 12, 31, 12, 0, 0, 0, time.UTC), "1999-12-25", "1999-12-27", "2000-01-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := windowOf(tt.period, tt.now)
			assert.Equal(t, tt.wantSince, w.since.Format(time.DateOnly))
			assert.Equal(t, tt.wantMonday, w.monday.Format(time.DateOnly))
			assert.Equal(t, tt.wantBlock, w.block.Format(time.DateOnly))
		})
	}
}

// TestWindowBlocksAreAnalyticsSpans holds windowOf to the blocks that
// migrations/006's analytics_spans writes: a period that starts on the
// first day of a session's block has that block as its first.
func TestWindowBlocksAreAnalyticsSpans(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	for _, started := range []time.Time{
		time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 27, 23, 59, 0, 0, time.UTC),
		time.Date(2026, 2, 14, 6, 0, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 12, 0, 0, 0, time.UTC),
	} {
		t.Run(started.Format(time.DateOnly), func(t *testing.T) {
			var block time.Time
			err := db.App.QueryRow(ctx, `SELECT b.day FROM analytics_spans($1) b WHERE b.span = 28`, started).Scan(&block)
			require.NoError(t, err)
			assert.False(t, block.After(started), "block %s starts after the session", block)
			assert.True(t, started.Before(block.AddDate(0, 0, 28)), "block %s ends before the session", block)
			w := windowOf(service.Period{Days: 1}, block)
			assert.Equal(t, block.Format(time.DateOnly), w.block.Format(time.DateOnly))
		})
	}
}
