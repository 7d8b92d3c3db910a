package scope

import "github.com/resolutionflow/tenantcheck/analyzer/schema"

// propagate decides scope: it applies every seed, then spreads scope along
// equalities to a fixed point (tenant-scope.md section 2, rule 2).
func (s *statement) propagate() {
	nullable := map[*outerJoin]map[*ref]bool{}
	allowed := func(f *fact, target *ref) bool {
		if f.join != nil {
			set, ok := nullable[f.join]
			if !ok {
				set = f.join.nullable(s.rejected[f.join.lvl])
				nullable[f.join] = set
			}
			if set != nil && !containsRef(set, target) {
				return false
			}
		}
		return reaches(f.at, target.lvl)
	}
	pairs := s.columnPairs(allowed)
	for changed := true; changed; {
		changed = s.uniqueMatch(pairs)
		changed = s.compositeMatch(pairs) || changed
		for _, f := range s.facts {
			if f.seed {
				for _, c := range f.a {
					if c.sealed {
						continue
					}
					if !c.r.scoped && allowed(f, c.r) {
						c.r.scoped, changed = true, true
					} else if !c.r.scoped && f.join != nil {
						c.r.setNear(nearPreservedOn, c.name)
					}
				}
				continue
			}
			changed = s.spread(f, f.a, f.b, allowed) || changed
			changed = s.spread(f, f.b, f.a, allowed) || changed
			changed = s.pinnedSeed(f, f.a, f.b, allowed) || changed
			changed = s.pinnedSeed(f, f.b, f.a, allowed) || changed
		}
	}
}

// refPair is a scope direction between two references.
type refPair struct{ from, to *ref }

// colPair is one equality between a column of a refPair's from reference and
// one of its to reference.
type colPair struct{ from, to string }

// columnPairs collects, for each directed pair of base references, the
// single-column equalities that may carry scope towards the second one.
// Keys and foreign keys that span several columns are matched on these
// sets (uniqueMatch, compositeMatch).
func (s *statement) columnPairs(allowed func(*fact, *ref) bool) map[refPair]map[colPair]bool {
	out := map[refPair]map[colPair]bool{}
	add := func(from, to column, f *fact) {
		if to.sealed || !allowed(f, to.r) {
			return
		}
		p := refPair{from.r, to.r}
		if out[p] == nil {
			out[p] = map[colPair]bool{}
		}
		out[p][colPair{from.name, to.name}] = true
	}
	for _, f := range s.facts {
		if f.seed || len(f.a) != 1 || len(f.b) != 1 {
			continue
		}
		a, b := f.a[0], f.b[0]
		if a.r == b.r || a.r.table == nil || b.r.table == nil {
			continue
		}
		if a.r.table != b.r.table && !s.c.compositeBetween(a.r.table, b.r.table) && !s.c.compositeSiblings(a.r.table, b.r.table) {
			continue // only keys and composite foreign keys use the sets
		}
		add(a, b, f)
		add(b, a, f)
	}
	return out
}

// uniqueMatch scopes a reference equated with a scoped reference of the
// same table on every column of a primary key or unique constraint: both
// are the same row (a self-join on the full key).
func (s *statement) uniqueMatch(pairs map[refPair]map[colPair]bool) bool {
	changed := false
	for p, eq := range pairs {
		if !p.from.scoped || p.to.scoped || p.from.table != p.to.table {
			continue
		}
		same := map[string]bool{}
		for cp := range eq {
			if cp.from == cp.to {
				same[cp.to] = true
			}
		}
		if coversUnique(p.to.table, same) {
			p.to.scoped, changed = true, true
		}
	}
	return changed
}

// compositeMatch scopes a reference equated with a scoped reference on
// several column pairs of one composite foreign key between their tables,
// in either direction, when the parent columns among those pairs hold a
// unique key of the parent or are the whole foreign key: the child row and
// the parent row are then tied one to one (tenant-scope.md section 2.2).
func (s *statement) compositeMatch(pairs map[refPair]map[colPair]bool) bool {
	changed := false
	for p, eq := range pairs {
		if !p.from.scoped || p.to.scoped {
			continue
		}
		if s.fkCovered(p.to.table, p.from.table, eq, true) || s.fkCovered(p.from.table, p.to.table, eq, false) || s.siblingCovered(p.from.table, p.to.table, eq) {
			p.to.scoped, changed = true, true
		}
	}
	return changed
}

// fkCovered reports whether the equalities eq tie a child row to one parent
// row through a foreign key of child; childIsTo says on which side of eq the
// child's columns are.
func (s *statement) fkCovered(child, parent *schema.Table, eq map[colPair]bool, childIsTo bool) bool {
	for _, fk := range child.ForeignKeys {
		if len(fk.Columns) < 2 || len(fk.Columns) != len(fk.RefColumns) || s.c.schema.Lookup(fk.RefSchema, fk.RefTable) != parent {
			continue
		}
		held := map[string]bool{}
		for i, col := range fk.Columns {
			cp := colPair{from: fk.RefColumns[i], to: col}
			if !childIsTo {
				cp = colPair{from: col, to: fk.RefColumns[i]}
			}
			if eq[cp] {
				held[fk.RefColumns[i]] = true
			}
		}
		if len(held) == len(fk.RefColumns) || coversUnique(parent, held) {
			return true
		}
	}
	return false
}

// siblingCovered reports whether the equalities eq tie a row of from and a
// row of to to one parent row through a foreign key of each to the same
// tenant-data parent, equated on parent columns that hold a unique key of
// it or the whole of both keys: (task_id, task_inserted_at) of a look-up
// row and of an attempt, both referencing tasks (id, inserted_at), name
// one task, so one tenant (rule 2, two columns that reference the same
// parent key, over a composite key). A global parent ties no tenant.
func (s *statement) siblingCovered(from, to *schema.Table, eq map[colPair]bool) bool {
	for _, fa := range from.ForeignKeys {
		parent := s.c.schema.Lookup(fa.RefSchema, fa.RefTable)
		if parent == nil || parent.Kind == schema.Global || len(fa.Columns) != len(fa.RefColumns) {
			continue
		}
		for _, fb := range to.ForeignKeys {
			if len(fb.Columns) != len(fb.RefColumns) || s.c.schema.Lookup(fb.RefSchema, fb.RefTable) != parent {
				continue
			}
			held := map[string]bool{}
			for i, pa := range fa.RefColumns {
				for j, pb := range fb.RefColumns {
					if pa == pb && eq[colPair{from: fa.Columns[i], to: fb.Columns[j]}] {
						held[pa] = true
					}
				}
			}
			if coversUnique(parent, held) || len(held) == len(fa.RefColumns) && len(held) == len(fb.RefColumns) {
				return true
			}
		}
	}
	return false
}

// spread scopes the refs of to when every ref of from is scoped and each
// pair of columns is a propagation pair.
func (s *statement) spread(f *fact, from, to []column, allowed func(*fact, *ref) bool) bool {
	for _, c := range from {
		if !c.r.scoped {
			return false
		}
	}
	changed := false
	for _, t := range to {
		if t.r.scoped || t.sealed || !allowed(f, t.r) {
			continue
		}
		ok := true
		for _, c := range from {
			if !s.c.linked(c, t) {
				ok = false
			}
		}
		if ok {
			t.r.scoped, changed = true, true
		}
	}
	return changed
}

// pinnedSeed scopes the tenant keys in to when from is one column pinned to
// a tenant value: key = col AND col = $1 is key = $1.
func (s *statement) pinnedSeed(f *fact, from, to []column, allowed func(*fact, *ref) bool) bool {
	if len(from) != 1 || !s.isPinned(from[0]) {
		return false
	}
	changed := false
	for _, k := range keyColumns(to) {
		if !k.r.scoped && !k.sealed && allowed(f, k.r) {
			k.r.scoped, changed = true, true
		}
	}
	return changed
}

// isPinned reports whether a column of a global table is fixed to a tenant
// value: compared with one itself (accounts.id = $1), or in the one row
// that a unique key compared with such values selects (accounts.slug = $1
// pins accounts.id: one account, the one the caller names, as with
// accounts.id = $1).
func (s *statement) isPinned(c column) bool {
	if s.pinned[c] {
		return true
	}
	if c.r == nil || c.r.table == nil || c.r.needsScope() {
		return false
	}
	for _, key := range c.r.table.Unique {
		all := len(key) > 0
		for _, name := range key {
			all = all && s.pinned[column{r: c.r, name: name}]
		}
		if all {
			return true
		}
	}
	return false
}

// containsRef reports whether r, or a derived relation whose body holds r,
// is in set.
func containsRef(set map[*ref]bool, r *ref) bool {
	for ; r != nil; r = r.lvl.owner {
		if set[r] {
			return true
		}
	}
	return false
}

// reaches reports whether a fact stated at level at may scope a reference
// at level target. Facts reach into deeper levels (inward) freely; they
// reach an enclosing level only through subqueries that filter its rows
// (EXISTS or IN conjuncts: outward).
func reaches(at, target *level) bool {
	for l := at; l != nil; l = l.parent {
		if l == target {
			return true
		}
		if !l.outward {
			break
		}
	}
	for l := at.parent; l != nil; l = l.parent {
		if l == target {
			return false
		}
	}
	return true
}

// linked reports whether a.x = b.y carries scope from a to b: a foreign key
// pair in either direction, two columns referencing the same parent key, a
// shared tenant key, or the same unique key of one table (rule 2).
func (c *Checker) linked(a, b column) bool {
	ta, tb := a.r.table, b.r.table
	if ta == nil || tb == nil {
		return false
	}
	if ta.IsTenantKey(a.name) && tb.IsTenantKey(b.name) && c.schema.SameTenantKey(a.name, b.name) {
		return true
	}
	if c.references(ta, a.name, tb, b.name) || c.references(tb, b.name, ta, a.name) {
		return true
	}
	// Two columns referencing the same parent key tie the rows together
	// only when that parent row belongs to one tenant: not for a global
	// parent (users joined on country_code).
	pa, pb := c.referencedBy(ta, a.name), c.referencedBy(tb, b.name)
	for _, x := range pa {
		for _, y := range pb {
			if x == y {
				return true
			}
		}
	}
	return false
}
