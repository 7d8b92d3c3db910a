package analyzer

import (
	"go/ast"
	"go/types"
	"strings"
)

// This file resolves identifiers spliced into SQL (tenant-scope.md section
// 4, "Identifier holes"): a quoted identifier whose name is one of a closed
// set of constants becomes each of them; one known only at run time becomes
// a hole, a quoted name no table or column has. A hole where a column stands
// is checked as an unknown column: it cannot bring in a table or a
// predicate. A hole where a table stands makes the query unresolved.

// identifierHoleName is the name a run-time identifier takes in the checked
// text. No schema has it, and PostgreSQL accepts it quoted anywhere a name
// goes.
const identifierHoleName = "tenantcheck:identifier"

// quoteIdent quotes name as PostgreSQL does.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// identCall resolves pq.QuoteIdentifier(x) and pgx.Identifier{...}.Sanitize().
// ok is false for any other callee.
func (r *resolver) identCall(e *ast.CallExpr, callee *types.Func) ([]value, *unresolvedError, bool) {
	switch callee.FullName() {
	case "github.com/lib/pq.QuoteIdentifier":
		return r.identifier(e, []ast.Expr{e.Args[0]}), nil, true
	case "(github.com/jackc/pgx/v5.Identifier).Sanitize", "(github.com/jackc/pgx/v4.Identifier).Sanitize":
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, nil, false
		}
		lit := r.identifierLiteral(sel.X)
		if lit == nil {
			return r.identifier(e, nil), nil, true
		}
		return r.identifier(e, lit.Elts), nil, true
	}
	return nil, nil, false
}

// identifierLiteral finds the composite literal x holds: the literal itself
// or a variable set once from it.
func (r *resolver) identifierLiteral(x ast.Expr) *ast.CompositeLit {
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return x
	case *ast.Ident:
		if v, ok := r.c.pass.TypesInfo.ObjectOf(x).(*types.Var); ok {
			if lit, ok := ast.Unparen(r.c.singleAssignment(v)).(*ast.CompositeLit); ok {
				return lit
			}
		}
	}
	return nil
}

// identifier returns the quoted texts of an identifier made of names (a
// schema-qualified one has two, joined with a dot): every combination when
// each name resolves to constants, otherwise one hole that remembers the
// call.
func (r *resolver) identifier(e *ast.CallExpr, names []ast.Expr) []value {
	hole := []value{{parts: literal(quoteIdent(identifierHoleName)), hole: &transform{name: shorten(types.ExprString(e)), pos: e.Pos()}}}
	if len(names) == 0 {
		return hole
	}
	out := []value{{}}
	for i, p := range names {
		vals, err := r.eval(p)
		if err != nil {
			return hole
		}
		var next []value
		for _, prefix := range out {
			for _, v := range vals {
				if v.hasHoles() || v.elems != nil {
					return hole
				}
				text := quoteIdent(v.text())
				if i > 0 {
					text = prefix.text() + "." + text
				}
				next = append(next, value{parts: literal(text)})
			}
		}
		if len(next) > maxValues {
			return hole
		}
		out = next
	}
	return out
}

// mapValues resolves m[k] for a map of strings that is a closed set of
// constants: a literal, or a variable set once from one and never written
// through an index. Each value is possible; so is "" for a key the map
// lacks, unless the read is the comma-ok form, whose ok the code checks.
func (r *resolver) mapValues(e *ast.IndexExpr, commaOK bool) ([]value, *unresolvedError) {
	fail := r.fail("the map %s", shorten(types.ExprString(e.X)))
	lit := r.mapLiteral(e.X)
	if lit == nil {
		return nil, fail
	}
	var out []value
	if !commaOK {
		out = append(out, value{})
	}
	seen := make(map[string]bool)
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, fail
		}
		vals, err := r.eval(kv.Value)
		if err != nil {
			return nil, err
		}
		out = appendDistinct(out, seen, vals)
	}
	if len(out) > maxValues {
		return nil, r.fail("more than %d possible values", maxValues)
	}
	return out, nil
}

// mapLiteral returns the composite literal a map expression holds: the
// literal itself, or a variable set once from one and never written
// through an index nor handed to a function; nil otherwise.
func (r *resolver) mapLiteral(x ast.Expr) *ast.CompositeLit {
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return x
	case *ast.Ident:
		v, ok := r.c.pass.TypesInfo.ObjectOf(x).(*types.Var)
		if !ok || r.c.writtenThroughIndex(v) {
			return nil
		}
		lit, _ := ast.Unparen(r.c.singleAssignment(v)).(*ast.CompositeLit)
		return lit
	}
	return nil
}

// mapEntries resolves the keys (or the values) of a map literal: each is a
// possible value of a range over it.
func (r *resolver) mapEntries(lit *ast.CompositeLit, keys bool) ([]value, *unresolvedError) {
	var out []value
	seen := make(map[string]bool)
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, r.fail("an indexed map literal")
		}
		e := kv.Value
		if keys {
			e = kv.Key
		}
		vals, err := r.eval(e)
		if err != nil {
			return nil, err
		}
		out = appendDistinct(out, seen, vals)
	}
	if len(out) == 0 || len(out) > maxValues {
		return nil, r.fail("the map %s", shorten(types.ExprString(lit)))
	}
	return out, nil
}

// writtenThroughIndex reports whether the package assigns v[k] anywhere, or
// hands v to a function (which could).
func (c *checker) writtenThroughIndex(v *types.Var) bool {
	info := c.pass.TypesInfo
	found := false
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
						if id, ok := ast.Unparen(ix.X).(*ast.Ident); ok && info.ObjectOf(id) == v {
							found = true
						}
					}
				}
			case *ast.CallExpr:
				for _, a := range n.Args {
					if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.ObjectOf(id) == v {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// holeTable reports whether the checked text names the identifier hole
// where a table stands.
func holeTable(unknownTables []string) bool {
	for _, t := range unknownTables {
		if t == identifierHoleName || strings.HasSuffix(t, "."+identifierHoleName) {
			return true
		}
	}
	return false
}
