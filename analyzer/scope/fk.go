package scope

import "github.com/resolutionflow/tenantcheck/analyzer/schema"

// references reports whether child.col is a foreign key column that points
// at parent.pcol through a pair that ties the two rows on its own: the only
// pair of its foreign key, or a pair of a composite foreign key whose parent
// column is by itself a unique key of the parent (tenant-scope.md section
// 2.2). Pairs that tie rows only together are matched by compositeMatch.
func (c *Checker) references(child *schema.Table, col string, parent *schema.Table, pcol string) bool {
	for _, fk := range child.ForeignKeys {
		if c.schema.Lookup(fk.RefSchema, fk.RefTable) != parent {
			continue
		}
		for i, fc := range fk.Columns {
			if fc == col && i < len(fk.RefColumns) && fk.RefColumns[i] == pcol && pairAlone(fk, parent, pcol) {
				return true
			}
		}
	}
	return false
}

// referencedBy returns the tenant-data parent keys ("schema.table.column")
// that t.col references through a pair that ties the rows on its own.
func (c *Checker) referencedBy(t *schema.Table, col string) []string {
	var out []string
	for _, fk := range t.ForeignKeys {
		p := c.schema.Lookup(fk.RefSchema, fk.RefTable)
		if p == nil || p.Kind == schema.Global {
			continue
		}
		for i, fc := range fk.Columns {
			if fc == col && i < len(fk.RefColumns) && pairAlone(fk, p, fk.RefColumns[i]) {
				out = append(out, qualified(fk.RefSchema, fk.RefTable)+"."+fk.RefColumns[i])
			}
		}
	}
	return out
}

// pairAlone reports whether one column pair of fk names a single parent
// row: fk has no other pair, or pcol alone is a unique key of parent. In
// FOREIGN KEY (post_id, account_id) REFERENCES posts (id, account_id), the
// pair post_id = id names one post when posts.id is the primary key, and
// a post of any tenant when only (id, account_id) is unique.
func pairAlone(fk schema.ForeignKey, parent *schema.Table, pcol string) bool {
	return len(fk.Columns) == 1 || coversUnique(parent, map[string]bool{pcol: true})
}

// coversUnique reports whether cols hold every column of one of t's primary
// keys, unique constraints or unique indexes.
func coversUnique(t *schema.Table, cols map[string]bool) bool {
	for _, key := range t.Unique {
		all := len(key) > 0
		for _, col := range key {
			all = all && cols[col]
		}
		if all {
			return true
		}
	}
	return false
}

// compositeBetween reports whether a foreign key of several columns links
// tables a and b, in either direction.
func (c *Checker) compositeBetween(a, b *schema.Table) bool {
	for _, pair := range [][2]*schema.Table{{a, b}, {b, a}} {
		for _, fk := range pair[0].ForeignKeys {
			if len(fk.Columns) > 1 && c.schema.Lookup(fk.RefSchema, fk.RefTable) == pair[1] {
				return true
			}
		}
	}
	return false
}

// compositeSiblings reports whether a and b each have a foreign key to the
// same tenant-data parent, one of them of several columns: their rows are
// tied by equal keys only when all the pairs agree (siblingCovered).
func (c *Checker) compositeSiblings(a, b *schema.Table) bool {
	for _, fa := range a.ForeignKeys {
		p := c.schema.Lookup(fa.RefSchema, fa.RefTable)
		if p == nil || p.Kind == schema.Global {
			continue
		}
		for _, fb := range b.ForeignKeys {
			if (len(fa.Columns) > 1 || len(fb.Columns) > 1) && c.schema.Lookup(fb.RefSchema, fb.RefTable) == p {
				return true
			}
		}
	}
	return false
}
