package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// maxValues caps the possible values of one expression. Beyond it the SQL is
// reported unresolved rather than checked in part: a query the analyzer did
// not see cannot be proven scoped (tenant-scope.md section 4).
const maxValues = 64

// maxDepth bounds the nesting of expressions and variables followed while
// resolving one argument, so that cyclic definitions end as unresolved.
const maxDepth = 64

// value is one possible result of a Go expression that builds SQL: a string
// (parts) or a []string (elems). A part whose Param is not negative is a
// hole, a string parameter of the function under analysis: values with holes
// make that function a wrapper.
type value struct {
	parts []part
	elems [][]part
	// origin is the assignment that last set the variable the value was read
	// from, token.NoPos when it came from the expression itself.
	origin token.Pos
	// lit locates the SQL text that a single plain string literal argument
	// contributed, so that findings can point inside the literal.
	lit *litSpan
	// through is the first call the analyzer does not know that a wrapper's
	// parameter passed through on its way to the sink (nil when none): the
	// callers are checked with their SQL as written, and the wrapper's body
	// gets one finding naming the call.
	through *transform
	// zeroLoop marks a value that only the zero-iteration path of a loop
	// produces (tenant-scope.md section 4, "Loops").
	zeroLoop bool
	// hole is the call that put a run-time identifier in the text (nil when
	// none): where a table stands, the query is unresolved.
	hole *transform
	// guards are the tests of the function's string parameters on the path
	// that built the value (see guard).
	guards []guard
	// placeholders are rewrites the text needs before it is checked, for a
	// wrapper's parameter that goes through Rebind: its callers write ?.
	placeholders Placeholders
	// sq is the statement a squirrel builder holds, for a value of a
	// builder type (resolve_squirrel.go): it becomes text only where the
	// builder runs or renders, since a later Where still goes before ORDER
	// BY.
	sq *sqStmt
}

// transform is a call that a value went through.
type transform struct {
	name string
	pos  token.Pos
}

// litSpan says that bytes [base, base+n) of the SQL come verbatim from the
// source bytes starting at pos.
type litSpan struct {
	base, n int
	pos     token.Pos
}

func literal(s string) []part {
	if s == "" {
		return nil
	}
	return []part{{Lit: s, Param: -1}}
}

// join concatenates part lists, merging adjacent literals.
func join(lists ...[]part) []part {
	var out []part
	for _, l := range lists {
		for _, p := range l {
			if p.Param < 0 && p.Lit == "" {
				continue
			}
			if n := len(out); n > 0 && p.Param < 0 && out[n-1].Param < 0 {
				out[n-1].Lit += p.Lit
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

func hasHoles(parts []part) bool {
	for _, p := range parts {
		if p.Param >= 0 {
			return true
		}
	}
	return false
}

func (v value) hasHoles() bool {
	if hasHoles(v.parts) {
		return true
	}
	for _, e := range v.elems {
		if hasHoles(e) {
			return true
		}
	}
	return false
}

// text is the SQL of a value without holes.
func (v value) text() string {
	var b strings.Builder
	for _, p := range v.parts {
		b.WriteString(p.Lit)
	}
	return b.String()
}

// key identifies a value's content, to merge equal values from different
// branches.
func (v value) key() string {
	k := template{Parts: v.parts, Guards: v.guards}.String()
	for _, e := range v.elems {
		k += "\x00" + template{Parts: e}.String()
	}
	if v.sq != nil {
		k += "\x00" + v.sq.key()
	}
	return k
}

// appendDistinct appends the values whose content seen has not met yet.
func appendDistinct(out []value, seen map[string]bool, vals []value) []value {
	for _, v := range vals {
		if k := v.key(); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// unresolvedError says why an expression could not be resolved; Reason
// completes "built from ...".
type unresolvedError struct {
	reason string
	// origin is the assignment of the variable that was being resolved.
	origin token.Pos
	// sqPiece says a squirrel call on a followed builder failed (a
	// condition, a method or a format tenantcheck does not render), not the
	// place the builder came from: a StatementBuilderType that carries such
	// a piece is not taken as sq.StatementBuilder (resolve_squirrel.go).
	sqPiece bool
	// message, when set, is the whole finding: an ORM's run says what it
	// is rather than what it was built from (orm.go).
	message string
}

func (e *unresolvedError) Error() string { return "built from " + e.reason }

// resolver resolves the expressions of one function (or of package-level
// initializers when fn is nil) into the SQL strings they can build.
type resolver struct {
	c  *checker
	fn *ast.FuncDecl
	// known holds the state reached so far of variables whose assignments
	// are being walked, so that q = q + "..." reads it.
	known map[*types.Var]flowState
	depth int
}

func (r *resolver) fail(format string, args ...any) *unresolvedError {
	return &unresolvedError{reason: fmt.Sprintf(format, args...)}
}

// eval returns every value e can take (tenant-scope.md section 4,
// "Resolving the SQL").
func (r *resolver) eval(e ast.Expr) ([]value, *unresolvedError) {
	if r.depth >= maxDepth {
		return nil, r.fail("an expression nested too deeply")
	}
	r.depth++
	defer func() { r.depth-- }()
	info := r.c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return []value{{parts: literal(constant.StringVal(tv.Value))}}, nil
	}
	if vals, err, ok := r.squirrelCond(e); ok {
		return vals, err
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.eval(e.X)
	case *ast.BinaryExpr:
		if e.Op == token.ADD && isString(info.TypeOf(e)) {
			left, err := r.eval(e.X)
			if err != nil {
				return nil, err
			}
			right, err := r.eval(e.Y)
			if err != nil {
				return nil, err
			}
			return r.concat(left, right)
		}
	case *ast.Ident:
		return r.ident(e)
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil {
			// pkg.Name, a qualified identifier.
			return r.ident(e.Sel)
		}
		if sel.Kind() == types.FieldVal {
			if f, ok := r.c.fieldOf(e); ok {
				return r.fieldValues(f, "")
			}
			return nil, r.fail("field %s", types.ExprString(e))
		}
	case *ast.CallExpr:
		if r.emptyBuffer(e) {
			return []value{{}}, nil
		}
		return r.call(e)
	case *ast.CompositeLit:
		if isStringSlice(info.TypeOf(e)) {
			return r.sliceLiteral(e)
		}
		if r.emptyBuffer(e) {
			return []value{{}}, nil
		}
	case *ast.UnaryExpr:
		if r.emptyBuffer(e) {
			return []value{{}}, nil
		}
	case *ast.IndexExpr:
		if m, ok := info.TypeOf(e.X).Underlying().(*types.Map); ok && isString(m.Elem()) {
			return r.mapValues(e, false)
		}
	}
	return nil, r.fail("the expression %s", shorten(types.ExprString(e)))
}

// carry returns a value without text that keeps what a and b remember of
// where their texts came from, for a value built from both: the first
// origin, transform and hole, whether only a loop taken zero times made
// either, and the placeholder rewrites either needs.
func carry(a, b value) value {
	v := value{origin: a.origin, through: a.through, hole: a.hole,
		zeroLoop: a.zeroLoop || b.zeroLoop, placeholders: a.placeholders | b.placeholders,
		guards: append(slices.Clip(a.guards), b.guards...)}
	if v.origin == token.NoPos {
		v.origin = b.origin
	}
	if v.through == nil {
		v.through = b.through
	}
	if v.hole == nil {
		v.hole = b.hole
	}
	return v
}

// concat returns every concatenation of a left and a right value.
func (r *resolver) concat(left, right []value) ([]value, *unresolvedError) {
	if len(left)*len(right) > maxValues {
		return nil, r.fail("more than %d possible values", maxValues)
	}
	out := make([]value, 0, len(left)*len(right))
	for _, l := range left {
		for _, rv := range right {
			v := carry(l, rv)
			v.parts = join(l.parts, rv.parts)
			out = append(out, v)
		}
	}
	return out, nil
}

func (r *resolver) ident(id *ast.Ident) ([]value, *unresolvedError) {
	v, ok := r.c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok {
		return nil, r.fail("%s", id.Name)
	}
	if st, ok := r.known[v]; ok {
		return st.vals, st.err
	}
	if isSquirrelObject(v, "StatementBuilder") {
		return []value{{sq: &sqStmt{}}}, nil
	}
	switch {
	case v.Pkg() != r.c.pass.Pkg:
		return r.importedVar(v)
	case v.Parent() == v.Pkg().Scope():
		return r.c.packageVar(v)
	}
	return r.local(v, id.Pos())
}

// importedVar resolves a package-level variable of another package from the
// fact its package exported. Assignments to it outside its own package are
// not seen: a package that reassigns another package's SQL variable is rare
// enough that following it is not worth a whole-program analysis.
func (r *resolver) importedVar(v *types.Var) ([]value, *unresolvedError) {
	var f varFact
	if v.Parent() != v.Pkg().Scope() || !r.c.pass.ImportObjectFact(v, &f) {
		return nil, r.fail("variable %s.%s, which its package cannot resolve", v.Pkg().Name(), v.Name())
	}
	out := make([]value, 0, len(f.Values))
	for _, s := range f.Values {
		out = append(out, value{parts: literal(s)})
	}
	return out, nil
}

func (r *resolver) call(e *ast.CallExpr) ([]value, *unresolvedError) {
	info := r.c.pass.TypesInfo
	if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
		if len(e.Args) == 1 && (isString(tv.Type) || isStringSlice(tv.Type) || isByteSlice(tv.Type)) {
			return r.eval(e.Args[0])
		}
		return nil, r.fail("the conversion %s", shorten(types.ExprString(e)))
	}
	switch callee := typeutil.Callee(info, e).(type) {
	case *types.Builtin:
		if callee.Name() == "append" && isStringSlice(info.TypeOf(e)) {
			return r.appendCall(e)
		}
	case *types.Func:
		if vals, err, ok := r.squirrelCall(e, callee); ok {
			return vals, err
		}
		if vals, err, ok := r.squirrelResult(e, callee); ok {
			return vals, err
		}
		if vals, err, ok := r.sqlxCall(e, callee); ok {
			return vals, err
		}
		switch callee.FullName() {
		case "fmt.Sprintf":
			return r.sprintf(e)
		case "strings.Join":
			return r.join(e)
		}
		if vals, err, ok := r.identCall(e, callee); ok {
			return vals, err
		}
		if vals, err, ok := r.knownCall(e, callee); ok {
			return vals, err
		}
		if vals, err, ok := r.bufferCall(e, callee); ok {
			return vals, err
		}
		vals, err, ok := r.funcResult(e, callee, 0)
		if ok && err == nil {
			return vals, nil
		}
		if vals, ok := r.through(e, callee); ok {
			return vals, nil
		}
		if ok {
			return nil, err
		}
		return nil, r.fail("the result of %s", funcName(callee))
	}
	return nil, r.fail("the result of %s", shorten(types.ExprString(e.Fun)))
}

// sliceLiteral resolves []string{"a", b}: each element combination is one
// value.
func (r *resolver) sliceLiteral(e *ast.CompositeLit) ([]value, *unresolvedError) {
	out := []value{{}}
	for _, elt := range e.Elts {
		if _, ok := elt.(*ast.KeyValueExpr); ok {
			return nil, r.fail("an indexed slice literal")
		}
		vals, err := r.eval(elt)
		if err != nil {
			return nil, err
		}
		if out, err = r.appendValues(out, vals); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// appendValues appends each string value to each slice value.
func (r *resolver) appendValues(slices, elems []value) ([]value, *unresolvedError) {
	if len(slices)*len(elems) > maxValues {
		return nil, r.fail("more than %d possible values", maxValues)
	}
	out := make([]value, 0, len(slices)*len(elems))
	for _, s := range slices {
		for _, e := range elems {
			v := carry(s, e)
			v.origin = s.origin
			v.elems = append(append([][]part(nil), s.elems...), e.parts)
			out = append(out, v)
		}
	}
	return out, nil
}

// appendCall resolves append(s, "a", b) and append(s, t...).
func (r *resolver) appendCall(e *ast.CallExpr) ([]value, *unresolvedError) {
	out, err := r.eval(e.Args[0])
	if err != nil {
		return nil, err
	}
	if e.Ellipsis.IsValid() {
		tails, err := r.eval(e.Args[1])
		if err != nil {
			return nil, err
		}
		if len(out)*len(tails) > maxValues {
			return nil, r.fail("more than %d possible values", maxValues)
		}
		var next []value
		for _, s := range out {
			for _, t := range tails {
				v := carry(s, t)
				v.origin = s.origin
				v.elems = append(append([][]part(nil), s.elems...), t.elems...)
				next = append(next, v)
			}
		}
		return next, nil
	}
	for _, arg := range e.Args[1:] {
		vals, err := r.eval(arg)
		if err != nil {
			return nil, err
		}
		if out, err = r.appendValues(out, vals); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// join resolves strings.Join(elems, sep).
func (r *resolver) join(e *ast.CallExpr) ([]value, *unresolvedError) {
	seps, err := r.eval(e.Args[1])
	if err != nil {
		return nil, err
	}
	var slices []value
	if f, ok := r.c.fieldOf(e.Args[0]); ok && len(seps) == 1 && !seps[0].hasHoles() {
		slices, err = r.fieldValues(f, seps[0].text())
	} else {
		slices, err = r.eval(e.Args[0])
	}
	if err != nil {
		return nil, err
	}
	if len(slices)*len(seps) > maxValues {
		return nil, r.fail("more than %d possible values", maxValues)
	}
	var out []value
	for _, s := range slices {
		for _, sep := range seps {
			var parts []part
			for i, elem := range s.elems {
				if i > 0 {
					parts = join(parts, sep.parts)
				}
				parts = join(parts, elem)
			}
			v := carry(s, sep)
			v.origin = s.origin
			v.parts = parts
			out = append(out, v)
		}
	}
	return out, nil
}

// sprintf resolves fmt.Sprintf with a resolvable format and the verbs %s,
// %v, %d and %q. An integer that is not constant is checked as
// runtimeInteger: it cannot change the statement's structure, and a tenant
// key compared with it is still a literal, which never scopes
// (tenant-scope.md section 4, "Run-time integers").
func (r *resolver) sprintf(e *ast.CallExpr) ([]value, *unresolvedError) {
	return r.formatCall(e.Args[0], e.Args[1:], e.Ellipsis.IsValid())
}

// formatCall resolves a format and its arguments as fmt.Sprintf renders
// them.
func (r *resolver) formatCall(format ast.Expr, args []ast.Expr, spread bool) ([]value, *unresolvedError) {
	if spread {
		return nil, r.fail("fmt.Sprintf with a spread argument list")
	}
	formats, err := r.eval(format)
	if err != nil {
		return nil, r.fail("a non-constant format in fmt.Sprintf")
	}
	var out []value
	for _, f := range formats {
		if f.hasHoles() {
			return nil, r.fail("a non-constant format in fmt.Sprintf")
		}
		vals, err := r.format(f.text(), args)
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
		if len(out) > maxValues {
			return nil, r.fail("more than %d possible values", maxValues)
		}
	}
	return out, nil
}

func (r *resolver) format(format string, args []ast.Expr) ([]value, *unresolvedError) {
	out := []value{{}}
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			out = appendLiteral(out, format[i:i+1])
			continue
		}
		i++
		if i == len(format) {
			return nil, r.fail("a format ending in %%")
		}
		verb := format[i]
		if verb == '%' {
			out = appendLiteral(out, "%")
			continue
		}
		if next >= len(args) {
			return nil, r.fail("a missing argument for %%%c in fmt.Sprintf", verb)
		}
		vals, err := r.formatArg(verb, args[next])
		if err != nil {
			return nil, err
		}
		next++
		if out, err = r.concat(out, vals); err != nil {
			return nil, err
		}
	}
	if next != len(args) {
		return nil, r.fail("extra arguments to fmt.Sprintf")
	}
	return out, nil
}

func appendLiteral(vals []value, s string) []value {
	for i := range vals {
		vals[i].parts = join(vals[i].parts, literal(s))
	}
	return vals
}

// formatArg renders one argument of fmt.Sprintf under verb.
func (r *resolver) formatArg(verb byte, arg ast.Expr) ([]value, *unresolvedError) {
	tv := r.c.pass.TypesInfo.Types[arg]
	switch {
	case (verb == 's' || verb == 'v') && isString(tv.Type):
		return r.eval(arg)
	case verb == 'q' && isString(tv.Type):
		vals, err := r.eval(arg)
		if err != nil {
			return nil, err
		}
		out := make([]value, 0, len(vals))
		for _, v := range vals {
			if v.hasHoles() {
				return nil, r.fail("%%q of a parameter in fmt.Sprintf")
			}
			out = append(out, value{parts: literal(strconv.Quote(v.text())), origin: v.origin})
		}
		return out, nil
	case (verb == 'd' || verb == 'v') && isInteger(tv.Type):
		if tv.Value != nil {
			return []value{{parts: literal(tv.Value.ExactString())}}, nil
		}
		return []value{{parts: literal(runtimeInteger)}}, nil
	case verb == 'v' && tv.Value != nil && tv.Value.Kind() == constant.Bool:
		return []value{{parts: literal(tv.Value.ExactString())}}, nil
	}
	return nil, r.fail("%%%c of %s in fmt.Sprintf", verb, shorten(types.ExprString(arg)))
}

// shorten keeps messages on one short line.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}
