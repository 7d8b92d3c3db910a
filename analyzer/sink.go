package analyzer

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// shapeMethods are the interface method names that make any interface a sink
// when their parameters are an optional context.Context, a destination
// (for the sqlx-style Get and Select only), the SQL string and ...any: that
// is how sqlc's DBTX and hand-written DB interfaces (sqlx-shaped ones
// included) are caught without configuration. The value says whether the
// method takes a destination.
var shapeMethods = map[string]bool{
	"Query": false, "QueryRow": false, "Exec": false,
	"QueryContext": false, "QueryRowContext": false, "ExecContext": false,
	"Queryx": false, "QueryRowx": false, "QueryxContext": false, "QueryRowxContext": false,
	"MustExec": false, "MustExecContext": false,
	"Get": true, "Select": true, "GetContext": true, "SelectContext": true,
}

// sinkOf returns the sink spec of fn when fn is a built-in, configured or
// interface-shaped sink.
func (c *checker) sinkOf(fn *types.Func) (sinkSpec, bool) {
	full := fn.FullName()
	if s, ok := sinkIndex[full]; ok {
		return s, true
	}
	if s, ok := c.configSinks[full]; ok {
		return s, true
	}
	if _, ok := ormRunIndex[full]; ok || squirrelRunner(fn) {
		return sinkSpec{fn: full, arg: recvArg}, true
	}
	if isCopyFrom(fn) {
		// An interface's CopyFrom of pgx's shape, as sqlc's DBTX: the
		// table name is the SQL argument (resolve_copy.go).
		return sinkSpec{fn: full, arg: 1}, true
	}
	arg, ok := shapeArg(fn)
	return sinkSpec{fn: full, arg: arg}, ok
}

// shapeArg reports the SQL argument of an interface method shaped like a
// query method: Query(ctx context.Context, sql string, args ...any), or
// GetContext(ctx context.Context, dest any, sql string, args ...any).
func shapeArg(fn *types.Func) (int, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !sig.Variadic() || !types.IsInterface(sig.Recv().Type()) {
		return 0, false
	}
	dest, ok := shapeMethods[fn.Name()]
	if !ok {
		return 0, false
	}
	params := sig.Params()
	last, ok := params.At(params.Len() - 1).Type().(*types.Slice)
	if !ok || !isEmptyInterface(last.Elem()) {
		return 0, false
	}
	i := 0
	if i < params.Len()-1 && isContext(params.At(i).Type()) {
		i++
	}
	if dest {
		if i >= params.Len()-1 || !isEmptyInterface(params.At(i).Type()) {
			return 0, false
		}
		i++
	}
	if i != params.Len()-2 || !isString(params.At(i).Type()) {
		return 0, false
	}
	return i, true
}

func isEmptyInterface(t types.Type) bool {
	iface, ok := t.Underlying().(*types.Interface)
	return ok && iface.NumMethods() == 0
}

func isContext(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "context" && named.Obj().Name() == "Context"
}

// isString reports whether t is a string type, named or not.
func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// isStringSlice reports whether t is a slice of a string type.
func isStringSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	return ok && isString(s.Elem())
}

// isByteSlice reports whether t is []byte.
func isByteSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// sinkPackage returns the package path of a types.Func.FullName such as
// "(*example.com/db.Client).Query" or "example.com/db.Run".
func sinkPackage(full string) string {
	full = strings.TrimPrefix(strings.TrimPrefix(full, "("), "*")
	if i := strings.Index(full, ")"); i >= 0 {
		full = full[:i]
	}
	slash := strings.LastIndex(full, "/")
	if dot := strings.Index(full[slash+1:], "."); dot >= 0 {
		return full[:slash+1+dot]
	}
	return full
}

// site is a call that sends SQL: a sink or a wrapper of one.
type site struct {
	call *ast.CallExpr
	// fn is the function called, and name its name for messages.
	fn   *types.Func
	name string
	// uses say how the call's arguments become SQL: one use per SQL string
	// the call sends.
	uses []wrapperUse
	// unbounded is set for a wrapper whose SQL cannot be enumerated.
	unbounded bool
	// shift is 1 when the call is a method expression, (*T).M(recv, ...),
	// whose arguments start with the receiver.
	shift int
	// placeholders is how the call's SQL writes bind parameters, rewritten
	// to $n before the check.
	placeholders Placeholders
	// bindArgs is the index of the parameter that takes the first bind
	// argument (the variadic args of a sink), -1 when unknown.
	bindArgs int
	// recv is the receiver of a sink whose SQL is its receiver (a squirrel
	// builder's Exec): the call's only SQL argument, parameter 0.
	recv ast.Expr
	// orm is set for a run of ormRuns, whose SQL tenantcheck does not
	// model.
	orm *ormUse
	// columns is the column list of a CopyFrom, whose SQL argument is the
	// table name: together they render the INSERT the rows amount to
	// (resolve_copy.go).
	columns ast.Expr
}

// siteOf returns the sink or wrapper that call invokes, if any. wrappers
// holds this package's wrappers found so far; imported ones come from facts.
func (c *checker) siteOf(call *ast.CallExpr, wrappers map[*types.Func]*wrapperFact) (site, bool) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return site{}, false
	}
	ce := c.calleeOf(fn)
	s := site{call: call, fn: fn, name: ce.name, shift: callShift(c.pass.TypesInfo, call)}
	if spec, ok := ce.spec, ce.sink; ok && spec.arg == recvArg {
		// A squirrel builder or an ORM's query runs itself: its
		// receiver is the SQL, and its arguments are inside the chain.
		s.recv, _ = methodCall(c.pass.TypesInfo, call)
		s.uses = []wrapperUse{{Templates: []template{{Parts: []part{{Param: 0}}}}}}
		s.bindArgs = -1
		if run, ok := ormRunIndex[fn.Origin().FullName()]; ok && s.recv != nil {
			// An ORM's run: its SQL is never resolved (orm.go).
			return s, c.ormSite(&s, run.lib)
		}
		return s, s.recv != nil
	}
	if spec, ok := ce.spec, ce.sink; ok {
		s.uses = []wrapperUse{{Templates: []template{{Parts: []part{{Param: spec.arg}}}}}}
		s.placeholders = spec.placeholders | c.namedArgs(s.arg(spec.arg+1))
		s.bindArgs = spec.arg + 1
		if a := s.arg(spec.arg); a != nil && isSquirrelBuilder(c.pass.TypesInfo.TypeOf(a)) {
			// sq.QueryWith(db, b): the arguments are inside the builder.
			s.bindArgs = -1
		}
		if ce.copy {
			// The column list follows the table name; the values are
			// inside the row source, not arguments.
			s.columns = s.arg(spec.arg + 1)
			s.bindArgs = -1
		}
		return s, true
	}
	if w := wrappers[fn]; w != nil {
		s.uses, s.unbounded = w.Uses, w.Unbounded
		s.placeholders = c.forwardedNamedArgs(call)
		s.bindArgs = w.BindArgs - 1
		return s, true
	}
	var w wrapperFact
	if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &w) {
		s.uses, s.unbounded = w.Uses, w.Unbounded
		s.placeholders = c.forwardedNamedArgs(call)
		s.bindArgs = w.BindArgs - 1
		return s, true
	}
	return site{}, false
}

// callee is what siteOf needs of a function whatever the call: its name for
// messages and its sink spec.
type callee struct {
	name string
	spec sinkSpec
	sink bool
	// copy is set for a CopyFrom of pgx's shape.
	copy bool
}

// calleeOf returns fn's callee, computed once per function and pass: a
// package calls the same few functions many times.
func (c *checker) calleeOf(fn *types.Func) callee {
	if ce, ok := c.callees[fn]; ok {
		return ce
	}
	if c.callees == nil {
		c.callees = make(map[*types.Func]callee)
	}
	ce := callee{name: funcName(fn)}
	ce.spec, ce.sink = c.sinkOf(fn)
	ce.copy = ce.sink && isCopyFrom(fn)
	c.callees[fn] = ce
	return ce
}

// funcName names fn for messages the way Go code spells it, with package
// names instead of paths: "(*pgxpool.Pool).Query", "store.exec".
func funcName(fn *types.Func) string {
	qualifier := func(p *types.Package) string { return p.Name() }
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), qualifier) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}
