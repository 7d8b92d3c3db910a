package scope

import (
	"fmt"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// Policy decides whether expr, a row-level security policy's USING or WITH
// CHECK expression on t, AND-ed with restrict (the restrictive policies'
// expressions), confines t's rows to one tenant. PostgreSQL adds the
// expression to every query on t as if it were a WHERE conjunct, so it is
// checked as SELECT 1 FROM t WHERE expr AND restrict...: a child table's
// policy that reaches its parent through an EXISTS on the foreign key is
// proven as such a query would be (tenant-scope.md section 2). Give the
// checker Options.ContextOnly, since a policy has no bind parameters.
//
// A row passes an OR when it passes any arm, so each top-level OR arm of
// expr is checked on its own, and the expression confines when every arm
// does: (own rows) OR (rows of the lists one belongs to) is confined,
// (own rows) OR true is not.
//
// It returns nil when t is confined, and otherwise the finding on t of the
// first arm that is not: rule or-scope when expr has other arms, unscoped
// when it has none. Findings on tables that expr reads in subqueries are
// not t's concern: their own policies apply.
//
// The expressions come as schema.Policy holds them, opaque outside
// analyzer/ (pgparse.Tree), so that this exported API carries no parser
// node.
func (c *Checker) Policy(t *schema.Table, expr pgparse.Tree, restrict []pgparse.Tree) *Finding {
	restrictNodes := make([]*pgparse.Node, 0, len(restrict))
	for _, r := range restrict {
		restrictNodes = append(restrictNodes, pgparse.NodeOf(r))
	}
	arms := disjuncts(pgparse.NodeOf(expr))
	for _, arm := range arms {
		f := c.policyArm(t, pgparse.And(append([]*pgparse.Node{arm}, restrictNodes...)...))
		if f == nil {
			continue
		}
		if len(arms) > 1 {
			f.Rule = rule.ORScope
		}
		return f
	}
	return nil
}

// policyArm checks SELECT 1 FROM t WHERE where.
func (c *Checker) policyArm(t *schema.Table, where *pgparse.Node) *Finding {
	s := c.newStatement(map[string]bool{})
	s.statement(pgparse.SelectWhere(t.Schema, t.Name, where))
	s.propagate()
	for _, f := range s.report() {
		// SelectWhere places t's reference at offset -1.
		if f.Offset == -1 && f.Table == t.QualifiedName() {
			return &f
		}
	}
	return nil
}

// ContextHint explains a policy expression on t that compares a tenant key
// with something close to a tenant-context expression but not one, so
// that the rls message says what to change: a function the configured
// tenant context does not name (auth.uid(), current_setting('rls.tenant')),
// which the user may vouch for in tenant_context, or a COALESCE of the
// context with the column itself, which lets every row through while the
// setting is unset. It returns "" when expr has no such comparison.
func (c *Checker) ContextHint(t *schema.Table, expr pgparse.Tree) string {
	keys := map[string]bool{}
	for _, tbl := range c.schema.Tables() {
		for _, k := range tbl.TenantKeys {
			keys[k] = true
		}
	}
	hint := ""
	equalities(pgparse.NodeOf(expr), func(col string, v *pgparse.Node) bool {
		if keys[col] {
			hint = c.valueHint(col, v)
		}
		return hint == ""
	})
	return hint
}

// equalities calls f with the column name and the other side of every
// column = value comparison in expr, subqueries included, both ways round,
// until f returns false. The value is stripped of casts and of a scalar
// subquery around it ((SELECT current_setting('app.x'))::uuid).
func equalities(expr *pgparse.Node, f func(col string, v *pgparse.Node) bool) {
	more := true
	pgparse.Walk(expr, func(n *pgparse.Node) bool {
		e := n.GetAExpr()
		if !more || e == nil || e.Kind != pgparse.ExprOp || operator(e) != "=" {
			return more
		}
		for _, side := range [][2]*pgparse.Node{{e.Lexpr, e.Rexpr}, {e.Rexpr, e.Lexpr}} {
			col := lastName(columnName(side[0]))
			if col == "" {
				continue
			}
			v := stripCasts(side[1])
			if s := scalarValue(v); s != nil {
				v = stripCasts(s)
			}
			if more = f(col, v); !more {
				return false
			}
		}
		return true
	})
}

// valueHint is ContextHint for one comparison of key column col with v.
func (c *Checker) valueHint(col string, v *pgparse.Node) string {
	if ce := v.GetCoalesceExpr(); ce != nil {
		for _, a := range ce.Args {
			if lastName(columnName(a)) == col {
				return fmt.Sprintf("COALESCE(..., %s) falls back to %s itself when the setting is unset, so every row matches then", col, col)
			}
		}
		return ""
	}
	fc := v.GetFuncCall()
	if fc == nil || len(fc.Funcname) == 0 || c.tenantValue(v) {
		return ""
	}
	name := fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()
	entry := "{function: " + name + "}"
	if arg := literalArg(fc); arg != "" {
		prefix := arg[:strings.LastIndexByte(arg, '.')+1]
		if prefix == "" {
			prefix = arg
		}
		entry = fmt.Sprintf("{function: %s, arg_prefix: %q}", name, prefix)
	}
	return fmt.Sprintf("%s is not one to tenantcheck: if it returns the session's tenant, add %s to tenant_context in .tenantcheck.yml", callText(fc), entry)
}

// ContextUsed returns the tenant-context call that expr compares a column
// named key with, as SQL (current_setting('app.current_tenant')), or ""
// when it compares none: the rls rule suggests the setting the other
// policies read rather than one the application never sets.
func (c *Checker) ContextUsed(expr pgparse.Tree, key string) string {
	used := ""
	equalities(pgparse.NodeOf(expr), func(col string, v *pgparse.Node) bool {
		if fc := v.GetFuncCall(); fc != nil && col == key && c.tenantValue(v) {
			used = callText(fc)
		}
		return used == ""
	})
	return used
}

// callText renders a call by its name and its first argument when that is
// a string literal: auth.uid(), current_setting('app.account_id').
func callText(fc *pgparse.FuncCall) string {
	var parts []string
	for _, p := range fc.Funcname {
		parts = append(parts, p.GetString_().GetSval())
	}
	if arg := literalArg(fc); arg != "" {
		return fmt.Sprintf("%s('%s')", strings.Join(parts, "."), arg)
	}
	return strings.Join(parts, ".") + "()"
}

// literalArg returns the string literal that is fc's first argument, or "".
func literalArg(fc *pgparse.FuncCall) string {
	if len(fc.Args) == 0 {
		return ""
	}
	if arg := stripCasts(fc.Args[0]).GetAConst().GetSval(); arg != nil {
		return arg.Sval
	}
	return ""
}

// lastName returns the part of a dotted column name after its last dot.
func lastName(dotted string) string {
	return dotted[strings.LastIndexByte(dotted, '.')+1:]
}
