// Package analyzer is the go/analysis pass of tenantcheck: it finds the SQL
// that Go code sends to PostgreSQL, resolves it statically, and reports every
// statement the scope checker cannot prove confined to one tenant.
package analyzer

import (
	"go/token"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// Config is everything the pass needs; build it with LoadConfig or by hand
// in tests (configuration by constructor, no global flags).
type Config struct {
	// Schema classifies tables; nil means an empty schema (every table
	// unknown, so only parse, unresolved and directive findings).
	Schema *schema.Schema
	// Scope configures the scope checker.
	Scope scope.Options
	// Rules enables rules; nil enables all.
	Rules map[rule.ID]bool
	// Sinks are extra functions that send SQL, besides database/sql and pgx.
	Sinks []Sink
	// CrossTenant lists functions approved as cross-tenant, with reasons.
	CrossTenant []Approval
}

// Sink is a function or method that sends its argument Arg (0-based, not
// counting the receiver) to PostgreSQL as SQL. Func is the name as
// types.Func.FullName prints it: "example.com/db.Run",
// "(*example.com/db.Client).Query".
type Sink struct {
	Func string
	Arg  int
}

// Approval is a registry entry: every query in Func is cross-tenant on
// purpose, for Reason.
type Approval struct {
	Func   string
	Reason string
}

// Finding is one reported problem, with what the command needs beyond the
// analysis.Diagnostic (the table and the resolved query).
type Finding struct {
	Pos, End token.Pos
	Rule     rule.ID
	Table    string
	Alias    string
	Message  string
	// Query is the resolved SQL the finding is about, empty when none.
	Query string
}

// Exception is one justified cross-tenant exception: a directive in code or
// a registry entry that covered at least one query.
type Exception struct {
	Pos    token.Pos // token.NoPos for registry entries
	Func   string
	Reason string
}

// Result is the pass's result for one package.
type Result struct {
	Findings []Finding
	// Queries counts the SQL arguments found at sink calls.
	Queries int
	// Unresolved counts those that could not be resolved.
	Unresolved int
	// Suppressed counts findings silenced by a directive or the registry.
	Suppressed int
	// Exceptions lists the directives and registry entries in this package.
	Exceptions []Exception
	// UnknownTables lists tables that queries name but the schema lacks.
	UnknownTables []string
}
