package scope

import "github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"

// resolve returns the base columns behind a column reference at lvl: the
// qualified ref, or the one ref in scope with that column (tenant-scope.md
// section 2, rule 1), looking outward through correlation. ok is false for
// anything that is not a resolvable column.
func (s *statement) resolve(n *pgparse.Node, lvl *level) ([]column, bool) {
	r, col, ok := s.lookupRef(n, lvl)
	if !ok {
		return nil, false
	}
	if r == nil {
		return nil, true
	}
	if r.excludedKeys != nil {
		return []column{{r: r, name: col}}, true
	}
	return r.lookup(col), true
}

// lookupRef finds the ref a column reference names, and the column's name.
// A qualified name whose ref has no such column returns ok with a nil ref.
func (s *statement) lookupRef(n *pgparse.Node, lvl *level) (*ref, string, bool) {
	cr := stripCasts(n).GetColumnRef()
	if cr == nil {
		return nil, "", false
	}
	names := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		str := f.GetString_()
		if str == nil {
			return nil, "", false
		}
		names = append(names, str.Sval)
	}
	col := names[len(names)-1]
	for l := lvl; l != nil; l = l.parent {
		if len(names) == 1 {
			var found *ref
			n := 0
			for _, r := range l.refs {
				if r.hasColumn(col) {
					found = r
					n++
				}
			}
			if n == 1 {
				return found, col, true
			}
			if n > 1 {
				if m := l.merged[col]; m != nil {
					return m, col, true
				}
				return nil, "", false
			}
			continue
		}
		qualifier := names[len(names)-2]
		if l.excluded != nil && qualifier == "excluded" {
			return l.excluded, col, true
		}
		for _, r := range l.refs {
			if r.name == qualifier && (len(names) < 3 || r.table == nil || r.table.Schema == names[len(names)-3] || r.alias == "") {
				if !r.hasColumn(col) && r.excludedKeys == nil {
					return nil, col, true
				}
				return r, col, true
			}
		}
	}
	return nil, "", false
}
