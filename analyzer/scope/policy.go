package scope

import (
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
