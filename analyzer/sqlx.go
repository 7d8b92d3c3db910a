package analyzer

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// sqlxPath is the import path of jmoiron/sqlx.
const sqlxPath = "github.com/jmoiron/sqlx"

// sqlx's bind types: UNKNOWN and QUESTION leave ? as written, DOLLAR makes
// it $n; the others are for databases other than PostgreSQL.
const (
	sqlxBindUnknown  = 0
	sqlxBindQuestion = 1
	sqlxBindDollar   = 2
)

// sqlxCall resolves the sqlx functions that return the SQL they are given,
// rewritten: Rebind on *sqlx.DB, *sqlx.Tx, *sqlx.Conn, sqlx.Ext and
// sqlx.ExtContext, and sqlx.Rebind, turn ? into $n. ok is false for any
// other callee.
func (r *resolver) sqlxCall(e *ast.CallExpr, callee *types.Func) ([]value, *unresolvedError, bool) {
	switch callee.FullName() {
	case "(*" + sqlxPath + ".DB).Rebind", "(*" + sqlxPath + ".Tx).Rebind", "(*" + sqlxPath + ".Conn).Rebind",
		"(" + sqlxPath + ".Ext).Rebind", "(" + sqlxPath + ".ExtContext).Rebind":
		vals, err := r.rebind(callee, e.Args[len(e.Args)-1])
		return vals, err, true
	case sqlxPath + ".Rebind":
		// A bind type that is not constant (sqlx.BindType(driver)) is
		// DOLLAR: the service talks to PostgreSQL.
		if tv := r.c.pass.TypesInfo.Types[e.Args[0]]; tv.Value != nil && tv.Value.Kind() == constant.Int {
			switch n, _ := constant.Int64Val(tv.Value); n {
			case sqlxBindUnknown, sqlxBindQuestion:
				vals, err := r.eval(e.Args[1])
				return vals, err, true
			case sqlxBindDollar:
				// Rewritten below.
			default:
				return nil, r.fail("sqlx.Rebind to a bind type PostgreSQL does not read"), true
			}
		}
		vals, err := r.rebind(callee, e.Args[1])
		return vals, err, true
	}
	return nil, nil, false
}

// rebind resolves q and rewrites the ? of its text as $n. A parameter of the
// function under analysis stays unresolved: its text is known only at the
// callers, which would then be checked without the rewrite.
func (r *resolver) rebind(callee *types.Func, q ast.Expr) ([]value, *unresolvedError) {
	vals, err := r.eval(q)
	if err != nil {
		return nil, err
	}
	out := make([]value, 0, len(vals))
	for _, v := range vals {
		if v.hasHoles() {
			return nil, r.fail("the result of %s of %s", funcName(callee), shorten(types.ExprString(q)))
		}
		out = append(out, value{parts: literal(rebindQuestion(v.text())), origin: v.origin})
	}
	return out, nil
}

// tupleElem resolves result i of a call that returns several values, read
// with the state s of the variable being walked. The query sqlx returns from
// In, Named and BindNamed is resolved from the query it was given:
//
//	q, args, err := sqlx.In("... WHERE id IN (?) AND account_id = ?", ids, acct)
//
// In only repeats the ? of slice arguments, which leaves the statement's
// structure as written; Named makes :name a ?, and BindNamed (for a
// PostgreSQL driver) a $n.
func (f *flow) tupleElem(e ast.Expr, i int, s flowState) ([]value, *unresolvedError) {
	fail := f.r.fail("a result of %s", shorten(types.ExprString(e)))
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || i != 0 {
		return nil, fail
	}
	fn, ok := typeutil.Callee(f.r.c.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return nil, fail
	}
	var rewrite func(string) string
	query := 0
	switch fn.FullName() {
	case sqlxPath + ".In":
		return f.eval(call.Args[0], s)
	case sqlxPath + ".Named":
		rewrite = namedToQuestion
	case sqlxPath + ".BindNamed":
		rewrite, query = Colon.rewrite, 1
	case "(*" + sqlxPath + ".DB).BindNamed", "(*" + sqlxPath + ".Tx).BindNamed":
		rewrite, query = Colon.rewrite, len(call.Args)-2
	default:
		return nil, fail
	}
	vals, err := f.eval(call.Args[query], s)
	if err != nil {
		return nil, err
	}
	out := make([]value, 0, len(vals))
	for _, v := range vals {
		if v.hasHoles() {
			return nil, f.r.fail("the result of %s of %s", funcName(fn), shorten(types.ExprString(call.Args[query])))
		}
		out = append(out, value{parts: literal(rewrite(v.text())), origin: v.origin})
	}
	return out, nil
}
