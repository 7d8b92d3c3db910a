package scope

import "github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"

// Conjunct reports whether expr, written between other conditions joined
// with AND, stays one or more conjuncts of them: "a = $1" and "a = $1 AND
// b" do, "a = $1 OR b" and "a) OR (b" do not. A query builder whose
// elements are all conjuncts cannot let one element escape the others.
func Conjunct(expr string) bool {
	stmts, err := pgparse.Parse("SELECT WHERE true AND " + expr + " AND true")
	if err != nil || len(stmts) != 1 {
		return false
	}
	sel := stmts[0].Node.GetSelectStmt()
	if sel == nil || sel.WhereClause == nil {
		return false
	}
	b := sel.WhereClause.GetBoolExpr()
	if b == nil || b.Boolop != pgparse.AndExpr || len(b.Args) < 3 {
		return false
	}
	return isTrue(b.Args[0]) && isTrue(b.Args[len(b.Args)-1])
}

// isTrue reports whether n is the constant true.
func isTrue(n *pgparse.Node) bool {
	c := n.GetAConst()
	return c != nil && c.GetBoolval() != nil && c.GetBoolval().Boolval
}
