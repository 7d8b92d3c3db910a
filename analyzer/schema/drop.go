package schema

import (
	"slices"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// DROP TABLE [IF EXISTS] a, b [CASCADE]
// DROP [MATERIALIZED] VIEW [IF EXISTS] v
// DROP INDEX [IF EXISTS] name
func (l *loader) drop(src *source, ds *pgparse.DropStmt, at int) error {
	switch ds.RemoveType {
	case pgparse.ObjectTable:
		for _, obj := range ds.Objects {
			schemaName, name := qualifiedName(obj)
			t := l.tables[tableKey(schemaName, name)]
			if t == nil {
				if ds.MissingOk || l.derived[tableKey(schemaName, name)] {
					delete(l.derived, tableKey(schemaName, name))
					continue
				}
				if schemaName != "" {
					name = schemaName + "." + name
				}
				return src.errorf(at, "table %s does not exist", name)
			}
			l.dropTable(t)
		}
	case pgparse.ObjectPolicy:
		return l.dropPolicy(src, ds, at)
	case pgparse.ObjectView, pgparse.ObjectMatView:
		for _, obj := range ds.Objects {
			delete(l.views, tableKey(qualifiedName(obj)))
		}
	case pgparse.ObjectIndex:
		for _, obj := range ds.Objects {
			key := tableKey(qualifiedName(obj))
			if t := l.tables[l.indexes[key]]; t != nil {
				_, name := qualifiedName(obj)
				l.dropConstraint(t, name)
			}
		}
	}
	return nil
}

// dropTable removes t and the foreign keys that reference it (PostgreSQL
// drops them with CASCADE and refuses otherwise).
func (l *loader) dropTable(t *Table) {
	key := tableKey(t.Schema, t.Name)
	delete(l.tables, key)
	delete(l.pkeys, t)
	for idx, owner := range l.indexes {
		if owner == key {
			delete(l.indexes, idx)
		}
	}
	for _, other := range l.tables {
		other.ForeignKeys = slices.DeleteFunc(other.ForeignKeys, func(fk ForeignKey) bool {
			return fk.RefSchema == t.Schema && fk.RefTable == t.Name
		})
	}
}

// dropColumn removes col and, as PostgreSQL does (with CASCADE where it
// asks for it), every key, unique set and foreign key that uses it, here or
// in tables that reference it.
func (l *loader) dropColumn(t *Table, col string) {
	t.Columns = slices.DeleteFunc(t.Columns, func(c string) bool { return c == col })
	delete(t.NotNull, col)
	if slices.Contains(t.PrimaryKey, col) {
		t.PrimaryKey = nil
		delete(l.pkeys, t)
	}
	for name, cols := range t.Constraints {
		if slices.Contains(cols, col) {
			delete(t.Constraints, name)
			delete(l.indexes, tableKey(t.Schema, name))
		}
	}
	t.Unique = slices.DeleteFunc(t.Unique, func(cols []string) bool { return slices.Contains(cols, col) })
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk ForeignKey) bool { return slices.Contains(fk.Columns, col) })
	for _, other := range l.tables {
		other.ForeignKeys = slices.DeleteFunc(other.ForeignKeys, func(fk ForeignKey) bool {
			return fk.RefSchema == t.Schema && fk.RefTable == t.Name && slices.Contains(fk.RefColumns, col)
		})
	}
}

// qualifiedName reads a DROP object name: a list of one to three strings
// (name, schema.name or catalog.schema.name).
func qualifiedName(obj *pgparse.Node) (schemaName, name string) {
	var parts []string
	if list := obj.GetList(); list != nil {
		parts = names(list.Items)
	}
	switch len(parts) {
	case 0:
		return "", ""
	case 1:
		return "", parts[0]
	default:
		return parts[len(parts)-2], parts[len(parts)-1]
	}
}
