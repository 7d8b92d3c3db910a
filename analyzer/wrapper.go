package analyzer

import (
	"go/ast"
	"go/types"
)

// findWrappers finds the package's functions whose string parameters become
// SQL, iterating to a fixed point so that wrappers of wrappers are found. A
// function whose SQL still grows after maxIterations rounds (a recursive
// wrapper that adds to its parameter) is marked unbounded: its callers are
// reported unresolved rather than checked against a partial set of values.
func (c *checker) findWrappers() map[*types.Func]*wrapperFact {
	wrappers := make(map[*types.Func]*wrapperFact)
	for range maxIterations {
		next := c.wrapperRound(wrappers)
		if sameWrappers(wrappers, next) {
			return next
		}
		wrappers = next
	}
	next := c.wrapperRound(wrappers)
	for fn, f := range next {
		if old := wrappers[fn]; old == nil || old.String() != f.String() {
			next[fn] = &wrapperFact{Unbounded: true}
		}
	}
	return next
}

// maxIterations bounds the rounds of findWrappers: each round follows one
// more level of wrappers called before their declaration.
const maxIterations = 32

// wrapperRound derives every wrapper of the package from the wrappers found
// so far.
func (c *checker) wrapperRound(wrappers map[*types.Func]*wrapperFact) map[*types.Func]*wrapperFact {
	next := make(map[*types.Func]*wrapperFact)
	for _, ci := range c.calls {
		if ci.decl == nil || !c.takesText(ci.decl) {
			// Only a string parameter becomes a wrapper's hole.
			continue
		}
		s, ok := c.siteOf(ci.call, wrappers)
		if !ok {
			continue
		}
		fn, ok := c.pass.TypesInfo.Defs[ci.decl.Name].(*types.Func)
		if !ok {
			continue
		}
		if s.unbounded {
			next[fn] = &wrapperFact{Unbounded: true}
			continue
		}
		r := &resolver{c: c, fn: ci.decl}
		for _, u := range s.uses {
			vals, err := r.instantiate(s, u)
			if err != nil {
				continue
			}
			use := wrapperUse{Placeholders: s.placeholders | u.Placeholders, Copy: s.columns != nil || u.Copy}
			for _, v := range vals {
				if v.hasHoles() {
					use.Templates = append(use.Templates, template{Parts: v.parts, Guards: v.guards})
					use.Placeholders |= v.placeholders
				}
			}
			if len(use.Templates) == 0 {
				continue
			}
			if next[fn] == nil {
				next[fn] = new(wrapperFact)
			}
			if !next[fn].Unbounded {
				next[fn].Uses = append(next[fn].Uses, use)
				if next[fn].BindArgs == 0 {
					next[fn].BindArgs = forwardedArgs(c.pass.TypesInfo, ci.decl, s)
				}
			}
		}
	}
	return next
}

// takesText reports whether a function has a string parameter, the only
// kind of parameter that can make it a wrapper (remembered per function).
func (c *checker) takesText(fd *ast.FuncDecl) bool {
	if v, ok := c.textParams[fd]; ok {
		return v
	}
	found := false
	for _, field := range fd.Type.Params.List {
		if isString(c.pass.TypesInfo.TypeOf(field.Type)) {
			found = true
		}
	}
	if c.textParams == nil {
		c.textParams = make(map[*ast.FuncDecl]bool)
	}
	c.textParams[fd] = found
	return found
}

func sameWrappers(a, b map[*types.Func]*wrapperFact) bool {
	if len(a) != len(b) {
		return false
	}
	for fn, f := range a {
		if g := b[fn]; g == nil || g.String() != f.String() {
			return false
		}
	}
	return true
}
