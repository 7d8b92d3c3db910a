package scope

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// typicalQuery is shaped like the reference service's analytics queries: a
// CTE, a join through a foreign key, an EXISTS and a grouped select list.
// analyzer/internal/pgparse's benchmarks parse the same file.
func typicalQuery(b *testing.B) string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "typical.sql"))
	if err != nil {
		b.Fatalf("read the typical query: %v", err)
	}
	return string(data)
}

// BenchmarkCheck measures checking one typical query, parse included,
// bypassing the memo of Check; BenchmarkParse measures PostgreSQL's parser
// alone on the same text, so the difference is the cost of the scope
// analysis.
func BenchmarkCheck(b *testing.B) {
	q := typicalQuery(b)
	c := testChecker(b)
	if res := c.check(q); len(res.Findings) != 0 {
		b.Fatalf("typical query must be scoped: %+v", res.Findings)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.check(q)
	}
}

// BenchmarkCheckRepeated measures Check on a text it has seen before: what
// each further call site of the same query costs.
func BenchmarkCheckRepeated(b *testing.B) {
	q := typicalQuery(b)
	c := testChecker(b)
	c.Check(q)
	b.ReportAllocs()
	for b.Loop() {
		c.Check(q)
	}
}

func BenchmarkParse(b *testing.B) {
	q := typicalQuery(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pgparse.Parse(q); err != nil {
			b.Fatal(err)
		}
	}
}
