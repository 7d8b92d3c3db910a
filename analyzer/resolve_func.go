package analyzer

import (
	"go/ast"
	"go/types"
)

// This file resolves the result of a function of the module whose every
// return is resolvable from constants and its arguments (tenant-scope.md
// section 4): its returns become templates over its string parameters, and
// each call instantiates them with the caller's arguments, across packages
// through resultFact.

// resultMemo is the resolution of one string result of one function.
type resultMemo struct {
	resolving, done bool
	templates       []template
	err             *unresolvedError
}

type resultKey struct {
	fn  *types.Func
	idx int
}

// funcResult resolves the result idx of a call of callee. ok is false when
// callee is not a function of this package with a body or an imported
// function with a result fact: the caller then tries other ways.
func (r *resolver) funcResult(e *ast.CallExpr, callee *types.Func, idx int) ([]value, *unresolvedError, bool) {
	templates, err, ok := r.c.resultTemplates(callee, idx)
	if !ok {
		return nil, nil, false
	}
	if err != nil {
		return nil, err, true
	}
	s := site{call: e, fn: callee, name: funcName(callee), shift: callShift(r.c.pass.TypesInfo, e)}
	vals, err := r.instantiate(s, wrapperUse{Templates: templates})
	if err != nil {
		return nil, err, true
	}
	for i := range vals {
		vals[i].lit = nil
	}
	return vals, nil, true
}

// callShift is 1 for a method expression call, (*T).M(recv, ...), whose
// arguments start with the receiver.
func callShift(info *types.Info, call *ast.CallExpr) int {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if selection := info.Selections[sel]; selection != nil && selection.Kind() == types.MethodExpr {
			return 1
		}
	}
	return 0
}

// resultTemplates returns the templates of result idx of fn.
func (c *checker) resultTemplates(fn *types.Func, idx int) ([]template, *unresolvedError, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || idx >= sig.Results().Len() || !isString(sig.Results().At(idx).Type()) {
		return nil, nil, false
	}
	if fn.Pkg() != c.pass.Pkg {
		var f resultFact
		if fn.Pkg() == nil || !c.pass.ImportObjectFact(fn, &f) {
			return nil, nil, false
		}
		for _, res := range f.Results {
			if res.Index == idx {
				return res.Templates, nil, true
			}
		}
		return nil, nil, false
	}
	decl := c.funcDecl(fn)
	if decl == nil || decl.Body == nil {
		return nil, nil, false
	}
	key := resultKey{fn, idx}
	if c.results == nil {
		c.results = make(map[resultKey]*resultMemo)
	}
	m := c.results[key]
	switch {
	case m == nil:
		m = new(resultMemo)
		c.results[key] = m
	case m.resolving:
		return nil, &unresolvedError{reason: "the result of " + funcName(fn) + ", defined in terms of itself"}, true
	case m.done:
		return m.templates, m.err, true
	}
	m.resolving = true
	m.templates, m.err = c.resolveReturns(decl, sig, idx)
	m.resolving, m.done = false, true
	return m.templates, m.err, true
}

// resolveReturns resolves result idx at every return statement of decl.
func (c *checker) resolveReturns(decl *ast.FuncDecl, sig *types.Signature, idx int) ([]template, *unresolvedError) {
	r := &resolver{c: c, fn: decl}
	fail := &unresolvedError{reason: "the result of " + decl.Name.Name}
	var out []template
	seen := make(map[string]bool)
	var err *unresolvedError
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			var vals []value
			switch len(n.Results) {
			case 0:
				vals, err = r.local(sig.Results().At(idx), n.Pos())
			case sig.Results().Len():
				vals, err = r.eval(n.Results[idx])
			case 1:
				var ok bool
				if vals, err, ok = r.squirrelReturn(n.Results[0], idx); !ok {
					err = fail
				}
			default:
				err = fail
			}
			for _, v := range vals {
				if v.through != nil || v.elems != nil {
					err = fail
					return false
				}
				t := template{Parts: v.parts, Guards: v.guards}
				if k := t.String(); !seen[k] {
					seen[k] = true
					out = append(out, t)
				}
			}
		}
		return err == nil
	})
	if err != nil {
		return nil, &unresolvedError{reason: "the result of " + decl.Name.Name + ", " + err.reason}
	}
	if len(out) == 0 || len(out) > maxValues {
		return nil, fail
	}
	return out, nil
}

// funcDecl returns the declaration of a function of this package.
func (c *checker) funcDecl(fn *types.Func) *ast.FuncDecl {
	if c.decls == nil {
		c.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, file := range c.pass.Files {
			for _, d := range file.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if f, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
						c.decls[f] = fd
					}
				}
			}
		}
	}
	return c.decls[fn.Origin()]
}

// exportResultFacts exports the templates of the string results of the
// package's exported functions and methods that resolve, for importers.
func (c *checker) exportResultFacts() {
	for _, file := range c.pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !fd.Name.IsExported() || !returnsString(fd) {
				continue
			}
			fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := fn.Type().(*types.Signature)
			var f resultFact
			for i := 0; i < sig.Results().Len(); i++ {
				if !isString(sig.Results().At(i).Type()) {
					continue
				}
				if t, err, ok := c.resultTemplates(fn, i); ok && err == nil {
					f.Results = append(f.Results, resultTemplates{Index: i, Templates: t})
				}
			}
			if len(f.Results) > 0 {
				c.pass.ExportObjectFact(fn, &f)
			}
		}
	}
}

// returnsString reports, from syntax alone, whether a function declares a
// result whose type could be a string, so that most functions are skipped
// before any type is looked at.
func returnsString(fd *ast.FuncDecl) bool {
	if fd.Type.Results == nil {
		return false
	}
	for _, f := range fd.Type.Results.List {
		switch ast.Unparen(f.Type).(type) {
		case *ast.Ident, *ast.SelectorExpr:
			return true
		}
	}
	return false
}
