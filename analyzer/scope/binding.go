package scope

import (
	"cmp"
	"slices"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// Binding is a bind parameter that a statement uses as a tenant key value:
// the $n of a direct predicate on a tenant key (ref.key = $n, key IN ($n,
// ...), key = ANY($n), casts included), of a tenant key an INSERT sets in
// any row (INSERT ... SELECT's select list included), or of UPDATE ... SET
// key = $n. The statement is scoped by whatever value the caller binds
// there, so the analyzer's tenant-source rule asks where that value comes
// from (tenant-scope.md section 6).
type Binding struct {
	// Param is n of $n.
	Param int
	// Table is the qualified name of the table whose key it is.
	Table string
	// Column is the tenant key column.
	Column string
}

// bind records every bind parameter in value, the V of a direct
// predicate, as a value of each key column.
func (s *statement) bind(value *pgparse.Node, keys []column) {
	for _, n := range paramRefs(value, nil) {
		for _, k := range keys {
			s.bindings = append(s.bindings, Binding{Param: n, Table: k.r.table.QualifiedName(), Column: k.name})
		}
	}
}

// bindArms records the parameters of every arm of an OR that scopes key
// (key = $1 OR key = $2, key = $1 OR key IS NULL).
func (s *statement) bindArms(or *pgparse.Node, lvl *level, key column) {
	for _, arm := range disjuncts(or) {
		for _, conj := range splitRows(conjuncts(arm)) {
			cols, _, value, ok := s.directPred(conj, lvl)
			if ok && slices.Contains(cols, key) {
				s.bind(value, []column{key})
			}
		}
	}
}

// bindInsert records the parameter an INSERT gives the column at position
// i, when that column is a tenant key of t.
func (s *statement) bindInsert(value *pgparse.Node, t *schema.Table, cols []string, i int) {
	if t == nil || t.Kind != schema.Tenant || i >= len(cols) || !t.IsTenantKey(cols[i]) {
		return
	}
	for _, n := range paramRefs(value, nil) {
		s.bindings = append(s.bindings, Binding{Param: n, Table: t.QualifiedName(), Column: cols[i]})
	}
}

// bindSet records UPDATE ... SET key = $n on a tenant table: the row moves
// to whichever tenant the caller names.
func (s *statement) bindSet(target *ref, list []*pgparse.Node) {
	t := target.table
	if t == nil || t.Kind != schema.Tenant {
		return
	}
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil || !t.IsTenantKey(rt.Name) {
			continue
		}
		for _, p := range paramRefs(rt.Val, nil) {
			s.bindings = append(s.bindings, Binding{Param: p, Table: t.QualifiedName(), Column: rt.Name})
		}
	}
}

// paramRefs appends the numbers of the bind parameters a tenant value is
// made of: $n (possibly cast), each element of an IN list, the argument of
// unnest($n).
func paramRefs(n *pgparse.Node, out []int) []int {
	n = stripCasts(n)
	switch {
	case n == nil:
	case n.GetParamRef() != nil:
		out = append(out, int(n.GetParamRef().Number))
	case n.GetList() != nil:
		for _, item := range n.GetList().Items {
			out = paramRefs(item, out)
		}
	case isUnnest(n.GetFuncCall()):
		out = paramRefs(n.GetFuncCall().Args[0], out)
	}
	return out
}

// sortBindings orders bindings by parameter, table and column and drops
// repeats.
func sortBindings(bs []Binding) []Binding {
	slices.SortFunc(bs, func(a, b Binding) int {
		return cmp.Or(cmp.Compare(a.Param, b.Param), cmp.Compare(a.Table, b.Table), cmp.Compare(a.Column, b.Column))
	})
	return slices.Compact(bs)
}

// isUnnest reports whether fc is unnest(x).
func isUnnest(fc *pgparse.FuncCall) bool {
	return fc != nil && len(fc.Args) == 1 && len(fc.Funcname) > 0 &&
		strings.EqualFold(fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval(), "unnest")
}
