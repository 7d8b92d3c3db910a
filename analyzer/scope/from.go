package scope

import (
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

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
	var within *schema.View
	if s.inView != nil {
		within = s.inView.view
	}
	r.table = s.c.schema.LookupIn(within, rv.Schemaname, rv.Relname)
	if r.table == nil {
		if v := s.c.schema.View(rv.Schemaname, rv.Relname); v != nil {
			return s.viewRef(rv, v, lvl)
		}
	}
	if r.table != nil && rv.Alias != nil && len(rv.Alias.Colnames) > 0 {
		r.renameColumns(rv.Alias.Colnames)
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

// renameColumns applies a column alias list to a base table: PostgreSQL
// renames its columns in order, so trees AS t (id, acc, account_id) reads
// trees.name as t.account_id, and a predicate on it scopes nothing.
func (r *ref) renameColumns(aliases []*pgparse.Node) {
	r.renamed = map[string]string{}
	for i, base := range r.table.Columns {
		name := base
		if i < len(aliases) {
			name = aliases[i].GetString_().GetSval()
		}
		if _, dup := r.renamed[name]; dup {
			r.renamed[name] = ""
			continue
		}
		r.renamed[name] = base
		r.renamedCols = append(r.renamedCols, name)
	}
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
