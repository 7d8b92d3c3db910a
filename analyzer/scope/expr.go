package scope

import (
	"fmt"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// conjuncts flattens the AND tree under n: the conditions that all hold.
func conjuncts(n *pgparse.Node) []*pgparse.Node {
	if n == nil || n.GetNode() == nil {
		return nil
	}
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pgparse.AndExpr {
		var out []*pgparse.Node
		for _, arg := range b.Args {
			out = append(out, conjuncts(arg)...)
		}
		return out
	}
	return []*pgparse.Node{n}
}

// disjuncts flattens the OR tree under n.
func disjuncts(n *pgparse.Node) []*pgparse.Node {
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pgparse.OrExpr {
		var out []*pgparse.Node
		for _, arg := range b.Args {
			out = append(out, disjuncts(arg)...)
		}
		return out
	}
	return []*pgparse.Node{n}
}

// stripCasts returns the expression under any number of casts ($1::uuid).
func stripCasts(n *pgparse.Node) *pgparse.Node {
	for n != nil {
		tc := n.GetTypeCast()
		if tc == nil {
			return n
		}
		n = tc.Arg
	}
	return n
}

// operator returns the operator name of an A_Expr ("=", "<", ...).
func operator(e *pgparse.A_Expr) string {
	if len(e.Name) == 0 {
		return ""
	}
	return e.Name[len(e.Name)-1].GetString_().GetSval()
}

// isLiteral reports whether n is a constant, NULL included.
func isLiteral(n *pgparse.Node) bool {
	return stripCasts(n).GetAConst() != nil
}

// tenantValue reports whether n carries the caller's tenant: a bind
// parameter or a configured tenant-context call, possibly cast
// (tenant-scope.md section 2, rule 1).
func (c *Checker) tenantValue(n *pgparse.Node) bool {
	n = stripCasts(n)
	if n == nil {
		return false
	}
	if n.GetParamRef() != nil {
		return !c.opts.ContextOnly
	}
	if v := scalarValue(n); v != nil {
		// (SELECT current_setting('app.tenant')), written so that
		// PostgreSQL evaluates the setting once per query, is that value.
		return c.tenantValue(v)
	}
	if e := n.GetAExpr(); e != nil && e.Kind == pgparse.ExprNullIf {
		// nullif(current_setting('app.account_id', true), '')::uuid is the
		// tenant or NULL, and NULL equals no key: an unset setting matches
		// no row.
		return c.tenantValue(e.Lexpr)
	}
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) == 0 {
		return false
	}
	name := fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()
	if strings.EqualFold(name, "unnest") && len(fc.Args) == 1 {
		// unnest($1::uuid[]) yields the elements of the caller's array, as
		// key = ANY($1) compares with them.
		return c.tenantValue(fc.Args[0])
	}
	for _, ctx := range c.opts.TenantContext {
		if !strings.EqualFold(ctx.Name, name) {
			continue
		}
		if ctx.ArgPrefix == "" {
			return true
		}
		if len(fc.Args) > 0 {
			arg := stripCasts(fc.Args[0]).GetAConst().GetSval()
			if arg != nil && strings.HasPrefix(arg.Sval, ctx.ArgPrefix) {
				return true
			}
		}
	}
	return false
}

// scalarValue returns V when n is the scalar subquery (SELECT V), with
// nothing else in it (no FROM, WHERE, grouping, set operation or limit),
// and nil otherwise.
func scalarValue(n *pgparse.Node) *pgparse.Node {
	sl := n.GetSubLink()
	if sl == nil || sl.SubLinkType != pgparse.ExprSubLink {
		return nil
	}
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil || sel.Op != pgparse.SetOpNone || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 ||
		sel.WhereClause != nil || len(sel.GroupClause) > 0 || sel.HavingClause != nil || sel.WithClause != nil ||
		len(sel.ValuesLists) > 0 || sel.LimitCount != nil || sel.LimitOffset != nil || len(sel.DistinctClause) > 0 {
		return nil
	}
	return sel.TargetList[0].GetResTarget().GetVal()
}

// render prints a short form of a value for diagnostics.
func render(n *pgparse.Node) string {
	n = stripCasts(n)
	switch {
	case n == nil:
		return "?"
	case n.GetParamRef() != nil:
		return fmt.Sprintf("$%d", n.GetParamRef().Number)
	case n.GetFuncCall() != nil:
		fc := n.GetFuncCall()
		return fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval() + "(...)"
	case n.GetList() != nil:
		return "(...)"
	case n.GetColumnRef() != nil:
		return columnName(n) // EXCLUDED.account_id in ON CONFLICT DO UPDATE
	}
	return "?"
}

// columnName returns the dotted name of a column reference, "" otherwise.
func columnName(n *pgparse.Node) string {
	cr := stripCasts(n).GetColumnRef()
	if cr == nil {
		return ""
	}
	parts := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		if s := f.GetString_(); s != nil {
			parts = append(parts, s.Sval)
		} else {
			parts = append(parts, "*")
		}
	}
	return strings.Join(parts, ".")
}
