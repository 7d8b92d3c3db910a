package scope

import "github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"

// join reads a JOIN. An inner join's ON clause is like WHERE; an outer
// join's scopes only its nullable side (tenant-scope.md section 2, "Outer
// joins").
func (s *statement) join(j *pgparse.JoinExpr, lvl *level, env *cteEnv) map[*ref]bool {
	left := s.fromItem(j.Larg, lvl, env)
	right := s.fromItem(j.Rarg, lvl, env)
	var oj *outerJoin
	switch j.Jointype {
	case pgparse.JoinLeft, pgparse.JoinRight, pgparse.JoinFull:
		oj = &outerJoin{kind: j.Jointype, left: left, right: right, lvl: lvl}
		s.outerJoins = append(s.outerJoins, oj)
	}
	s.condition(j.Quals, lvl, env, oj, false)
	names := make([]string, 0, len(j.UsingClause))
	for _, n := range j.UsingClause {
		names = append(names, n.GetString_().GetSval())
	}
	if j.IsNatural {
		names = commonColumns(left, right)
	}
	for _, name := range names {
		lref, l := sideColumn(left, name, lvl)
		rref, r := sideColumn(right, name, lvl)
		if l == nil || r == nil {
			continue
		}
		s.facts = append(s.facts, &fact{a: l, b: r, at: lvl, join: oj})
		if lvl.merged == nil {
			lvl.merged = map[string]*ref{}
		}
		switch j.Jointype {
		case pgparse.JoinRight:
			lvl.merged[name] = rref
		case pgparse.JoinFull:
			delete(lvl.merged, name)
		default:
			lvl.merged[name] = lref
		}
	}
	all := map[*ref]bool{}
	for r := range left {
		all[r] = true
	}
	for r := range right {
		all[r] = true
	}
	return all
}

// sideColumn returns the ref and base columns named name on one side of a
// join: the one ref there that has it, or the ref of the column an inner
// USING join on that side merged the name into (rules JOIN variants
// USING (k) JOIN flags USING (k) equates flags.k with the first join's k).
func sideColumn(side map[*ref]bool, name string, lvl *level) (*ref, []column) {
	var found *ref
	n := 0
	for r := range side {
		if r.hasColumn(name) {
			n++
			found = r
		}
	}
	if n > 1 {
		if m := lvl.merged[name]; m != nil && side[m] {
			found, n = m, 1
		}
	}
	if n != 1 {
		return nil, nil
	}
	return found, found.lookup(name)
}

func commonColumns(left, right map[*ref]bool) []string {
	var names []string
	seen := map[string]bool{}
	for l := range left {
		for _, name := range l.columns() {
			if seen[name] {
				continue
			}
			for r := range right {
				if r.hasColumn(name) {
					names = append(names, name)
					seen[name] = true
					break
				}
			}
		}
	}
	return names
}
