package schema

import (
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// ALTER TABLE name RENAME TO new / RENAME COLUMN a TO b / RENAME CONSTRAINT
// ALTER INDEX name RENAME TO new
func (l *loader) rename(src *source, rs *pgparse.RenameStmt, at int) error {
	switch rs.RenameType {
	case pgparse.ObjectTable:
		t, err := l.tableUnless(src, rs.Relation, rs.MissingOk, at)
		if t == nil {
			return err
		}
		if l.tables[tableKey(t.Schema, rs.Newname)] != nil {
			return src.errorf(at, "table %s already exists", rs.Newname)
		}
		l.move(t, t.Schema, rs.Newname)
	case pgparse.ObjectColumn:
		if rs.RelationType != pgparse.ObjectTable {
			return nil
		}
		t, err := l.tableUnless(src, rs.Relation, rs.MissingOk, at)
		if t == nil {
			return err
		}
		if !t.HasColumn(rs.Subname) {
			return src.errorf(at, "column %s of table %s does not exist", rs.Subname, t.QualifiedName())
		}
		if t.HasColumn(rs.Newname) {
			return src.errorf(at, "column %s of table %s already exists", rs.Newname, t.QualifiedName())
		}
		l.renameColumn(t, rs.Subname, rs.Newname)
	case pgparse.ObjectPolicy:
		return l.renamePolicy(src, rs, at)
	case pgparse.ObjectTabConstraint:
		if t := l.tables[rangeKey(rs.Relation)]; t != nil {
			l.renameConstraint(t, rs.Subname, rs.Newname)
		}
	case pgparse.ObjectIndex:
		old := rangeKey(rs.Relation)
		if t := l.tables[l.indexes[old]]; t != nil {
			l.renameConstraint(t, rs.Relation.GetRelname(), rs.Newname)
		}
	}
	return nil
}

// move renames t and points every foreign key that referenced it at the
// new name.
func (l *loader) move(t *Table, schemaName, name string) {
	oldKey, newKey := tableKey(t.Schema, t.Name), tableKey(schemaName, name)
	l.renameInPolicies(t, schemaName, name)
	for _, v := range l.views {
		if v.moved == nil {
			v.moved = map[string]string{}
		}
		for named, now := range v.moved {
			if now == oldKey {
				v.moved[named] = newKey
			}
		}
		if _, ok := v.moved[oldKey]; !ok {
			v.moved[oldKey] = newKey
		}
	}
	delete(l.tables, oldKey)
	for _, other := range l.tables {
		for i := range other.ForeignKeys {
			fk := &other.ForeignKeys[i]
			if fk.RefSchema == t.Schema && fk.RefTable == t.Name {
				fk.RefSchema, fk.RefTable = schemaName, name
			}
		}
	}
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		if fk.RefSchema == t.Schema && fk.RefTable == t.Name {
			fk.RefSchema, fk.RefTable = schemaName, name
		}
	}
	// Indexes follow their table, also into another schema.
	var owned []string
	for idx, owner := range l.indexes {
		if owner == oldKey {
			owned = append(owned, idx)
		}
	}
	for _, idx := range owned {
		delete(l.indexes, idx)
		l.indexes[tableKey(schemaName, strings.TrimPrefix(idx, t.Schema+"."))] = newKey
	}
	t.Schema, t.Name = schemaName, name
	l.tables[newKey] = t
}

// renameColumn renames a column everywhere it is named: the table's column
// list, keys, constraints and foreign keys, and foreign keys referencing it.
func (l *loader) renameColumn(t *Table, from, to string) {
	rename := func(cols []string) {
		for i, c := range cols {
			if c == from {
				cols[i] = to
			}
		}
	}
	rename(t.Columns)
	rename(t.PrimaryKey)
	if t.NotNull[from] {
		delete(t.NotNull, from)
		t.NotNull[to] = true
	}
	for _, cols := range t.Constraints {
		rename(cols)
	}
	for _, cols := range t.Unique {
		rename(cols)
	}
	for _, fk := range t.ForeignKeys {
		rename(fk.Columns)
	}
	for _, other := range l.tables {
		for _, fk := range other.ForeignKeys {
			if fk.RefSchema == t.Schema && fk.RefTable == t.Name {
				rename(fk.RefColumns)
			}
		}
	}
}

// renameConstraint renames a key, unique constraint, unique index or
// foreign key of t.
func (l *loader) renameConstraint(t *Table, from, to string) {
	if cols, ok := t.Constraints[from]; ok {
		if l.pkeys[t] == from {
			l.pkeys[t] = to
		}
		delete(t.Constraints, from)
		t.Constraints[to] = cols
		delete(l.indexes, tableKey(t.Schema, from))
		l.indexes[tableKey(t.Schema, to)] = tableKey(t.Schema, t.Name)
	}
	if i := t.foreignKey(from); i >= 0 {
		t.ForeignKeys[i].Name = to
	}
}

// ALTER TABLE [IF EXISTS] name SET SCHEMA other
func (l *loader) setSchema(src *source, ss *pgparse.AlterObjectSchemaStmt, at int) error {
	if ss.ObjectType != pgparse.ObjectTable || ss.Relation == nil {
		return nil
	}
	t, err := l.tableUnless(src, ss.Relation, ss.MissingOk, at)
	if t == nil {
		return err
	}
	if l.tables[tableKey(ss.Newschema, t.Name)] != nil {
		return src.errorf(at, "table %s.%s already exists", ss.Newschema, t.Name)
	}
	l.move(t, ss.Newschema, t.Name)
	return nil
}
