// Package rule is the catalogue of tenantcheck's rules: the identifiers used
// as diagnostic categories, baseline keys, JSON and SARIF rule ids, and the
// anchors of docs/rules.md (tenant-scope.md section 6), with everything said
// about each rule (summary, why, examples, severity, whether a directive
// silences it). docs/rules.md, SARIF rule metadata, the analyzer's Doc and
// URL and the command's -help text are all built from it, so they cannot
// drift apart; a test runs every example through the analyzer.
package rule

import "fmt"

//go:generate go run ./gendoc ../../docs/rules.md ../../README.md

// ID identifies a rule. The values are part of the command's interface.
type ID string

// The rules, exactly as tenant-scope.md section 6 names them.
const (
	Unscoped   ID = "unscoped"
	ORScope    ID = "or-scope"
	Insert     ID = "insert"
	Unresolved ID = "unresolved"
	Parse      ID = "parse"
	Directive  ID = "directive"
	// UnknownSink is SQL on tenant data handed to a function that is
	// neither a sink nor a wrapper: it is not checked, so say so.
	UnknownSink ID = "unknown-sink"
	// TenantSource is a tenant key bound to a value taken from request
	// input rather than from the authenticated tenant.
	TenantSource ID = "tenant-source"
	// RLS is a tenant table whose migrations leave it without forced
	// row-level security and a policy on its tenant key.
	RLS ID = "rls"
)

// DocURL is the rule reference; each rule's section is anchored by its id.
const DocURL = "https://github.com/resolutionflow/tenantcheck/blob/main/docs/rules.md"

// URL is the address of id's section of the rule reference.
func URL(id ID) string { return DocURL + "#" + string(id) }

// Severity is a rule's default level in SARIF and GitHub annotations.
type Severity string

const (
	// Error is for a leak, or SQL that cannot run.
	Error Severity = "error"
	// Warning is for what only blocks the proof: SQL the analyzer cannot
	// see, or a directive to fix.
	Warning Severity = "warning"
)

// Kind says what an example is and so how the examples test runs it.
type Kind string

const (
	// SQL is one SQL string checked against ExampleSchema by the scope
	// checker.
	SQL Kind = "sql"
	// Go is Go declarations in a package that imports GoImports, run
	// through the analyzer with ExampleSchema.
	Go Kind = "go"
	// Migration is SQL migrations: the schema a rule on migrations judges.
	Migration Kind = "migration"
)

// Example is one Bad or Good example of a rule.
type Example struct {
	Kind Kind
	// Comment is a line printed above the code, saying what makes the
	// example what it is.
	Comment string
	Code    string
	// Messages are the diagnostics tenantcheck prints for the code, in
	// order of position; none for a good example.
	Messages []string
}

// Info describes a rule.
type Info struct {
	ID ID
	// Summary is one lower-case line: what a finding means.
	Summary string
	// Description says what the rule finds (markdown).
	Description string
	// Why says what goes wrong when the rule is ignored (markdown).
	Why string
	// Bad and Good are the examples; every one is run by the examples test.
	Bad, Good []Example
	// Notes follow the examples: remedies and limits (markdown).
	Notes string
	// Severity is the default level of the rule's findings.
	Severity Severity
	// Silenceable says whether a cross-tenant directive or the registry
	// silences a finding (tenant-scope.md section 5): a query may be
	// cross-tenant on purpose, a parse error or a broken directive is a
	// mistake.
	Silenceable bool
}

// Known reports whether id names a rule.
func Known(id ID) bool {
	_, ok := Lookup(id)
	return ok
}

// Lookup returns the catalogue entry of id.
func Lookup(id ID) (Info, bool) {
	for _, r := range All {
		if r.ID == id {
			return r, true
		}
	}
	return Info{}, false
}

// Silenceable reports whether a directive or the registry can silence the
// findings of id.
func Silenceable(id ID) bool {
	r, _ := Lookup(id)
	return r.Silenceable
}

// SeverityOf is the default level of id's findings; Error for an unknown id.
func SeverityOf(id ID) Severity {
	if r, ok := Lookup(id); ok {
		return r.Severity
	}
	return Error
}

// Summaries lists every rule with its summary, one per line, for the
// analyzer's Doc and the command's -help text.
func Summaries(indent string) string {
	width := 0
	for _, r := range All {
		width = max(width, len(r.ID))
	}
	var s string
	for _, r := range All {
		s += fmt.Sprintf("%s%-*s  %s\n", indent, width, r.ID, r.Summary)
	}
	return s
}
