package postgres

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/resolutionflow/tenantcheck/service"
)

// TestWindowOf checks where a period's days end and its weeks begin: the
// first Monday on or after the period's first day.
func TestWindowOf(t *testing.T) {
	week := service.Period{Name: "7d", Days: 7}
	tests := []struct {
		name       string
		now        time.Time
		wantSince  string
		wantMonday string
	}{
		// 2026-11-30 is a Monday: 7 days up to it start on Tuesday the 24th.
		{"okStartsOnTuesdaySixDaysBeforeMonday", time.Date(2026, 11, 30, 23, 59, 0, 0, time.UTC), "2026-11-24", "2026-11-30"},
		{"okStartsOnMondayNoDays", time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC), "2026-11-23", "2026-11-23"},
		{"okStartsOnSundayOneDay", time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), "2026-11-22", "2026-11-23"},
		// The period is cut in UTC days whatever the clock's zone.
		{"okUTCDayOfAnotherZone", time.Date(2026, 11, 29, 1, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)), "2026-11-22", "2026-11-23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := windowOf(week, tt.now)
			assert.Equal(t, tt.wantSince, w.since.Format(time.DateOnly))
			assert.Equal(t, tt.wantMonday, w.monday.Format(time.DateOnly))
			assert.Equal(t, time.Monday, w.monday.Weekday())
		})
	}
}
