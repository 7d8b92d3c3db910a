package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// This file resolves query builders that keep SQL in a struct field
// (tenant-scope.md section 4, "Builders"):
//
//	func newQuery() *query { return &query{conds: []string{"e.user_id = $1"}} }
//	func (q *query) since() { q.conds = append(q.conds, "e.created_at > $2") }
//	func (q *query) sql() string { return "... WHERE " + strings.Join(q.conds, " AND ") }
//
// A field of string or []string type of a struct declared in this package,
// written only in this package with resolvable values, takes every
// combination of them: each seed (a composite literal or a plain
// assignment, or the zero value) followed by any subset of the appended
// elements, in source order. Elements joined with AND that each stay one
// conjunct need not be combined: scope only grows with conjuncts, so the
// seed alone and the seed with every element are checked. Past maxValues
// the field is unresolved.

// fieldWrites is everything the package writes to one field.
type fieldWrites struct {
	// seeds are the values the field starts from or is reset to; zero says
	// the zero value is one of them.
	seeds []write
	zero  bool
	// appends are the elements appended (a []string field) or the texts
	// added with += (a string field).
	appends []write
	blocked *unresolvedError
}

// write is an expression written to a field, with the function it is in
// (nil at package level), whose locals and parameters it may read, and the
// composite literal it is an element of (nil for an assignment).
type write struct {
	expr ast.Expr
	decl *ast.FuncDecl
	lit  *ast.CompositeLit
}

// fieldOf returns the field that e selects, when it is a string or []string
// field of a struct declared in this package.
func (c *checker) fieldOf(e ast.Expr) (*types.Var, bool) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	s := c.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil, false
	}
	f, ok := s.Obj().(*types.Var)
	if !ok || f.Pkg() != c.pass.Pkg || !(isString(f.Type()) || isStringSlice(f.Type())) {
		return nil, false
	}
	return f, true
}

// writes collects, once per field, what the package writes to it.
func (c *checker) writes(f *types.Var) *fieldWrites {
	if w, ok := c.fields[f]; ok {
		return w
	}
	if c.fields == nil {
		c.fields = make(map[*types.Var]*fieldWrites)
	}
	w := c.scanWrites(f)
	c.fields[f] = w
	return w
}

// scanWrites walks the package for writes to f.
func (c *checker) scanWrites(f *types.Var) *fieldWrites {
	w := &fieldWrites{}
	block := func(n ast.Node, why string) {
		if w.blocked == nil {
			p := c.pass.Fset.Position(n.Pos())
			w.blocked = &unresolvedError{reason: "field " + f.Name() + ", " + why + " at " + baseName(p.Filename) + ":" + strconv.Itoa(p.Line)}
		}
	}
	if f.Exported() {
		w.blocked = &unresolvedError{reason: "field " + f.Name() + ", which other packages can set"}
		return w
	}
	isF := func(e ast.Expr) bool {
		got, ok := c.fieldOf(e)
		return ok && got == f
	}
	for _, file := range c.pass.Files {
		for _, d := range file.Decls {
			fd, _ := d.(*ast.FuncDecl)
			ast.Inspect(d, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					c.literalWrite(w, f, n, fd, block)
				case *ast.AssignStmt:
					for i, lhs := range n.Lhs {
						if !isF(lhs) {
							continue
						}
						switch {
						case len(n.Lhs) != len(n.Rhs):
							block(n, "set from a multi-value expression")
						case n.Tok == token.ADD_ASSIGN:
							w.appends = append(w.appends, write{n.Rhs[i], fd, nil})
						case n.Tok == token.ASSIGN:
							c.assignWrite(w, f, n.Rhs[i], fd, block)
						default:
							block(n, "changed with "+n.Tok.String())
						}
					}
				case *ast.UnaryExpr:
					if n.Op == token.AND && isF(n.X) {
						block(n, "whose address is taken")
					}
				}
				return true
			})
		}
	}
	if w.blocked == nil && len(w.seeds) == 0 && len(w.appends) == 0 {
		// Never written here: something this package does not show sets
		// it (a decoder, reflection).
		w.blocked = &unresolvedError{reason: "field " + f.Name() + ", which this package never sets"}
	}
	return w
}

// literalWrite records the seed a composite literal of f's struct gives it.
func (c *checker) literalWrite(w *fieldWrites, f *types.Var, lit *ast.CompositeLit, fd *ast.FuncDecl, block func(ast.Node, string)) {
	t := c.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	index := -1
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i) == f {
			index = i
		}
	}
	if index < 0 {
		return
	}
	for i, elt := range lit.Elts {
		kv, keyed := elt.(*ast.KeyValueExpr)
		switch {
		case keyed:
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == f.Name() {
				w.seeds = append(w.seeds, write{kv.Value, fd, lit})
				return
			}
		case i == index:
			w.seeds = append(w.seeds, write{elt, fd, lit})
			return
		}
	}
	if len(lit.Elts) > 0 {
		if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
			block(lit, "set by an unkeyed literal")
			return
		}
	}
	w.zero = true
}

// assignWrite records x.f = v: an append to the field itself adds
// elements, anything else is a new seed.
func (c *checker) assignWrite(w *fieldWrites, f *types.Var, rhs ast.Expr, fd *ast.FuncDecl, block func(ast.Node, string)) {
	info := c.pass.TypesInfo
	if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok {
		if b, ok := typeutil.Callee(info, call).(*types.Builtin); ok && b.Name() == "append" {
			if got, ok := c.fieldOf(call.Args[0]); ok && got == f {
				if call.Ellipsis.IsValid() {
					block(call, "appended a slice")
					return
				}
				for _, a := range call.Args[1:] {
					w.appends = append(w.appends, write{a, fd, nil})
				}
				return
			}
		}
	}
	w.seeds = append(w.seeds, write{rhs, fd, nil})
}

// fieldValues resolves the field f. sep is the separator when
// the field is a slice joined with strings.Join, "" otherwise.
func (r *resolver) fieldValues(f *types.Var, sep string) ([]value, *unresolvedError) {
	w := r.c.writes(f)
	if w.blocked != nil {
		return nil, w.blocked
	}
	if r.c.resolvingField[f] {
		return nil, r.fail("field %s, defined in terms of itself", f.Name())
	}
	if r.c.resolvingField == nil {
		r.c.resolvingField = make(map[*types.Var]bool)
	}
	r.c.resolvingField[f] = true
	defer delete(r.c.resolvingField, f)

	slice := isStringSlice(f.Type())
	var seeds []value
	if w.zero || len(w.seeds) == 0 {
		seeds = append(seeds, value{})
	}
	for _, s := range w.seeds {
		vals, err := r.in(s).eval(s.expr)
		if err != nil {
			return nil, &unresolvedError{reason: "field " + f.Name() + ", " + err.reason}
		}
		seeds = append(seeds, vals...)
	}
	var elems [][]part
	for _, a := range w.appends {
		vals, err := r.in(a).eval(a.expr)
		if err != nil {
			return nil, &unresolvedError{reason: "field " + f.Name() + ", " + err.reason}
		}
		for _, v := range vals {
			elems = append(elems, v.parts)
		}
	}
	for _, v := range seeds {
		if v.hasHoles() {
			return nil, r.fail("field %s, set from a parameter", f.Name())
		}
	}
	for _, e := range elems {
		if hasHoles(e) {
			return nil, r.fail("field %s, added to from a parameter", f.Name())
		}
	}
	if slice && r.conjuncts(sep, seeds, elems) {
		// Scope only grows with conjuncts: the seed alone and the seed
		// with every element bound every subset.
		out := make([]value, 0, 2*len(seeds))
		for _, s := range seeds {
			out = append(out, s, value{elems: append(append([][]part(nil), s.elems...), elems...)})
		}
		return out, nil
	}
	if len(elems) > 16 || len(seeds)<<len(elems) > maxValues {
		return nil, r.fail("field %s, with more than %d combinations of its values", f.Name(), maxValues)
	}
	var out []value
	for _, s := range seeds {
		for mask := 0; mask < 1<<len(elems); mask++ {
			v := value{parts: s.parts, elems: s.elems}
			for i, e := range elems {
				if mask&(1<<i) == 0 {
					continue
				}
				if slice {
					v.elems = append(append([][]part(nil), v.elems...), e)
				} else {
					v.parts = join(v.parts, e)
				}
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// in returns a resolver for the function a write sits in.
func (r *resolver) in(w write) *resolver {
	return &resolver{c: r.c, fn: w.decl, depth: r.depth}
}

// conjuncts reports whether the elements are joined with AND and each
// stays one conjunct there, so that no element can escape the others (an
// unparenthesized OR would).
func (r *resolver) conjuncts(sep string, seeds []value, elems [][]part) bool {
	if !strings.EqualFold(strings.TrimSpace(sep), "AND") {
		return false
	}
	for _, s := range seeds {
		for _, e := range s.elems {
			if !scope.Conjunct(value{parts: e}.text()) {
				return false
			}
		}
	}
	for _, e := range elems {
		if !scope.Conjunct(value{parts: e}.text()) {
			return false
		}
	}
	return true
}
