package postgres

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistogramMedian(t *testing.T) {
	tests := []struct {
		name string
		hist []int32
		want float64
	}{
		// One duration in minute 30: the middle of the minute.
		{"okOneDuration", []int32{30, 1}, 30.5},
		// Odd count: rank 1 of 3, the middle one of minute 12's three.
		{"okOddCountInOneMinute", []int32{12, 3}, 12.5},
		// Even count across two minutes: ranks 1 and 2, the last of minute
		// 10 (10.75) and the first of minute 20 (20.25).
		{"okEvenCountAcrossMinutes", []int32{10, 2, 20, 2}, 15.5},
		// Ranks 4 and 5 of 10 in minute 3, after 4 shorter durations.
		{"okRanksAfterShorterMinutes", []int32{1, 4, 3, 4, 9, 2}, 3.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := histogramMedian(tt.hist)
			require.NotNil(t, got)
			assert.InDelta(t, tt.want, *got, 1e-9)
		})
	}
}

func TestHistogramMedianEmptyIsNil(t *testing.T) {
	assert.Nil(t, histogramMedian(nil))
	assert.Nil(t, histogramMedian([]int32{4, 0}))
}
