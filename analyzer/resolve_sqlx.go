package analyzer

import (
	"go/ast"
	"go/constant"
	"go/types"
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
	if rebindShaped(callee) {
		vals, err := r.rebind(callee, e.Args[0])
		return vals, err, true
	}
	return nil, nil, false
}

// rebindShaped reports an interface method Rebind(string) string, the shape
// of sqlx's, which in-house interfaces over sqlx declare.
func rebindShaped(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && fn.Name() == "Rebind" && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) &&
		sig.Params().Len() == 1 && isString(sig.Params().At(0).Type()) &&
		sig.Results().Len() == 1 && isString(sig.Results().At(0).Type())
}

// rebind resolves q and rewrites the ? of its text as $n. A value that holds
// a parameter of the function under analysis (a wrapper that rebinds what
// its callers pass) is marked instead: the whole text is rewritten once the
// callers' SQL is spliced in, so that the $n count runs through it.
func (r *resolver) rebind(callee *types.Func, q ast.Expr) ([]value, *unresolvedError) {
	vals, err := r.eval(q)
	if err != nil {
		return nil, err
	}
	out := make([]value, 0, len(vals))
	for _, v := range vals {
		if v.hasHoles() {
			v.placeholders |= Question
			v.lit = nil
			out = append(out, v)
			continue
		}
		out = append(out, value{parts: literal(rebindQuestion(v.text())), origin: v.origin})
	}
	return out, nil
}

// sqlxTuple resolves result i of a sqlx call that returns several values,
// read with the state s of the variable being walked. The query sqlx returns from
// In, Named and BindNamed is resolved from the query it was given:
//
//	q, args, err := sqlx.In("... WHERE id IN (?) AND account_id = ?", ids, acct)
//
// In only repeats the ? of slice arguments, which leaves the statement's
// structure as written; Named makes :name a ?, and BindNamed (for a
// PostgreSQL driver) a $n.
func (f *flow) sqlxTuple(call *ast.CallExpr, fn *types.Func, i int, s flowState) ([]value, *unresolvedError, bool) {
	if i != 0 {
		return nil, nil, false
	}
	var rewrite func(string) string
	query := 0
	switch fn.FullName() {
	case sqlxPath + ".In":
		vals, err := f.eval(call.Args[0], s)
		return vals, err, true
	case sqlxPath + ".Named":
		rewrite = namedToQuestion
	case sqlxPath + ".BindNamed":
		rewrite, query = Colon.rewrite, 1
	case "(*" + sqlxPath + ".DB).BindNamed", "(*" + sqlxPath + ".Tx).BindNamed":
		rewrite, query = Colon.rewrite, len(call.Args)-2
	default:
		return nil, nil, false
	}
	vals, err := f.eval(call.Args[query], s)
	if err != nil {
		return nil, err, true
	}
	out := make([]value, 0, len(vals))
	for _, v := range vals {
		if v.hasHoles() {
			return nil, f.r.fail("the result of %s of %s", funcName(fn), shorten(types.ExprString(call.Args[query]))), true
		}
		out = append(out, value{parts: literal(rewrite(v.text())), origin: v.origin})
	}
	return out, nil, true
}
