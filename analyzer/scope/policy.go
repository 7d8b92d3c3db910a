package scope

import (
	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// Policy decides whether expr, a row-level security policy's USING or WITH
// CHECK expression on t (or the AND of several), confines t's rows to one
// tenant. PostgreSQL adds the expression to every query on t as if it were
// a WHERE conjunct, so it is checked as SELECT 1 FROM t WHERE expr: a child
// table's policy that reaches its parent through an EXISTS on the foreign
// key is proven as such a query would be (tenant-scope.md section 2). Give
// the checker Options.ContextOnly, since a policy has no bind parameters.
//
// It returns nil when t is scoped, and otherwise the finding on t, whose
// rule tells an expression without a tenant predicate (unscoped) from one
// whose tenant predicate sits under OR (or-scope). Findings on tables that
// expr reads in subqueries are not t's concern: their own policies apply.
func (c *Checker) Policy(t *schema.Table, expr *pgparse.Node) *Finding {
	s := c.newStatement(map[string]bool{})
	s.statement(pgparse.SelectWhere(t.Schema, t.Name, expr))
	s.propagate()
	for _, f := range s.report() {
		// SelectWhere places t's reference at offset -1.
		if f.Offset == -1 && f.Table == t.QualifiedName() {
			return &f
		}
	}
	return nil
}
