package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// pkgVar gathers every assignment of one package-level variable in the
// package being analyzed.
type pkgVar struct {
	// values are the assigned expressions; a nil entry is the zero value.
	values []ast.Expr
	// positions are where each value is assigned.
	positions []token.Pos
	// blocked says why some assignment cannot be resolved, empty when none.
	blocked *unresolvedError
	// state memoizes the resolution.
	resolving, resolved bool
	vals                []value
	err                 *unresolvedError
}

// scanPackageVars records the assignments of the package's own
// package-level variables: their declarations and every assignment in any
// function of the package.
func (c *checker) scanPackageVars() {
	c.pkgVars = make(map[*types.Var]*pkgVar)
	info := c.pass.TypesInfo
	get := func(e ast.Expr) *pkgVar {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || v.Pkg() != c.pass.Pkg || v.Parent() != c.pass.Pkg.Scope() {
			return nil
		}
		pv := c.pkgVars[v]
		if pv == nil {
			pv = new(pkgVar)
			c.pkgVars[v] = pv
		}
		return pv
	}
	block := func(pv *pkgVar, pos token.Pos, format string, args ...any) {
		if pv != nil && pv.blocked == nil {
			p := c.pass.Fset.Position(pos)
			pv.blocked = &unresolvedError{reason: fmt.Sprintf(format, args...) + fmt.Sprintf(" at %s:%d", baseName(p.Filename), p.Line), origin: pos}
		}
	}
	for _, file := range c.pass.Files {
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.VAR {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					pv := get(name)
					switch {
					case pv == nil:
					case len(vs.Values) == 0:
						pv.values = append(pv.values, nil)
						pv.positions = append(pv.positions, name.Pos())
					case len(vs.Values) == len(vs.Names):
						pv.values = append(pv.values, vs.Values[i])
						pv.positions = append(pv.positions, name.Pos())
					default:
						block(pv, name.Pos(), "package variable %s, set from a multi-value expression", name.Name)
					}
				}
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					pv := get(lhs)
					switch {
					case pv == nil:
					case len(n.Lhs) != len(n.Rhs):
						block(pv, n.Pos(), "package variable %s, set from a multi-value expression", types.ExprString(lhs))
					case n.Tok == token.ASSIGN:
						pv.values = append(pv.values, n.Rhs[i])
						pv.positions = append(pv.positions, n.Pos())
					default:
						block(pv, n.Pos(), "package variable %s, changed with %s", types.ExprString(lhs), n.Tok)
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					block(get(n.X), n.Pos(), "package variable %s, whose address is taken", types.ExprString(n.X))
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						block(get(e), n.Pos(), "package variable %s, set by range", types.ExprString(e))
					}
				}
			}
			return true
		})
	}
}

// packageVar resolves a package-level variable of this package: every value
// of every assignment in the package is a possible value.
func (c *checker) packageVar(v *types.Var) ([]value, *unresolvedError) {
	pv := c.pkgVars[v]
	switch {
	case pv == nil:
		return nil, &unresolvedError{reason: fmt.Sprintf("package variable %s", v.Name())}
	case pv.blocked != nil:
		return nil, pv.blocked
	case pv.resolved:
		return pv.vals, pv.err
	case pv.resolving:
		return nil, &unresolvedError{reason: fmt.Sprintf("package variable %s, defined in terms of itself", v.Name())}
	}
	pv.resolving = true
	defer func() { pv.resolving, pv.resolved = false, true }()
	seen := make(map[string]bool)
	for i, e := range pv.values {
		vals := []value{{}}
		if e != nil {
			r := &resolver{c: c}
			var err *unresolvedError
			if vals, err = r.eval(e); err != nil {
				if err.origin == token.NoPos {
					e := *err
					e.origin = pv.positions[i]
					err = &e
				}
				pv.err = err
				return nil, err
			}
		}
		for _, val := range vals {
			if k := val.key(); !seen[k] {
				seen[k] = true
				val.origin = pv.positions[i]
				val.lit = nil
				pv.vals = append(pv.vals, val)
			}
		}
	}
	if len(pv.vals) > maxValues {
		pv.err = &unresolvedError{reason: fmt.Sprintf("more than %d possible values", maxValues)}
		pv.vals = nil
	}
	return pv.vals, pv.err
}

// exportVarFacts exports the values of exported package-level string
// variables for importers.
func (c *checker) exportVarFacts() {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		v, ok := scope.Lookup(name).(*types.Var)
		if !ok || !v.Exported() || !isString(v.Type()) {
			continue
		}
		vals, err := c.packageVar(v)
		if err != nil {
			continue
		}
		f := &varFact{}
		for _, val := range vals {
			if val.hasHoles() {
				f = nil
				break
			}
			f.Values = append(f.Values, val.text())
		}
		if f != nil {
			c.pass.ExportObjectFact(v, f)
		}
	}
}

// scopeOf returns the function that declares the local variable v.
func (c *checker) scopeOf(v *types.Var) *funcScope {
	if c.funcScopes == nil {
		c.funcScopes = make(map[*ast.FuncType]*funcScope)
		for _, file := range c.pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					c.funcScopes[n.Type] = &funcScope{typ: n.Type, body: n.Body, decl: n}
				case *ast.FuncLit:
					c.funcScopes[n.Type] = &funcScope{typ: n.Type, body: n.Body}
				}
				return true
			})
		}
	}
	info := c.pass.TypesInfo
	for s := v.Parent(); s != nil; s = s.Parent() {
		if c.scopeNodes == nil {
			c.scopeNodes = make(map[*types.Scope]ast.Node, len(info.Scopes))
			for n, sc := range info.Scopes {
				c.scopeNodes[sc] = n
			}
		}
		if ft, ok := c.scopeNodes[s].(*ast.FuncType); ok {
			return c.funcScopes[ft]
		}
	}
	return nil
}
