package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"
)

// flowState is what a variable may hold at one point of a function.
type flowState struct {
	vals []value
	err  *unresolvedError
	// live is false on paths that cannot reach the point (after return).
	live bool
}

var dead = flowState{}

// merge joins the states of two paths that meet.
func merge(a, b flowState) flowState {
	if !a.live {
		return b
	}
	if !b.live {
		return a
	}
	out := flowState{live: true, err: a.err}
	if out.err == nil {
		out.err = b.err
	}
	seen := make(map[string]int)
	for _, v := range append(append([]value(nil), a.vals...), b.vals...) {
		k := v.key()
		i, ok := seen[k]
		if !ok {
			seen[k] = len(out.vals)
			out.vals = append(out.vals, v)
			continue
		}
		// A text that some iteration also produces is not the zero-iteration
		// path's alone.
		out.vals[i].zeroLoop = out.vals[i].zeroLoop && v.zeroLoop
	}
	if len(out.vals) > maxValues && out.err == nil {
		out.err = &unresolvedError{reason: fmt.Sprintf("more than %d possible values", maxValues)}
	}
	return out
}

// funcScope is the function that declares a local variable.
type funcScope struct {
	typ  *ast.FuncType
	body *ast.BlockStmt
	// decl is the declaration, nil for a function literal.
	decl *ast.FuncDecl
}

// local resolves the local variable v where it is read at pos by walking the
// statements of its function in order: each assignment replaces the possible
// values, += appends to each, branches merge (tenant-scope.md section 4).
func (r *resolver) local(v *types.Var, pos token.Pos) ([]value, *unresolvedError) {
	fs := r.c.scopeOf(v)
	if fs == nil || fs.body == nil {
		return nil, r.fail("variable %s", v.Name())
	}
	init, err := r.initial(v, fs)
	if err != nil {
		return nil, err
	}
	esc := r.c.escapes(v, fs.body)
	if esc.err != nil {
		return nil, esc.err
	}
	f := &flow{r: r, v: v, target: pos, assignments: esc.assignments}
	f.block(fs.body.List, init)
	if !f.done || !f.at.live {
		return nil, nil
	}
	if f.complex && f.at.err == nil {
		return nil, r.fail("variable %s in a function with goto or labeled branches", v.Name())
	}
	return f.at.vals, f.at.err
}

// initial is v's state where its function starts: a hole for a string
// parameter of the declaration being analyzed, the zero value for a result,
// nothing yet for other locals.
func (r *resolver) initial(v *types.Var, fs *funcScope) (flowState, *unresolvedError) {
	if within(fs.typ.Params, v.Pos()) {
		if fs.decl == nil {
			return dead, r.fail("parameter %s of a function literal", v.Name())
		}
		if fs.decl != r.fn || !isString(v.Type()) {
			return dead, r.fail("parameter %s of %s", v.Name(), fs.decl.Name.Name)
		}
		i := paramIndex(fs.typ, v)
		if i < 0 {
			return dead, r.fail("parameter %s of %s", v.Name(), fs.decl.Name.Name)
		}
		return flowState{live: true, vals: []value{{parts: []part{{Param: i}}}}}, nil
	}
	return flowState{live: true, vals: []value{{}}}, nil
}

// paramIndex is v's 0-based position among the parameters (receiver not
// counted).
func paramIndex(typ *ast.FuncType, v *types.Var) int {
	i := 0
	for _, field := range typ.Params.List {
		if len(field.Names) == 0 {
			i++
			continue
		}
		for _, name := range field.Names {
			if name.Pos() == v.Pos() {
				return i
			}
			i++
		}
	}
	return -1
}

func within(n ast.Node, pos token.Pos) bool {
	return n != nil && n.Pos() <= pos && pos < n.End()
}

// escape is what the whole function does with a variable.
type escape struct {
	err *unresolvedError
	// assignments counts the assignments and declarations of the variable.
	assignments int
}

// escapes reports a variable whose address is taken or that a function
// literal assigns: its value can change where the walk cannot see.
func (c *checker) escapes(v *types.Var, body *ast.BlockStmt) escape {
	var e escape
	info := c.pass.TypesInfo
	var lits []*ast.FuncLit
	writers := make(map[ast.Node]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		if e.err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
		case *ast.CallExpr:
			// fmt.Fprintf(&b, ...) writes to the buffer b: a change the
			// walk follows, not an escape.
			if w, ok := asBufferWrite(info, n); ok && w.v == v && w.method == "" && !w.reset {
				writers[n.Args[0]] = true
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v && !writers[n] {
				e.err = &unresolvedError{reason: fmt.Sprintf("variable %s, whose address is taken", v.Name())}
			}
		default:
			if assigns(info, n, v) {
				e.assignments++
				for _, lit := range lits {
					if within(lit, n.Pos()) && !within(lit, v.Pos()) {
						e.err = &unresolvedError{reason: fmt.Sprintf("variable %s, assigned in a function literal", v.Name())}
					}
				}
			}
		}
		return true
	})
	return e
}

// assigns reports whether the statement n itself (not its children) assigns
// or declares v.
func assigns(info *types.Info, n ast.Node, v *types.Var) bool {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			if is(lhs) {
				return true
			}
		}
	case *ast.RangeStmt:
		return is(n.Key) || is(n.Value)
	case *ast.ValueSpec:
		for _, name := range n.Names {
			if is(name) {
				return true
			}
		}
	case *ast.IncDecStmt:
		return is(n.X)
	case *ast.ExprStmt:
		if call, ok := n.X.(*ast.CallExpr); ok {
			w, ok := asBufferWrite(info, call)
			return ok && w.v == v
		}
	}
	return false
}

// assignsWithin reports whether any statement under n assigns v.
func assignsWithin(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if assigns(info, m, v) {
			found = true
		}
		return !found
	})
	return found
}

// flow walks one function body in statement order to find what v holds at
// target.
type flow struct {
	r      *resolver
	v      *types.Var
	target token.Pos
	// assignments counts v's assignments in the whole function.
	assignments int
	done        bool
	at          flowState
	// complex is set when a goto or labeled branch may jump over the walk.
	complex bool
	// breaks collects, per enclosing switch, select or loop, the states at
	// its unlabeled break statements.
	breaks [][]flowState
	// continues collects, per enclosing loop, the states at its unlabeled
	// continue statements.
	continues [][]flowState
	// counters are the loop counters whose value the iteration being walked
	// fixes (the index of a range, i of for i := 0; ...; i++), so that
	// "if i > 0 { q += ", " }" takes one branch; lengths are the lengths
	// of the collections it ranges over, by expression.
	counters map[*types.Var]int64
	lengths  map[string]int64
}

func (f *flow) block(list []ast.Stmt, s flowState) flowState {
	for _, st := range list {
		if f.done {
			break
		}
		s = f.stmt(st, s)
	}
	return s
}

// record stops the walk at the target, read in the state s.
func (f *flow) record(s flowState, n ast.Node) {
	f.done = true
	f.at = s
	// A function literal can run after later assignments: trust its view
	// only when the variable is assigned once.
	closure := false
	ast.Inspect(n, func(m ast.Node) bool {
		if lit, ok := m.(*ast.FuncLit); ok && within(lit, f.target) && !within(lit, f.v.Pos()) {
			closure = true
		}
		return !closure
	})
	if closure && f.assignments > 1 && s.err == nil {
		f.at.err = &unresolvedError{reason: fmt.Sprintf("variable %s, read in a function literal and assigned more than once", f.v.Name())}
	}
}

// at records the state when the target lies in the expression or statement n.
func (f *flow) reached(n ast.Node, s flowState) bool {
	if n == nil || f.done || !within(n, f.target) {
		return false
	}
	f.record(s, n)
	return true
}

func (f *flow) stmt(st ast.Stmt, s flowState) flowState {
	if f.done || st == nil {
		return s
	}
	switch st := st.(type) {
	case *ast.BlockStmt:
		return f.block(st.List, s)
	case *ast.LabeledStmt:
		return f.stmt(st.Stmt, s)
	case *ast.IfStmt:
		s = f.stmt(st.Init, s)
		if f.done || f.reached(st.Cond, s) {
			return s
		}
		if taken, known := f.cond(st.Cond); known {
			if taken {
				return f.block(st.Body.List, s)
			}
			return f.stmt(st.Else, s)
		}
		then := f.block(st.Body.List, s)
		els := s
		if st.Else != nil {
			els = f.stmt(st.Else, s)
		}
		if g, ok := f.paramTest(st.Cond); ok {
			then, els = guarded(then, els, g)
		}
		return merge(then, els)
	case *ast.SwitchStmt:
		s = f.stmt(st.Init, s)
		if f.done || f.reached(st.Tag, s) {
			return s
		}
		return f.clauses(st.Body, s, false)
	case *ast.TypeSwitchStmt:
		s = f.stmt(st.Init, s)
		if f.done || f.reached(st.Assign, s) {
			return s
		}
		return f.clauses(st.Body, s, false)
	case *ast.SelectStmt:
		return f.clauses(st.Body, s, true)
	case *ast.ForStmt, *ast.RangeStmt:
		return f.loop(st, s)
	}
	if f.reached(st, s) {
		return s
	}
	if !s.live {
		return s
	}
	switch st := st.(type) {
	case *ast.AssignStmt:
		return f.assign(st, s)
	case *ast.DeclStmt:
		return f.decl(st, s)
	case *ast.ReturnStmt:
		return dead
	case *ast.BranchStmt:
		switch {
		case st.Tok == token.FALLTHROUGH:
			return s
		case st.Tok == token.GOTO || st.Label != nil:
			f.complex = true
		case st.Tok == token.BREAK && len(f.breaks) > 0:
			f.breaks[len(f.breaks)-1] = append(f.breaks[len(f.breaks)-1], s)
		case st.Tok == token.CONTINUE && len(f.continues) > 0:
			f.continues[len(f.continues)-1] = append(f.continues[len(f.continues)-1], s)
		}
		return dead
	case *ast.ExprStmt:
		if call, ok := st.X.(*ast.CallExpr); ok {
			if w, ok := asBufferWrite(f.r.c.pass.TypesInfo, call); ok && w.v == f.v {
				return f.write(w, s)
			}
			if b, ok := f.r.c.pass.TypesInfo.Uses[calleeIdent(call)].(*types.Builtin); ok && b.Name() == "panic" {
				return dead
			}
		}
	}
	return s
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	id, _ := ast.Unparen(call.Fun).(*ast.Ident)
	return id
}

// clauses walks the clauses of a switch or select as alternative paths.
func (f *flow) clauses(body *ast.BlockStmt, s flowState, isSelect bool) flowState {
	out := dead
	carry := dead
	hasDefault := isSelect
	f.breaks = append(f.breaks, nil)
	for _, cl := range body.List {
		if f.done {
			break
		}
		in := merge(s, carry)
		var list []ast.Stmt
		switch cl := cl.(type) {
		case *ast.CaseClause:
			if cl.List == nil {
				hasDefault = true
			}
			for _, e := range cl.List {
				if f.reached(e, in) {
					return in
				}
			}
			list = cl.Body
		case *ast.CommClause:
			in = f.stmt(cl.Comm, in)
			list = cl.Body
		}
		res := f.block(list, in)
		carry = dead
		if n := len(list); n > 0 {
			if br, ok := list[n-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				carry = res
				continue
			}
		}
		out = merge(out, res)
	}
	for _, b := range f.breaks[len(f.breaks)-1] {
		out = merge(out, b)
	}
	f.breaks = f.breaks[:len(f.breaks)-1]
	if !hasDefault {
		out = merge(out, s)
	}
	return out
}

// loop follows a variable declared outside a loop and changed in it by
// taking the body zero, one and two times (tenant-scope.md section 4,
// "Loops"): each is a possible value after the loop, and a read inside the
// body sees the first or the second iteration. A value that only the
// zero-iteration path produces is marked, so that a text that does not
// parse then (a VALUES list with nothing after it) can be left out.
func (f *flow) loop(st ast.Stmt, s flowState) flowState {
	info := f.r.c.pass.TypesInfo
	in := within(st, f.target)
	changed := !within(st, f.v.Pos()) && assignsWithin(info, st, f.v)
	if !in && !changed {
		return s
	}
	var init, post ast.Stmt
	var body *ast.BlockStmt
	switch st := st.(type) {
	case *ast.ForStmt:
		init, post, body = st.Init, st.Post, st.Body
		s = f.stmt(init, s)
		if f.done || f.reached(st.Cond, s) || f.reached(st.Post, s) {
			return s
		}
	case *ast.RangeStmt:
		body = st.Body
		if f.reached(st.X, s) {
			return s
		}
		if assigns(info, st, f.v) {
			s = f.rangeValue(st, s)
		}
	}
	entry, exit := s, s
	if changed {
		// One path per length of the collection: once over a collection of
		// one, twice over a collection of two, so that the counter and the
		// length decide "if i < len(xs)-1 { q += ", " }" on each.
		dry := &flow{r: f.r, v: f.v, assignments: f.assignments, counters: map[*types.Var]int64{}, lengths: map[string]int64{}}
		counter, start, counted := loopCounter(info, st)
		bound, bounded := loopBound(st)
		walk := func(n, k int64, s flowState) (flowState, flowState) {
			if counted {
				dry.counters[counter] = start + k
			}
			if bounded {
				dry.lengths[bound] = n
			}
			return dry.iteration(body, post, s)
		}
		once, exits1 := walk(1, 0, s)
		first, exits2 := walk(2, 0, s)
		twice, exits3 := walk(2, 1, first)
		f.complex = f.complex || dry.complex
		entry = merge(s, first)
		exit = merge(merge(zeroIterations(s), once), merge(twice, merge(exits1, merge(exits2, exits3))))
	}
	if in {
		f.iteration(body, post, entry)
		return s
	}
	return exit
}

// loopCounter finds the counter of a loop and its value in the first
// iteration: the index of a range over a slice, or i in for i := c; ...;
// i++.
func loopCounter(info *types.Info, st ast.Stmt) (*types.Var, int64, bool) {
	switch st := st.(type) {
	case *ast.RangeStmt:
		id, ok := st.Key.(*ast.Ident)
		if !ok || st.Tok != token.DEFINE {
			return nil, 0, false
		}
		v, ok := info.Defs[id].(*types.Var)
		if !ok || !isInteger(v.Type()) {
			return nil, 0, false
		}
		return v, 0, true
	case *ast.ForStmt:
		init, ok := st.Init.(*ast.AssignStmt)
		if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return nil, 0, false
		}
		inc, ok := st.Post.(*ast.IncDecStmt)
		if !ok || inc.Tok != token.INC {
			return nil, 0, false
		}
		id, ok := init.Lhs[0].(*ast.Ident)
		post, ok2 := inc.X.(*ast.Ident)
		if !ok || !ok2 || info.Defs[id] == nil || info.Defs[id] != info.Uses[post] {
			return nil, 0, false
		}
		tv := info.Types[init.Rhs[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.Int {
			return nil, 0, false
		}
		start, exact := constant.Int64Val(tv.Value)
		v, ok := info.Defs[id].(*types.Var)
		if !exact || !ok || assignsWithin(info, st.Body, v) {
			return nil, 0, false
		}
		return v, start, true
	}
	return nil, 0, false
}

// cond decides a condition that compares integers the iteration being
// walked fixes (loop counters, lengths of the collections, constants), or
// the length of a builder field; known is false for any other condition.
func (f *flow) cond(e ast.Expr) (taken, known bool) {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return false, false
	}
	if taken, known := f.lengthCond(b); known {
		return taken, true
	}
	if f.counters == nil {
		return false, false
	}
	x, okX := f.integer(b.X)
	y, okY := f.integer(b.Y)
	if !okX || !okY {
		return false, false
	}
	return constant.Compare(constant.MakeInt64(x), b.Op, constant.MakeInt64(y)), true
}

// integer evaluates an integer expression made of constants, the loop
// counters and the lengths of the collections of the iteration being
// walked, with + and -.
func (f *flow) integer(e ast.Expr) (int64, bool) {
	info := f.r.c.pass.TypesInfo
	if tv := info.Types[e]; tv.Value != nil {
		if tv.Value.Kind() != constant.Int {
			return 0, false
		}
		return constant.Int64Val(tv.Value)
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return 0, false
		}
		n, ok := f.counters[v]
		return n, ok
	case *ast.CallExpr:
		if b, ok := info.Uses[calleeIdent(e)].(*types.Builtin); ok && b.Name() == "len" && len(e.Args) == 1 {
			n, ok := f.lengths[types.ExprString(e.Args[0])]
			return n, ok
		}
	case *ast.BinaryExpr:
		x, okX := f.integer(e.X)
		y, okY := f.integer(e.Y)
		switch {
		case !okX || !okY:
		case e.Op == token.ADD:
			return x + y, true
		case e.Op == token.SUB:
			return x - y, true
		}
	}
	return 0, false
}

// loopBound is the collection whose length bounds a loop: what a range
// ranges over, or xs in for i := 0; i < len(xs); i++.
func loopBound(st ast.Stmt) (string, bool) {
	switch st := st.(type) {
	case *ast.RangeStmt:
		return types.ExprString(st.X), true
	case *ast.ForStmt:
		if c, ok := ast.Unparen(st.Cond).(*ast.BinaryExpr); ok && c.Op == token.LSS {
			if call, ok := ast.Unparen(c.Y).(*ast.CallExpr); ok && len(call.Args) == 1 {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "len" {
					return types.ExprString(call.Args[0]), true
				}
			}
		}
	}
	return "", false
}

// paramTest recognizes a test of a string parameter of the function under
// analysis against a constant, p == "c" or p != "c", which the branch's
// values remember as a guard.
func (f *flow) paramTest(e ast.Expr) (guard, bool) {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) || f.r.fn == nil {
		return guard{}, false
	}
	info := f.r.c.pass.TypesInfo
	x, y := b.X, b.Y
	if info.Types[x].Value != nil {
		x, y = y, x
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	tv := info.Types[y]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return guard{}, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || !isString(v.Type()) || !within(f.r.fn.Type.Params, v.Pos()) || f.r.c.assignedIn(f.r.fn, v) {
		return guard{}, false
	}
	i := paramIndex(f.r.fn.Type, v)
	if i < 0 {
		return guard{}, false
	}
	return guard{Param: i, Value: constant.StringVal(tv.Value), Equal: b.Op == token.EQL}, true
}

// guarded adds g to the values only the then branch has, and its negation
// to the values only the else branch has: a value both branches have needs
// no guard.
func guarded(then, els flowState, g guard) (flowState, flowState) {
	inThen, inElse := keys(then), keys(els)
	not := g
	not.Equal = !g.Equal
	return withGuard(then, inElse, g), withGuard(els, inThen, not)
}

func keys(s flowState) map[string]bool {
	out := make(map[string]bool, len(s.vals))
	for _, v := range s.vals {
		out[v.key()] = true
	}
	return out
}

// withGuard adds g to the values of s that other lacks.
func withGuard(s flowState, other map[string]bool, g guard) flowState {
	out := s
	out.vals = make([]value, len(s.vals))
	for i, v := range s.vals {
		if !other[v.key()] {
			v.guards = append(slices.Clip(v.guards), g)
		}
		out.vals[i] = v
	}
	return out
}

// assignedIn reports whether fd assigns v: a parameter that changes no
// longer holds the caller's argument.
func (c *checker) assignedIn(fd *ast.FuncDecl, v *types.Var) bool {
	return fd.Body != nil && assignsWithin(c.pass.TypesInfo, fd.Body, v)
}

// lengthCond decides len(x) compared with a constant when every possible
// value of a builder field x has a length that decides it the same way:
// "if len(q.conds) > 0 { sql += " WHERE " + ... }" with every constructor
// seeding a condition takes the branch on every path.
func (f *flow) lengthCond(b *ast.BinaryExpr) (taken, known bool) {
	info := f.r.c.pass.TypesInfo
	call, ok := ast.Unparen(b.X).(*ast.CallExpr)
	tv := info.Types[b.Y]
	if !ok || len(call.Args) != 1 || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false, false
	}
	if fn, ok := info.Uses[calleeIdent(call)].(*types.Builtin); !ok || fn.Name() != "len" {
		return false, false
	}
	if _, ok := f.r.c.fieldOf(call.Args[0]); !ok {
		return false, false
	}
	vals, err := f.r.eval(call.Args[0])
	if err != nil || len(vals) == 0 {
		return false, false
	}
	for i, v := range vals {
		n := len(v.elems)
		if isString(info.TypeOf(call.Args[0])) {
			if v.hasHoles() {
				return false, false
			}
			n = len(v.text())
		}
		got := constant.Compare(constant.MakeInt64(int64(n)), b.Op, tv.Value)
		if i > 0 && got != taken {
			return false, false
		}
		taken = got
	}
	return taken, true
}

// iteration walks the loop body once from s and returns the state at its end
// (continue statements included) and the states at its break statements.
func (f *flow) iteration(body *ast.BlockStmt, post ast.Stmt, s flowState) (next, exits flowState) {
	f.breaks = append(f.breaks, nil)
	f.continues = append(f.continues, nil)
	next = f.block(body.List, s)
	for _, c := range f.continues[len(f.continues)-1] {
		next = merge(next, c)
	}
	exits = dead
	for _, b := range f.breaks[len(f.breaks)-1] {
		exits = merge(exits, b)
	}
	f.breaks = f.breaks[:len(f.breaks)-1]
	f.continues = f.continues[:len(f.continues)-1]
	return f.stmt(post, next), exits
}

// zeroIterations marks the values of the path that skips a loop.
func zeroIterations(s flowState) flowState {
	out := s
	out.vals = make([]value, len(s.vals))
	for i, v := range s.vals {
		v.zeroLoop = true
		out.vals[i] = v
	}
	return out
}

// rangeValue is v's state when range sets it: each element of a resolvable
// slice (a closed set of constants), otherwise unresolved.
func (f *flow) rangeValue(st *ast.RangeStmt, s flowState) flowState {
	fail := flowState{live: true, err: &unresolvedError{reason: fmt.Sprintf("variable %s, set by range", f.v.Name())}}
	info := f.r.c.pass.TypesInfo
	isVar := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && info.ObjectOf(id) == f.v
	}
	if _, ok := info.TypeOf(st.X).Underlying().(*types.Map); ok {
		// for table, cols := range tables: each key, or each value, of a
		// map of constants.
		lit := f.r.mapLiteral(st.X)
		if lit == nil || !(isVar(st.Key) || isVar(st.Value)) {
			return fail
		}
		var vals []value
		var err *unresolvedError
		f.with(s, func() { vals, err = f.r.mapEntries(lit, isVar(st.Key)) })
		if err != nil {
			return fail
		}
		return f.set(vals, nil, st.Pos())
	}
	if !isVar(st.Value) {
		return fail
	}
	slices, err := f.eval(st.X, s)
	if err != nil {
		return fail
	}
	var elems []value
	for _, sl := range slices {
		for _, e := range sl.elems {
			elems = append(elems, value{parts: e})
		}
	}
	if len(elems) == 0 {
		return fail
	}
	return f.set(elems, nil, st.Pos())
}

// assign applies an assignment statement to v's state.
func (f *flow) assign(st *ast.AssignStmt, s flowState) flowState {
	info := f.r.c.pass.TypesInfo
	for i, lhs := range st.Lhs {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || info.ObjectOf(id) != f.v {
			continue
		}
		var vals []value
		var err *unresolvedError
		switch {
		case len(st.Lhs) != len(st.Rhs) && st.Tok != token.ADD_ASSIGN:
			vals, err = f.tupleElem(st.Rhs[0], i, s)
		case st.Tok == token.ADD_ASSIGN:
			var rhs []value
			if rhs, err = f.eval(st.Rhs[i], s); err == nil {
				if s.err != nil {
					err = s.err
				} else {
					vals, err = f.r.concat(s.vals, rhs)
				}
			}
		case st.Tok == token.ASSIGN || st.Tok == token.DEFINE:
			vals, err = f.eval(st.Rhs[i], s)
		default:
			err = f.r.fail("variable %s, changed with %s", f.v.Name(), st.Tok)
		}
		s = f.set(vals, err, st.Pos())
	}
	return s
}

// write applies a buffer write to v's state: b.WriteString(x) is b += x.
func (f *flow) write(w bufferWrite, s flowState) flowState {
	if w.reset {
		return f.set([]value{{}}, nil, w.call.Pos())
	}
	if s.err != nil {
		return s
	}
	var vals []value
	var err *unresolvedError
	f.with(s, func() {
		var added []value
		if added, err = f.r.written(w); err == nil {
			vals, err = f.r.concat(s.vals, added)
		}
	})
	return f.set(vals, err, w.call.Pos())
}

// decl applies var declarations to v's state.
func (f *flow) decl(st *ast.DeclStmt, s flowState) flowState {
	gen, ok := st.Decl.(*ast.GenDecl)
	if !ok || gen.Tok != token.VAR {
		return s
	}
	info := f.r.c.pass.TypesInfo
	for _, spec := range gen.Specs {
		vs := spec.(*ast.ValueSpec)
		for i, name := range vs.Names {
			if info.ObjectOf(name) != f.v {
				continue
			}
			switch len(vs.Values) {
			case 0:
				s = f.set([]value{{}}, nil, vs.Pos())
			case len(vs.Names):
				vals, err := f.eval(vs.Values[i], s)
				s = f.set(vals, err, vs.Pos())
			default:
				vals, err := f.tupleElem(vs.Values[0], i, s)
				s = f.set(vals, err, vs.Pos())
			}
		}
	}
	return s
}

// tupleElem evaluates result i of a call that returns several values, with
// v's state so far visible to it: a function of the module whose result i is
// resolvable (tenant-scope.md section 4, function results).
func (f *flow) tupleElem(e ast.Expr, i int, s flowState) ([]value, *unresolvedError) {
	fail := f.r.fail("a result of %s", shorten(types.ExprString(e)))
	if ix, ok := ast.Unparen(e).(*ast.IndexExpr); ok && i == 0 {
		// col, ok := columns[key]: the code checks ok.
		if m, ok := f.r.c.pass.TypesInfo.TypeOf(ix.X).Underlying().(*types.Map); ok && isString(m.Elem()) {
			var vals []value
			var err *unresolvedError
			f.with(s, func() { vals, err = f.r.mapValues(ix, true) })
			return vals, err
		}
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, fail
	}
	callee, ok := typeutil.Callee(f.r.c.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return nil, fail
	}
	if vals, err, ok := f.sqlxTuple(call, callee, i, s); ok {
		return vals, err
	}
	if vals, err, ok := f.squirrelTuple(call, callee, i, s); ok {
		return vals, err
	}
	var vals []value
	var err *unresolvedError
	found := false
	f.with(s, func() { vals, err, found = f.r.funcResult(call, callee, i) })
	if !found {
		return nil, fail
	}
	return vals, err
}

// eval evaluates e with v's state so far visible to it.
func (f *flow) eval(e ast.Expr, s flowState) (vals []value, err *unresolvedError) {
	f.with(s, func() { vals, err = f.r.eval(e) })
	return vals, err
}

// with runs do with v's state so far visible to the resolver.
func (f *flow) with(s flowState, do func()) {
	if f.r.known == nil {
		f.r.known = make(map[*types.Var]flowState)
	}
	prev, had := f.r.known[f.v]
	f.r.known[f.v] = s
	defer func() {
		if had {
			f.r.known[f.v] = prev
		} else {
			delete(f.r.known, f.v)
		}
	}()
	do()
}

// set is the state after an assignment at pos.
func (f *flow) set(vals []value, err *unresolvedError, pos token.Pos) flowState {
	if err != nil {
		if err.origin == token.NoPos {
			e := *err
			e.origin = pos
			err = &e
		}
		return flowState{live: true, err: err}
	}
	out := make([]value, len(vals))
	for i, v := range vals {
		v.origin = pos
		v.lit = nil
		out[i] = v
	}
	return flowState{live: true, vals: out}
}
