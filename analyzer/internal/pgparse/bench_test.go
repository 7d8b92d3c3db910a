package pgparse

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// analyticsQuery is the typical query of analyzer/scope's BenchmarkCheck.
const analyticsQuery = `WITH recent AS (
	SELECT s.id, s.tree_id, s.outcome, s.started_at, s.completed_at
	FROM sessions s
	JOIN users u ON u.id = s.user_id
	WHERE u.account_id = $1 AND s.user_id = $2 AND s.started_at >= $3
)
SELECT t.id, t.name, count(*) AS sessions,
       count(*) FILTER (WHERE r.completed_at IS NOT NULL) AS completed,
       (SELECT avg(sr.rating) FROM session_ratings sr WHERE sr.tree_id = t.id AND sr.account_id = $1) AS csat
FROM recent r
JOIN trees t ON t.id = r.tree_id
WHERE t.account_id = $1
  AND EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id)
GROUP BY t.id, t.name
ORDER BY sessions DESC
LIMIT 10`

// BenchmarkParseStandard is pg_query.Parse: C parse, protobuf-c packing,
// proto.Unmarshal.
func BenchmarkParseStandard(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pg_query.Parse(analyticsQuery); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLean is the same tree through the JSON output and the
// generated decoders.
func BenchmarkParseLean(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseTree(analyticsQuery); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCParseOnly is the C side alone, writing JSON and writing
// protobuf: the floor under each way of building the Go tree.
func BenchmarkCParseOnly(b *testing.B) {
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			if _, err := parser.ParseToJSON(analyticsQuery); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("protobuf", func(b *testing.B) {
		for b.Loop() {
			if _, err := parser.ParseToProtobuf(analyticsQuery); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkWalk is one full walk of the analytics query's tree.
func BenchmarkWalk(b *testing.B) {
	stmts, err := Parse(analyticsQuery)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Walk(stmts[0].Node, func(*Node) bool { return true })
	}
}
