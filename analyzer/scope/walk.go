package scope

import (
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
