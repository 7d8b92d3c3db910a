package scope

import "github.com/resolutionflow/tenantcheck/analyzer/schema"

// references reports whether child.col is a foreign key column that points
// at parent.pcol.
func (c *Checker) references(child *schema.Table, col string, parent *schema.Table, pcol string) bool {
	for _, fk := range child.ForeignKeys {
		if c.schema.Lookup(fk.RefSchema, fk.RefTable) != parent {
			continue
		}
		for i, fc := range fk.Columns {
			if fc == col && i < len(fk.RefColumns) && fk.RefColumns[i] == pcol {
				return true
			}
		}
	}
	return false
}

// referencedBy returns the tenant-data parent keys ("schema.table.column")
// that t.col references.
func (c *Checker) referencedBy(t *schema.Table, col string) []string {
	var out []string
	for _, fk := range t.ForeignKeys {
		if p := c.schema.Lookup(fk.RefSchema, fk.RefTable); p == nil || p.Kind == schema.Global {
			continue
		}
		for i, fc := range fk.Columns {
			if fc == col && i < len(fk.RefColumns) {
				out = append(out, qualified(fk.RefSchema, fk.RefTable)+"."+fk.RefColumns[i])
			}
		}
	}
	return out
}
