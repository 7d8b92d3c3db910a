package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// This file resolves Masterminds/squirrel builders (tenant-scope.md section
// 4). A chain such as
//
//	psql.Select("id").From("posts").Where(sq.Eq{"id": id}).RunWith(db).QueryContext(ctx)
//
// is followed from its constructor through method calls, local variables
// (the flow walk of resolve_local.go carries a builder as it carries a
// string, so `b = b.Where(...)` under an if gives two builders) and
// package variables, then rendered as squirrel renders it: every argument
// is a ?, numbered $n under PlaceholderFormat(sq.Dollar). The text is then
// checked exactly like literal SQL. A builder is kept as a statement, not
// as text, until it runs: a Where added after OrderBy still renders before
// ORDER BY. A piece that is not modelled (a condition that is not a
// literal, a method tenantcheck does not know, a builder from a parameter
// or another package's function) makes the query unresolved, naming the
// piece: a query squirrel sends is never skipped, and never guessed.

// squirrelPath is the import path of Masterminds/squirrel.
const squirrelPath = "github.com/Masterminds/squirrel"

// squirrelBuilders are squirrel's builder types: a value of one of them is a
// statement (sqStmt) while it is resolved.
var squirrelBuilders = map[string]bool{
	"StatementBuilderType": true, "SelectBuilder": true, "InsertBuilder": true,
	"UpdateBuilder": true, "DeleteBuilder": true,
}

// squirrelRuns are the methods of a builder that send its statement.
var squirrelRuns = map[string]bool{
	"Exec": true, "ExecContext": true, "Query": true, "QueryContext": true,
	"QueryRow": true, "QueryRowContext": true, "Scan": true, "ScanContext": true,
}

// sqKind is the statement a builder starts.
type sqKind uint8

const (
	// sqBase is a StatementBuilderType: a placeholder format and WHERE
	// conditions for the statements it starts.
	sqBase sqKind = iota
	sqSelect
	sqInsert
	sqUpdate
	sqDelete
)

// sqStmt is what a squirrel builder holds, each piece already SQL with ?
// for its arguments, as squirrel keeps it until ToSql.
type sqStmt struct {
	kind sqKind
	// dollar is PlaceholderFormat(sq.Dollar); squirrel's default is ?.
	dollar bool
	// keyword is INSERT or REPLACE.
	keyword                                   string
	prefixes, options, columns, joins         []string
	where, groupBy, having, orderBy, suffixes []string
	set, values                               []string
	table, from, limit, offset, insertSelect  string
}

func (s *sqStmt) key() string { return fmt.Sprintf("%#v", *s) }

// isSquirrelObject reports whether obj is squirrel's package-level name.
func isSquirrelObject(obj types.Object, name string) bool {
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == squirrelPath && obj.Name() == name &&
		obj.Parent() == obj.Pkg().Scope()
}

// squirrelType is the name of t when it is a named type of squirrel, "" for
// any other type.
func squirrelType(t types.Type) string {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != squirrelPath {
		return ""
	}
	return named.Obj().Name()
}

func isSquirrelBuilder(t types.Type) bool { return squirrelBuilders[squirrelType(t)] }

// squirrelRunner reports a builder method that sends the statement: the
// receiver is its SQL.
func squirrelRunner(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && squirrelRuns[fn.Name()] && isSquirrelBuilder(sig.Recv().Type())
}

// methodCall splits a method call into its receiver and arguments: x.M(a)
// or the method expression T.M(x, a).
func methodCall(info *types.Info, call *ast.CallExpr) (ast.Expr, []ast.Expr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, call.Args
	}
	if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
		if len(call.Args) == 0 {
			return nil, nil
		}
		return call.Args[0], call.Args[1:]
	}
	return sel.X, call.Args
}

// sqEdit changes a copy of a builder's statement.
type sqEdit func(*sqStmt)

// squirrelCall resolves a squirrel call that returns a builder: a
// constructor (sq.Select, sq.Insert, ...) or a method of a builder. ok is
// false for any other callee.
func (r *resolver) squirrelCall(e *ast.CallExpr, callee *types.Func) ([]value, *unresolvedError, bool) {
	info := r.c.pass.TypesInfo
	if callee.Pkg() == nil || callee.Pkg().Path() != squirrelPath || !isSquirrelBuilder(info.TypeOf(e)) {
		return nil, nil, false
	}
	bases := []value{{sq: &sqStmt{}}}
	args := e.Args
	recvType := ""
	if sig := callee.Type().(*types.Signature); sig.Recv() != nil {
		var recv ast.Expr
		recv, args = methodCall(info, e)
		if recv == nil {
			return nil, r.sqFail("the squirrel call %s", shorten(types.ExprString(e))), true
		}
		var err *unresolvedError
		recvType = squirrelType(sig.Recv().Type())
		if bases, err = r.eval(recv); err != nil {
			if recvType != "StatementBuilderType" || err.sqPiece {
				return nil, err, true
			}
			if at := r.c.statementBuilderWhere(); at != "" {
				return nil, r.fail("%s (a StatementBuilderType, and this package sets conditions on one with StatementBuilderType.Where at %s)", err.reason, at), true
			}
			bases = []value{{sq: &sqStmt{dollar: true}}}
		}
	}
	edits, err := r.sqEdits(callee.Name(), recvType, args, e.Ellipsis.IsValid())
	if err != nil {
		return nil, r.sqFail("squirrel's %s (%s)", sqCallName(callee.Name(), args), err.reason), true
	}
	if len(bases)*len(edits) > maxValues {
		return nil, r.sqFail("more than %d possible values", maxValues), true
	}
	out := make([]value, 0, len(bases)*len(edits))
	for _, b := range bases {
		if b.sq == nil {
			return nil, r.sqFail("a squirrel builder that is not set before %s", sqCallName(callee.Name(), args)), true
		}
		for _, edit := range edits {
			next := *b.sq
			edit(&next)
			out = append(out, value{sq: &next, origin: b.origin, guards: b.guards})
		}
	}
	return out, nil, true
}

// A StatementBuilderType the resolver cannot follow (a parameter, a struct
// field set from one, another package's function result) is taken as
// StatementBuilder: services build one at start-up,
// sq.StatementBuilder.PlaceholderFormat(sq.Dollar).RunWith(db), and hand it
// to every store, so treating it as unresolved would leave every query of
// such a store unchecked. All a StatementBuilderType holds is a placeholder
// format (? and $n are both bind parameters), a runner, and the conditions
// of StatementBuilderType.Where, which no store seen in practice sets; they
// are the one thing this choice does not see (docs/analyzer.md,
// "Squirrel"). A Select, Insert, Update or Delete builder from such a place
// holds a statement and stays unresolved, and so does a StatementBuilderType
// on which a squirrel call failed (sq.StatementBuilder.Where(filter), a
// format other than sq.Dollar or sq.Question): that call is a piece of the
// statement the choice would drop, an OR in filter with it. In a package
// that calls StatementBuilderType.Where anywhere, the choice is not made:
// the condition may be on the builder the field holds.

// statementBuilderWhere is the place (file:line) of the package's first
// call of StatementBuilderType.Where, "" when it makes none. A package
// that sets such conditions may have set one on the StatementBuilderType
// it keeps in a field, which the choice above would drop.
func (c *checker) statementBuilderWhere() string {
	for _, cd := range c.calls {
		fn, ok := typeutil.Callee(c.pass.TypesInfo, cd.call).(*types.Func)
		if !ok || fn.Name() != "Where" || fn.Pkg() == nil || fn.Pkg().Path() != squirrelPath {
			continue
		}
		if sig := fn.Type().(*types.Signature); sig.Recv() != nil && squirrelType(sig.Recv().Type()) == "StatementBuilderType" {
			p := c.pass.Fset.Position(cd.call.Pos())
			return fmt.Sprintf("%s:%d", baseName(p.Filename), p.Line)
		}
	}
	return ""
}

// sqFail is the failure of a squirrel call on a followed builder
// (unresolvedError.sqPiece).
func (r *resolver) sqFail(format string, args ...any) *unresolvedError {
	err := r.fail(format, args...)
	err.sqPiece = true
	return err
}

// squirrelResult resolves a call of a function of this package that
// returns a builder, as helpers that start or extend a query do:
//
//	func byName(b sq.SelectBuilder, name string) sq.SelectBuilder { return b.Where(sq.Eq{"name": name}) }
//
// Its result is every builder its returns can hold, with its builder
// parameters bound to the call's arguments. ok is false for any other
// callee.
func (r *resolver) squirrelResult(e *ast.CallExpr, callee *types.Func) ([]value, *unresolvedError, bool) {
	sig, ok := callee.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 1 || !isSquirrelBuilder(sig.Results().At(0).Type()) {
		return nil, nil, false
	}
	decl := r.c.funcDecl(callee)
	if decl == nil || decl.Body == nil {
		return nil, nil, false
	}
	inner := &resolver{c: r.c, fn: decl, depth: r.depth, known: make(map[*types.Var]flowState)}
	call := site{call: e, shift: callShift(r.c.pass.TypesInfo, e)}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if !isSquirrelBuilder(p.Type()) {
			continue
		}
		if r.c.assignedIn(decl, p) {
			return nil, r.fail("parameter %s of %s, which it reassigns", p.Name(), decl.Name.Name), true
		}
		arg := call.arg(i)
		if arg == nil {
			return nil, r.fail("a missing argument"), true
		}
		vals, err := r.eval(arg)
		if err != nil {
			return nil, err, true
		}
		inner.known[p] = flowState{live: true, vals: vals}
	}
	var out []value
	var err *unresolvedError
	seen := make(map[string]bool)
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if err != nil {
				return false
			}
			if len(n.Results) != 1 {
				err = r.fail("a bare return in %s", decl.Name.Name)
				return false
			}
			var vals []value
			if vals, err = inner.eval(n.Results[0]); err == nil {
				out = appendDistinct(out, seen, vals)
			}
		}
		return err == nil
	})
	if err == nil && len(out) > maxValues {
		err = r.fail("more than %d possible values", maxValues)
	}
	if err != nil {
		return nil, err, true
	}
	return out, nil, true
}

// sqCallName names a builder call for messages: Where(cond).
func sqCallName(name string, args []ast.Expr) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = types.ExprString(a)
	}
	return name + "(" + shorten(strings.Join(parts, ", ")) + ")"
}

// sqEdits returns the possible effects of one builder method, one per text
// its arguments can take.
func (r *resolver) sqEdits(name, recv string, args []ast.Expr, spread bool) ([]sqEdit, *unresolvedError) {
	texts := func(field func(*sqStmt) *[]string, prefix string, vals []string) []sqEdit {
		out := make([]sqEdit, 0, len(vals))
		for _, v := range vals {
			out = append(out, func(s *sqStmt) {
				if v != "" {
					f := field(s)
					*f = append(slices.Clip(*f), prefix+v)
				}
			})
		}
		return out
	}
	lists := func(field func(*sqStmt) *[]string, reset bool) ([]sqEdit, *unresolvedError) {
		alts, err := r.sqStringLists(args, spread)
		if err != nil {
			return nil, err
		}
		out := make([]sqEdit, 0, len(alts))
		for _, a := range alts {
			out = append(out, func(s *sqStmt) {
				f := field(s)
				if reset {
					*f = nil
				}
				*f = append(slices.Clip(*f), a...)
			})
		}
		return out, nil
	}
	scalar := func(set func(*sqStmt, string)) ([]sqEdit, *unresolvedError) {
		vals, err := r.sqTexts(args[0])
		if err != nil {
			return nil, err
		}
		out := make([]sqEdit, 0, len(vals))
		for _, v := range vals {
			out = append(out, func(s *sqStmt) { set(s, v) })
		}
		return out, nil
	}
	pred := func(field func(*sqStmt) *[]string, prefix string) ([]sqEdit, *unresolvedError) {
		vals, err := r.sqPred(args[0])
		if err != nil {
			return nil, err
		}
		return texts(field, prefix, vals), nil
	}
	where := func(s *sqStmt) *[]string { return &s.where }
	joins := func(s *sqStmt) *[]string { return &s.joins }
	keep := []sqEdit{func(*sqStmt) {}}
	switch name {
	case "RunWith":
		return keep, nil
	case "PlaceholderFormat":
		dollar, err := r.sqFormat(args[0])
		if err != nil {
			return nil, err
		}
		return []sqEdit{func(s *sqStmt) { s.dollar = dollar }}, nil
	case "Select":
		if recv == "InsertBuilder" {
			return r.sqSubquery(args[0], func(s *sqStmt, q string) { s.insertSelect = q })
		}
		return lists(func(s *sqStmt) *[]string { s.kind = sqSelect; return &s.columns }, true)
	case "Insert", "Replace":
		return scalar(func(s *sqStmt, t string) {
			s.kind, s.keyword, s.table, s.where = sqInsert, strings.ToUpper(name), t, nil
		})
	case "Update":
		return scalar(func(s *sqStmt, t string) { s.kind, s.table = sqUpdate, t })
	case "Delete":
		return scalar(func(s *sqStmt, t string) { s.kind, s.table = sqDelete, t })
	case "From":
		return scalar(func(s *sqStmt, t string) {
			if s.kind == sqUpdate {
				s.from = t
				return
			}
			s.table = t
		})
	case "Into", "Table":
		return scalar(func(s *sqStmt, t string) { s.table = t })
	case "FromSelect":
		return r.sqFromSelect(args)
	case "Columns":
		return lists(func(s *sqStmt) *[]string { return &s.columns }, false)
	case "RemoveColumns":
		return []sqEdit{func(s *sqStmt) { s.columns = nil }}, nil
	case "GroupBy":
		return lists(func(s *sqStmt) *[]string { return &s.groupBy }, false)
	case "OrderBy":
		return lists(func(s *sqStmt) *[]string { return &s.orderBy }, false)
	case "Options":
		return lists(func(s *sqStmt) *[]string { return &s.options }, false)
	case "Distinct":
		return texts(func(s *sqStmt) *[]string { return &s.options }, "", []string{"DISTINCT"}), nil
	case "Column":
		return pred(func(s *sqStmt) *[]string { return &s.columns }, "")
	case "OrderByClause":
		return pred(func(s *sqStmt) *[]string { return &s.orderBy }, "")
	case "Where":
		return pred(where, "")
	case "Having":
		return pred(func(s *sqStmt) *[]string { return &s.having }, "")
	case "JoinClause":
		return pred(joins, "")
	case "Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin":
		return pred(joins, sqJoinKeyword(name)+" ")
	case "Prefix", "PrefixExpr":
		return pred(func(s *sqStmt) *[]string { return &s.prefixes }, "")
	case "Suffix", "SuffixExpr":
		return pred(func(s *sqStmt) *[]string { return &s.suffixes }, "")
	case "Limit":
		n := r.sqInteger(args[0])
		return []sqEdit{func(s *sqStmt) { s.limit = n }}, nil
	case "Offset":
		n := r.sqInteger(args[0])
		return []sqEdit{func(s *sqStmt) { s.offset = n }}, nil
	case "RemoveLimit":
		return []sqEdit{func(s *sqStmt) { s.limit = "" }}, nil
	case "RemoveOffset":
		return []sqEdit{func(s *sqStmt) { s.offset = "" }}, nil
	case "Set":
		return r.sqSet(args)
	case "SetMap":
		return r.sqSetMap(args[0])
	case "Values":
		return r.sqValues(args, spread)
	}
	return nil, r.fail("a method tenantcheck does not model")
}

// sqJoinKeyword is the keyword squirrel writes for a join method.
func sqJoinKeyword(name string) string {
	kw := strings.TrimSuffix(name, "Join")
	if kw == "" {
		return "JOIN"
	}
	return strings.ToUpper(kw) + " JOIN"
}

// sqTexts resolves a string argument to its possible texts, which must not
// hold a parameter of the function: the builder is rendered whole, not
// instantiated at callers.
func (r *resolver) sqTexts(e ast.Expr) ([]string, *unresolvedError) {
	vals, err := r.eval(e)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if v.hasHoles() || v.sq != nil {
			return nil, r.fail("the expression %s", shorten(types.ExprString(e)))
		}
		if t := v.text(); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// sqStringLists resolves the arguments of a variadic string method,
// Columns("a", b) or Columns(cols...), to each list they can take.
func (r *resolver) sqStringLists(args []ast.Expr, spread bool) ([][]string, *unresolvedError) {
	if spread {
		vals, err := r.eval(args[len(args)-1])
		if err != nil {
			return nil, err
		}
		var out [][]string
		for _, v := range vals {
			var list []string
			for _, e := range v.elems {
				if hasHoles(e) {
					return nil, r.fail("the expression %s", shorten(types.ExprString(args[len(args)-1])))
				}
				list = append(list, value{parts: e}.text())
			}
			out = append(out, list)
		}
		return out, nil
	}
	out := [][]string{nil}
	for _, a := range args {
		vals, err := r.sqTexts(a)
		if err != nil {
			return nil, err
		}
		if len(out)*len(vals) > maxValues {
			return nil, r.fail("more than %d possible values", maxValues)
		}
		next := make([][]string, 0, len(out)*len(vals))
		for _, l := range out {
			for _, v := range vals {
				next = append(next, append(slices.Clip(l), v))
			}
		}
		out = next
	}
	return out, nil
}

// sqFormat reads PlaceholderFormat's argument: sq.Dollar or sq.Question.
// Colon and AtP are for other databases.
func (r *resolver) sqFormat(e ast.Expr) (bool, *unresolvedError) {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	if id != nil {
		obj := r.c.pass.TypesInfo.Uses[id]
		switch {
		case isSquirrelObject(obj, "Dollar"):
			return true, nil
		case isSquirrelObject(obj, "Question"):
			return false, nil
		}
	}
	return false, r.fail("a placeholder format other than sq.Dollar or sq.Question")
}

// sqInteger renders Limit and Offset: a constant as written, any other
// integer as runtimeInteger (it cannot change the statement's structure).
func (r *resolver) sqInteger(e ast.Expr) string {
	if tv := r.c.pass.TypesInfo.Types[e]; tv.Value != nil {
		return tv.Value.ExactString()
	}
	return runtimeInteger
}

// sqPred renders a condition or clause as squirrel does: a string (its ?
// arguments stay ?), nil, a literal sq.Eq, sq.NotEq, sq.Lt, sq.Gt,
// sq.LtOrEq, sq.GtOrEq, sq.Like, sq.NotLike, sq.ILike, sq.NotILike, a
// map[string]any literal (an Eq), sq.And, sq.Or, sq.Expr, or a
// SelectBuilder. "" is a condition squirrel leaves out.
func (r *resolver) sqPred(e ast.Expr) ([]string, *unresolvedError) {
	info := r.c.pass.TypesInfo
	tv := info.Types[e]
	if tv.IsNil() {
		return []string{""}, nil
	}
	if isString(tv.Type) {
		return r.sqTexts(e)
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		name := squirrelType(tv.Type)
		switch name {
		case "Eq", "NotEq":
			return r.sqEq(x, name == "NotEq")
		case "Lt", "Gt", "LtOrEq", "GtOrEq":
			return r.sqCompare(x, sqCompareOps[name])
		case "Like", "NotLike", "ILike", "NotILike":
			return r.sqCompare(x, sqCompareOps[name])
		case "And":
			return r.sqConj(x, " AND ", "(1=1)")
		case "Or":
			return r.sqConj(x, " OR ", "(1=0)")
		case "":
			if m, ok := tv.Type.Underlying().(*types.Map); ok && isString(m.Key()) && isEmptyInterface(m.Elem()) {
				return r.sqEq(x, false)
			}
		}
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, x).(*types.Func); ok && isSquirrelObject(fn, "Expr") && !x.Ellipsis.IsValid() {
			for _, a := range x.Args[1:] {
				if sqlizer(info.TypeOf(a)) {
					return nil, r.fail("sq.Expr with the condition %s as an argument", shorten(types.ExprString(a)))
				}
			}
			return r.sqTexts(x.Args[0])
		}
	}
	if squirrelType(tv.Type) == "SelectBuilder" {
		return r.sqRaw(e)
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		// cond := sq.And{...}; b.Where(cond): the variable's values,
		// unless something may change the map or slice it holds.
		if v, ok := info.ObjectOf(id).(*types.Var); ok && !r.c.conditionChanged(v) {
			return r.sqTexts(e)
		}
	}
	return nil, r.fail("the condition %s, which is not a literal", shorten(types.ExprString(e)))
}

// squirrelCond renders a condition literal or sq.Expr where the resolver meets it as a value (a local condition variable's
// assignment); ok is false for any other expression.
func (r *resolver) squirrelCond(e ast.Expr) ([]value, *unresolvedError, bool) {
	info := r.c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		if _, ok := sqCompareOps[squirrelType(info.TypeOf(x))]; !ok && !sqConditionTypes[squirrelType(info.TypeOf(x))] {
			return nil, nil, false
		}
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, x).(*types.Func); !ok || !isSquirrelObject(fn, "Expr") {
			return nil, nil, false
		}
	default:
		return nil, nil, false
	}
	texts, err := r.sqPred(e)
	if err != nil {
		return nil, err, true
	}
	out := make([]value, len(texts))
	for i, t := range texts {
		out[i] = value{parts: literal(t)}
	}
	return out, nil, true
}

// sqConditionTypes are squirrel's condition types besides the comparison
// maps.
var sqConditionTypes = map[string]bool{"Eq": true, "NotEq": true, "And": true, "Or": true}

// conditionChanged reports whether the package may change the condition
// v holds after it is assigned. Only these uses leave it as assigned: an
// assignment of a new condition to v, an argument of a squirrel call or an
// element of a squirrel condition literal (b.Where(v), sq.And{v}), a
// squirrel method of it (v.ToSql()), len and cap, an index read in a
// comparison (v["k"] != nil), a comparison, and a range over its keys. Any other use may write it: a write through an
// index, delete, clear or append, a second name (alias := v, then
// delete(alias, "account_id")), its address, a function outside squirrel.
// An exported package variable can be changed by other packages.
func (c *checker) conditionChanged(v *types.Var) bool {
	if v.Exported() && v.Parent() == v.Pkg().Scope() {
		return true
	}
	info := c.pass.TypesInfo
	changed := false
	for _, file := range c.pass.Files {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			switch {
			case n == nil:
				stack = stack[:len(stack)-1]
				return false
			case changed:
				return false
			}
			if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v && !c.conditionRead(id, stack) {
				changed = true
				return false
			}
			stack = append(stack, n)
			return true
		})
		if changed {
			return true
		}
	}
	return false
}

// conditionRead reports whether the use id of a condition variable, under
// the nodes of stack, leaves the condition as it is (conditionChanged).
func (c *checker) conditionRead(id *ast.Ident, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	var child ast.Node = id
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		child = stack[i]
		i--
	}
	if i < 0 {
		return false
	}
	switch p := stack[i].(type) {
	case *ast.AssignStmt:
		return slices.Contains(p.Lhs, ast.Expr(id))
	case *ast.CallExpr:
		if p.Fun == child {
			return false
		}
		switch fn := typeutil.Callee(info, p).(type) {
		case *types.Builtin:
			return fn.Name() == "len" || fn.Name() == "cap"
		case *types.Func:
			return fn.Pkg() != nil && fn.Pkg().Path() == squirrelPath
		}
	case *ast.CompositeLit:
		return squirrelType(info.TypeOf(p)) != ""
	case *ast.BinaryExpr:
		return true
	case *ast.SelectorExpr:
		// eq.ToSql(): squirrel's methods on a condition only render it.
		sel := info.Selections[p]
		return sel != nil && sel.Kind() == types.MethodVal && sel.Obj().Pkg() != nil && sel.Obj().Pkg().Path() == squirrelPath
	case *ast.IndexExpr:
		if p.X != child || i == 0 {
			return false
		}
		_, cmp := stack[i-1].(*ast.BinaryExpr)
		return cmp
	case *ast.RangeStmt:
		return p.X == child && p.Value == nil
	}
	return false
}

// sqlizer reports a type with squirrel's ToSql method: an argument squirrel
// renders in place of its ?.
func sqlizer(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ToSql")
	_, ok := obj.(*types.Func)
	return ok
}

// sqCompareOps are the operators of squirrel's comparison maps.
var sqCompareOps = map[string]string{
	"Lt": "<", "Gt": ">", "LtOrEq": "<=", "GtOrEq": ">=",
	"Like": "LIKE", "NotLike": "NOT LIKE", "ILike": "ILIKE", "NotILike": "NOT ILIKE",
}

// sqKeys returns the constant keys of a map literal, sorted as squirrel
// sorts them, with their values.
func (r *resolver) sqKeys(lit *ast.CompositeLit) ([]string, map[string]ast.Expr, *unresolvedError) {
	vals := make(map[string]ast.Expr, len(lit.Elts))
	keys := make([]string, 0, len(lit.Elts))
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, nil, r.fail("a map literal without keys")
		}
		k, err := r.sqTexts(kv.Key)
		if err != nil || len(k) != 1 {
			return nil, nil, r.fail("the key %s, which is not a constant", shorten(types.ExprString(kv.Key)))
		}
		keys = append(keys, k[0])
		vals[k[0]] = kv.Value
	}
	slices.Sort(keys)
	return keys, vals, nil
}

// sqEq renders sq.Eq (or sq.NotEq): key = ? for a value, key IN (?) for a
// slice (every element a parameter, so one stands for all), key IS NULL for
// nil, AND-ed in key order; an empty map is (1=1).
func (r *resolver) sqEq(lit *ast.CompositeLit, not bool) ([]string, *unresolvedError) {
	keys, vals, err := r.sqKeys(lit)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return []string{"(1=1)"}, nil
	}
	eq, in, null := "=", "IN", "IS"
	if not {
		eq, in, null = "<>", "NOT IN", "IS NOT"
	}
	exprs := make([]string, len(keys))
	for i, k := range keys {
		tv := r.c.pass.TypesInfo.Types[vals[k]]
		switch {
		case tv.IsNil():
			exprs[i] = k + " " + null + " NULL"
		case sqList(tv.Type):
			exprs[i] = k + " " + in + " (?)"
		default:
			exprs[i] = k + " " + eq + " ?"
		}
	}
	return []string{strings.Join(exprs, " AND ")}, nil
}

// sqList reports a slice or array other than []byte, which squirrel
// expands to a list of parameters.
func sqList(t types.Type) bool {
	if t == nil || isByteSlice(t) {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Array:
		return true
	}
	return false
}

// sqCompare renders sq.Lt and its kin, and sq.Like and its kin: key op ?,
// AND-ed in key order.
func (r *resolver) sqCompare(lit *ast.CompositeLit, op string) ([]string, *unresolvedError) {
	keys, _, err := r.sqKeys(lit)
	if err != nil {
		return nil, err
	}
	exprs := make([]string, len(keys))
	for i, k := range keys {
		exprs[i] = k + " " + op + " ?"
	}
	return []string{strings.Join(exprs, " AND ")}, nil
}

// sqConj renders sq.And and sq.Or: the non-empty conditions, joined and
// parenthesized, so that an OR stays one conjunct of the WHERE.
func (r *resolver) sqConj(lit *ast.CompositeLit, sep, empty string) ([]string, *unresolvedError) {
	if len(lit.Elts) == 0 {
		return []string{empty}, nil
	}
	alts := [][]string{nil}
	for _, elt := range lit.Elts {
		vals, err := r.sqPred(elt)
		if err != nil {
			return nil, err
		}
		if len(alts)*len(vals) > maxValues {
			return nil, r.fail("more than %d possible values", maxValues)
		}
		var next [][]string
		for _, a := range alts {
			for _, v := range vals {
				if v == "" {
					next = append(next, a)
					continue
				}
				next = append(next, append(slices.Clip(a), v))
			}
		}
		alts = next
	}
	out := make([]string, 0, len(alts))
	for _, a := range alts {
		if len(a) == 0 {
			out = append(out, "")
			continue
		}
		out = append(out, "("+strings.Join(a, sep)+")")
	}
	return out, nil
}

// sqValue renders a value of Set, SetMap or Values: ? for a Go value, the
// SQL of sq.Expr or of a SELECT builder (parenthesized when paren).
func (r *resolver) sqValue(e ast.Expr, paren bool) ([]string, *unresolvedError) {
	t := r.c.pass.TypesInfo.TypeOf(e)
	if !sqlizer(t) {
		return []string{"?"}, nil
	}
	vals, err := r.sqPred(e)
	if err != nil || !paren || squirrelType(t) != "SelectBuilder" {
		return vals, err
	}
	for i, v := range vals {
		vals[i] = "(" + v + ")"
	}
	return vals, nil
}

// sqSet renders UpdateBuilder.Set(column, value).
func (r *resolver) sqSet(args []ast.Expr) ([]sqEdit, *unresolvedError) {
	cols, err := r.sqTexts(args[0])
	if err != nil {
		return nil, err
	}
	vals, err := r.sqValue(args[1], true)
	if err != nil {
		return nil, err
	}
	var out []sqEdit
	for _, c := range cols {
		for _, v := range vals {
			out = append(out, func(s *sqStmt) { s.set = append(slices.Clip(s.set), c+" = "+v) })
		}
	}
	return out, nil
}

// sqSetMap renders SetMap of a map literal: SET clauses of an UPDATE, or
// the columns and one row of an INSERT, in key order.
func (r *resolver) sqSetMap(e ast.Expr) ([]sqEdit, *unresolvedError) {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil, r.fail("the map %s, which is not a literal", shorten(types.ExprString(e)))
	}
	keys, vals, err := r.sqKeys(lit)
	if err != nil {
		return nil, err
	}
	exprs := make([]ast.Expr, len(keys))
	for i, k := range keys {
		exprs[i] = vals[k]
	}
	rows, err := r.sqRows(exprs, true)
	if err != nil {
		return nil, err
	}
	out := make([]sqEdit, 0, len(rows))
	for _, row := range rows {
		out = append(out, func(s *sqStmt) {
			if s.kind == sqInsert {
				s.columns = slices.Clone(keys)
				s.values = []string{"(" + strings.Join(row, ",") + ")"}
				return
			}
			for i, k := range keys {
				s.set = append(slices.Clip(s.set), k+" = "+row[i])
			}
		})
	}
	return out, nil
}

// sqValues renders InsertBuilder.Values: one row of ? and SQL values.
func (r *resolver) sqValues(args []ast.Expr, spread bool) ([]sqEdit, *unresolvedError) {
	if spread {
		return nil, r.fail("a spread list of values")
	}
	rows, err := r.sqRows(args, false)
	if err != nil {
		return nil, err
	}
	out := make([]sqEdit, 0, len(rows))
	for _, row := range rows {
		out = append(out, func(s *sqStmt) { s.values = append(slices.Clip(s.values), "("+strings.Join(row, ",")+")") })
	}
	return out, nil
}

// sqRows renders values with sqValue (paren as there) and returns every
// combination of their possible renderings, one row each: SetMap and
// Values share it.
func (r *resolver) sqRows(values []ast.Expr, paren bool) ([][]string, *unresolvedError) {
	rows := [][]string{nil}
	for _, a := range values {
		vs, err := r.sqValue(a, paren)
		if err != nil {
			return nil, err
		}
		var next [][]string
		for _, row := range rows {
			for _, v := range vs {
				next = append(next, append(slices.Clip(row), v))
			}
		}
		rows = next
	}
	return rows, nil
}

// sqSubquery resolves a SelectBuilder argument to its SQL with ?, for set.
func (r *resolver) sqSubquery(e ast.Expr, set func(*sqStmt, string)) ([]sqEdit, *unresolvedError) {
	qs, err := r.sqRaw(e)
	if err != nil {
		return nil, err
	}
	out := make([]sqEdit, 0, len(qs))
	for _, q := range qs {
		out = append(out, func(s *sqStmt) { set(s, q) })
	}
	return out, nil
}

// sqFromSelect renders FromSelect(sub, alias): (sub) AS alias.
func (r *resolver) sqFromSelect(args []ast.Expr) ([]sqEdit, *unresolvedError) {
	aliases, err := r.sqTexts(args[1])
	if err != nil {
		return nil, err
	}
	qs, err := r.sqRaw(args[0])
	if err != nil {
		return nil, err
	}
	if len(qs)*len(aliases) > maxValues {
		return nil, r.fail("more than %d possible values", maxValues)
	}
	var out []sqEdit
	for _, q := range qs {
		for _, a := range aliases {
			from := "(" + q + ") AS " + a
			out = append(out, func(s *sqStmt) {
				if s.kind == sqUpdate {
					s.from = from
					return
				}
				s.table = from
			})
		}
	}
	return out, nil
}

// sqRaw resolves a builder expression to the SQL of each statement it can
// hold, with ? placeholders, as squirrel nests a builder in another.
func (r *resolver) sqRaw(e ast.Expr) ([]string, *unresolvedError) {
	vals, err := r.eval(e)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, v := range vals {
		if v.sq == nil {
			return nil, r.fail("the builder %s", shorten(types.ExprString(e)))
		}
		q, why := v.sq.raw()
		if why != "" {
			return nil, r.fail("%s", why)
		}
		out = append(out, q)
	}
	return out, nil
}

// squirrelSQL renders builder values to the texts squirrel sends. A
// statement squirrel refuses to render (an UPDATE with no Set, a SELECT
// with no column) is never sent and is left out; a builder none of whose
// statements renders is unresolved, with squirrel's reason.
func (r *resolver) squirrelSQL(vals []value) ([]value, *unresolvedError) {
	out := make([]value, 0, len(vals))
	why := "a squirrel builder that is never set"
	for _, v := range vals {
		if v.sq == nil {
			continue
		}
		q, reason := v.sq.raw()
		if reason != "" {
			why = reason
			continue
		}
		nv := value{origin: v.origin, guards: v.guards}
		if v.sq.dollar {
			q = sqDollar(q)
		} else {
			nv.placeholders = Question
		}
		nv.parts = literal(q)
		out = append(out, nv)
	}
	if len(out) == 0 {
		return nil, r.fail("%s", why)
	}
	return out, nil
}

// sqDollar numbers the ? of a statement $1, $2, ... as squirrel's Dollar
// format does: every ?, quoted or not, and ?? stands for a literal ?.
func sqDollar(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		switch {
		case q[i] != '?':
			b.WriteByte(q[i])
		case i+1 < len(q) && q[i+1] == '?':
			b.WriteByte('?')
			i++
		default:
			n++
			fmt.Fprintf(&b, "$%d", n)
		}
	}
	return b.String()
}

// isSquirrelToSQL reports ToSql or MustSql of a builder, whose first result
// is the SQL squirrel renders.
func isSquirrelToSQL(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && isSquirrelBuilder(sig.Recv().Type()) && (fn.Name() == "ToSql" || fn.Name() == "MustSql")
}

// squirrelReturn resolves result idx of `return b.ToSql()` in a function
// whose results are ToSql's (func list() (string, []any, error)): result 0
// is the SQL the builder renders, as in the local q, args, err :=
// b.ToSql(). ok is false for any other return.
func (r *resolver) squirrelReturn(e ast.Expr, idx int) ([]value, *unresolvedError, bool) {
	info := r.c.pass.TypesInfo
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || idx != 0 {
		return nil, nil, false
	}
	if fn, ok := typeutil.Callee(info, call).(*types.Func); !ok || !isSquirrelToSQL(fn) {
		return nil, nil, false
	}
	recv, _ := methodCall(info, call)
	if recv == nil {
		return nil, nil, false
	}
	vals, err := r.eval(recv)
	if err != nil {
		return nil, err, true
	}
	vals, err = r.squirrelSQL(vals)
	return vals, err, true
}

// squirrelTuple resolves the query result of ToSql or MustSql on a
// builder, read with the state s of the variable being walked.
func (f *flow) squirrelTuple(call *ast.CallExpr, fn *types.Func, i int, s flowState) ([]value, *unresolvedError, bool) {
	if i != 0 || !isSquirrelToSQL(fn) {
		return nil, nil, false
	}
	recv, _ := methodCall(f.r.c.pass.TypesInfo, call)
	if recv == nil {
		return nil, f.r.fail("the result of %s", funcName(fn)), true
	}
	vals, err := f.eval(recv, s)
	if err != nil {
		return nil, err, true
	}
	var out []value
	f.with(s, func() { out, err = f.r.squirrelSQL(vals) })
	return out, err, true
}

// raw renders the statement with ? placeholders as squirrel's ToSql does
// before it numbers them; why says why squirrel refuses it, "" when it
// renders.
func (s *sqStmt) raw() (sql, why string) {
	var b strings.Builder
	list := func(lead string, parts []string, sep string) {
		if len(parts) > 0 {
			b.WriteString(lead)
			b.WriteString(strings.Join(parts, sep))
		}
	}
	if len(s.prefixes) > 0 {
		b.WriteString(strings.Join(s.prefixes, " "))
		b.WriteString(" ")
	}
	switch s.kind {
	case sqBase:
		return "", "a squirrel StatementBuilder that starts no statement"
	case sqSelect:
		if len(s.columns) == 0 {
			return "", "a squirrel SELECT with no column, which squirrel refuses"
		}
		b.WriteString("SELECT ")
		if len(s.options) > 0 {
			b.WriteString(strings.Join(s.options, " ") + " ")
		}
		b.WriteString(strings.Join(s.columns, ", "))
		list(" FROM ", sliceOf(s.table), "")
		list(" ", s.joins, " ")
		list(" WHERE ", s.where, " AND ")
		list(" GROUP BY ", s.groupBy, ", ")
		list(" HAVING ", s.having, " AND ")
		list(" ORDER BY ", s.orderBy, ", ")
	case sqInsert:
		if s.table == "" || (len(s.values) == 0 && s.insertSelect == "") {
			return "", "a squirrel INSERT with no table or no values, which squirrel refuses"
		}
		b.WriteString(s.keyword + " ")
		if len(s.options) > 0 {
			b.WriteString(strings.Join(s.options, " ") + " ")
		}
		b.WriteString("INTO " + s.table + " ")
		if len(s.columns) > 0 {
			b.WriteString("(" + strings.Join(s.columns, ",") + ") ")
		}
		if s.insertSelect != "" {
			b.WriteString(s.insertSelect)
		} else {
			b.WriteString("VALUES " + strings.Join(s.values, ","))
		}
		list(" ", s.suffixes, " ")
		return b.String(), ""
	case sqUpdate:
		if s.table == "" || len(s.set) == 0 {
			return "", "a squirrel UPDATE with no table or no Set, which squirrel refuses"
		}
		b.WriteString("UPDATE " + s.table + " SET " + strings.Join(s.set, ", "))
		list(" FROM ", sliceOf(s.from), "")
		list(" WHERE ", s.where, " AND ")
		list(" ORDER BY ", s.orderBy, ", ")
	case sqDelete:
		if s.table == "" {
			return "", "a squirrel DELETE with no table, which squirrel refuses"
		}
		b.WriteString("DELETE FROM " + s.table)
		list(" WHERE ", s.where, " AND ")
		list(" ORDER BY ", s.orderBy, ", ")
	}
	list(" LIMIT ", sliceOf(s.limit), "")
	list(" OFFSET ", sliceOf(s.offset), "")
	list(" ", s.suffixes, " ")
	return b.String(), ""
}

// sliceOf is the one-element list of a set clause, none when unset.
func sliceOf(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
