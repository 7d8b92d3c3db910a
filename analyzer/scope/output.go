package scope

import "github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"

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
