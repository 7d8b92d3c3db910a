package scope

import "github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"

// cteEnv is the chain of WITH clauses visible at a point of the statement.
type cteEnv struct {
	parent *cteEnv
	defs   map[string]*cteDef
}

type cteDef struct {
	cte *pgparse.CommonTableExpr
	env *cteEnv // where the CTE is defined (its body sees its siblings)
	// recursive is set for CTEs of WITH RECURSIVE: only they can name
	// themselves; elsewhere the name inside the body is the outer relation.
	recursive bool
	// active is set while the body is being read, selfRef while its
	// recursive self-reference is, so that neither loops.
	active, selfRef bool
	used            bool
	// cached holds the output of a data-modifying CTE, which runs once
	// however often it is referenced.
	cached *queryOut
}

func (e *cteEnv) lookup(name string) *cteDef {
	for ; e != nil; e = e.parent {
		if d, ok := e.defs[name]; ok && (!d.active || d.recursive) {
			return d
		}
	}
	return nil
}

// with returns the environment extended by w's CTEs.
func (e *cteEnv) with(w *pgparse.WithClause) *cteEnv {
	if w == nil || len(w.Ctes) == 0 {
		return e
	}
	env := &cteEnv{parent: e, defs: map[string]*cteDef{}}
	for _, n := range w.Ctes {
		if cte := n.GetCommonTableExpr(); cte != nil {
			env.defs[cte.Ctename] = &cteDef{cte: cte, env: env, recursive: w.Recursive}
		}
	}
	return env
}

// finishEnv reads the bodies of the CTEs in env that no FROM referenced:
// they still run (a data-modifying CTE always does), so their references
// must be scoped on their own.
func (s *statement) finishEnv(env, outer *cteEnv, lvl *level) {
	if env == outer {
		return
	}
	for _, name := range sortedKeys(env.defs) {
		d := env.defs[name]
		if !d.used {
			s.cteQuery(d, lvl)
		}
	}
}

// cteQuery instantiates a CTE's body for one reference: each reference gets
// its own copy of the body's refs, so that scoping one reference cannot hide
// another unscoped one.
func (s *statement) cteQuery(d *cteDef, lvl *level) queryOut {
	d.used = true
	if d.cached != nil {
		return *d.cached
	}
	q := d.cte.Ctequery
	if d.active {
		// WITH RECURSIVE r AS (base UNION ALL SELECT ... FROM x JOIN r ...):
		// the self-reference passes through what the non-recursive arm does.
		// A self-reference inside that arm passes nothing.
		sel := q.GetSelectStmt()
		if d.selfRef || sel == nil || sel.Op == pgparse.SetOpNone || sel.Larg == nil {
			return queryOut{lvl: &level{parent: lvl}}
		}
		d.selfRef = true
		out := s.selectQuery(sel.Larg, lvl, d.env, false)
		d.selfRef = false
		return out
	}
	d.active = true
	out := s.query(q, lvl, d.env, false)
	d.active = false
	if q.GetSelectStmt() == nil {
		// A data-modifying CTE has changed every row it matched before the
		// outer query filters its RETURNING rows: nothing outside can scope
		// its body. Its rows are the changed rows, though, so a scoped
		// statement scopes what is joined to them, and a row moved
		// elsewhere keeps its tenant key (tenant-scope.md section 2.3).
		cols := make([]outCol, len(out.cols))
		for i, c := range out.cols {
			cols[i] = outCol{name: c.name, expr: c.expr, src: sealed(c.src), value: c.value}
		}
		out.cols = cols
		d.cached = &out
	}
	return out
}
