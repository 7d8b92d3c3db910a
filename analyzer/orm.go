package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"
)

// ormUse is what a site of ormRuns runs: SQL the library's builder writes,
// or SQL text begun by a raw call (db.Raw(sql).Scan(&dest)) that the
// library's preset would check.
type ormUse struct {
	lib ormLib
	raw bool
}

// ormSite marks s, a run of ormRuns by lib, with what it runs. ok is false
// when the run sends SQL text that a preset's sink already checks.
func (c *checker) ormSite(s *site, lib string) bool {
	l := ormLibs[lib]
	u := &ormUse{lib: l, raw: presetSink(s.fn) || bunRawQuery(c.pass.TypesInfo.TypeOf(s.recv))}
	for e := s.recv; e != nil && !u.raw; {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			break
		}
		fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		if !ok {
			break
		}
		u.raw = presetSink(fn)
		e, _ = methodCall(c.pass.TypesInfo, call)
	}
	if u.raw && slices.ContainsFunc(presetSinks[l.preset], func(p sinkSpec) bool { _, ok := c.configSinks[p.fn]; return ok }) {
		return false
	}
	s.orm = u
	return true
}

// bunRawQuery reports *bun.RawQuery, whose runs send the text given to
// NewRaw.
func bunRawQuery(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "github.com/uptrace/bun" && named.Obj().Name() == "RawQuery"
}

// presetSink reports a sink of the presets of ormLibs: a call that sends
// SQL text (db.Raw(sql)), which the run of its chain reports when the
// preset is off.
func presetSink(fn *types.Func) bool {
	full := fn.Origin().FullName()
	for _, l := range ormLibs {
		if slices.ContainsFunc(presetSinks[l.preset], func(p sinkSpec) bool { return p.fn == full }) {
			return true
		}
	}
	return false
}

// err says why the run named name is not checked and what to do.
func (u *ormUse) err(name string) *unresolvedError {
	if u.raw {
		return &unresolvedError{message: fmt.Sprintf("%s runs SQL text that tenantcheck checks only under the %s preset, so it is not checked: add %s to presets in .tenantcheck.yml",
			name, u.lib.preset, u.lib.preset)}
	}
	fix := "send it with " + u.lib.raw + " under the " + u.lib.preset + " preset"
	if u.lib.preset == "" {
		fix = "send it as SQL text through " + u.lib.raw
	}
	return &unresolvedError{message: fmt.Sprintf("%s runs SQL that %s writes at run time, which tenantcheck does not model, so it is not checked: %s to have it checked, or justify it with %s%s <reason>",
		name, u.lib.builder, fix, directivePrefix, crossTenant)}
}
