package scope

import (
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// statement holds what checking one statement collects: every reference
// that must be scoped and every fact the conditions state. Scope is decided
// once the whole statement has been read (propagate), because a predicate
// anywhere may scope a reference anywhere else.
type statement struct {
	c    *Checker
	refs []*ref
	// conflicts are ON CONFLICT DO UPDATE targets, reported with their own
	// message when unscoped.
	conflicts map[*ref]bool
	facts     []*fact
	// rejected holds, per level, the refs whose NULLs a WHERE conjunct
	// rejects (used to reduce outer joins to inner ones).
	rejected map[*level]map[*ref]bool
	// visited holds every RangeVar node the walker modelled; any other one
	// naming tenant data is reported as not proven.
	visited map[*pgparse.RangeVar]bool
	// inView is the view whose body is being read, nil outside views;
	// viewUses lists every expansion, for the unproven safety net.
	inView      *viewUse
	viewUses    []viewUse
	activeViews map[*schema.View]bool
	// pinned holds the columns a WHERE or inner ON conjunct compares with a
	// tenant value.
	pinned map[column]bool
	// outerJoins are the statement's outer joins, so that a message can
	// say a reference is on a nullable side.
	outerJoins []*outerJoin
	findings   []Finding
	// bindings are the bind parameters used as tenant key values.
	bindings []Binding
	unknown  map[string]bool
}

// viewUse is one expansion of a view at an offset of the statement.
type viewUse struct {
	view   *schema.View
	offset int
}

// cteEnv is the chain of WITH clauses visible at a point of the statement.
type cteEnv struct {
	parent *cteEnv
	defs   map[string]*cteDef
}

type cteDef struct {
	cte *pgparse.CommonTableExpr
	env *cteEnv // where the CTE is defined (its body sees its siblings)
	// recursive is set for CTEs of WITH RECURSIVE: only they can name
	// themselves; elsewhere the name inside the body is the outer relation.
	recursive bool
	// active is set while the body is being read, selfRef while its
	// recursive self-reference is, so that neither loops.
	active, selfRef bool
	used            bool
	// cached holds the output of a data-modifying CTE, which runs once
	// however often it is referenced.
	cached *queryOut
}

func (e *cteEnv) lookup(name string) *cteDef {
	for ; e != nil; e = e.parent {
		if d, ok := e.defs[name]; ok && (!d.active || d.recursive) {
			return d
		}
	}
	return nil
}

// with returns the environment extended by w's CTEs.
func (e *cteEnv) with(w *pgparse.WithClause) *cteEnv {
	if w == nil || len(w.Ctes) == 0 {
		return e
	}
	env := &cteEnv{parent: e, defs: map[string]*cteDef{}}
	for _, n := range w.Ctes {
		if cte := n.GetCommonTableExpr(); cte != nil {
			env.defs[cte.Ctename] = &cteDef{cte: cte, env: env, recursive: w.Recursive}
		}
	}
	return env
}

// outCol is one output column of a query: its name and the base columns it
// passes through unchanged (nil when computed).
type outCol struct {
	name string
	src  []column
	// expr is the select-list expression, for INSERT ... SELECT.
	expr *pgparse.Node
	// value is set when the column is a tenant value itself ($1::uuid AS
	// account_id), so that it stays one outside a derived relation.
	value bool
}

type queryOut struct {
	cols []outCol
	// lvl is the level of the query (of its first arm for set operations).
	lvl *level
	// arms holds the level of every arm of a set operation.
	arms []*level
}

// levels returns every level the query's output comes from.
func (q queryOut) levels() []*level {
	if len(q.arms) > 0 {
		return q.arms
	}
	return []*level{q.lvl}
}

// finishEnv reads the bodies of the CTEs in env that no FROM referenced:
// they still run (a data-modifying CTE always does), so their references
// must be scoped on their own.
func (s *statement) finishEnv(env, outer *cteEnv, lvl *level) {
	if env == outer {
		return
	}
	for _, name := range sortedKeys(env.defs) {
		d := env.defs[name]
		if !d.used {
			s.cteQuery(d, lvl)
		}
	}
}

// cteQuery instantiates a CTE's body for one reference: each reference gets
// its own copy of the body's refs, so that scoping one reference cannot hide
// another unscoped one.
func (s *statement) cteQuery(d *cteDef, lvl *level) queryOut {
	d.used = true
	if d.cached != nil {
		return *d.cached
	}
	q := d.cte.Ctequery
	if d.active {
		// WITH RECURSIVE r AS (base UNION ALL SELECT ... FROM x JOIN r ...):
		// the self-reference passes through what the non-recursive arm does.
		// A self-reference inside that arm passes nothing.
		sel := q.GetSelectStmt()
		if d.selfRef || sel == nil || sel.Op == pgparse.SetOpNone || sel.Larg == nil {
			return queryOut{lvl: &level{parent: lvl}}
		}
		d.selfRef = true
		out := s.selectQuery(sel.Larg, lvl, d.env, false)
		d.selfRef = false
		return out
	}
	d.active = true
	out := s.query(q, lvl, d.env, false)
	d.active = false
	if q.GetSelectStmt() == nil {
		// A data-modifying CTE has changed every row it matched before the
		// outer query filters its RETURNING rows: nothing outside can scope
		// its body. Its rows are the changed rows, though, so a scoped
		// statement scopes what is joined to them, and a row moved
		// elsewhere keeps its tenant key (tenant-scope.md section 2.3).
		cols := make([]outCol, len(out.cols))
		for i, c := range out.cols {
			cols[i] = outCol{name: c.name, expr: c.expr, src: sealed(c.src), value: c.value}
		}
		out.cols = cols
		d.cached = &out
	}
	return out
}

// query reads a SELECT or a data-modifying statement as a new level below
// parent and returns its output columns.
func (s *statement) query(n *pgparse.Node, parent *level, env *cteEnv, outward bool) queryOut {
	switch {
	case n.GetSelectStmt() != nil:
		return s.selectQuery(n.GetSelectStmt(), parent, env, outward)
	case n.GetInsertStmt() != nil:
		return s.insert(n.GetInsertStmt(), parent, env)
	case n.GetUpdateStmt() != nil:
		return s.update(n.GetUpdateStmt(), parent, env)
	case n.GetDeleteStmt() != nil:
		return s.delete(n.GetDeleteStmt(), parent, env)
	}
	return queryOut{lvl: &level{parent: parent}}
}

// selectQuery reads a SELECT. Each arm of a set operation is its own level,
// checked on its own (tenant-scope.md section 2, rule 4); an output column
// passes through only when it does so in every arm (rule 3).
func (s *statement) selectQuery(sel *pgparse.SelectStmt, parent *level, env *cteEnv, outward bool) queryOut {
	inner := env.with(sel.WithClause)
	if sel.Op != pgparse.SetOpNone && sel.Larg != nil && sel.Rarg != nil {
		left := s.selectQuery(sel.Larg, parent, inner, outward)
		right := s.selectQuery(sel.Rarg, parent, inner, outward)
		s.subLinks(sel.SortClause, left.lvl, inner)
		s.finishEnv(inner, env, left.lvl)
		return queryOut{cols: mergeArms(left.cols, right.cols), lvl: left.lvl, arms: append(left.levels(), right.levels()...)}
	}
	lvl := &level{parent: parent, outward: outward}
	for _, item := range sel.FromClause {
		s.fromItem(item, lvl, inner)
	}
	s.condition(sel.WhereClause, lvl, inner, nil, true)
	for _, row := range sel.ValuesLists {
		s.subLinks([]*pgparse.Node{row}, lvl, inner)
	}
	s.subLinks(sel.TargetList, lvl, inner)
	s.subLinks(sel.DistinctClause, lvl, inner)
	s.subLinks(sel.GroupClause, lvl, inner)
	s.subLinks([]*pgparse.Node{sel.HavingClause, sel.LimitCount, sel.LimitOffset}, lvl, inner)
	s.subLinks(sel.SortClause, lvl, inner)
	s.subLinks(sel.WindowClause, lvl, inner)
	out := queryOut{cols: s.targets(sel.TargetList, lvl), lvl: lvl}
	if sel.LimitCount != nil || sel.LimitOffset != nil || hasWindow(sel.TargetList) {
		// A window function or a LIMIT works over every tenant's rows
		// before an outer predicate filters the output, so nothing outside
		// can scope the body through these columns. Scope still flows out:
		// a scoped body scopes what is joined to its output.
		for i := range out.cols {
			out.cols[i].src = sealed(out.cols[i].src)
		}
	}
	s.finishEnv(inner, env, lvl)
	return out
}

// sealed returns copies of cols that facts cannot scope, only scope from.
func sealed(cols []column) []column {
	out := make([]column, len(cols))
	for i, c := range cols {
		c.sealed = true
		out[i] = c
	}
	return out
}

// hasWindow reports whether a select list calls a window function.
func hasWindow(list []*pgparse.Node) bool {
	found := false
	for _, n := range list {
		pgparse.Walk(n, func(n *pgparse.Node) bool {
			if fc := n.GetFuncCall(); fc != nil && fc.Over != nil {
				found = true
			}
			return n.GetSubLink() == nil && !found
		})
	}
	return found
}

// mergeArms combines the output columns of two set-operation arms by
// position: names from the left arm, sources from both, and no sources when
// either arm computes the column.
func mergeArms(left, right []outCol) []outCol {
	out := make([]outCol, len(left))
	for i, l := range left {
		out[i] = outCol{name: l.name, value: l.value && i < len(right) && right[i].value}
		if i < len(right) && l.src != nil && right[i].src != nil {
			out[i].src = append(append([]column{}, l.src...), right[i].src...)
		}
	}
	return out
}

// targets returns the output columns of a select list. A plain column, under
// any alias, passes through; SELECT * and t.* pass every column through.
func (s *statement) targets(list []*pgparse.Node, lvl *level) []outCol {
	var out []outCol
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			continue
		}
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			out = append(out, s.star(cr, lvl)...)
			continue
		}
		col := outCol{name: rt.Name, expr: rt.Val, value: s.isTenantValue(rt.Val, lvl)}
		if cr := rt.Val.GetColumnRef(); cr != nil {
			if col.name == "" {
				col.name = cr.Fields[len(cr.Fields)-1].GetString_().GetSval()
			}
			col.src, _ = s.resolve(rt.Val, lvl)
		}
		if fc := rt.Val.GetFuncCall(); fc != nil && col.name == "" && len(fc.Funcname) > 0 {
			col.name = fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()
		}
		out = append(out, col)
	}
	return out
}

// star expands * or q.* into the columns of the level's refs.
func (s *statement) star(cr *pgparse.ColumnRef, lvl *level) []outCol {
	var qualifier string
	if len(cr.Fields) >= 2 {
		qualifier = cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
	}
	var out []outCol
	for _, r := range lvl.refs {
		if qualifier != "" && r.name != qualifier {
			continue
		}
		for _, name := range r.columns() {
			out = append(out, outCol{name: name, src: r.lookup(name)})
		}
	}
	return out
}

// fromItem reads one FROM item into lvl and returns the refs it holds.
func (s *statement) fromItem(n *pgparse.Node, lvl *level, env *cteEnv) map[*ref]bool {
	switch {
	case n.GetRangeVar() != nil:
		return map[*ref]bool{s.rangeVar(n.GetRangeVar(), lvl, env): true}
	case n.GetRangeSubselect() != nil:
		rs := n.GetRangeSubselect()
		out := s.query(rs.Subquery, lvl, env, false)
		d := s.derivedRef(rs.Alias, out, lvl, -1)
		d.derivedName = "a derived table"
		if rs.Alias != nil {
			d.derivedName = "derived table " + rs.Alias.Aliasname
		}
		return map[*ref]bool{d: true}
	case n.GetJoinExpr() != nil:
		return s.join(n.GetJoinExpr(), lvl, env)
	case n.GetRangeFunction() != nil:
		// FROM unnest($1) f, jsonb_array_elements(s.decisions) d: no table,
		// but arguments may hold subqueries.
		rf := n.GetRangeFunction()
		s.subLinks(rf.Functions, lvl, env)
		return map[*ref]bool{s.derivedRef(rf.Alias, queryOut{}, lvl, -1): true}
	}
	// Any other FROM item (TABLESAMPLE, XMLTABLE, ...) is not modelled: the
	// tables below it stay unvisited and are reported as not proven.
	return map[*ref]bool{}
}

// rangeVar adds a table or CTE reference to lvl.
func (s *statement) rangeVar(rv *pgparse.RangeVar, lvl *level, env *cteEnv) *ref {
	s.visited[rv] = true
	if rv.Schemaname == "" {
		if d := env.lookup(rv.Relname); d != nil {
			out := s.cteQuery(d, lvl)
			alias := rv.Alias
			if alias == nil {
				alias = &pgparse.Alias{Aliasname: rv.Relname}
			}
			out.cols = renameCols(out.cols, d.cte.Aliascolnames)
			r := s.derivedRef(alias, out, lvl, int(rv.Location))
			r.derivedName = "CTE " + rv.Relname
			return r
		}
	}
	r := &ref{lvl: lvl, name: rv.Relname, offset: int(rv.Location)}
	if rv.Alias != nil {
		r.alias, r.name = rv.Alias.Aliasname, rv.Alias.Aliasname
	}
	r.table = s.c.schema.Lookup(rv.Schemaname, rv.Relname)
	if r.table == nil {
		if v := s.c.schema.View(rv.Schemaname, rv.Relname); v != nil {
			return s.viewRef(rv, v, lvl)
		}
	}
	if s.inView != nil {
		// A table read through a view: its offset is the view's place in
		// this statement, not in the view's own SQL.
		r.offset, r.view = s.inView.offset, s.inView.view.QualifiedName()
	}
	if r.table == nil && !catalog(rv) {
		r.unknown = true
		name := rv.Relname
		if rv.Schemaname != "" && rv.Schemaname != schema.DefaultSchema {
			name = rv.Schemaname + "." + name
		}
		s.unknown[name] = true
	}
	lvl.refs = append(lvl.refs, r)
	if r.needsScope() {
		s.refs = append(s.refs, r)
	}
	return r
}

// catalog reports whether rv names a system catalog or information schema
// relation: global by definition, and not a typo worth a warning.
func catalog(rv *pgparse.RangeVar) bool {
	switch rv.Schemaname {
	case "pg_catalog", "information_schema":
		return true
	case "":
		return strings.HasPrefix(rv.Relname, "pg_")
	}
	return false
}

// renameCols applies a column alias list, (a, b) AS x(c, d), by position.
func renameCols(cols []outCol, names []*pgparse.Node) []outCol {
	strs := make([]string, len(names))
	for i, n := range names {
		strs[i] = n.GetString_().GetSval()
	}
	return renameColNames(cols, strs)
}

func renameColNames(cols []outCol, names []string) []outCol {
	if len(names) == 0 {
		return cols
	}
	out := append([]outCol{}, cols...)
	for i, n := range names {
		if i < len(out) {
			out[i].name = n
		}
	}
	return out
}

// viewRef expands a view like a CTE: its defining query is read in place,
// so a predicate on the view's key scopes the tables behind it, and an
// unscoped view body is reported at the reference, naming the view.
func (s *statement) viewRef(rv *pgparse.RangeVar, v *schema.View, lvl *level) *ref {
	alias := rv.Alias
	if alias == nil {
		alias = &pgparse.Alias{Aliasname: rv.Relname}
	}
	if s.activeViews[v] {
		return s.derivedRef(alias, queryOut{}, lvl, int(rv.Location))
	}
	s.activeViews[v] = true
	outer := s.inView
	s.inView = &viewUse{view: v, offset: int(rv.Location)}
	s.viewUses = append(s.viewUses, *s.inView)
	out := s.query(v.Query, lvl, nil, false)
	s.inView = outer
	delete(s.activeViews, v)
	out.cols = renameColNames(out.cols, v.Columns)
	return s.derivedRef(alias, out, lvl, int(rv.Location))
}

// derivedRef adds a CTE or subquery reference whose columns map to the base
// columns they pass through (tenant-scope.md section 2, rule 3).
func (s *statement) derivedRef(alias *pgparse.Alias, out queryOut, lvl *level, offset int) *ref {
	r := &ref{lvl: lvl, derived: map[string][]column{}, offset: offset}
	for _, l := range out.levels() {
		if l != nil && l.owner == nil {
			l.owner = r
		}
	}
	cols := out.cols
	if alias != nil {
		r.name, r.alias = alias.Aliasname, alias.Aliasname
		cols = renameCols(cols, alias.Colnames)
	}
	for _, c := range cols {
		if _, dup := r.derived[c.name]; !dup {
			r.derivedCols = append(r.derivedCols, c.name)
		}
		r.derived[c.name] = c.src
		if c.value {
			if r.values == nil {
				r.values = map[string]bool{}
			}
			r.values[c.name] = true
		}
	}
	lvl.refs = append(lvl.refs, r)
	return r
}

// join reads a JOIN. An inner join's ON clause is like WHERE; an outer
// join's scopes only its nullable side (tenant-scope.md section 2, "Outer
// joins").
func (s *statement) join(j *pgparse.JoinExpr, lvl *level, env *cteEnv) map[*ref]bool {
	left := s.fromItem(j.Larg, lvl, env)
	right := s.fromItem(j.Rarg, lvl, env)
	var oj *outerJoin
	switch j.Jointype {
	case pgparse.JoinLeft, pgparse.JoinRight, pgparse.JoinFull:
		oj = &outerJoin{kind: j.Jointype, left: left, right: right, lvl: lvl}
		s.outerJoins = append(s.outerJoins, oj)
	}
	s.condition(j.Quals, lvl, env, oj, false)
	names := make([]string, 0, len(j.UsingClause))
	for _, n := range j.UsingClause {
		names = append(names, n.GetString_().GetSval())
	}
	if j.IsNatural {
		names = commonColumns(left, right)
	}
	for _, name := range names {
		l, r := sideColumn(left, name), sideColumn(right, name)
		if l != nil && r != nil {
			s.facts = append(s.facts, &fact{a: l, b: r, at: lvl, join: oj})
		}
	}
	all := map[*ref]bool{}
	for r := range left {
		all[r] = true
	}
	for r := range right {
		all[r] = true
	}
	return all
}

// sideColumn returns the base columns named name on one side of a join, when
// exactly one ref there has it.
func sideColumn(side map[*ref]bool, name string) []column {
	var found []column
	n := 0
	for r := range side {
		if r.hasColumn(name) {
			n++
			found = r.lookup(name)
		}
	}
	if n != 1 {
		return nil
	}
	return found
}

func commonColumns(left, right map[*ref]bool) []string {
	var names []string
	seen := map[string]bool{}
	for l := range left {
		for _, name := range l.columns() {
			if seen[name] {
				continue
			}
			for r := range right {
				if r.hasColumn(name) {
					names = append(names, name)
					seen[name] = true
					break
				}
			}
		}
	}
	return names
}

// resolve returns the base columns behind a column reference at lvl: the
// qualified ref, or the one ref in scope with that column (tenant-scope.md
// section 2, rule 1), looking outward through correlation. ok is false for
// anything that is not a resolvable column.
func (s *statement) resolve(n *pgparse.Node, lvl *level) ([]column, bool) {
	r, col, ok := s.lookupRef(n, lvl)
	if !ok {
		return nil, false
	}
	if r == nil {
		return nil, true
	}
	if r.excludedKeys != nil {
		return []column{{r: r, name: col}}, true
	}
	return r.lookup(col), true
}

// lookupRef finds the ref a column reference names, and the column's name.
// A qualified name whose ref has no such column returns ok with a nil ref.
func (s *statement) lookupRef(n *pgparse.Node, lvl *level) (*ref, string, bool) {
	cr := stripCasts(n).GetColumnRef()
	if cr == nil {
		return nil, "", false
	}
	names := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		str := f.GetString_()
		if str == nil {
			return nil, "", false
		}
		names = append(names, str.Sval)
	}
	col := names[len(names)-1]
	for l := lvl; l != nil; l = l.parent {
		if len(names) == 1 {
			var found *ref
			n := 0
			for _, r := range l.refs {
				if r.hasColumn(col) {
					found = r
					n++
				}
			}
			if n == 1 {
				return found, col, true
			}
			if n > 1 {
				return nil, "", false
			}
			continue
		}
		qualifier := names[len(names)-2]
		if l.excluded != nil && qualifier == "excluded" {
			return l.excluded, col, true
		}
		for _, r := range l.refs {
			if r.name == qualifier && (len(names) < 3 || r.table == nil || r.table.Schema == names[len(names)-3] || r.alias == "") {
				if !r.hasColumn(col) && r.excludedKeys == nil {
					return nil, col, true
				}
				return r, col, true
			}
		}
	}
	return nil, "", false
}
