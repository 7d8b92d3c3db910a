// Package rule is the catalogue of tenantcheck's rules: the identifiers used
// as diagnostic categories, baseline keys, JSON and SARIF rule ids, and the
// anchors of docs/rules.md (tenant-scope.md section 6).
package rule

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

// Info describes a rule for help output, SARIF rule metadata and docs.
type Info struct {
	ID ID
	// Title is a short lower-case description.
	Title string
	// Why says what goes wrong when the rule is ignored.
	Why string
}

// All lists every rule in documentation order.
var All = []Info{
	{Unscoped, "a tenant or child table reference is not scoped to one tenant",
		"a query that reads, updates or deletes tenant rows without a tenant predicate returns or changes other customers' rows"},
	{ORScope, "a tenant predicate sits under OR",
		"a tenant predicate that is one arm of an OR lets rows of every tenant through the other arm"},
	{Insert, "an INSERT into a tenant table sets no tenant key from a bind parameter",
		"a row inserted without a caller-supplied tenant key belongs to no tenant, or to one fixed in the code"},
	{Unresolved, "the SQL sent to PostgreSQL cannot be resolved statically",
		"SQL that the analyzer cannot see cannot be proven scoped"},
	{Parse, "PostgreSQL's parser rejects the SQL",
		"SQL that does not parse fails at run time and cannot be checked"},
	{Directive, "a cross-tenant directive has no reason or suppresses nothing",
		"an exception without a written reason cannot be reviewed, and a stale one hides the next query written below it"},
	{UnknownSink, "SQL on tenant data reaches a function tenantcheck does not know sends SQL",
		"a query the analyzer does not see is never checked: declare the function as a sink so that every call is"},
	{TenantSource, "a tenant key is bound to a value taken from the request, not from the authenticated tenant",
		"a query scoped by a tenant id the caller chose lets any caller name any tenant"},
	{RLS, "a tenant table lacks forced row-level security and a policy on its tenant key",
		"without forced row-level security and a policy, the database is not a second wall: one missed predicate, or a connection as the table owner, reads every tenant"},
}

// Known reports whether id names a rule.
func Known(id ID) bool {
	for _, r := range All {
		if r.ID == id {
			return true
		}
	}
	return false
}
