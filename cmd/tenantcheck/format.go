package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// formatter writes a report: the findings on stdout, anything meant for a
// person rather than a program on stderr. Each -format value is one
// implementation, so new formats (sarif, github) slot in beside these.
type formatter interface {
	format(stdout, stderr io.Writer, rep report) error
}

// formatters maps each -format value to its formatter.
var formatters = map[string]formatter{
	"text":   textFormatter{},
	"json":   jsonFormatter{},
	"sarif":  sarifFormatter{},
	"github": githubFormatter{},
}

// formatNames lists the -format values, sorted, for usage and errors.
func formatNames() []string {
	names := make([]string, 0, len(formatters))
	for n := range formatters {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// newFormatter returns the formatter for the -format value name.
func newFormatter(name string) (formatter, error) {
	f, ok := formatters[name]
	if !ok {
		return nil, fmt.Errorf("unknown -format %q: want one of %s", name, strings.Join(formatNames(), ", "))
	}
	return f, nil
}

// textFormatter prints one "file:line:col: message [rule]" line per finding,
// the form editors and compilers use, each followed by its related places
// on lines of their own, indented with a tab as go vet prints them, and a
// summary on stderr.
type textFormatter struct{}

func (textFormatter) format(stdout, stderr io.Writer, rep report) error {
	for _, f := range rep.findings {
		if _, err := fmt.Fprintf(stdout, "%s:%d:%d: %s [%s]\n", f.File, f.Line, f.Column, f.Message, f.Rule); err != nil {
			return err
		}
		for _, r := range f.Related {
			if _, err := fmt.Fprintf(stdout, "\t%s:%d:%d: %s\n", r.File, r.Line, r.Column, r.Message); err != nil {
				return err
			}
		}
	}
	_, err := fmt.Fprintf(stderr, "tenantcheck: %s\n", summary(rep))
	return err
}

// summary is the run in one line: findings, packages, queries, and what
// was left out.
func summary(rep report) string {
	s := fmt.Sprintf("%s in %s (%s: %d checked, %d unresolved; %d suppressed",
		plural(len(rep.findings), "finding"), plural(rep.stats.Packages, "package"),
		plural(rep.stats.Queries, "query"), rep.stats.Checked, rep.stats.Unresolved, rep.stats.Suppressed)
	if rep.stats.Unparsed > 0 {
		s += fmt.Sprintf(", %d not parsed", rep.stats.Unparsed)
	}
	if rep.stats.UnknownSinkCalls > 0 {
		s += fmt.Sprintf(", %s to functions not known to send SQL", plural(rep.stats.UnknownSinkCalls, "call"))
	}
	if rep.baseline {
		s += fmt.Sprintf(", %d in the baseline", rep.stats.Baselined)
	}
	return s + ")"
}

// plural formats n with the noun, pluralized in English when n != 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// jsonFormatter prints one object with the findings and the run's
// statistics, in the shape docs/cli.md fixes for scripts.
type jsonFormatter struct{}

func (jsonFormatter) format(stdout, _ io.Writer, rep report) error {
	doc := struct {
		Findings []finding `json:"findings"`
		Stats    stats     `json:"stats"`
	}{Findings: rep.findings, Stats: rep.stats}
	// Scripts index the list: an empty run prints [], never null.
	if doc.Findings == nil {
		doc.Findings = []finding{}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
