// Command gendoc writes the rule reference, docs/rules.md, and the table of
// rules in README.md from the rule catalogue: go generate ./analyzer/rule.
package main

import (
	"fmt"
	"os"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gendoc path/to/rules.md path/to/README.md")
		os.Exit(2)
	}
	if err := generate(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "gendoc: %v\n", err)
		os.Exit(1)
	}
}

func generate(rulesPath, readmePath string) error {
	if err := os.WriteFile(rulesPath, rule.Markdown(), 0o644); err != nil {
		return err
	}
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		return err
	}
	out, err := rule.Readme(readme)
	if err != nil {
		return fmt.Errorf("%s: %w", readmePath, err)
	}
	return os.WriteFile(readmePath, out, 0o644)
}
