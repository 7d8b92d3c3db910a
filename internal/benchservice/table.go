package main

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// row is one line of the report: one endpoint on one implementation.
type row struct {
	Endpoint, Implementation string
	Result                   result
}

// writeTable prints rows as a Markdown table, ready for docs/service.md.
func writeTable(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| endpoint | implementation | queries/request | p50 ms | p95 ms | requests |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d |\n", r.Endpoint, r.Implementation, queries(r.Result),
			millis(percentile(r.Result.Latencies, 50)), millis(percentile(r.Result.Latencies, 95)), len(r.Result.Latencies))
	}
}

// queries shows the statements per request, as a range when they varied.
func queries(r result) string {
	if r.MinQueries == r.MaxQueries {
		return strconv.Itoa(r.MinQueries)
	}
	return fmt.Sprintf("%d-%d", r.MinQueries, r.MaxQueries)
}

// millis shows d in milliseconds, with one decimal below 100 ms.
func millis(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 100 {
		return strconv.FormatFloat(ms, 'f', 1, 64)
	}
	return strconv.FormatFloat(ms, 'f', 0, 64)
}
