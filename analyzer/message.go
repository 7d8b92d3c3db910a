package analyzer

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// The diagnostics this package writes itself, built here so that tests and
// docs quote them exactly. Scope findings carry the scope checker's own
// messages.

// unresolvedMessage: "cannot resolve the SQL passed to (*pgxpool.Pool).Query:
// built from parameter q of listTrees".
func unresolvedMessage(sink string, err *unresolvedError) string {
	if err.message != "" {
		return err.message
	}
	return fmt.Sprintf("cannot resolve the SQL passed to %s: %s", sink, err.Error())
}

// copyMessage words an insert finding of a CopyFrom, whose fix is in its
// column list: "CopyFrom into trees does not tie the rows to a tenant: add
// account_id to the column list". Other findings keep the scope checker's
// message, which names the synthesised INSERT.
func copyMessage(f scope.Finding) string {
	if f.Rule != rule.Insert || f.Missing == "" {
		return f.Message
	}
	return fmt.Sprintf("CopyFrom into %s does not tie the rows to a tenant: add %s to the column list", f.Table, f.Missing)
}

// msgAssigned is the related information at an assignment of the variable
// whose value is the SQL a finding is about.
const msgAssigned = "the query is assigned here"

// assignments returns related information at each origin, in order, once
// each, when the SQL argument is a variable: an origin is then an
// assignment of that variable. For any other argument (a call, a
// concatenation) an origin is the assignment of some variable inside it,
// a slice of parts or a wrapper's local, not of the query, so none is said.
func assignments(info *types.Info, arg ast.Expr, origins []token.Pos) []analysis.RelatedInformation {
	if !namesVar(info, arg) {
		return nil
	}
	var out []analysis.RelatedInformation
	seen := make(map[token.Pos]bool)
	for _, o := range origins {
		if o == token.NoPos || seen[o] {
			continue
		}
		seen[o] = true
		out = append(out, analysis.RelatedInformation{Pos: o, Message: msgAssigned})
	}
	slices.SortFunc(out, func(a, b analysis.RelatedInformation) int { return cmp.Compare(a.Pos, b.Pos) })
	return out
}

// namesVar reports whether e is a variable, plain or package-qualified.
func namesVar(info *types.Info, e ast.Expr) bool {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		if _, ok := info.Selections[e]; ok {
			return false // a field: its writes are not assignments of a query variable
		}
		id = e.Sel
	default:
		return false
	}
	_, ok := info.Uses[id].(*types.Var)
	return ok
}

// inTexts says in how many of the possible texts of a query a finding
// holds, when not in all: " (in 2 of its 3 possible texts)".
func inTexts(k, n int) string {
	if k >= n {
		return ""
	}
	return fmt.Sprintf(" (in %d of its %d possible texts)", k, n)
}

// unknownSinkMessage: "SQL reaches (*store.Trx).Execute 143 times, which
// tenantcheck does not know sends SQL: add it under sinks in
// .tenantcheck.yml".
func unknownSinkMessage(name string, calls int) string {
	times := "once"
	if calls > 1 {
		times = fmt.Sprintf("%d times", calls)
	}
	return fmt.Sprintf("SQL reaches %s %s, which tenantcheck does not know sends SQL: add it under sinks in .tenantcheck.yml", name, times)
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
