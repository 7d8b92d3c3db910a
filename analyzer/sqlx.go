package analyzer

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// sqlxPath is the import path of jmoiron/sqlx.
const sqlxPath = "github.com/jmoiron/sqlx"

// sqlxBindDollar and sqlxBindQuestion are sqlx's DOLLAR and QUESTION bind
// types; UNKNOWN (0) leaves the query as written, like QUESTION.
const (
	sqlxBindUnknown  = 0
	sqlxBindQuestion = 1
	sqlxBindDollar   = 2
)

// sqlxCall resolves the sqlx functions that return the SQL they are given,
// rewritten: (*sqlx.DB).Rebind, (*sqlx.Tx).Rebind, (*sqlx.Conn).Rebind and
// sqlx.Rebind turn ? into $n. ok is false for any other callee.
func (r *resolver) sqlxCall(e *ast.CallExpr, callee *types.Func) ([]value, *unresolvedError, bool) {
	switch callee.FullName() {
	case "(*" + sqlxPath + ".DB).Rebind", "(*" + sqlxPath + ".Tx).Rebind", "(*" + sqlxPath + ".Conn).Rebind":
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
		if v.hasHoles() || v.elems != nil {
			return nil, r.fail("the result of %s of %s", funcName(callee), shorten(types.ExprString(q)))
		}
		out = append(out, value{parts: literal(rebindQuestion(v.text())), origin: v.origin})
	}
	return out, nil
}

// tupleElem resolves result i of a call that returns several values, read
// with the state s of the variable being walked: the query that sqlx.In
// returns is its first argument, whose ? placeholders it only repeats for
// slice arguments, which leaves the statement's structure as written.
func (f *flow) tupleElem(e ast.Expr, i int, s flowState) ([]value, *unresolvedError) {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && i == 0 {
		if fn, ok := typeutil.Callee(f.r.c.pass.TypesInfo, call).(*types.Func); ok && fn.FullName() == sqlxPath+".In" && len(call.Args) > 0 {
			return f.eval(call.Args[0], s)
		}
	}
	return nil, f.r.fail("a result of %s", shorten(types.ExprString(e)))
}
