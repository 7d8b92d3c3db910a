package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// queryCountHeader is the header the benchmark's servers (serve.go) report
// each request's statements in.
const queryCountHeader = "X-Query-Count"

// load describes one measurement: requests to URL with a bearer token from
// Connections clients, each sending its next request when the previous
// answer is read, until Duration has passed or MaxRequests were sent.
// Requests in flight at the deadline finish and count: cancelling them
// would drop the slowest answers from the percentiles.
type load struct {
	URL         string
	Token       string
	Connections int
	Duration    time.Duration
	MaxRequests int
}

// result is what a load measured.
type result struct {
	Latencies []time.Duration // one per request, sorted
	// MinQueries and MaxQueries bound the statements per request that the
	// server reported; they differ only if requests did different work.
	MinQueries, MaxQueries int
	Elapsed                time.Duration
}

// percentile returns the nearest-rank p-th percentile (1 <= p <= 100) of
// sorted latencies, or 0 for none. Integer arithmetic: 95 * 20 / 100 must
// be rank 19 exactly, which float rounding does not promise.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (len(sorted)*p + 99) / 100
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// run sends the load with client. Any answer other than 200, or one
// without the query count header, ends the run with an error: a
// benchmark of failures measures nothing.
func (l load) run(ctx context.Context, client *http.Client) (result, error) {
	deadline := time.Now().Add(l.Duration)
	var (
		mu       sync.Mutex
		res      = result{MinQueries: -1}
		firstErr error
		sent     int
	)
	// next reserves a request slot, or reports that the run is over.
	next := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if firstErr != nil || ctx.Err() != nil || !time.Now().Before(deadline) || (l.MaxRequests > 0 && sent >= l.MaxRequests) {
			return false
		}
		sent++
		return true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range max(l.Connections, 1) {
		wg.Go(func() {
			for next() {
				took, queries, err := l.once(ctx, client)
				mu.Lock()
				switch {
				case err != nil:
					if firstErr == nil {
						firstErr = err
					}
				default:
					res.Latencies = append(res.Latencies, took)
					if res.MinQueries < 0 || queries < res.MinQueries {
						res.MinQueries = queries
					}
					res.MaxQueries = max(res.MaxQueries, queries)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if firstErr != nil {
		return res, firstErr
	}
	if len(res.Latencies) == 0 {
		return res, fmt.Errorf("get %s: no request completed within %s", l.URL, l.Duration)
	}
	slices.Sort(res.Latencies)
	return res, nil
}

// once sends one request and reads the whole answer, which is part of
// its latency.
func (l load) once(ctx context.Context, client *http.Client) (time.Duration, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.URL, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("build request for %s: %w", l.URL, err)
	}
	req.Header.Set("Authorization", "Bearer "+l.Token)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, fmt.Errorf("get %s: %w", l.URL, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("read answer of %s: %w", l.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("get %s: status %d: %.200s", l.URL, resp.StatusCode, body)
	}
	queries, err := strconv.Atoi(resp.Header.Get(queryCountHeader))
	if err != nil {
		return 0, 0, fmt.Errorf("get %s: no %s header (is it one of the benchmark's servers?): %w", l.URL, queryCountHeader, err)
	}
	return took, queries, nil
}
