package pgparse

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// analyticsQuery reads the typical query of analyzer/scope's BenchmarkCheck,
// so that the two benchmarks measure the same text.
func analyticsQuery(b *testing.B) string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "scope", "testdata", "typical.sql"))
	if err != nil {
		b.Fatalf("read the typical query: %v", err)
	}
	return string(data)
}

// reportCPU adds cpu-ns/op, the process's CPU time per operation, to the
// benchmark b that started at start. On a shared, loaded machine wall time
// counts the time spent waiting for a core; CPU time does not.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParseStandard is pg_query.Parse: C parse, protobuf-c packing,
// proto.Unmarshal.
func BenchmarkParseStandard(b *testing.B) {
	q := analyticsQuery(b)
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		if _, err := pg_query.Parse(q); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkParseLean is the same tree through the JSON output and the
// generated decoders.
func BenchmarkParseLean(b *testing.B) {
	q := analyticsQuery(b)
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		if _, err := parseTree(q); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkCParseOnly is the C side alone, writing JSON and writing
// protobuf: the floor under each way of building the Go tree.
func BenchmarkCParseOnly(b *testing.B) {
	q := analyticsQuery(b)
	b.Run("json", func(b *testing.B) {
		start := cpuTime(b)
		for b.Loop() {
			if _, err := parser.ParseToJSON(q); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
	b.Run("protobuf", func(b *testing.B) {
		start := cpuTime(b)
		for b.Loop() {
			if _, err := parser.ParseToProtobuf(q); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
}

// BenchmarkWalk is one full walk of the analytics query's tree by the
// generated walkers and by protoreflect's Range, pgparse's walker before them.
func BenchmarkWalk(b *testing.B) {
	q := analyticsQuery(b)
	stmts, err := Parse(q)
	if err != nil {
		b.Fatal(err)
	}
	walkers := []struct {
		name string
		walk func(*Node, func(*Node) bool)
	}{{"typed", Walk}, {"protoreflect", rangeWalk}}
	for _, w := range walkers {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime(b)
			for b.Loop() {
				w.walk(stmts[0].Node, func(*Node) bool { return true })
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkDecodeOnly is the Go side of BenchmarkParseLean: the generated
// decoders on the analytics query's JSON.
func BenchmarkDecodeOnly(b *testing.B) {
	q := analyticsQuery(b)
	js, err := parser.ParseToJSON(q)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		if _, err := decodeJSON(js, q); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}
