package analyzer

import (
	"go/ast"
	"go/build"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// unknownSink gathers the calls of one function that is neither a sink nor
// a wrapper but receives SQL on tenant data (rule unknown-sink).
type unknownSink struct {
	name  string
	calls int
	// first is the first such call, where the finding is reported.
	first callInDecl
	arg   ast.Expr
	sql   string
}

// unknownSinks finds calls that hand a string which parses as a SELECT,
// INSERT, UPDATE, DELETE or WITH statement on a tenant or child table to a
// function the analyzer does not know sends SQL: a method of a data-access
// type it did not recognize as a wrapper, an interface it cannot see
// through. Such a query is never checked, so it is reported once per
// callee with the number of calls (tenant-scope.md section 6). Functions of
// the standard library (fmt, log, errors...) and functions that return a
// string or a squirrel builder (they build SQL for a caller that sends it)
// are left out, and so is squirrel, whose builders resolve_squirrel.go
// renders, and so are the raw calls that begin an ORM chain (db.Raw(sql)),
// whose run is reported (orm.go). A squirrel builder handed to such a function is SQL too: it can
// run itself (runStatement(ctx, psql.Delete("trees").RunWith(db)) runs it
// through an interface) or be rendered there.
func (c *checker) unknownSinks(isSite func(*ast.CallExpr) bool) []*unknownSink {
	byCallee := make(map[string]*unknownSink)
	var order []*unknownSink
	info := c.pass.TypesInfo
	for _, ci := range c.calls {
		if isSite(ci.call) {
			continue
		}
		fn, ok := typeutil.Callee(info, ci.call).(*types.Func)
		if !ok || fn.Pkg() == nil || standard(fn.Pkg().Path()) || fn.Pkg().Path() == squirrelPath || presetSink(fn) || returnsText(fn) || returnsBuilder(fn) {
			continue
		}
		sig := fn.Type().(*types.Signature)
		for i, arg := range ci.call.Args {
			t := info.TypeOf(arg)
			if !isString(t) && !isSquirrelBuilder(t) || (sig.Variadic() && i >= sig.Params().Len()-1) {
				continue
			}
			sql, ok := c.tenantSQL(ci, arg)
			if !ok {
				continue
			}
			full := fn.FullName()
			u := byCallee[full]
			if u == nil {
				u = &unknownSink{name: funcName(fn), first: ci, arg: arg, sql: sql}
				byCallee[full] = u
				order = append(order, u)
			}
			u.calls++
			break
		}
	}
	return order
}

// tenantSQL resolves arg and returns its first text that looks like a
// statement and touches tenant data.
func (c *checker) tenantSQL(ci callInDecl, arg ast.Expr) (string, bool) {
	r := &resolver{c: c, fn: ci.decl}
	vals, err := r.evalSQL(site{}, arg)
	if err != nil {
		return "", false
	}
	for _, v := range vals {
		if v.hasHoles() || v.elems != nil {
			continue
		}
		sql := v.text()
		if !looksLikeStatement(sql) {
			continue
		}
		if c.scope().Check(sql).TenantData {
			return sql, true
		}
		// SQL written for a driver that rewrites it (? placeholders,
		// backquoted names, as in-house layers over gorp or MySQL-minded
		// code do) still names tenant tables.
		if c.scope().Check(strings.ReplaceAll(rebindQuestion(sql), "`", `"`)).TenantData {
			return sql, true
		}
	}
	return "", false
}

// looksLikeStatement reports whether s starts with a keyword that begins a
// query or data change, so that prose and identifiers are not parsed.
func looksLikeStatement(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n(")
	for _, kw := range []string{"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"} {
		if len(s) > len(kw) && strings.EqualFold(s[:len(kw)], kw) {
			switch s[len(kw)] {
			case ' ', '\t', '\r', '\n':
				return true
			}
		}
	}
	return false
}

// returnsText reports whether fn's first result is a string: such a
// function builds SQL for its caller rather than sending it.
func returnsText(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Results().Len() > 0 && isString(sig.Results().At(0).Type())
}

// returnsBuilder reports whether fn's first result is a squirrel builder:
// such a function extends a query its caller runs.
func returnsBuilder(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Results().Len() > 0 && isSquirrelBuilder(sig.Results().At(0).Type())
}

var standardPackages sync.Map

// standard reports whether path is a package of the Go distribution. The
// answer is asked of go/build once per path and process.
func standard(path string) bool {
	if v, ok := standardPackages.Load(path); ok {
		return v.(bool)
	}
	first, _, _ := strings.Cut(path, "/")
	std := false
	if !strings.Contains(first, ".") {
		p, err := build.Default.Import(path, "", build.FindOnly)
		std = err == nil && p.Goroot
	}
	standardPackages.Store(path, std)
	return std
}

// unknownSinkCandidate is the finding for one unknown sink.
func (u *unknownSink) candidate() candidate {
	return candidate{
		Finding: Finding{Pos: u.arg.Pos(), End: u.arg.End(), Rule: rule.UnknownSink, Message: unknownSinkMessage(u.name, u.calls), Query: u.sql},
		call:    u.first.call, decl: u.first.decl,
	}
}
