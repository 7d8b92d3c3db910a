package postgres

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// QueryCount counts the statements sent for one context, so that a
// benchmark can report real queries per request instead of what the code
// is believed to do. Transaction control (BEGIN, COMMIT, ROLLBACK) is not
// counted: docs/service.md counts statements besides those.
type QueryCount struct{ n atomic.Int64 }

// Load returns the number of statements counted so far.
func (q *QueryCount) Load() int64 { return q.n.Load() }

type queryCountKey struct{}

// CountQueries returns a context whose statements, on pools from Open, are
// counted into the returned QueryCount.
func CountQueries(ctx context.Context) (context.Context, *QueryCount) {
	q := &QueryCount{}
	return context.WithValue(ctx, queryCountKey{}, q), q
}

// queryCounter is the tracer Open installs. Without a QueryCount in the
// context it does nothing but one context look-up per statement.
type queryCounter struct{}

var _ pgx.QueryTracer = queryCounter{}

func (queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if q, ok := ctx.Value(queryCountKey{}).(*QueryCount); ok && !isTransactionControl(data.SQL) {
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
