package scope

import (
	"sort"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// condition reads a WHERE clause (where) or a join's ON clause (oj is the
// outer join, nil for an inner one) into facts. Only conjuncts, reachable
// from the root through AND, state facts (tenant-scope.md section 2).
func (s *statement) condition(n *pgparse.Node, lvl *level, env *cteEnv, oj *outerJoin, where bool) {
	for _, conj := range splitRows(conjuncts(n)) {
		if where {
			s.rejectNulls(conj, lvl)
		}
		if oj == nil {
			s.pin(conj, lvl)
		}
		switch {
		case s.directSeed(conj, lvl, oj):
		case s.equality(conj, lvl, oj):
		case s.orSeed(conj, lvl, oj):
		case oj == nil && s.semiJoin(conj, lvl, env):
			continue
		default:
			s.hints(conj, lvl, oj)
		}
		s.subLinks([]*pgparse.Node{conj}, lvl, env)
	}
}

// splitRows replaces each row comparison (a, b) = (c, d) by the
// equalities a = c and b = d it means.
func splitRows(conjs []*pgparse.Node) []*pgparse.Node {
	out := make([]*pgparse.Node, 0, len(conjs))
	for _, conj := range conjs {
		e := conj.GetAExpr()
		if e == nil || e.Kind != pgparse.ExprOp || operator(e) != "=" {
			out = append(out, conj)
			continue
		}
		l, r := e.Lexpr.GetRowExpr(), e.Rexpr.GetRowExpr()
		if l == nil || r == nil || len(l.Args) != len(r.Args) {
			out = append(out, conj)
			continue
		}
		for i := range l.Args {
			out = append(out, pgparse.Equality(l.Args[i], r.Args[i]))
		}
	}
	return out
}

// directPred matches col = V, V = col, col IN (V, ...) and col = ANY(V)
// (tenant-scope.md section 2, rule 1) and returns the base columns compared
// and V (the list node for IN).
func (s *statement) directPred(n *pgparse.Node, lvl *level) ([]column, string, *pgparse.Node, bool) {
	e := n.GetAExpr()
	if e == nil || operator(e) != "=" {
		return nil, "", nil, false
	}
	switch e.Kind {
	case pgparse.ExprOp:
		if s.isTenantValue(e.Rexpr, lvl) {
			cols, ok := s.resolve(e.Lexpr, lvl)
			return cols, columnName(e.Lexpr) + " = " + render(e.Rexpr), e.Rexpr, ok
		}
		if s.isTenantValue(e.Lexpr, lvl) {
			cols, ok := s.resolve(e.Rexpr, lvl)
			return cols, columnName(e.Rexpr) + " = " + render(e.Lexpr), e.Lexpr, ok
		}
	case pgparse.ExprIn:
		list := e.Rexpr.GetList()
		if list == nil || len(list.Items) == 0 {
			return nil, "", nil, false
		}
		for _, item := range list.Items {
			if !s.isTenantValue(item, lvl) {
				return nil, "", nil, false
			}
		}
		cols, ok := s.resolve(e.Lexpr, lvl)
		return cols, columnName(e.Lexpr) + " IN (...)", e.Rexpr, ok
	case pgparse.ExprOpAny:
		if s.isTenantValue(e.Rexpr, lvl) {
			cols, ok := s.resolve(e.Lexpr, lvl)
			return cols, columnName(e.Lexpr) + " = ANY(" + render(e.Rexpr) + ")", e.Rexpr, ok
		}
	}
	return nil, "", nil, false
}

// isTenantValue is tenantValue, plus EXCLUDED.key in an ON CONFLICT DO
// UPDATE whose inserted key is itself a tenant value (section 3).
func (s *statement) isTenantValue(n *pgparse.Node, lvl *level) bool {
	if s.c.tenantValue(n) {
		return true
	}
	if r, col, ok := s.lookupRef(n, lvl); ok && r != nil && r.values[col] {
		return true // WITH i AS (SELECT $1::uuid AS account_id) ... i.account_id
	}
	cols, ok := s.resolve(n, lvl)
	return ok && len(cols) == 1 && cols[0].r.excludedKeys[cols[0].name]
}

// keyColumns keeps the columns that are tenant keys of their table.
func keyColumns(cols []column) []column {
	var out []column
	for _, c := range cols {
		if c.r.table != nil && c.r.table.IsTenantKey(c.name) {
			out = append(out, c)
		}
	}
	return out
}

// directSeed records ref.key = V, or a configured tenant predicate on
// ref.key.
func (s *statement) directSeed(conj *pgparse.Node, lvl *level, oj *outerJoin) bool {
	cols, _, value, ok := s.directPred(conj, lvl)
	if !ok {
		cols, ok = s.predicateCall(conj, lvl)
	}
	if !ok {
		return false
	}
	if keys := keyColumns(cols); len(keys) > 0 {
		s.facts = append(s.facts, &fact{seed: true, a: keys, at: lvl, join: oj})
		s.bind(value, keys)
	}
	return true
}

// predicateCall matches a call of a configured tenant predicate,
// app.is_member(list_id), and returns the base columns of its key argument.
// The config vouches that the call holds only for the current tenant's
// keys, as it vouches for a tenant-context expression.
func (s *statement) predicateCall(n *pgparse.Node, lvl *level) ([]column, bool) {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) == 0 {
		return nil, false
	}
	name := fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()
	for _, p := range s.c.opts.TenantPredicates {
		if strings.EqualFold(p.Name, name) && p.Arg >= 0 && p.Arg < len(fc.Args) {
			return s.resolve(fc.Args[p.Arg], lvl)
		}
	}
	return nil, false
}

// pin records the columns a conjunct of WHERE or of an inner join's ON
// fixes to a tenant value, key or not: t.account_id = a.id AND a.id = $1
// scopes t as t.account_id = $1 would.
//
// Only columns of global tables pin (accounts.id = $1): between tenant
// tables, scope travels by the pairs of rule 2 alone, so a.account_id =
// s.user_id stays the mistake it looks like.
func (s *statement) pin(conj *pgparse.Node, lvl *level) {
	if cols, _, _, ok := s.directPred(conj, lvl); ok && len(cols) == 1 && !cols[0].r.needsScope() {
		s.pinned[cols[0]] = true
	}
}

// equality records a.x = b.y between two columns.
func (s *statement) equality(conj *pgparse.Node, lvl *level, oj *outerJoin) bool {
	e := conj.GetAExpr()
	if e == nil || e.Kind != pgparse.ExprOp || operator(e) != "=" {
		return false
	}
	a, okA := s.resolve(e.Lexpr, lvl)
	b, okB := s.resolve(e.Rexpr, lvl)
	if !okA || !okB {
		return false
	}
	if len(a) > 0 && len(b) > 0 {
		s.facts = append(s.facts, &fact{a: a, b: b, at: lvl, join: oj})
	}
	return true
}

// orSeed handles a conjunct that is an OR. It scopes only when every arm
// compares the same key of the same reference with a tenant value, or, on a
// table with shared rows, tests that key for NULL (section 2). Any other OR
// that holds tenant predicates marks them for the or-scope rule.
func (s *statement) orSeed(conj *pgparse.Node, lvl *level, oj *outerJoin) bool {
	b := conj.GetBoolExpr()
	if b == nil || b.Boolop != pgparse.OrExpr {
		return false
	}
	var key *column
	nullArm, general := false, false
	for _, arm := range disjuncts(conj) {
		if col := s.nullKeyArm(arm, lvl, key); col != nil {
			key, nullArm = col, true
			continue
		}
		armKey := s.armKey(arm, lvl, key)
		if armKey == nil || (key != nil && *key != *armKey) {
			general = true
			break
		}
		key = armKey
	}
	valid := !general && key != nil && key.r.table != nil && key.r.table.IsTenantKey(key.name)
	if valid && nullArm && (!key.r.table.SharedRows || s.conflicts[key.r]) {
		// key IS NULL admits the shared rows, which a DO UPDATE would
		// overwrite for every tenant: a write to shared rows takes a
		// directive, as a NULL key does in an INSERT.
		valid = false
	}
	if valid {
		s.facts = append(s.facts, &fact{seed: true, a: []column{*key}, at: lvl, join: oj})
		s.bindArms(conj, lvl, *key)
		return true
	}
	s.markOr(conj, lvl)
	return true
}

// nullKeyArm returns the column an OR arm tests for NULL: "key IS NULL",
// or a conjunction that holds it ("$2 IS NULL AND key IS NULL" admits a
// subset of the rows "key IS NULL" does). It must be key when key is set.
func (s *statement) nullKeyArm(arm *pgparse.Node, lvl *level, key *column) *column {
	tests := []*pgparse.Node{arm}
	if b := arm.GetBoolExpr(); b != nil && b.Boolop == pgparse.AndExpr {
		tests = b.Args
	}
	for _, t := range tests {
		nt := t.GetNullTest()
		if nt == nil || nt.Nulltesttype != pgparse.IsNull {
			continue
		}
		cols, ok := s.resolve(nt.Arg, lvl)
		if ok && len(cols) == 1 && (key == nil || *key == cols[0]) {
			return &cols[0]
		}
	}
	return nil
}

// armKey returns the key an OR arm scopes: the arm is a direct predicate,
// or an AND with one among its conjuncts ((key = $1 AND a) OR (key = $1 AND
// b)). It prefers want when the arm scopes several keys.
func (s *statement) armKey(arm *pgparse.Node, lvl *level, want *column) *column {
	var found *column
	for _, conj := range splitRows(conjuncts(arm)) {
		cols, _, _, ok := s.directPred(conj, lvl)
		keys := keyColumns(cols)
		if !ok || len(keys) != 1 {
			continue
		}
		if want != nil && keys[0] == *want {
			return want
		}
		if found == nil {
			found = &keys[0]
		}
	}
	return found
}

// markOr records every tenant predicate under an OR (not under NOT) so that
// an unscoped reference is reported as or-scope.
func (s *statement) markOr(n *pgparse.Node, lvl *level) {
	if b := n.GetBoolExpr(); b != nil {
		if b.Boolop == pgparse.NotExpr {
			return
		}
		for _, arg := range b.Args {
			s.markOr(arg, lvl)
		}
		return
	}
	if cols, text, _, ok := s.directPred(n, lvl); ok {
		for _, k := range keyColumns(cols) {
			if k.r.orPred == "" {
				k.r.orPred = text
			}
		}
	}
}

// hints explains predicates that look like a scope but are not one.
func (s *statement) hints(conj *pgparse.Node, lvl *level, oj *outerJoin) {
	e := conj.GetAExpr()
	if e == nil || e.Kind != pgparse.ExprOp || operator(e) != "=" {
		return
	}
	for _, side := range [][2]*pgparse.Node{{e.Lexpr, e.Rexpr}, {e.Rexpr, e.Lexpr}} {
		cols, ok := s.resolve(side[0], lvl)
		if !ok || !isLiteral(side[1]) {
			continue
		}
		for _, k := range keyColumns(cols) {
			k.r.setNear(nearLiteral, k.name)
		}
	}
}

// rejectNulls records the refs a WHERE conjunct rejects NULLs for: a
// comparison or IN on one of their columns, or IS NOT NULL. As in
// PostgreSQL's planner, such a conjunct reduces an outer join to an inner
// one.
func (s *statement) rejectNulls(conj *pgparse.Node, lvl *level) {
	var operands []*pgparse.Node
	switch {
	case conj.GetAExpr() != nil:
		e := conj.GetAExpr()
		switch e.Kind {
		case pgparse.ExprOp, pgparse.ExprIn, pgparse.ExprOpAny, pgparse.ExprOpAll:
			operands = []*pgparse.Node{e.Lexpr, e.Rexpr}
		}
	case conj.GetNullTest() != nil && conj.GetNullTest().Nulltesttype == pgparse.IsNotNull:
		operands = []*pgparse.Node{conj.GetNullTest().Arg}
	case conj.GetSubLink() != nil && conj.GetSubLink().Testexpr != nil:
		operands = []*pgparse.Node{conj.GetSubLink().Testexpr}
	}
	for _, op := range operands {
		cols, ok := s.resolve(op, lvl)
		if !ok {
			continue
		}
		if s.rejected[lvl] == nil {
			s.rejected[lvl] = map[*ref]bool{}
		}
		for _, c := range cols {
			for r := c.r; r != nil; r = r.lvl.owner {
				s.rejected[lvl][r] = true
			}
		}
	}
}

// semiJoin reads a WHERE conjunct EXISTS (...) or col IN (SELECT ...): the
// subquery filters the outer rows, so its correlation may scope them
// (tenant-scope.md section 2, "outward").
func (s *statement) semiJoin(conj *pgparse.Node, lvl *level, env *cteEnv) bool {
	sl := conj.GetSubLink()
	if sl == nil {
		return false
	}
	switch sl.SubLinkType {
	case pgparse.ExistsSubLink:
		s.query(sl.Subselect, lvl, env, true)
		return true
	case pgparse.AnySubLink:
		if len(sl.OperName) > 0 && sl.OperName[len(sl.OperName)-1].GetString_().GetSval() != "=" {
			return false
		}
		out := s.query(sl.Subselect, lvl, env, true)
		s.pairSubLink(sl, lvl, out)
		// key IN (SELECT unnest($1::uuid[])): every value is the caller's.
		for i, outer := range rowItems(sl.Testexpr) {
			if i < len(out.cols) && out.cols[i].value {
				if cols, ok := s.resolve(outer, lvl); ok {
					if keys := keyColumns(cols); len(keys) > 0 {
						s.facts = append(s.facts, &fact{seed: true, a: keys, at: lvl})
						s.bind(out.cols[i].expr, keys)
					}
				}
			}
		}
		return true
	}
	return false
}

// rowItems returns the elements of a row constructor, or n alone.
func rowItems(n *pgparse.Node) []*pgparse.Node {
	if row := n.GetRowExpr(); row != nil {
		return row.Args
	}
	return []*pgparse.Node{n}
}

// pairSubLink states outer.col = inner.col for col IN (SELECT col2 ...),
// as a fact of the subquery's level: it scopes inward always, and outward
// only when that level filters the outer rows.
func (s *statement) pairSubLink(sl *pgparse.SubLink, lvl *level, out queryOut) {
	items := rowItems(sl.Testexpr)
	if len(items) != len(out.cols) {
		return
	}
	for i, item := range items {
		outer, ok := s.resolve(item, lvl)
		if !ok || len(outer) == 0 || out.cols[i].src == nil {
			continue
		}
		s.facts = append(s.facts, &fact{a: outer, b: out.cols[i].src, at: out.lvl})
	}
}

// subLinks reads every subquery inside the expressions as a level that
// cannot scope anything outside itself (it may still be scoped from
// outside: "inward").
func (s *statement) subLinks(exprs []*pgparse.Node, lvl *level, env *cteEnv) {
	for _, e := range exprs {
		pgparse.Walk(e, func(n *pgparse.Node) bool {
			if sl := n.GetSubLink(); sl != nil {
				s.subLinks([]*pgparse.Node{sl.Testexpr}, lvl, env)
				out := s.query(sl.Subselect, lvl, env, false)
				if sl.SubLinkType == pgparse.AnySubLink {
					s.pairSubLink(sl, lvl, out)
				}
				return false
			}
			if n.GetSelectStmt() != nil {
				s.query(n, lvl, env, false)
				return false
			}
			return true
		})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
