// Command noop is the baseline of make bench-analyzer: a go/analysis
// driver whose only analyzer does nothing, so its cost is what loading and
// type-checking the packages costs, standalone or under
// `go vet -vettool`, against which tenantcheck is measured (issue 12).
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/singlechecker"
)

// Analyzer reports nothing and declares no facts: a driver that runs it
// needs only the packages' own syntax and their dependencies' export data.
var Analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "do nothing, as the baseline of the tenantcheck benchmark",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { singlechecker.Main(Analyzer) }
