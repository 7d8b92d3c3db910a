package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// checker holds the state of one pass.
type checker struct {
	*instance
	pass       *analysis.Pass
	pkgVars    map[*types.Var]*pkgVar
	funcScopes map[*ast.FuncType]*funcScope
	scopeNodes map[*types.Scope]ast.Node
	// textParams remembers which declarations have a string parameter.
	textParams map[*ast.FuncDecl]bool
	// callees memoizes what siteOf learns of a callee that does not
	// depend on the call.
	callees map[*types.Func]callee
	// decls are the package's function declarations by function.
	decls map[*types.Func]*ast.FuncDecl
	// results memoizes resolved function results.
	results map[resultKey]*resultMemo
	// fields memoizes the writes to builder fields; resolvingField guards
	// against a field defined in terms of itself.
	fields         map[*types.Var]*fieldWrites
	resolvingField map[*types.Var]bool
	// calls are the package's calls in source order, with the function
	// declaration each sits in (nil at package level).
	calls []callInDecl
	// keyParams memoizes the key parameters of imported functions;
	// keyFacts collects this package's, for their facts.
	keyParams map[*types.Func][]keyParam
	keyFacts  map[*types.Func]map[keyParam]bool
	// usedFuncs are the functions the package names.
	usedFuncs map[*types.Func]bool
}

type callInDecl struct {
	call *ast.CallExpr
	decl *ast.FuncDecl
}

// candidate is a finding before suppression and rule selection.
type candidate struct {
	Finding
	call *ast.CallExpr
	decl *ast.FuncDecl
	// offset is the finding's byte offset in the SQL: two references with
	// the same message in one query are two findings (one per reference).
	offset int
	// fixes are the finding's suggested fixes (fix.go).
	fixes []analysis.SuggestedFix
}

// importsSQL reports whether the package imports database/sql, pgx, a
// configured sink's package or a package that declares wrappers or query
// interfaces, or calls a method of one of those packages' types (reached
// through another package). Other packages cannot send SQL.
func (c *checker) importsSQL() bool {
	sinkPkgs := make(map[string]bool)
	for full := range c.configSinks {
		sinkPkgs[sinkPackage(full)] = true
	}
	if sinkPkgs[c.pass.Pkg.Path()] {
		return true
	}
	isSQL := func(path string) bool {
		for _, p := range sqlPackages {
			if path == p || strings.HasPrefix(path, p+"/") {
				return true
			}
		}
		return sinkPkgs[path]
	}
	for _, imp := range c.pass.Pkg.Imports() {
		if isSQL(imp.Path()) || c.pass.ImportPackageFact(imp, new(sqlFact)) {
			return true
		}
	}
	// A package can reach a driver without importing it: a method called on
	// a *sqlx.DB that another package's function returns.
	for _, sel := range c.pass.TypesInfo.Selections {
		if pkg := sel.Obj().Pkg(); pkg != nil && isSQL(pkg.Path()) {
			return true
		}
	}
	return false
}

// declaresQueryInterface reports whether the package declares an interface
// with a query-shaped method, as sqlc's DBTX.
func (c *checker) declaresQueryInterface() bool {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for i := 0; i < iface.NumMethods(); i++ {
			if _, ok := shapeArg(iface.Method(i)); ok {
				return true
			}
		}
	}
	return false
}

// check resolves and checks every SQL argument of the package, then applies
// directives, the registry and rule selection.
func (c *checker) check(wrappers map[*types.Func]*wrapperFact) *Result {
	res := &Result{Calls: make(map[string]int), Sinks: make(map[string]string)}
	var cands []candidate
	unknown := make(map[string]bool)
	throughSeen := make(map[token.Pos]bool)
	sites := make(map[*ast.CallExpr]bool)
	sources := c.sourcesOn()
	var uses []keyUse
	for _, ci := range c.calls {
		if sources {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, ci.call).(*types.Func); ok {
				uses = append(uses, c.callKeyUses(fn, ci)...)
			}
		}
		s, ok := c.siteOf(ci.call, wrappers)
		if !ok {
			continue
		}
		sites[ci.call] = true
		full := s.fn.Origin().FullName()
		res.Calls[full]++
		if _, ok := res.Sinks[full]; !ok {
			res.Sinks[full] = s.describe()
		}
		r := &resolver{c: c, fn: ci.decl}
		if s.unbounded {
			if w := wrappers[declFunc(c.pass.TypesInfo, ci.decl)]; w != nil && w.Unbounded {
				// A call inside an unbounded wrapper: reported at its callers.
				continue
			}
			res.Queries++
			res.Unresolved++
			arg := ast.Expr(ci.call)
			if len(ci.call.Args) > 0 {
				arg = ci.call.Args[0]
			}
			cands = append(cands, candidate{
				Finding: Finding{Pos: arg.Pos(), End: ci.call.End(), Rule: rule.Unresolved, Message: unresolvedMessage(s.name, errUnbounded)},
				call:    ci.call, decl: ci.decl,
			})
			continue
		}
		for _, u := range s.uses {
			arg := s.firstArg(u)
			vals, err := r.instantiate(s, u)
			if err != nil {
				res.Queries++
				res.Unresolved++
				cands = append(cands, candidate{
					Finding: Finding{Pos: arg.Pos(), End: arg.End(), Rule: rule.Unresolved, Message: unresolvedMessage(s.name, err),
						Related: assignments(c.pass.TypesInfo, arg, []token.Pos{err.origin})},
					call: ci.call, decl: ci.decl,
				})
				continue
			}
			counted, holed, unparsed := false, false, false
			// texts counts the texts checked; each scope finding is one
			// candidate however many texts it holds in, with the
			// assignments that built those texts.
			texts := 0
			var groups []*textGroup
			byKey := make(map[textKey]*textGroup)
			for _, v := range vals {
				if v.hasHoles() {
					// A wrapper's own parameter: checked at its callers,
					// with one finding here for a call it goes through
					// that the analyzer does not know.
					if v.through != nil && !throughSeen[v.through.pos] {
						throughSeen[v.through.pos] = true
						cands = append(cands, c.throughCandidate(s, arg, v.through, ci))
					}
					continue
				}
				if !counted {
					res.Queries++
					counted = true
				}
				ph := s.placeholders | u.Placeholders | v.placeholders
				sql := ph.rewrite(v.text())
				sr := c.scope().Check(sql)
				if v.hole != nil && holeTable(sr.UnknownTables) {
					if !holed {
						holed = true
						res.Unresolved++
					}
					cands = append(cands, candidate{
						Finding: Finding{Pos: arg.Pos(), End: arg.End(), Rule: rule.Unresolved, Message: unresolvedMessage(s.name, holeError(c.pass.Fset, v.hole)),
							Related: assignments(c.pass.TypesInfo, arg, []token.Pos{v.origin})},
						call: ci.call, decl: ci.decl,
					})
					continue
				}
				if v.zeroLoop && hasRule(sr.Findings, rule.Parse) {
					// Only a loop taken zero times builds this text, and
					// it does not parse: code returns early on an empty
					// list (tenant-scope.md section 4, "Loops").
					continue
				}
				if sources && len(sr.Bindings) > 0 {
					uses = append(uses, c.keyUses(s, s.placeholders|u.Placeholders|v.placeholders, v.text(), sql, sr.Bindings, ci)...)
				}
				for _, t := range sr.UnknownTables {
					if !holeTable([]string{t}) {
						unknown[t] = true
					}
				}
				if !holed && !unparsed && hasRule(sr.Findings, rule.Parse) {
					// A text that does not parse was not checked.
					unparsed = true
					res.Unparsed++
				}
				texts++
				for _, f := range sr.Findings {
					if s.columns != nil || u.Copy {
						f.Message = copyMessage(f)
					}
					pos := position(arg, v.lit, f.Offset)
					k := textKey{pos, f.Rule, f.Message, f.Offset}
					g := byKey[k]
					if g == nil {
						g = &textGroup{cand: candidate{
							Finding: Finding{
								Pos: pos, End: arg.End(),
								Rule: f.Rule, Table: f.Table, Alias: f.Alias,
								Message: f.Message,
								Query:   sql,
							},
							call: ci.call, decl: ci.decl, offset: f.Offset,
							fixes: c.parenthesizeArg(f, v.text(), v.lit, ph),
						}}
						byKey[k] = g
						groups = append(groups, g)
					}
					g.texts++
					g.origins = append(g.origins, v.origin)
				}
			}
			for _, g := range groups {
				g.cand.Message += inTexts(g.texts, texts)
				g.cand.Related = assignments(c.pass.TypesInfo, arg, g.origins)
				cands = append(cands, g.cand)
			}
		}
	}
	if c.enabled(rule.UnknownSink) {
		for _, u := range c.unknownSinks(func(call *ast.CallExpr) bool { return sites[call] }) {
			res.UnknownSinkCalls += u.calls
			cands = append(cands, u.candidate())
		}
	}
	cands = append(cands, c.sourceCandidates(uses)...)
	res.Checked = res.Queries - res.Unresolved - res.Unparsed
	c.finish(res, cands)
	for t := range unknown {
		res.UnknownTables = append(res.UnknownTables, t)
	}
	sort.Strings(res.UnknownTables)
	return res
}

// textKey identifies one scope finding across the texts of a query.
type textKey struct {
	pos     token.Pos
	rule    rule.ID
	message string
	offset  int
}

// textGroup is one scope finding and the texts it holds in.
type textGroup struct {
	cand    candidate
	texts   int
	origins []token.Pos
}

// hasRule reports whether any finding is of rule id.
func hasRule(fs []scope.Finding, id rule.ID) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// declFunc is the function a declaration declares, nil for none.
func declFunc(info *types.Info, fd *ast.FuncDecl) *types.Func {
	if fd == nil {
		return nil
	}
	fn, _ := info.Defs[fd.Name].(*types.Func)
	return fn
}

// position maps an offset in the SQL to the source: inside the literal when
// the SQL there came from one plain string literal, else the argument.
func position(arg ast.Expr, span *litSpan, offset int) token.Pos {
	if span != nil && offset >= span.base && offset < span.base+span.n {
		return span.pos + token.Pos(offset-span.base)
	}
	return arg.Pos()
}

// finish applies directives and the registry to the candidates, reports
// what remains of the enabled rules, and fills res.
func (c *checker) finish(res *Result, cands []candidate) {
	dirs, dirFindings := c.directives()
	usedApprovals := make(map[string]bool)
	type findingKey struct {
		pos     token.Pos
		rule    rule.ID
		message string
		offset  int
	}
	seen := make(map[findingKey]bool)
	var findings []Finding
	// fixes are the suggested fixes of findings, by position and rule.
	fixes := make(map[findingKey][]analysis.SuggestedFix)
	for _, cand := range cands {
		key := findingKey{cand.Pos, cand.Rule, cand.Message, cand.offset}
		if seen[key] {
			continue
		}
		seen[key] = true
		if rule.Silenceable(cand.Rule) {
			if d := c.cover(dirs, cand.call, cand.decl); d != nil {
				d.used = true
				res.Suppressed++
				continue
			}
			if name := fullName(c.pass.TypesInfo, cand.decl); name != "" {
				if _, ok := c.approvals[name]; ok {
					usedApprovals[name] = true
					res.Suppressed++
					continue
				}
			}
		}
		f := cand.Finding
		f.Func = fullName(c.pass.TypesInfo, cand.decl)
		findings = append(findings, f)
		if len(cand.fixes) > 0 {
			fixes[findingKey{pos: f.Pos, rule: f.Rule}] = cand.fixes
		}
	}
	for _, f := range dirFindings {
		f.Func = c.funcAt(f.Pos)
		findings = append(findings, f)
	}
	for _, d := range dirs {
		if !d.used {
			f := Finding{Pos: d.comment.Pos(), End: d.comment.End(), Rule: rule.Directive, Message: msgSuppressesNone, Func: d.fn}
			findings = append(findings, f)
			fixes[findingKey{pos: f.Pos, rule: f.Rule}] = c.removeDirective(d)
			continue
		}
		res.Exceptions = append(res.Exceptions, Exception{Pos: d.comment.Pos(), Func: d.fn, Reason: d.reason})
	}
	for _, a := range c.cfg.CrossTenant {
		if usedApprovals[a.Func] {
			res.Exceptions = append(res.Exceptions, Exception{Func: a.Func, Reason: a.Reason})
			usedApprovals[a.Func] = false
		}
	}
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].Pos != findings[j].Pos {
			return findings[i].Pos < findings[j].Pos
		}
		return findings[i].Rule < findings[j].Rule
	})
	for _, f := range findings {
		if !c.enabled(f.Rule) {
			continue
		}
		c.pass.Report(analysis.Diagnostic{Pos: f.Pos, End: f.End, Category: string(f.Rule), Message: f.Message,
			Related: f.Related, SuggestedFixes: fixes[findingKey{pos: f.Pos, rule: f.Rule}]})
		res.Findings = append(res.Findings, f)
	}
}

// funcAt is the full name of the function declaration that contains pos,
// "" at package level.
func (c *checker) funcAt(pos token.Pos) string {
	for _, file := range c.pass.Files {
		if file.FileStart <= pos && pos <= file.FileEnd {
			return fullName(c.pass.TypesInfo, enclosingFunc(file, pos))
		}
	}
	return ""
}
