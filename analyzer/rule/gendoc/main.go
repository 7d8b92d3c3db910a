// Command gendoc writes the rule reference, docs/rules.md, from the rule
// catalogue: go generate ./analyzer/rule.
package main

import (
	"fmt"
	"os"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendoc path/to/rules.md")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], rule.Markdown(), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "gendoc: %v\n", err)
		os.Exit(1)
	}
}
