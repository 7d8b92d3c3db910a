// Package scope decides whether a SQL statement is confined to one tenant: it
// parses the statement and proves every reference to tenant data scoped by a
// predicate, a join, a subquery or a CTE (tenant-scope.md sections 2 and 3).
//
// It knows nothing of Go code: the analyzer hands it SQL text.
package scope

import (
	"slices"
	"sync"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// ContextFunc describes a tenant-context expression: a call of the function
// Name whose first argument is a string literal starting with ArgPrefix
// (an empty ArgPrefix accepts any call), possibly cast.
type ContextFunc struct {
	Name      string
	ArgPrefix string
}

// PredicateFunc describes a tenant predicate: a call of the function Name
// that is true only for rows of the current tenant when argument Arg
// (0-based) is the row's tenant key, such as a membership check
// is_member(list_id) in a row-level security policy.
type PredicateFunc struct {
	Name string
	Arg  int
}

// Options configure the checker.
type Options struct {
	// TenantContext lists the expressions that carry the current tenant,
	// besides bind parameters.
	TenantContext []ContextFunc
	// TenantPredicates lists the functions that, as a conjunct, confine the
	// key they are given to the current tenant.
	TenantPredicates []PredicateFunc
	// ContextOnly makes tenant-context expressions the only tenant values:
	// a row-level security policy is checked so, since no caller binds its
	// parameters (Checker.Policy).
	ContextOnly bool
}

// DefaultOptions accept current_setting('app.<anything>') as tenant context.
func DefaultOptions() Options {
	return Options{TenantContext: []ContextFunc{{Name: "current_setting", ArgPrefix: "app."}}}
}

// Finding is one rule violation in a SQL string.
type Finding struct {
	Rule rule.ID
	// Table is the table's qualified name (schema.Table.QualifiedName), empty
	// for parse findings.
	Table string
	// Alias is the reference's alias, empty when it has none.
	Alias string
	// Message is the one-line diagnostic text.
	Message string
	// Offset is the byte offset in the SQL string that the finding is about,
	// -1 when unknown.
	Offset int
	// Missing is, for an insert finding whose row sets no tenant key (or
	// no foreign key of a child table), the columns that would tie it to a
	// tenant as the message names them: "account_id or user_id", "tree_id
	// (foreign key to trees)". The pass words a CopyFrom's finding with it.
	Missing string
}

// Result is what checking one SQL string found.
type Result struct {
	Findings []Finding
	// UnknownTables lists tables referenced but absent from the schema,
	// treated as global (tenant-scope.md section 3), qualified and sorted.
	UnknownTables []string
	// TenantData is set when the SQL references a tenant or child table,
	// scoped or not.
	TenantData bool
	// Bindings are the bind parameters the SQL uses as tenant key values,
	// ordered by parameter. Unlike the other slices it is shared with the
	// checker's memo, not copied per call (a copy cost more than the memo
	// look-up itself): read it, do not write its elements.
	Bindings []Binding
}

// Checker checks SQL against one schema. It is safe for concurrent use.
type Checker struct {
	schema *schema.Schema
	opts   Options
	// results memoizes Check by SQL text (string -> Result): one checker
	// serves every package of a run, and the same query text reaches it
	// from many call sites and wrappers. Only results are kept, never
	// parse trees.
	results sync.Map
}

// New returns a Checker for s.
func New(s *schema.Schema, opts Options) *Checker {
	return &Checker{schema: s, opts: opts}
}

// Check parses sql (one or more statements) and returns every finding.
// SQL that does not parse yields one parse finding, never an error. Each
// distinct text is parsed and checked once per Checker; the caller gets its
// own copy of the result.
func (c *Checker) Check(sql string) Result {
	if r, ok := c.results.Load(sql); ok {
		return r.(Result).clone()
	}
	res := c.check(sql)
	c.results.Store(sql, res)
	return res.clone()
}

// clone copies the findings and unknown tables of r, which callers edit,
// so that a caller changing its result cannot change what the memo hands
// the next caller. Bindings stay shared (see Result.Bindings).
func (r Result) clone() Result {
	r.Findings, r.UnknownTables = slices.Clone(r.Findings), slices.Clone(r.UnknownTables)
	return r
}
