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
		l, r := sideColumn(left, name), sideColumn(right, name)
		if l != nil && r != nil {
			s.facts = append(s.facts, &fact{a: l, b: r, at: lvl, join: oj})
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

// sideColumn returns the base columns named name on one side of a join, when
// exactly one ref there has it.
func sideColumn(side map[*ref]bool, name string) []column {
	var found []column
	n := 0
	for r := range side {
		if r.hasColumn(name) {
			n++
			found = r.lookup(name)
		}
	}
	if n != 1 {
		return nil
	}
	return found
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
