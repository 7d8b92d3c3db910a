package analyzer

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// instantiate builds every SQL string a use of site s can send, resolving
// the call's arguments into the templates' parameters.
func (r *resolver) instantiate(s site, u wrapperUse) ([]value, *unresolvedError) {
	var out []value
	seen := make(map[string]bool)
	for _, t := range u.Templates {
		if !r.guardsHold(s, t.Guards) {
			continue
		}
		vals := []value{{}}
		params := 0
		var span *litSpan
		for _, p := range t.Parts {
			if p.Param < 0 {
				vals = appendLiteral(vals, p.Lit)
				continue
			}
			params++
			arg := s.arg(p.Param)
			if arg == nil {
				return nil, r.fail("a missing argument")
			}
			args, err := r.evalSQL(s, arg)
			if err != nil {
				return nil, err
			}
			// A table name from a list builds, in each text, only the
			// branch its value takes (guards).
			if args = passing(args, t.Guards, p.Param); len(args) == 0 {
				vals = nil
				break
			}
			args = relayGuards(args, t.Guards, p.Param)
			if lit, ok := plainLiteral(arg); ok && len(vals) == 1 {
				span = &litSpan{base: len(vals[0].text()), n: len(lit), pos: arg.Pos() + 1}
			}
			if vals, err = r.concat(vals, args); err != nil {
				return nil, err
			}
		}
		for _, v := range vals {
			if params == 1 && span != nil {
				v.lit = span
			}
			if k := v.key(); !seen[k] {
				seen[k] = true
				out = append(out, v)
			}
		}
	}
	if len(out) > maxValues {
		return nil, r.fail("more than %d possible values", maxValues)
	}
	return out, nil
}

// evalSQL resolves an argument of s that sends SQL: a string, a squirrel
// builder rendered to the texts it sends, also when a sq.Sqlizer holds it
// (var s sq.Sqlizer = psql.Delete("trees"); sq.ExecWith(db, s)) beside
// the SQL text of a sq.Expr, or the table name of a CopyFrom rendered with
// its column list to the INSERT its rows amount to.
func (r *resolver) evalSQL(s site, arg ast.Expr) ([]value, *unresolvedError) {
	if s.columns != nil {
		return r.copySQL(arg, s.columns)
	}
	if s.orm != nil {
		return nil, s.orm.err(s.name)
	}
	vals, err := r.eval(arg)
	if err != nil {
		return nil, err
	}
	if isSquirrelBuilder(r.c.pass.TypesInfo.TypeOf(arg)) {
		return r.squirrelSQL(vals)
	}
	var texts, builders []value
	for _, v := range vals {
		if v.sq != nil {
			builders = append(builders, v)
		} else {
			texts = append(texts, v)
		}
	}
	if len(builders) == 0 {
		return vals, nil
	}
	rendered, err := r.squirrelSQL(builders)
	if err != nil {
		return nil, err
	}
	return append(texts, rendered...), nil
}

// describe says how the call's arguments become SQL, for -list-sinks: "{1}"
// for a sink whose second argument is the SQL, a wrapper's templates. An
// ORM's run says whose builder writes its SQL, which is not checked.
func (s site) describe() string {
	if s.orm != nil {
		return "written by " + s.orm.lib.builder + " (not checked)"
	}
	return (&wrapperFact{Uses: s.uses, Unbounded: s.unbounded}).describe()
}

// passing keeps the values of parameter param that can pass every guard
// on it.
func passing(vals []value, guards []guard, param int) []value {
	out := vals
	for _, g := range guards {
		if g.Param != param {
			continue
		}
		var kept []value
		for _, v := range out {
			if g.holds([]value{v}) {
				kept = append(kept, v)
			}
		}
		out = kept
	}
	return out
}

// relayGuards hands the guards on parameter param to an argument that is
// itself a parameter of the function under analysis, a wrapper calling a
// wrapper: its own template then keeps the branch.
func relayGuards(vals []value, guards []guard, param int) []value {
	out := make([]value, len(vals))
	for i, v := range vals {
		if len(v.parts) == 1 && v.parts[0].Param >= 0 {
			for _, g := range guards {
				if g.Param == param {
					v.guards = append(slices.Clip(v.guards), guard{Param: v.parts[0].Param, Value: g.Value, Equal: g.Equal})
				}
			}
		}
		out[i] = v
	}
	return out
}

// guardsHold reports whether the call's arguments can pass every guard of a
// template; an argument that does not resolve can pass any.
func (r *resolver) guardsHold(s site, guards []guard) bool {
	for _, g := range guards {
		arg := s.arg(g.Param)
		if arg == nil {
			continue
		}
		vals, err := r.eval(arg)
		if err == nil && !g.holds(vals) {
			return false
		}
	}
	return true
}

// arg returns the argument bound to parameter i, nil when absent.
func (s site) arg(i int) ast.Expr {
	if s.recv != nil {
		if i == 0 {
			return s.recv
		}
		return nil
	}
	i += s.shift
	if i < 0 || i >= len(s.call.Args) {
		return nil
	}
	return s.call.Args[i]
}

// firstArg is the argument that diagnostics about use u point at.
func (s site) firstArg(u wrapperUse) ast.Expr {
	for _, t := range u.Templates {
		for _, p := range t.Parts {
			if p.Param >= 0 {
				if a := s.arg(p.Param); a != nil {
					return a
				}
			}
		}
	}
	return s.call
}

// plainLiteral returns the content of a string literal whose source bytes
// are its value (no escapes), so offsets in it map to source positions.
func plainLiteral(e ast.Expr) (string, bool) {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING || len(lit.Value) < 2 {
		return "", false
	}
	body := lit.Value[1 : len(lit.Value)-1]
	if lit.Value[0] == '`' {
		return body, !strings.Contains(body, "\r")
	}
	return body, !strings.Contains(body, "\\")
}
