package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// The tenant-source rule (tenant-scope.md section 6): a query can be scoped
// by "account_id = $1" and still leak when $1 is whatever account the
// request names. For every bind parameter the scope checker reports as a
// tenant key value (scope.Binding), the pass finds the Go value bound to it
// at the call (this file), then traces that value back to where it comes
// from through SSA (source_trace.go).

// keyUse is a Go value that a call binds to a tenant key of its SQL.
type keyUse struct {
	// expr is the argument (or argument slice, NamedArgs map, sqlx struct)
	// that holds the value.
	expr ast.Expr
	// sel picks the value inside expr; the zero selector is expr itself.
	sel selector
	// table and column name the tenant key; query is the SQL that binds
	// it, "" when it is sent in another package.
	table, column, query string
	call                 *ast.CallExpr
	decl                 *ast.FuncDecl
}

// selector picks one value out of a container argument: element elem of a
// slice passed as args..., or the entry or field named key of a
// pgx.NamedArgs map, a map or an sqlx named struct.
type selector struct {
	slice bool
	elem  int
	key   string
	// field is 1 + the index of the struct field the value is, 0 for none.
	field int
}

// keyUses maps each binding of a checked text to the Go value the call
// binds to it. text is the SQL before its placeholders were rewritten to
// $n in style p, so that @name and :name are known by name.
func (c *checker) keyUses(s site, p Placeholders, text, query string, bindings []scope.Binding, ci callInDecl) []keyUse {
	if s.bindArgs < 0 || len(bindings) == 0 {
		return nil
	}
	var names []string
	if p&(At|Colon) != 0 {
		names = paramKeys(text, p)
	}
	sig, _ := s.fn.Type().(*types.Signature)
	var out []keyUse
	for _, b := range bindings {
		u := keyUse{table: b.Table, column: b.Column, query: query, call: ci.call, decl: ci.decl}
		i := b.Param - 1
		switch {
		case i < len(names) && len(names[i]) > 1 && names[i][0] != '?':
			// @name from a pgx.NamedArgs, :name from an sqlx struct or map.
			u.expr, u.sel = s.arg(s.bindArgs), selector{key: names[i][1:]}
		case s.takesSlice(sig):
			u.expr, u.sel = s.arg(s.bindArgs), selector{slice: true, elem: i}
		default:
			u.expr = s.arg(s.bindArgs + i)
		}
		if u.expr != nil {
			out = append(out, u)
		}
	}
	return out
}

// takesSlice reports whether the call passes its bind arguments as one
// slice: args... for a variadic parameter, or a []any parameter.
func (s site) takesSlice(sig *types.Signature) bool {
	if s.call.Ellipsis.IsValid() {
		return true
	}
	if sig == nil || s.bindArgs >= sig.Params().Len() {
		return false
	}
	if sig.Variadic() && s.bindArgs == sig.Params().Len()-1 {
		return false
	}
	_, ok := sig.Params().At(s.bindArgs).Type().Underlying().(*types.Slice)
	return ok
}

// forwardedArgs returns 1 + the index of the parameter of decl that the
// call inside it passes on as its site's bind arguments (args...), 0 when
// none: the wrapper's callers then bind $n with their own arguments.
func forwardedArgs(info *types.Info, decl *ast.FuncDecl, s site) int {
	if s.bindArgs < 0 || !s.call.Ellipsis.IsValid() || s.bindArgs+s.shift != len(s.call.Args)-1 {
		return 0
	}
	id, ok := ast.Unparen(s.call.Args[len(s.call.Args)-1]).(*ast.Ident)
	if !ok {
		return 0
	}
	obj := info.Uses[id]
	i := 0
	for _, field := range decl.Type.Params.List {
		for _, name := range field.Names {
			if info.Defs[name] == obj {
				return i + 1
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
	return 0
}

// paramKeys returns the key of each $n the rewrite of sql in style p
// numbers: "@account_id" for $1 when that name comes first, "" for a ?.
func paramKeys(sql string, p Placeholders) []string {
	var keys []string
	numbers := make(map[string]bool)
	replaceParams(sql, p, func(key string) string {
		if key == "" || !numbers[key] {
			numbers[key] = key != ""
			keys = append(keys, key)
		}
		return ""
	})
	return keys
}

// keyParamFact marks a function whose parameters become tenant key values
// of the SQL it sends, directly or through functions it calls ("parameter
// 1 of (*Store).List becomes account_id"): the callers in other packages
// trace their arguments instead.
type keyParamFact struct {
	Params []keyParam
}

// keyParam is one parameter (0-based, receiver not counted), or one field
// of it (Field is 1 + the field's index, 0 for the whole parameter: sqlc's
// arg.AccountID), and the table and key column its value becomes.
type keyParam struct {
	Index, Field  int
	Table, Column string
}

func (*keyParamFact) AFact() {}

func (f *keyParamFact) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		parts[i] = "param " + strconv.Itoa(p.Index)
		if p.Field > 0 {
			parts[i] += " field " + strconv.Itoa(p.Field-1)
		}
		parts[i] += " is " + p.Column
	}
	return "tenant key " + strings.Join(parts, ", ")
}

// importedKeyParams returns the key parameters of fn, a function of another
// package, from its fact (memoized per function).
func (c *checker) importedKeyParams(fn *types.Func) []keyParam {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	if ps, ok := c.keyParams[fn]; ok {
		return ps
	}
	var f keyParamFact
	var ps []keyParam
	if c.pass.ImportObjectFact(fn, &f) {
		ps = f.Params
	}
	if c.keyParams == nil {
		c.keyParams = make(map[*types.Func][]keyParam)
	}
	c.keyParams[fn] = ps
	return ps
}

// callKeyUses returns the arguments a call binds to the key parameters of
// an imported function.
func (c *checker) callKeyUses(fn *types.Func, ci callInDecl) []keyUse {
	var out []keyUse
	shift := callShift(c.pass.TypesInfo, ci.call)
	for _, p := range c.importedKeyParams(fn) {
		if i := p.Index + shift; i < len(ci.call.Args) {
			out = append(out, keyUse{expr: ci.call.Args[i], sel: selector{field: p.Field}, table: p.Table, column: p.Column, call: ci.call, decl: ci.decl})
		}
	}
	return out
}

// dbName is the name sqlx binds a struct field to: its db tag, else its
// name in lower case (sqlx's default mapper).
func dbName(field *types.Var, tag string) string {
	if name, _, _ := strings.Cut(reflect.StructTag(tag).Get("db"), ","); name != "" {
		return name
	}
	return strings.ToLower(field.Name())
}

// position formats pos as file:line with the file's base name, as the
// messages of this rule name a source.
func shortPosition(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	file := p.Filename
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		file = file[i+1:]
	}
	return file + ":" + strconv.Itoa(p.Line)
}

// sourcesOn reports whether the tenant-source rule runs.
func (c *checker) sourcesOn() bool {
	return c.enabled(rule.TenantSource) && c.cfg.Schema != nil
}

// sourceCandidates traces every key use of the package and returns a
// candidate for each request value (and, in strict mode, each value of
// unknown origin) that reaches a tenant key unchecked. It exports the key
// parameters the traces reached.
func (c *checker) sourceCandidates(uses []keyUse) []candidate {
	var slow []keyUse
	for _, u := range uses {
		if !c.plainKeyUse(u) {
			slow = append(slow, u)
		}
	}
	if len(slow) == 0 {
		c.exportKeyParams()
		return nil
	}
	t := c.buildSSA()
	var out []candidate
	for _, u := range slow {
		vals, anchor := t.argValues(u.expr, u.call)
		t.table, t.column = u.table, u.column
		var origins []origin
		for _, v := range vals {
			origins = append(origins, t.origins(v, u.sel, anchor)...)
		}

		sortOrigins(origins)
		for _, o := range origins {
			msg := c.sourceMessage(u.column, o)
			if msg == "" {
				continue
			}
			cand := candidate{Finding: Finding{Pos: u.expr.Pos(), End: u.expr.End(), Rule: rule.TenantSource, Table: u.table, Message: msg, Query: u.query}, call: u.call, decl: u.decl}
			if o.call != nil {
				cand.Pos, cand.End, cand.call = o.arg.Pos(), o.arg.End(), o.call
				cand.decl = enclosingFunc(t.fileOf(o.call.Pos()), o.call.Pos())
			}
			out = append(out, cand)
		}
	}
	c.exportKeyParams()
	return out
}

// plainKeyUse settles without SSA the key uses a store package is made of:
// a constant, or a parameter of an exported function that its body never
// assigns and that nothing in the package calls (or a field of such a
// struct parameter), which becomes a key parameter for the callers in
// other packages. It reports whether u is settled.
func (c *checker) plainKeyUse(u keyUse) bool {
	info := c.pass.TypesInfo
	if u.sel != (selector{}) || u.decl == nil {
		return false
	}
	e := ast.Unparen(u.expr)
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return true
	}
	field := -1
	if sel, ok := e.(*ast.SelectorExpr); ok {
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
			return false
		}
		if _, ptr := s.Recv().Underlying().(*types.Pointer); ptr {
			return false // a pointer's field may be set anywhere
		}
		if c.isSource(s.Recv(), sel.Sel.Name) {
			return true
		}
		field, e = s.Index()[0], ast.Unparen(sel.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok || c.inFuncLit(u.decl, id.Pos()) {
		return false
	}
	fn, _ := info.Defs[u.decl.Name].(*types.Func)
	v, _ := info.Uses[id].(*types.Var)
	if fn == nil || v == nil || !fn.Exported() || c.calledInPackage(fn) || c.assigned(u.decl, v) {
		return false
	}
	params := fn.Type().(*types.Signature).Params()
	for i := 0; i < params.Len(); i++ {
		if params.At(i) == v {
			c.addKeyParam(fn, keyParam{Index: i, Field: field + 1, Table: u.table, Column: u.column})
			return true
		}
	}
	return false
}

// inFuncLit reports whether pos lies in a function literal of decl.
func (c *checker) inFuncLit(decl *ast.FuncDecl, pos token.Pos) bool {
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit.Pos() <= pos && pos < lit.End() {
			found = true
		}
		return !found
	})
	return found
}

// calledInPackage reports whether the package calls fn or uses it as a
// value: its parameters then have callers to trace here.
func (c *checker) calledInPackage(fn *types.Func) bool {
	if c.usedFuncs == nil {
		c.usedFuncs = make(map[*types.Func]bool)
		for _, obj := range c.pass.TypesInfo.Uses {
			if f, ok := obj.(*types.Func); ok {
				c.usedFuncs[f] = true
			}
		}
	}
	return c.usedFuncs[fn]
}

// isSource reports whether field name of typ (or *typ) is a configured
// tenant source.
func (c *checker) isSource(typ types.Type, name string) bool {
	owner := namedOf(typ)
	if owner == "" {
		return false
	}
	for _, s := range c.cfg.TenantSources {
		if s == "(*"+owner+")."+name || s == "("+owner+")."+name {
			return true
		}
	}
	return false
}

// assigned reports whether decl assigns v or takes its address.
func (c *checker) assigned(decl *ast.FuncDecl, v *types.Var) bool {
	info := c.pass.TypesInfo
	is := func(e ast.Expr) bool {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident:
				return info.Uses[x] == v
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			default:
				return false
			}
		}
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(x.X)
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && is(x.X)
		case *ast.RangeStmt:
			found = found || is(x.Key) || x.Value != nil && is(x.Value)
		}
		return !found
	})
	return found
}

// addKeyParam records that parameter p of fn becomes a tenant key value.
func (c *checker) addKeyParam(fn *types.Func, p keyParam) {
	if c.keyFacts == nil {
		c.keyFacts = make(map[*types.Func]map[keyParam]bool)
	}
	if c.keyFacts[fn] == nil {
		c.keyFacts[fn] = make(map[keyParam]bool)
	}
	c.keyFacts[fn][p] = true
}

// exportKeyParams exports a fact for each exported function whose
// parameters the traces found to become tenant key values, and marks the
// package as one whose importers must be analyzed.
func (c *checker) exportKeyParams() {
	if len(c.keyFacts) == 0 {
		return
	}
	for fn, set := range c.keyFacts {
		f := &keyParamFact{}
		for p := range set {
			f.Params = append(f.Params, p)
		}
		sort.Slice(f.Params, func(i, j int) bool {
			a, b := f.Params[i], f.Params[j]
			return a.Index < b.Index || a.Index == b.Index && (a.Field < b.Field || a.Field == b.Field && a.Column < b.Column)
		})
		c.pass.ExportObjectFact(fn, f)
	}
	c.pass.ExportPackageFact(&sqlFact{})
}

// sourceMessage says what is wrong with a key value of origin o, "" when
// nothing is.
func (c *checker) sourceMessage(column string, o origin) string {
	where := o.desc
	if o.pos.IsValid() {
		where += " at " + shortPosition(c.pass.Fset, o.pos)
	}
	where += o.note
	switch {
	case o.kind == fromRequest:
		return fmt.Sprintf("%s is bound to a value taken from the request (%s), not from the authenticated tenant; take it from %s or compare it with it first", column, where, c.sourceNames())
	case o.kind == fromUnknown && c.cfg.StrictSources:
		return fmt.Sprintf("%s is bound to a value of unknown origin (%s), neither the authenticated tenant nor the request; take it from %s, or name its source under tenant_sources", column, where, c.sourceNames())
	}
	return ""
}

// sourceNames names the configured tenant sources for messages, with
// package names instead of paths.
func (c *checker) sourceNames() string {
	if len(c.cfg.TenantSources) == 0 {
		return "the authenticated tenant"
	}
	names := make([]string, len(c.cfg.TenantSources))
	for i, s := range c.cfg.TenantSources {
		names[i] = shortName(s)
	}
	return strings.Join(names, " or ")
}

// shortName drops the import path before the package name:
// "(*example.com/auth.Principal).AccountID" -> "(*auth.Principal).AccountID".
func shortName(full string) string {
	slash := strings.LastIndex(full, "/")
	if slash < 0 {
		return full
	}
	start := strings.LastIndexAny(full[:slash], "(*") + 1
	return full[:start] + full[slash+1:]
}
