package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// report prints the figures and the verdict as Markdown and reports
// whether every promise held.
func report(w io.Writer, o options, records []record, elapsed time.Duration, rs restart, v verdict, logs *levelCounter) bool {
	fmt.Fprintf(w, "%d clients over %d accounts for %s; PostgreSQL restarted at +%s (down %s, stop to ready)\n\n",
		o.Clients, o.Accounts, elapsed.Round(100*time.Millisecond), rs.At.Round(100*time.Millisecond),
		rs.Ready.Sub(rs.Stopped).Round(10*time.Millisecond))
	fmt.Fprintf(w, "%d requests, %.0f requests/s\n\n", len(records), float64(len(records))/elapsed.Seconds())

	fmt.Fprintln(w, "| endpoint | requests | failed | p50 ms | p95 ms | p99 ms |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
	for _, ep := range []string{epRate, epFeedback, epMe, epTeam, epFlow} {
		var latencies []time.Duration
		failed := 0
		for _, r := range records {
			if r.Endpoint != ep {
				continue
			}
			latencies = append(latencies, r.Latency)
			if r.failed() {
				failed++
			}
		}
		slices.Sort(latencies)
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s |\n", ep, len(latencies), failed,
			millis(percentile(latencies, 50)), millis(percentile(latencies, 95)), millis(percentile(latencies, 99)))
	}

	byStatus := map[int]int{}
	var lastFailure time.Time
	for _, r := range records {
		if r.Status < 200 || r.Status >= 300 {
			byStatus[r.Status]++
		}
		if end := r.Start.Add(r.Latency); r.failed() && end.After(lastFailure) {
			lastFailure = end
		}
	}
	fmt.Fprintln(w, "\n| failed status | requests |")
	fmt.Fprintln(w, "| --- | ---: |")
	statuses := make([]int, 0, len(byStatus))
	for s := range byStatus {
		statuses = append(statuses, s)
	}
	slices.Sort(statuses)
	for _, s := range statuses {
		fmt.Fprintf(w, "| %s | %d |\n", statusName(s), byStatus[s])
	}
	if len(statuses) == 0 {
		fmt.Fprintln(w, "| none | 0 |")
	}

	ok := true
	recovery := time.Duration(0)
	if !lastFailure.IsZero() {
		recovery = lastFailure.Sub(rs.Stopped)
	}
	fmt.Fprintf(w, "\nrecovery: the last failed request ended %s after PostgreSQL stopped; every later request succeeded\n", recovery.Round(10*time.Millisecond))
	if !lastFailure.IsZero() && lastFailure.After(rs.Ready.Add(5*time.Second)) {
		fmt.Fprintln(w, "FAIL: requests still failed more than 5 s after PostgreSQL was back")
		ok = false
	}
	if n := byStatus[http.StatusInternalServerError]; n > 0 {
		fmt.Fprintf(w, "FAIL: %d requests got 500\n", n)
		ok = false
	}
	warn, errs := logs.counts()
	fmt.Fprintf(w, "service log: %d WARN, %d ERROR lines\n", warn, errs)
	if errs > 0 {
		fmt.Fprintln(w, "FAIL: the service logged errors")
		ok = false
	}
	fmt.Fprintf(w, "integrity: %d acknowledged writes each stored exactly once as sent; %d writes failed (no answer or 5xx), %d of those ratings stored anyway; step counters checked\n",
		v.Acknowledged, v.Ambiguous, v.AmbiguousLanded)
	for _, p := range v.Problems {
		fmt.Fprintln(w, "FAIL:", p)
		ok = false
	}
	return ok
}

func statusName(s int) string {
	if s == 0 {
		return "no answer"
	}
	return strconv.Itoa(s) + " " + http.StatusText(s)
}

// percentile returns the p-th percentile of sorted (nearest rank).
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i-1, 0)]
}

// millis shows d in milliseconds with one decimal.
func millis(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

// levelCounter counts the lines of a JSON slog handler by level.
type levelCounter struct {
	mu          sync.Mutex
	warn, error int
}

func (c *levelCounter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case bytes.Contains(p, []byte(`"level":"ERROR"`)):
		c.error++
	case bytes.Contains(p, []byte(`"level":"WARN"`)):
		c.warn++
	}
	return len(p), nil
}

func (c *levelCounter) counts() (warn, errs int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.warn, c.error
}
