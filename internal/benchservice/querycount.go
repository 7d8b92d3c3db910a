package main

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// queryCount counts the statements sent for one context, so that a
// benchmark can report real queries per request instead of what the code
// is believed to do. Transaction control (BEGIN, COMMIT, ROLLBACK) is not
// counted: docs/service.md counts statements besides those.
type queryCount struct{ n atomic.Int64 }

// Load returns the number of statements counted so far.
func (q *queryCount) Load() int64 { return q.n.Load() }

type queryCountKey struct{}

// withQueryCount returns a context whose statements, on pools with a
// queryCounter tracer, are counted into the returned queryCount.
func withQueryCount(ctx context.Context) (context.Context, *queryCount) {
	q := &queryCount{}
	return context.WithValue(ctx, queryCountKey{}, q), q
}

// queryCounter is the tracer of the benchmark's pool (startServers).
// Without a queryCount in the context it does nothing but one context
// look-up per statement.
type queryCounter struct{}

var _ pgx.QueryTracer = queryCounter{}

func (queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if q, ok := ctx.Value(queryCountKey{}).(*queryCount); ok && !isTransactionControl(data.SQL) {
		q.n.Add(1)
	}
	return ctx
}

func (queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// isTransactionControl recognises the statements pgx sends for Begin,
// BeginTx (with options) and Commit or Rollback.
func isTransactionControl(sql string) bool {
	word, _, _ := strings.Cut(strings.TrimSpace(sql), " ")
	switch strings.ToLower(word) {
	case "begin", "commit", "rollback":
		return true
	}
	return false
}
