package analyzer

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
	"unicode"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// This file resolves calls whose result is SQL: functions of the standard
// library that keep a statement's meaning, functions of the module whose
// every return is resolvable (tenant-scope.md section 4, "the result of a
// function in the module"), and, in a wrapper, calls the analyzer does not
// know that the wrapper's parameter passes through.

// knownCall resolves the standard-library calls that transform SQL text in a
// way the analyzer can follow. ok is false for any other callee.
func (r *resolver) knownCall(e *ast.CallExpr, callee *types.Func) (vals []value, err *unresolvedError, ok bool) {
	switch callee.FullName() {
	case "strings.TrimSpace":
		vals, err = r.textMap(e.Args[0], strings.TrimSpace)
	case "strings.TrimSuffix", "strings.TrimPrefix", "strings.Trim", "strings.TrimLeft", "strings.TrimRight":
		cut, cerr := r.constant(e.Args[1])
		if cerr != nil {
			return nil, cerr, true
		}
		f := map[string]func(string, string) string{
			"strings.TrimSuffix": strings.TrimSuffix, "strings.TrimPrefix": strings.TrimPrefix,
			"strings.Trim": strings.Trim, "strings.TrimLeft": strings.TrimLeft, "strings.TrimRight": strings.TrimRight,
		}[callee.FullName()]
		vals, err = r.textMap(e.Args[0], func(s string) string { return f(s, cut) })
	case "(*strings.Replacer).Replace":
		vals, err = r.replace(e)
	case "strconv.Itoa", "strconv.FormatInt", "strconv.FormatUint":
		vals, err = r.integerText(e.Args[0])
	default:
		return nil, nil, false
	}
	return vals, err, true
}

// textMap applies f to every value of e that holds no parameter of the
// function under analysis. A value with one is a wrapper's SQL: its callers'
// text is checked as written, which f (trimming white space or a
// terminator) does not change in meaning.
func (r *resolver) textMap(e ast.Expr, f func(string) string) ([]value, *unresolvedError) {
	vals, err := r.eval(e)
	if err != nil {
		return nil, err
	}
	out := make([]value, len(vals))
	for i, v := range vals {
		if !v.hasHoles() && v.elems == nil {
			v.parts = literal(f(v.text()))
			v.lit = nil
		}
		out[i] = v
	}
	return out, nil
}

// constant resolves e to exactly one text without parameters.
func (r *resolver) constant(e ast.Expr) (string, *unresolvedError) {
	vals, err := r.eval(e)
	if err != nil {
		return "", err
	}
	if len(vals) != 1 || vals[0].hasHoles() {
		return "", r.fail("the expression %s", shorten(types.ExprString(e)))
	}
	return vals[0].text(), nil
}

// integerText renders an integer for strconv: its value when constant,
// otherwise 1, which stands for any number as %d does (sprintf).
func (r *resolver) integerText(e ast.Expr) ([]value, *unresolvedError) {
	if tv := r.c.pass.TypesInfo.Types[e]; tv.Value != nil {
		return []value{{parts: literal(tv.Value.ExactString())}}, nil
	}
	return []value{{parts: literal(runtimeInteger)}}, nil
}

// runtimeInteger is the text that stands for an integer known only at run
// time: "$%d" becomes the bind parameter $1, "LIMIT %d" a number, and
// "key = %d" a literal, which never scopes (tenant-scope.md section 4,
// "Run-time integers"). PostgreSQL accepts every such text.
const runtimeInteger = "1"

// replace resolves r.Replace(s) for a *strings.Replacer built by
// strings.NewReplacer with constant pairs. The pairs apply to the literal
// parts; a wrapper's parameter is checked as its callers write it, which is
// what happens at run time when every pair maps white space to white space
// (statement compaction for logs). Other pairs make the call a transform
// the analyzer does not follow.
func (r *resolver) replace(e *ast.CallExpr) ([]value, *unresolvedError) {
	sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, r.fail("the result of (*strings.Replacer).Replace")
	}
	pairs, err := r.replacerPairs(sel.X, 0)
	if err != nil {
		return nil, err
	}
	rep := strings.NewReplacer(pairs...)
	vals, err := r.eval(e.Args[0])
	if err != nil {
		return nil, err
	}
	blank := true
	for _, p := range pairs {
		if strings.TrimFunc(p, unicode.IsSpace) != "" {
			blank = false
		}
	}
	out := make([]value, len(vals))
	for i, v := range vals {
		parts := make([]part, len(v.parts))
		for j, p := range v.parts {
			if p.Param < 0 {
				p.Lit = rep.Replace(p.Lit)
			}
			parts[j] = p
		}
		v.parts, v.lit = join(parts), nil
		if !blank && v.hasHoles() && v.through == nil {
			v.through = &transform{name: "(*strings.Replacer).Replace", pos: e.Pos()}
		}
		out[i] = v
	}
	return out, nil
}

// replacerPairs finds the constant pairs of the strings.NewReplacer call
// that x holds: the call itself, or a variable set once from it.
func (r *resolver) replacerPairs(x ast.Expr, depth int) ([]string, *unresolvedError) {
	info := r.c.pass.TypesInfo
	unknown := r.fail("a strings.Replacer the analyzer cannot see: %s", shorten(types.ExprString(x)))
	if depth > 4 {
		return nil, unknown
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		fn, ok := info.Uses[calleeSel(x)].(*types.Func)
		if !ok || fn.FullName() != "strings.NewReplacer" || x.Ellipsis.IsValid() {
			return nil, unknown
		}
		pairs := make([]string, 0, len(x.Args))
		for _, a := range x.Args {
			s, err := r.constant(a)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, s)
		}
		return pairs, nil
	case *ast.Ident:
		v, ok := info.ObjectOf(x).(*types.Var)
		if !ok {
			return nil, unknown
		}
		if init := r.c.singleAssignment(v); init != nil {
			return r.replacerPairs(init, depth+1)
		}
	}
	return nil, unknown
}

// calleeSel is the identifier that names a call's function: f in f(x) and
// in pkg.f(x).
func calleeSel(call *ast.CallExpr) *ast.Ident {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return fun
	case *ast.SelectorExpr:
		return fun.Sel
	}
	return nil
}

// singleAssignment returns the one expression a variable of this package is
// ever set to, nil when it is set more than once or from no expression.
func (c *checker) singleAssignment(v *types.Var) ast.Expr {
	if v.Pkg() != c.pass.Pkg {
		return nil
	}
	if pv := c.pkgVars[v]; pv != nil {
		if pv.blocked != nil || len(pv.values) != 1 {
			return nil
		}
		return pv.values[0]
	}
	fs := c.scopeOf(v)
	if fs == nil || fs.body == nil {
		return nil
	}
	if esc := c.escapes(v, fs.body); esc.err != nil || esc.assignments != 1 {
		return nil
	}
	var found ast.Expr
	info := c.pass.TypesInfo
	ast.Inspect(fs.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && info.ObjectOf(id) == v {
						found = n.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, name := range n.Names {
					if info.ObjectOf(name) == v {
						found = n.Values[i]
					}
				}
			}
		}
		return found == nil
	})
	return found
}

// through resolves, in a wrapper, a call the analyzer does not know whose
// one string argument holds the wrapper's parameter: the callers are checked
// with their SQL as written and the value remembers the call, so that the
// wrapper's body gets one finding naming it (issue: never a blind spot at
// the callers). ok is false when no argument, or more than one, holds a
// parameter, or the call does not return a string.
func (r *resolver) through(e *ast.CallExpr, callee *types.Func) ([]value, bool) {
	sig, ok := callee.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 || !isString(sig.Results().At(0).Type()) || r.fn == nil {
		return nil, false
	}
	var found []value
	for _, a := range e.Args {
		if !isString(r.c.pass.TypesInfo.TypeOf(a)) {
			continue
		}
		vals, err := r.eval(a)
		if err != nil {
			continue
		}
		holes := false
		for _, v := range vals {
			holes = holes || v.hasHoles()
		}
		if !holes {
			continue
		}
		if found != nil {
			return nil, false
		}
		found = vals
	}
	if found == nil {
		return nil, false
	}
	out := make([]value, len(found))
	for i, v := range found {
		if v.through == nil && v.hasHoles() {
			v.through = &transform{name: funcName(callee), pos: e.Pos()}
		}
		v.lit = nil
		out[i] = v
	}
	return out, true
}

// throughMessage: "the SQL passed to (*sql.Tx).ExecContext goes through
// compact.Apply (trx.go:14), which tenantcheck does not know keeps the
// statement: its callers are checked with their SQL as written".
func (c *checker) throughMessage(sink string, t *transform) string {
	p := c.pass.Fset.Position(t.pos)
	return "the SQL passed to " + sink + " goes through " + t.name + " (" + baseName(p.Filename) + ":" + strconv.Itoa(p.Line) +
		"), which tenantcheck does not know keeps the statement: its callers are checked with their SQL as written"
}

// throughCandidate is the one finding in a wrapper's body for a transform it
// does not know.
func (c *checker) throughCandidate(s site, arg ast.Expr, t *transform, ci callInDecl) candidate {
	return candidate{
		Finding: Finding{Pos: arg.Pos(), End: arg.End(), Rule: rule.Unresolved, Message: c.throughMessage(s.name, t)},
		call:    ci.call, decl: ci.decl,
	}
}
