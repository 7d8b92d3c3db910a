package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// printHeader starts the Markdown table that printRows continues, so a
// long run shows each size as soon as it is measured.
func printHeader(w io.Writer) {
	fmt.Fprintln(w, "| queries (packages x queries) | run | wall tenantcheck | wall no-op | ratio | CPU tenantcheck | CPU no-op | ratio | peak RSS tenantcheck | peak RSS no-op | ratio |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
}

// printRows prints one row per scenario of res: the medians of each tool
// and tenantcheck's over the no-op's. A scenario tenantcheck cannot run
// (the warm rows without a result cache) reads n/a.
func printRows(w io.Writer, res sizeResult) {
	size := fmt.Sprintf("%d (%dx%d)", res.mod.Queries, res.mod.Packages, res.mod.Queries/res.mod.Packages)
	for s := range scenarios {
		tc, noop := res.samples[s][0], baseline(res, s)
		if len(tc) == 0 {
			fmt.Fprintf(w, "| %s | %s | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |\n", size, s)
			continue
		}
		wallT, wallN := median(tc, func(x sample) float64 { return x.Wall.Seconds() }), median(noop, func(x sample) float64 { return x.Wall.Seconds() })
		cpuT, cpuN := median(tc, func(x sample) float64 { return x.CPU.Seconds() }), median(noop, func(x sample) float64 { return x.CPU.Seconds() })
		rssT, rssN := median(tc, func(x sample) float64 { return float64(x.RSS) }), median(noop, func(x sample) float64 { return float64(x.RSS) })
		fmt.Fprintf(w, "| %s | %s | %.2f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f | %.0f MB | %.0f MB | %.2f |\n",
			size, s, wallT, wallN, wallT/wallN, cpuT, cpuN, cpuT/cpuN, rssT/1e6, rssN/1e6, rssT/rssN)
	}
}

// baseline is the no-op's samples that scenario s is compared with. The
// no-op runs the same command in every standalone row (it has no cache),
// so those rows share all its standalone samples: one slow no-op run
// cannot make one row of tenantcheck look slower than another.
func baseline(res sizeResult, s scenario) []sample {
	if s == vetCold {
		return res.samples[s][1]
	}
	var out []sample
	for t := range scenarios {
		if t != vetCold {
			out = append(out, res.samples[t][1]...)
		}
	}
	return out
}

// printCoverage prints, per size, what tenantcheck saw in the module and
// what each query adds: the median CPU of a cold standalone run over the
// no-op's, divided by the queries. The cost of loading the dependencies
// with syntax is in that difference too; its growth from one size to the
// next is the per-query part.
func printCoverage(w io.Writer, results []sizeResult, runs int) {
	fmt.Fprintf(w, "\nMedians of %d alternated runs. Peak RSS is that of the largest process.\n\n", runs)
	fmt.Fprintln(w, "| queries | queries seen by tenantcheck | findings | unscoped on purpose | extra CPU per query, standalone cold |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: |")
	for _, res := range results {
		cpu := func(x sample) float64 { return x.CPU.Seconds() }
		extra := median(res.samples[standaloneCold][0], cpu) - median(res.samples[standaloneCold][1], cpu)
		perQuery := time.Duration(extra / float64(res.mod.Queries) * float64(time.Second))
		fmt.Fprintf(w, "| %d | %d | %d | %d | %s |\n", res.mod.Queries, res.seen, res.findings, res.mod.Unscoped, perQuery.Round(time.Microsecond))
	}
}

// median returns the median of f over samples: the middle value, or the
// mean of the two middle ones.
func median(samples []sample, f func(sample) float64) float64 {
	vs := make([]float64, len(samples))
	for i, s := range samples {
		vs[i] = f(s)
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}
