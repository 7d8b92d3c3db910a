package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// originKind says where a traced value comes from.
type originKind int

const (
	// fromRequest is request input: *http.Request's URL, form, path values,
	// headers, cookies and body, a connect-go or gRPC request message.
	fromRequest originKind = iota + 1
	// fromTenant is a configured tenant source.
	fromTenant
	// fromUnknown is neither: a package variable, a call tenantcheck does
	// not follow.
	fromUnknown
	// fromDatabase is a value a query read (Scan, pgx.CollectRows): the
	// query that read it is checked for scope itself, so it is the
	// tenant's.
	fromDatabase
)

// origin is one place a traced value comes from.
type origin struct {
	kind originKind
	// desc is the Go expression of the source, as written.
	desc string
	pos  token.Pos
	// note follows the position in the message.
	note string
	// partial is set while desc names a part of the request (r.Header)
	// that an accessor around it (Get("X-Account")) names better.
	partial bool
	// call and arg are where the value enters a function of the package
	// that binds it, when the trace went up through a caller: the finding
	// is reported there, nearest its source.
	call *ast.CallExpr
	arg  ast.Expr
}

// tracer follows values backwards through the SSA form of one package.
type tracer struct {
	c   *checker
	pkg *ssa.Package
	// sources are the configured tenant sources by full name.
	sources map[string]bool
	// callAt finds the syntax of a call by the position of its '('.
	callAt map[token.Pos]*ast.CallExpr
	// callers are the static call sites of each function of the package.
	callers map[*ssa.Function][]ssa.CallInstruction
	// dynamic are the calls through function values; asValue the
	// functions used as values, whose callers are among them.
	dynamic []ssa.CallInstruction
	asValue map[*ssa.Function]bool
	// table and column name the key of the value being traced.
	table, column string
	// probing is set while tracing the other side of a comparison, which
	// must not record key parameters.
	probing bool
	// elemBinds maps the parameters of a function whose returned slice
	// is being read to the call's arguments.
	elemBinds map[*ssa.Parameter]ssa.Value
	// budget bounds the steps of one trace.
	budget int
	onPath map[ssa.Value]bool
}

// maxTraceSteps bounds one trace: beyond it the rest is unknown.
const maxTraceSteps = 4000

// frame is a call the trace entered to follow a function's result: a
// parameter of that function maps back to the call's argument.
type frame struct {
	call   ssa.CallInstruction
	callee *ssa.Function
}

// buildSSA builds the package's SSA form. Imported packages are created
// from their types only, as buildssa does; the pass runs it only in
// packages that bind tenant keys.
func (c *checker) buildSSA() *tracer {
	prog := ssa.NewProgram(c.pass.Fset, 0)
	for _, p := range c.pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(c.pass.Pkg, c.pass.Files, c.pass.TypesInfo, false)
	pkg.Build()
	t := &tracer{c: c, pkg: pkg, sources: make(map[string]bool), callAt: make(map[token.Pos]*ast.CallExpr),
		callers: make(map[*ssa.Function][]ssa.CallInstruction),
		asValue: make(map[*ssa.Function]bool)}
	for _, s := range c.cfg.TenantSources {
		t.sources[s] = true
	}
	for _, ci := range c.calls {
		t.callAt[ci.call.Lparen] = ci.call
	}
	for _, fn := range t.functions() {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				t.index(instr)
			}
		}
	}
	return t
}

// index records the calls of instr and the functions it uses as values.
func (t *tracer) index(instr ssa.Instruction) {
	var skip ssa.Value
	if call, ok := instr.(ssa.CallInstruction); ok {
		common := call.Common()
		switch callee := common.StaticCallee(); {
		case callee != nil:
			if callee.Pkg == t.pkg || callee.Parent() != nil {
				t.callers[callee] = append(t.callers[callee], call)
			}
			if _, direct := common.Value.(*ssa.Function); direct {
				skip = common.Value
			}
		case !common.IsInvoke():
			t.dynamic = append(t.dynamic, call)
		}
	}
	for _, op := range instr.Operands(nil) {
		if fn, ok := (*op).(*ssa.Function); ok && *op != skip {
			t.asValue[fn] = true
		}
		if mc, ok := (*op).(*ssa.MakeClosure); ok {
			t.asValue[mc.Fn.(*ssa.Function)] = true
		}
	}
	if mc, ok := instr.(*ssa.MakeClosure); ok {
		t.asValue[mc.Fn.(*ssa.Function)] = true
	}
}

// callsOf returns the calls that can reach fn: its static calls, and, when
// fn is used as a value, every call through a function value of its
// signature.
func (t *tracer) callsOf(fn *ssa.Function) []ssa.CallInstruction {
	out := t.callers[fn]
	if !t.asValue[fn] {
		return out
	}
	for _, call := range t.dynamic {
		if sig, ok := call.Common().Value.Type().Underlying().(*types.Signature); ok && types.Identical(sig, fn.Signature) {
			out = append(out, call)
		}
	}
	return out
}

// functions lists the package's source functions with their literals.
func (t *tracer) functions() []*ssa.Function {
	var out []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		out = append(out, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range t.c.pass.Files {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if obj, ok := t.c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					if fn := t.pkg.Prog.FuncValue(obj); fn != nil {
						add(fn)
					}
				}
			}
		}
	}
	if init := t.pkg.Func("init"); init != nil {
		add(init)
	}
	return out
}

// argValues returns the SSA values the call passes as its argument e
// (several when e is packed into a variadic slice whose element it may
// be), and the call instruction, which the trace uses as its anchor. The
// SSA form has no debug information: an argument is found through the
// call's own operands, which is all a key use needs.
func (t *tracer) argValues(e ast.Expr, call *ast.CallExpr) ([]ssa.Value, ssa.Instruction) {
	file := t.fileOf(call.Pos())
	if file == nil {
		return nil, nil
	}
	path, _ := astutil.PathEnclosingInterval(file, call.Lparen, call.Lparen)
	fn := ssa.EnclosingFunction(t.pkg, path)
	if fn == nil {
		return nil, nil
	}
	var instr ssa.CallInstruction
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if ci, ok := in.(ssa.CallInstruction); ok && ci.Pos() == call.Lparen {
				instr = ci
			}
		}
	}
	sig, _ := t.c.pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature)
	idx := -1
	for i, a := range call.Args {
		if a == e {
			idx = i
		}
	}
	if instr == nil || sig == nil || idx < 0 {
		return nil, nil
	}
	args := instr.Common().Args
	packed := sig.Variadic() && !call.Ellipsis.IsValid()
	n := len(call.Args)
	if packed {
		n = sig.Params().Len()
	}
	offset := len(args) - n // the receiver of a static method call
	if offset < 0 {
		return nil, nil
	}
	if packed && idx >= n-1 {
		elems, ok := t.sliceElems(args[offset+n-1], 0)
		if !ok || idx-(n-1) >= len(elems) {
			return nil, instr
		}
		return elems[idx-(n-1)], instr
	}
	return []ssa.Value{args[offset+idx]}, instr
}

func (t *tracer) fileOf(pos token.Pos) *ast.File {
	for _, f := range t.c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// origins returns where the value selected from v comes from, as it stands
// at anchor (an equality check against a tenant source dominating anchor
// makes a request value safe).
func (t *tracer) origins(v ssa.Value, sel selector, anchor ssa.Instruction) []origin {
	t.budget = maxTraceSteps
	t.onPath = make(map[ssa.Value]bool)
	if sel == (selector{}) {
		return t.trace(v, anchor, nil)
	}
	if sel.field > 0 {
		return t.traceAt(v, sel.field-1, anchor, nil)
	}
	var out []origin
	for _, e := range t.selectFrom(v, sel, anchor) {
		out = append(out, t.trace(e, anchor, nil)...)
	}
	return out
}

// selectFrom returns the values an element, map entry or struct field of
// v can hold; v itself when they cannot be told apart (a slice built
// elsewhere, a struct decoded from a body).
func (t *tracer) selectFrom(v ssa.Value, sel selector, anchor ssa.Instruction) []ssa.Value {
	v = underInterface(v)
	if sel.slice {
		if elems, ok := t.sliceElems(v, 0); ok {
			if sel.elem < len(elems) {
				return elems[sel.elem]
			}
			return nil
		}
		if p, ok := v.(*ssa.Parameter); ok && len(t.callsOf(p.Parent())) > 0 && p.Parent().Parent() == nil && depthOK(t) {
			// A slice parameter of a function of the package (func
			// topEngineers(ctx, tx, args []any)): the element of
			// each caller's argument.
			var out []ssa.Value
			idx := ssaParamIndex(p)
			t.budget -= 100
			for _, call := range t.callsOf(p.Parent()) {
				if args := call.Common().Args; idx < len(args) {
					out = append(out, t.selectFrom(args[idx], sel, call)...)
				}
			}
			return out
		}
		return []ssa.Value{v}
	}
	if vals := t.entries(v, sel.key); len(vals) > 0 {
		return vals
	}
	return []ssa.Value{v}
}

// depthOK bounds the callers selectFrom climbs through, by the trace's
// budget.
func depthOK(t *tracer) bool { return t.budget > 0 }

// underInterface strips conversions to an interface and pointer loads of
// a composite literal: pgx.NamedArgs{...} as any.
func underInterface(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		default:
			return v
		}
	}
}

// sliceElems returns, for each index of the slice v, the values stored
// there: a slice literal, append calls and the branches that join them.
func (t *tracer) sliceElems(v ssa.Value, depth int) ([][]ssa.Value, bool) {
	if depth > 16 {
		return nil, false
	}
	switch x := v.(type) {
	case *ssa.Const:
		return nil, x.IsNil()
	case *ssa.Parameter:
		if arg := t.elemBinds[x]; arg != nil {
			return t.sliceElems(arg, depth+1)
		}
	case *ssa.UnOp:
		// A slice variable assigned once, possibly captured by a
		// function literal: args := w.args(...); func(tx) { ... args ... }.
		addr := x.X
		if fv, ok := addr.(*ssa.FreeVar); ok {
			addr = boundTo(fv)
		}
		if a, ok := addr.(*ssa.Alloc); ok && x.Op == token.MUL {
			if st := storesTo(a); len(st) == 1 {
				return t.sliceElems(st[0], depth+1)
			}
		}
	case *ssa.Slice:
		alloc, ok := x.X.(*ssa.Alloc)
		if !ok || x.Low != nil || x.High != nil {
			return nil, false
		}
		arr, ok := alloc.Type().(*types.Pointer).Elem().Underlying().(*types.Array)
		if !ok {
			return nil, false
		}
		elems := make([][]ssa.Value, arr.Len())
		for _, ref := range *alloc.Referrers() {
			ia, ok := ref.(*ssa.IndexAddr)
			if !ok {
				continue
			}
			idx, ok := ia.Index.(*ssa.Const)
			if !ok {
				return nil, false
			}
			i, _ := constant.Int64Val(idx.Value)
			for _, st := range storesTo(ia) {
				if int(i) < len(elems) {
					elems[i] = append(elems[i], underInterface(st))
				}
			}
		}
		return elems, true
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(x.Call.Args) == 2 {
			base, ok1 := t.sliceElems(x.Call.Args[0], depth+1)
			more, ok2 := t.sliceElems(x.Call.Args[1], depth+1)
			return append(base, more...), ok1 && ok2
		}
		return t.returnedElems(x, depth)
	case *ssa.Phi:
		var out [][]ssa.Value
		for _, e := range x.Edges {
			if e == x {
				continue
			}
			elems, ok := t.sliceElems(e, depth+1)
			if !ok {
				return nil, false
			}
			for len(out) < len(elems) {
				out = append(out, nil)
			}
			for i := range elems {
				out[i] = append(out[i], elems[i]...)
			}
		}
		return out, true
	}
	return nil, false
}

// returnedElems returns the elements of the slice a function of the
// package returns (func (w window) args(account uuid.UUID, key ...any)
// []any { return append([]any{account, w.spans}, key...) }): the
// function's parameters among them are the call's arguments.
func (t *tracer) returnedElems(call *ssa.Call, depth int) ([][]ssa.Value, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg != t.pkg || len(callee.Blocks) == 0 {
		return nil, false
	}
	saved := t.elemBinds
	t.elemBinds = make(map[*ssa.Parameter]ssa.Value, len(callee.Params))
	defer func() { t.elemBinds = saved }()
	for i, p := range callee.Params {
		if i < len(call.Call.Args) {
			t.elemBinds[p] = call.Call.Args[i]
		}
	}
	bind := func(v ssa.Value) ssa.Value {
		if p, ok := spilled(v).(*ssa.Parameter); ok && t.elemBinds[p] != nil {
			return t.elemBinds[p]
		}
		return v
	}
	var out [][]ssa.Value
	found := false
	for _, b := range callee.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		elems, ok := t.sliceElems(bind(ret.Results[0]), depth+1)
		if !ok {
			return nil, false
		}
		found = true
		for len(out) < len(elems) {
			out = append(out, nil)
		}
		for i, vs := range elems {
			for _, v := range vs {
				out[i] = append(out[i], bind(v))
			}
		}
	}
	return out, found
}

// spilled returns the parameter a load reads when its variable holds only
// that parameter (an array-typed parameter copied to the stack), else v.
func spilled(v ssa.Value) ssa.Value {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		if a, ok := u.X.(*ssa.Alloc); ok {
			if st := storesTo(a); len(st) == 1 {
				if p, ok := st[0].(*ssa.Parameter); ok {
					return p
				}
			}
		}
	}
	return v
}

// boundTo returns what the one closure of fv's function binds to fv, nil
// when the function is made in several places.
func boundTo(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	var bound ssa.Value
	n := 0
	if fn.Parent() == nil || idx < 0 {
		return nil
	}
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				bound, n = mc.Bindings[idx], n+1
			}
		}
	}
	if n != 1 {
		return nil
	}
	return bound
}

// storesTo returns the values stored to addr.
func storesTo(addr ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, ref := range referrers(addr) {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st.Val)
		}
	}
	return out
}

// entries returns the values put under key in a map literal
// (pgx.NamedArgs{"account_id": id}), or stored to the field sqlx binds to
// key in a struct (a composite literal, or a variable whose fields are
// assigned).
func (t *tracer) entries(v ssa.Value, key string) []ssa.Value {
	var out []ssa.Value
	switch x := v.(type) {
	case *ssa.MakeMap:
		for _, ref := range *x.Referrers() {
			if mu, ok := ref.(*ssa.MapUpdate); ok {
				if k, ok := underInterface(mu.Key).(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.String && constant.StringVal(k.Value) == key {
					out = append(out, underInterface(mu.Value))
				}
			}
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return t.entries(x.X, key)
		}
	case *ssa.Alloc:
		st, ok := x.Type().(*types.Pointer).Elem().Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		for i := 0; i < st.NumFields(); i++ {
			if dbName(st.Field(i), st.Tag(i)) != key {
				continue
			}
			for _, ref := range *x.Referrers() {
				if fa, ok := ref.(*ssa.FieldAddr); ok && fa.Field == i {
					out = append(out, storesTo(fa)...)
				}
			}
		}
	}
	return out
}

// trace returns the origins of v. stack holds the calls entered to follow
// results, innermost last.
func (t *tracer) trace(v ssa.Value, anchor ssa.Instruction, stack []frame) []origin {
	if v == nil || t.onPath[v] {
		return nil
	}
	t.budget--
	if t.budget < 0 {
		return []origin{{kind: fromUnknown, desc: "a value tenantcheck stopped following", pos: v.Pos()}}
	}
	if anchor != nil && t.guarded(v, anchor) {
		return nil
	}
	t.onPath[v] = true
	defer delete(t.onPath, v)
	if from := convertedFrom(v); from != nil {
		return t.trace(from, anchor, stack)
	}
	switch x := v.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Builtin, *ssa.MakeSlice, *ssa.MakeChan:
		// An empty container: its elements come through append and
		// stores, which are traced where they are read.
		return nil
	case *ssa.MakeMap:
		var out []origin
		for _, ref := range referrers(x) {
			if mu, ok := ref.(*ssa.MapUpdate); ok && mu.Map == x {
				out = append(out, t.trace(mu.Key, anchor, stack)...)
				out = append(out, t.trace(mu.Value, anchor, stack)...)
			}
		}
		return out
	case *ssa.Range:
		return t.trace(x.X, anchor, stack)
	case *ssa.Next:
		return t.trace(x.Iter, anchor, stack)
	case *ssa.Global:
		return []origin{{kind: fromUnknown, desc: "package variable " + x.Name(), pos: x.Pos()}}
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			return t.call(call, x.Index, anchor, stack)
		}
		return t.trace(x.Tuple, anchor, stack)
	case *ssa.BinOp:
		return append(t.trace(x.X, anchor, stack), t.trace(x.Y, anchor, stack)...)
	case *ssa.Phi:
		var out []origin
		for _, e := range x.Edges {
			out = append(out, t.trace(e, anchor, stack)...)
		}
		return out
	case *ssa.Call:
		return t.call(x, 0, anchor, stack)
	case *ssa.Field:
		return t.field(x.X, x.X.Type(), x.Field, x.Pos(), anchor, stack)
	case *ssa.FieldAddr:
		return t.field(x.X, x.X.Type(), x.Field, x.Pos(), anchor, stack)
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return t.load(x.X, anchor, stack)
		}
		return t.trace(x.X, anchor, stack)
	case *ssa.Alloc:
		return t.alloc(x, -1, anchor, stack)
	case *ssa.FreeVar:
		return t.freeVar(x, stack)
	case *ssa.Parameter:
		return t.param(x, -1, stack)
	}
	return []origin{{kind: fromUnknown, desc: "a value tenantcheck does not follow", pos: v.Pos()}}
}

// convertedFrom returns the value a conversion, slice, index or map
// lookup v is made from, nil for other values.
func convertedFrom(v ssa.Value) ssa.Value {
	switch x := v.(type) {
	case *ssa.MakeInterface:
		return x.X
	case *ssa.ChangeType:
		return x.X
	case *ssa.Convert:
		return x.X
	case *ssa.ChangeInterface:
		return x.X
	case *ssa.TypeAssert:
		return x.X
	case *ssa.Slice:
		return x.X
	case *ssa.Index:
		return x.X
	case *ssa.IndexAddr:
		return x.X
	case *ssa.Lookup:
		return x.X
	}
	return nil
}

// load traces the value stored at addr: a field of a local struct is what
// was stored to that field (or decoded into the struct), a variable what
// was stored to it.
func (t *tracer) load(addr ssa.Value, anchor ssa.Instruction, stack []frame) []origin {
	if fa, ok := addr.(*ssa.FieldAddr); ok {
		if alloc, ok := fa.X.(*ssa.Alloc); ok && !t.isSourceField(fa.X.Type(), fa.Field) {
			return t.alloc(alloc, fa.Field, anchor, stack)
		}
	}
	return t.trace(addr, anchor, stack)
}

// alloc traces a local variable (or field of one, field >= 0): what is
// stored to it, and what a decoder, a query's Scan or a function of the
// package fills it with.
func (t *tracer) alloc(a *ssa.Alloc, field int, anchor ssa.Instruction, stack []frame) []origin {
	var out []origin
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr == a {
				// A whole-struct store (a parameter spilled to its
				// variable, a copy): the field of the stored value.
				out = append(out, t.traceAt(r.Val, field, anchor, stack)...)
			}
		case *ssa.IndexAddr:
			// An element of a local array: a slice literal, the
			// variadic arguments of append.
			for _, v := range storesTo(r) {
				out = append(out, t.trace(v, anchor, stack)...)
			}
		case *ssa.FieldAddr:
			if field < 0 || r.Field == field {
				for _, v := range storesTo(r) {
					out = append(out, t.trace(v, anchor, stack)...)
				}
				for _, fill := range fillers(r) {
					out = append(out, t.filled(fill.call, fill.arg, anchor, stack)...)
				}
			}
		}
	}
	for _, fill := range fillers(a) {
		out = append(out, t.filled(fill.call, fill.arg, anchor, stack)...)
	}
	return out
}

// filler is a call that receives an address as its argument arg.
type filler struct {
	call ssa.CallInstruction
	arg  ssa.Value
}

// fillers returns the calls addr is passed to: as an argument, converted
// to an interface, or as an element of a variadic ...any slice
// (row.Scan(&a.ID)).
func fillers(addr ssa.Value) []filler {
	var out []filler
	for _, ref := range referrers(addr) {
		switch r := ref.(type) {
		case ssa.CallInstruction:
			out = append(out, filler{r, addr})
		case *ssa.MakeInterface:
			for _, ref2 := range referrers(r) {
				switch r2 := ref2.(type) {
				case ssa.CallInstruction:
					out = append(out, filler{r2, r})
				case *ssa.Store:
					out = append(out, sliceFillers(r2.Addr)...)
				}
			}
		}
	}
	return out
}

// sliceFillers returns the calls that take the variadic slice whose element
// addr is.
func sliceFillers(addr ssa.Value) []filler {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	var out []filler
	for _, ref := range referrers(ia.X) {
		if sl, ok := ref.(*ssa.Slice); ok {
			for _, ref2 := range referrers(sl) {
				if call, ok := ref2.(ssa.CallInstruction); ok {
					out = append(out, filler{call, sl})
				}
			}
		}
	}
	return out
}

// filled returns the origins of what call writes through its argument
// addr: a JSON or XML decoder reading the request body, a query's Scan,
// or a function of the package that passes addr to one.
func (t *tracer) filled(call ssa.CallInstruction, addr ssa.Value, anchor ssa.Instruction, stack []frame) []origin {
	common := call.Common()
	fn := calleeFunc(common)
	if fn != nil && decoders[fn.FullName()] {
		var out []origin
		for _, arg := range common.Args {
			if arg != addr {
				out = append(out, t.trace(arg, anchor, stack)...)
			}
		}
		if common.IsInvoke() {
			out = append(out, t.trace(common.Value, anchor, stack)...)
		}
		return t.named(out, call)
	}
	if fn != nil && requestFillers[fn.FullName()] {
		return []origin{{kind: fromRequest, desc: t.callText(call), pos: call.Pos()}}
	}
	if fn != nil && isDriverFunc(fn) {
		return []origin{{kind: fromDatabase}}
	}
	callee := common.StaticCallee()
	if callee == nil || callee.Pkg != t.pkg || len(callee.Blocks) == 0 || len(stack) > 8 {
		return nil
	}
	for i, arg := range common.Args {
		if arg != addr || i >= len(callee.Params) {
			continue
		}
		var out []origin
		inner := append(stack, frame{call: call, callee: callee})
		p := callee.Params[i]
		for _, fill := range fillers(p) {
			out = append(out, t.filled(fill.call, fill.arg, fill.call, inner)...)
		}
		// Fields of the pointer filled or set in the callee:
		// row.Scan(&u.Account), u.Name = name.
		for _, ref := range referrers(p) {
			if fa, ok := ref.(*ssa.FieldAddr); ok {
				for _, fill := range fillers(fa) {
					out = append(out, t.filled(fill.call, fill.arg, fill.call, inner)...)
				}
				for _, v := range storesTo(fa) {
					out = append(out, t.trace(v, fa, inner)...)
				}
			}
		}
		return out
	}
	return nil
}

// isDriverFunc reports whether fn belongs to a database driver's package
// (database/sql, pgx, sqlx, ...): what it returns or scans was read by a
// query.
func isDriverFunc(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	for _, p := range sqlPackages {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// decoders fill their pointer argument from their receiver or their other
// argument.
var decoders = map[string]bool{
	"(*encoding/json.Decoder).Decode": true,
	"encoding/json.Unmarshal":         true,
	"(*encoding/xml.Decoder).Decode":  true,
	"encoding/xml.Unmarshal":          true,
}

// calleeFunc is the function a call statically names, an interface method
// included.
func calleeFunc(common *ssa.CallCommon) *types.Func {
	if common.IsInvoke() {
		return common.Method
	}
	if fn := common.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.Origin()
		}
	}
	return nil
}

// named replaces the description of partial request origins by the call
// that reads them: r.Header becomes r.Header.Get("X-Account").
func (t *tracer) named(out []origin, call ssa.CallInstruction) []origin {
	for i := range out {
		if out[i].kind == fromRequest && out[i].partial {
			if ce := t.callAt[call.Pos()]; ce != nil {
				out[i].desc, out[i].pos = types.ExprString(ce), ce.Pos()
			}
			out[i].partial = readers[calleeName(call.Common())]
		}
	}
	return out
}

func calleeName(common *ssa.CallCommon) string {
	if fn := calleeFunc(common); fn != nil {
		return fn.FullName()
	}
	return ""
}

// readers pass a part of the request on without naming the value read
// from it: the accessor or decoder around them does.
var readers = map[string]bool{
	"(*net/url.URL).Query": true, "encoding/json.NewDecoder": true, "encoding/xml.NewDecoder": true,
	"io.ReadAll": true, "io.LimitReader": true, "net/http.MaxBytesReader": true,
}

// requestMethods are the methods of *http.Request that return request
// input.
var requestMethods = map[string]bool{
	"PathValue": true, "FormValue": true, "PostFormValue": true, "Cookie": true, "Cookies": true,
	"Referer": true, "UserAgent": true, "BasicAuth": true, "FormFile": true, "MultipartReader": true,
}

// requestFuncs are the functions and methods of routers and web
// frameworks that return request input: path parameters, query values,
// form values, headers.
var requestFuncs = map[string]bool{
	"github.com/go-chi/chi/v5.URLParam": true, "github.com/go-chi/chi.URLParam": true,
	"github.com/go-chi/chi/v5.URLParamFromCtx": true, "github.com/go-chi/chi.URLParamFromCtx": true,
	"github.com/gorilla/mux.Vars":                      true,
	"(github.com/labstack/echo/v4.Context).Param":      true,
	"(github.com/labstack/echo/v4.Context).QueryParam": true,
	"(github.com/labstack/echo/v4.Context).FormValue":  true,
	"(*github.com/gin-gonic/gin.Context).Param":        true,
	"(*github.com/gin-gonic/gin.Context).Query":        true,
	"(*github.com/gin-gonic/gin.Context).DefaultQuery": true,
	"(*github.com/gin-gonic/gin.Context).PostForm":     true,
	"(*github.com/gin-gonic/gin.Context).GetHeader":    true,
}

// requestFillers fill their pointer argument from the request body.
var requestFillers = map[string]bool{
	"(github.com/labstack/echo/v4.Context).Bind":             true,
	"(*github.com/gin-gonic/gin.Context).Bind":               true,
	"(*github.com/gin-gonic/gin.Context).BindJSON":           true,
	"(*github.com/gin-gonic/gin.Context).ShouldBind":         true,
	"(*github.com/gin-gonic/gin.Context).ShouldBindJSON":     true,
	"(*github.com/gin-gonic/gin.Context).ShouldBindQuery":    true,
	"(*github.com/gin-gonic/gin.Context).ShouldBindUri":      true,
	"(*github.com/gin-gonic/gin.Context).ShouldBindBodyWith": true,
}

// requestFields are the fields of http.Request that hold request input.
var requestFields = map[string]bool{
	"URL": true, "Form": true, "PostForm": true, "MultipartForm": true, "Header": true, "Trailer": true,
	"Body": true, "Host": true, "RequestURI": true,
}

// passThrough are the functions whose result is their arguments' value in
// another form: conversions and accessors.
var passThrough = map[string]bool{
	"strconv.Atoi": true, "strconv.ParseInt": true, "strconv.ParseUint": true, "strconv.Unquote": true,
	"strings.TrimSpace": true, "strings.Trim": true, "strings.TrimPrefix": true, "strings.TrimSuffix": true,
	"strings.ToLower": true, "strings.ToUpper": true, "strings.Clone": true,
	"github.com/google/uuid.Parse": true, "github.com/google/uuid.MustParse": true, "github.com/google/uuid.ParseBytes": true,
	"github.com/google/uuid.FromBytes": true, "github.com/gofrs/uuid.FromString": true, "github.com/gofrs/uuid.FromStringOrNil": true,
	"github.com/gofrs/uuid.FromBytes": true, "github.com/gofrs/uuid/v5.FromString": true, "github.com/gofrs/uuid/v5.FromStringOrNil": true,
	"(net/url.Values).Get": true, "(*net/url.URL).Query": true, "net/url.ParseQuery": true,
	"net/url.QueryUnescape": true, "net/url.PathUnescape": true,
	"(net/http.Header).Get": true, "(net/http.Header).Values": true,
	"encoding/json.NewDecoder": true, "encoding/xml.NewDecoder": true, "io.ReadAll": true, "io.LimitReader": true,
	"net/http.MaxBytesReader": true,
}

// call traces result idx of call.
func (t *tracer) call(call *ssa.Call, idx int, anchor ssa.Instruction, stack []frame) []origin {
	common := call.Common()
	fn := calleeFunc(common)
	if fn != nil {
		name := fn.FullName()
		if t.sources[name] {
			return []origin{{kind: fromTenant, desc: name, pos: call.Pos()}}
		}
		if recv := recvNamed(fn); recv == "net/http.Request" && requestMethods[fn.Name()] || requestFuncs[name] {
			return []origin{{kind: fromRequest, desc: t.callText(call), pos: call.Pos()}}
		}
		if name == "net/http.MaxBytesReader" && len(common.Args) == 3 {
			return t.trace(common.Args[1], anchor, stack)
		}
		if passThrough[name] || fn.Name() == "String" || isProtoGetter(fn) {
			var out []origin
			if common.IsInvoke() {
				out = t.trace(common.Value, anchor, stack)
			}
			for _, arg := range common.Args {
				out = append(out, t.trace(arg, anchor, stack)...)
			}
			return t.named(out, call)
		}
	}
	if fn != nil && isDriverFunc(fn) {
		return []origin{{kind: fromDatabase}}
	}
	if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "append" {
		var out []origin
		for _, arg := range common.Args {
			out = append(out, t.trace(arg, anchor, stack)...)
		}
		return out
	}
	callee := common.StaticCallee()
	if callee != nil && callee.Pkg == t.pkg && len(callee.Blocks) > 0 && len(stack) < 8 {
		var out []origin
		inner := append(stack, frame{call: call, callee: callee})
		for _, b := range callee.Blocks {
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && idx < len(ret.Results) {
				out = append(out, t.trace(ret.Results[idx], ret, inner)...)
			}
		}
		return out
	}
	return []origin{{kind: fromUnknown, desc: "the result of " + t.callText(call), pos: call.Pos()}}
}

// callText is the source text of call, or its callee's name.
func (t *tracer) callText(call ssa.CallInstruction) string {
	if ce := t.callAt[call.Pos()]; ce != nil {
		return types.ExprString(ce)
	}
	return call.Common().Description()
}

// recvNamed returns "pkg/path.T" for a method of T or *T, "" otherwise.
func recvNamed(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	return namedOf(sig.Recv().Type())
}

// namedOf returns "pkg/path.T" for a named type T or *T.
func namedOf(t types.Type) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return ""
	}
	return named.Obj().Pkg().Path() + "." + named.Obj().Name()
}

// isProtoGetter reports whether fn is a generated getter of a protocol
// buffers message (GetAccountId on a type with ProtoReflect).
func isProtoGetter(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && strings.HasPrefix(fn.Name(), "Get") && sig.Params().Len() == 0 && isProtoMessage(sig.Recv().Type())
}

// isProtoMessage reports whether t is a generated protocol buffers message.
func isProtoMessage(t types.Type) bool {
	ms := types.NewMethodSet(t)
	if _, ok := t.(*types.Pointer); !ok {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	return ms.Lookup(nil, "ProtoReflect") != nil
}

// field traces field i of the struct that x (or *x) is.
func (t *tracer) field(x ssa.Value, typ types.Type, i int, pos token.Pos, anchor ssa.Instruction, stack []frame) []origin {
	st, ok := derefStruct(typ)
	if !ok {
		return t.trace(x, anchor, stack)
	}
	f := st.Field(i)
	if name := t.sourceFieldName(typ, f); name != "" {
		return []origin{{kind: fromTenant, desc: name, pos: pos}}
	}
	switch owner := namedOf(typ); {
	case owner == "net/http.Request" && requestFields[f.Name()]:
		return []origin{{kind: fromRequest, desc: "r." + f.Name(), pos: pos, partial: true}}
	case (owner == "connectrpc.com/connect.Request" || owner == "github.com/bufbuild/connect-go.Request") && f.Name() == "Msg":
		return []origin{{kind: fromRequest, desc: "the connect request message", pos: pos, partial: true}}
	}
	return t.traceAt(x, i, anchor, stack)
}

func derefStruct(typ types.Type) (*types.Struct, bool) {
	if p, ok := typ.Underlying().(*types.Pointer); ok {
		typ = p.Elem()
	}
	st, ok := typ.Underlying().(*types.Struct)
	return st, ok
}

// isSourceField reports whether field i of typ is a configured source.
func (t *tracer) isSourceField(typ types.Type, i int) bool {
	st, ok := derefStruct(typ)
	return ok && t.sourceFieldName(typ, st.Field(i)) != ""
}

// sourceFieldName returns the configured name of field f of typ when it
// is a tenant source: "(*example.com/auth.Principal).AccountID" or
// "(example.com/auth.Principal).AccountID".
func (t *tracer) sourceFieldName(typ types.Type, f *types.Var) string {
	if !t.c.isSource(typ, f.Name()) {
		return ""
	}
	return "(" + namedOf(typ) + ")." + f.Name()
}

// freeVar traces a variable a function literal captures: what the
// enclosing function binds to it.
func (t *tracer) freeVar(fv *ssa.FreeVar, stack []frame) []origin {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if fn.Parent() == nil || idx < 0 {
		return nil
	}
	var out []origin
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				out = append(out, t.trace(mc.Bindings[idx], mc, stack)...)
			}
		}
	}
	return out
}

// param traces a parameter (field >= 0: that field of the struct it is
// or points to): back to the argument of the call the trace entered, else
// to every call of the function in the package. A parameter of an
// exported function also becomes a key parameter (a fact) whose callers in
// other packages are traced there.
func (t *tracer) param(p *ssa.Parameter, field int, stack []frame) []origin {
	fn := p.Parent()
	idx := ssaParamIndex(p)
	if n := len(stack); n > 0 && stack[n-1].callee == fn {
		top := stack[n-1]
		if args := top.call.Common().Args; idx < len(args) {
			return t.traceAt(args[idx], field, top.call, stack[:n-1])
		}
		return nil
	}
	if isProtoMessage(p.Type()) {
		return []origin{{kind: fromRequest, desc: "the request message " + p.Name(), pos: p.Pos(), partial: true}}
	}
	obj, _ := fn.Object().(*types.Func)
	index := idx
	if fn.Signature.Recv() != nil {
		index--
	}
	if index < 0 {
		return []origin{{kind: fromUnknown, desc: "receiver " + p.Name(), pos: p.Pos()}}
	}
	calls := t.callsOf(fn)
	var out []origin
	for _, call := range calls {
		args := call.Common().Args
		if idx >= len(args) {
			continue
		}
		found := t.traceAt(args[idx], field, call, nil)
		if ce := t.callAt[call.Pos()]; ce != nil {
			arg := ast.Expr(ce)
			if i := index + callShift(t.c.pass.TypesInfo, ce); i < len(ce.Args) {
				arg = ce.Args[i]
			}
			for i := range found {
				if found[i].call == nil {
					found[i].call, found[i].arg = ce, arg
				}
			}
		}
		out = append(out, found...)
	}
	if obj != nil && obj.Exported() && fn.Parent() == nil {
		if !t.probing {
			t.c.addKeyParam(obj, keyParam{Index: index, Field: field + 1, Table: t.table, Column: t.column})
		}
		return out
	}
	if len(calls) == 0 {
		name := "a function literal"
		if obj != nil {
			name = obj.Name()
		}
		note := ", which nothing in its package calls"
		if t.asValue[fn] {
			note = ", a function passed as a value whose calls tenantcheck does not see"
		}
		return []origin{{kind: fromUnknown, desc: "parameter " + p.Name() + " of " + name, pos: p.Pos(), note: note}}
	}
	return out
}

// traceAt traces field (>= 0) of the struct v is or points to, or v itself
// (field < 0): a field of a local struct is what was stored to that field,
// through parameters and captured variables.
func (t *tracer) traceAt(v ssa.Value, field int, anchor ssa.Instruction, stack []frame) []origin {
	if field < 0 {
		return t.trace(v, anchor, stack)
	}
	switch x := v.(type) {
	case *ssa.Alloc:
		return t.alloc(x, field, anchor, stack)
	case *ssa.Parameter:
		return t.param(x, field, stack)
	case *ssa.MakeInterface:
		return t.traceAt(x.X, field, anchor, stack)
	case *ssa.ChangeType:
		return t.traceAt(x.X, field, anchor, stack)
	case *ssa.UnOp:
		// A struct passed by value is a load of its variable:
		// Params{ProjectID: id} built in place, then copied.
		if alloc, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			if _, isStruct := derefStruct(alloc.Type()); isStruct {
				return t.alloc(alloc, field, anchor, stack)
			}
		}
	}
	return t.trace(v, anchor, stack)
}

// ssaParamIndex is p's position among its function's SSA parameters
// (receiver first).
func ssaParamIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// guarded reports whether anchor runs only after v was found equal to a
// tenant source: a dominating `if v != src { return ... }` or `if v ==
// src { ... }`. Without configured sources, any value not taken from the
// request counts as the comparison's other side.
func (t *tracer) guarded(v ssa.Value, anchor ssa.Instruction) bool {
	fn := anchor.Parent()
	if fn == nil || anchor.Block() == nil {
		return false
	}
	for _, same := range sameValues(v) {
		for _, ref := range referrers(same) {
			cmp, ok := ref.(*ssa.BinOp)
			if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) || cmp.Parent() != fn {
				continue
			}
			other := cmp.Y
			if other == same {
				other = cmp.X
			}
			if t.guards(cmp, other, anchor) {
				return true
			}
		}
	}
	return false
}

// sameValues returns v and, when v loads a variable or a field of one,
// every other load of it: in.AccountID read for the check and read again
// for the query is one value (a store between the two is not looked for).
func sameValues(v ssa.Value) []ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return []ssa.Value{v}
	}
	var addrs []ssa.Value
	switch a := load.X.(type) {
	case *ssa.Alloc:
		addrs = []ssa.Value{a}
	case *ssa.FieldAddr:
		for _, ref := range referrers(a.X) {
			if fa, ok := ref.(*ssa.FieldAddr); ok && fa.Field == a.Field {
				addrs = append(addrs, fa)
			}
		}
	default:
		return []ssa.Value{v}
	}
	var out []ssa.Value
	for _, addr := range addrs {
		for _, ref := range referrers(addr) {
			if u, ok := ref.(*ssa.UnOp); ok && u.Op == token.MUL {
				out = append(out, u)
			}
		}
	}
	return out
}

// guards reports whether the comparison cmp of a traced value with other
// decides a branch that every path to anchor takes with the two equal,
// other being a tenant source.
func (t *tracer) guards(cmp *ssa.BinOp, other ssa.Value, anchor ssa.Instruction) bool {
	for _, ref := range referrers(cmp) {
		branch, ok := ref.(*ssa.If)
		if !ok {
			continue
		}
		succ := branch.Block().Succs[0]
		if cmp.Op == token.NEQ {
			succ = branch.Block().Succs[1]
		}
		if len(succ.Preds) == 1 && succ.Dominates(anchor.Block()) && t.trusted(other) {
			return true
		}
	}
	return false
}

// trusted reports whether every origin of v is a tenant source (or, with
// no source configured, none is the request).
func (t *tracer) trusted(v ssa.Value) bool {
	saved, probing := t.onPath, t.probing
	t.onPath, t.probing = make(map[ssa.Value]bool), true
	defer func() { t.onPath, t.probing = saved, probing }()
	origins := t.trace(v, nil, nil)
	if len(origins) == 0 {
		return false
	}
	for _, o := range origins {
		if o.kind == fromRequest || (len(t.sources) > 0 && o.kind != fromTenant) {
			return false
		}
	}
	return true
}

// referrers returns the instructions that use v, none for a constant.
func referrers(v ssa.Value) []ssa.Instruction {
	if refs := v.Referrers(); refs != nil {
		return *refs
	}
	return nil
}

// sortOrigins orders origins by position, for stable findings.
func sortOrigins(os []origin) {
	sort.SliceStable(os, func(i, j int) bool { return os[i].pos < os[j].pos })
}
