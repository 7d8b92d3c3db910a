package analyzer

import (
	"fmt"
	"go/token"
	"path/filepath"
)

// The diagnostics this package writes itself, built here so that tests and
// docs quote them exactly. Scope findings carry the scope checker's own
// messages.

// unresolvedMessage: "cannot resolve the SQL passed to (*pgxpool.Pool).Query:
// built from parameter q of listTrees".
func unresolvedMessage(fset *token.FileSet, sink string, err *unresolvedError) string {
	return fmt.Sprintf("cannot resolve the SQL passed to %s: %s", sink, err.Error()) + assignedAt(fset, err.origin)
}

// assignedAt says where the SQL read from a variable was assigned:
// " (query assigned at store.go:42)", or "" when it was not read from one.
func assignedAt(fset *token.FileSet, origin token.Pos) string {
	if origin == token.NoPos {
		return ""
	}
	p := fset.Position(origin)
	return fmt.Sprintf(" (query assigned at %s:%d)", baseName(p.Filename), p.Line)
}

// holeError is why a query whose table name is known only at run time is
// unresolved: "built from a table name that pq.QuoteIdentifier(name) gives
// at run time (store.go:12); name the tables in a closed set of constants".
func holeError(fset *token.FileSet, t *transform) *unresolvedError {
	p := fset.Position(t.pos)
	return &unresolvedError{reason: fmt.Sprintf("a table name that %s gives at run time (%s:%d); name the tables in a closed set of constants", t.name, baseName(p.Filename), p.Line)}
}

// errUnbounded is why the SQL of a call to an unbounded wrapper is unresolved.
var errUnbounded = &unresolvedError{reason: "a wrapper that builds SQL without a finite set of values"}

const directivePrefix = "//tenantcheck:"

const crossTenant = "cross-tenant"

var (
	msgNoReason       = "cross-tenant directive has no reason: write why the query may read other tenants' rows after " + directivePrefix + crossTenant
	msgSuppressesNone = "directive suppresses nothing: remove it"
)

func unknownDirectiveMessage(verb string) string {
	return fmt.Sprintf("unknown directive %s%s: the only directive is %s%s", directivePrefix, verb, directivePrefix, crossTenant)
}

func baseName(path string) string { return filepath.Base(path) }
