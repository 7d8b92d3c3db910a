package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// This file resolves SQL grown in a text buffer held by a local variable, a
// strings.Builder or a bytes.Buffer (tenant-scope.md section 4, "Loops"):
// each write is read as the variable's += and b.String() as its value.

// isBuffer reports whether t is strings.Builder or bytes.Buffer, or a
// pointer to one.
func isBuffer(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	switch named.Obj().Pkg().Path() + "." + named.Obj().Name() {
	case "strings.Builder", "bytes.Buffer":
		return true
	}
	return false
}

// bufferWrite is a call that changes the buffer held by a variable.
type bufferWrite struct {
	v *types.Var
	// call is the call; reset is set for b.Reset().
	call  *ast.CallExpr
	reset bool
	// method is the buffer method called, "" for fmt.Fprint and Fprintf.
	method string
}

// asBufferWrite recognizes b.WriteString(x), b.WriteByte(c), b.WriteRune(c),
// b.Write(p), b.Reset(), fmt.Fprintf(&b, ...) and fmt.Fprint(&b, ...).
func asBufferWrite(info *types.Info, call *ast.CallExpr) (bufferWrite, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return bufferWrite{}, false
	}
	var target ast.Expr
	w := bufferWrite{call: call}
	switch fn.FullName() {
	case "fmt.Fprintf", "fmt.Fprint":
		if len(call.Args) == 0 {
			return bufferWrite{}, false
		}
		target = call.Args[0]
		if u, ok := ast.Unparen(target).(*ast.UnaryExpr); ok && u.Op == token.AND {
			target = u.X
		}
	default:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return bufferWrite{}, false
		}
		switch fn.Name() {
		case "WriteString", "WriteByte", "WriteRune", "Write":
			w.method = fn.Name()
		case "Reset":
			w.reset = true
		default:
			return bufferWrite{}, false
		}
		target = sel.X
	}
	id, ok := ast.Unparen(target).(*ast.Ident)
	if !ok {
		return bufferWrite{}, false
	}
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok || !isBuffer(v.Type()) {
		return bufferWrite{}, false
	}
	w.v = v
	return w, true
}

// written returns the text a buffer write appends.
func (r *resolver) written(w bufferWrite) ([]value, *unresolvedError) {
	call := w.call
	switch w.method {
	case "WriteString", "Write":
		return r.eval(call.Args[0])
	case "WriteByte", "WriteRune":
		tv := r.c.pass.TypesInfo.Types[call.Args[0]]
		if tv.Value == nil {
			return nil, r.fail("a byte written from %s", shorten(types.ExprString(call.Args[0])))
		}
		c, _ := constant.Int64Val(tv.Value)
		return []value{{parts: literal(string(rune(c)))}}, nil
	}
	if fn, _ := typeutil.Callee(r.c.pass.TypesInfo, call).(*types.Func); fn != nil && fn.Name() == "Fprintf" {
		if len(call.Args) < 2 {
			return nil, r.fail("fmt.Fprintf without a format")
		}
		return r.formatCall(call.Args[1], call.Args[2:], call.Ellipsis.IsValid())
	}
	out := []value{{}}
	for _, a := range call.Args[1:] {
		if !isString(r.c.pass.TypesInfo.TypeOf(a)) {
			return nil, r.fail("fmt.Fprint of %s", shorten(types.ExprString(a)))
		}
		vals, err := r.eval(a)
		if err != nil {
			return nil, err
		}
		if out, err = r.concat(out, vals); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// emptyBuffer reports whether e makes an empty buffer: strings.Builder{},
// &bytes.Buffer{}, new(strings.Builder), bytes.NewBuffer(nil).
func (r *resolver) emptyBuffer(e ast.Expr) bool {
	info := r.c.pass.TypesInfo
	if !isBuffer(info.TypeOf(e)) {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return len(e.Elts) == 0
	case *ast.UnaryExpr:
		return e.Op == token.AND && r.emptyBuffer(e.X)
	case *ast.CallExpr:
		if b, ok := typeutil.Callee(info, e).(*types.Builtin); ok && b.Name() == "new" {
			return true
		}
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok && fn.FullName() == "bytes.NewBuffer" {
			return info.Types[e.Args[0]].IsNil()
		}
	}
	return false
}

// bufferCall resolves b.String() and bytes.NewBufferString(s).
func (r *resolver) bufferCall(e *ast.CallExpr, callee *types.Func) ([]value, *unresolvedError, bool) {
	switch callee.FullName() {
	case "(*strings.Builder).String", "(*bytes.Buffer).String":
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, nil, false
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return nil, r.fail("the buffer %s", shorten(types.ExprString(sel.X))), true
		}
		vals, err := r.ident(id)
		return vals, err, true
	case "bytes.NewBufferString":
		vals, err := r.eval(e.Args[0])
		return vals, err, true
	}
	return nil, nil, false
}
