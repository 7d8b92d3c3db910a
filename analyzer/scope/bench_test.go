package scope

import (
	"testing"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// typicalQuery is shaped like the reference service's analytics queries: a
// CTE, a join through a foreign key, an EXISTS and a grouped select list.
const typicalQuery = `WITH recent AS (
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

// BenchmarkCheck measures checking one typical query, parse included,
// bypassing the memo of Check; BenchmarkParse measures PostgreSQL's parser
// alone on the same text, so the difference is the cost of the scope
// analysis.
func BenchmarkCheck(b *testing.B) {
	c := testChecker(b)
	if res := c.check(typicalQuery); len(res.Findings) != 0 {
		b.Fatalf("typical query must be scoped: %+v", res.Findings)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.check(typicalQuery)
	}
}

// BenchmarkCheckRepeated measures Check on a text it has seen before: what
// each further call site of the same query costs.
func BenchmarkCheckRepeated(b *testing.B) {
	c := testChecker(b)
	c.Check(typicalQuery)
	b.ReportAllocs()
	for b.Loop() {
		c.Check(typicalQuery)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pgparse.Parse(typicalQuery); err != nil {
			b.Fatal(err)
		}
	}
}
