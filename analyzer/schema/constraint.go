package schema

import (
	"slices"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// addConstraint applies a column constraint (col set) or a table constraint
// (col empty) to t. Constraint kinds the model does not need (CHECK,
// EXCLUDE, DEFAULT, ...) are ignored.
func (l *loader) addConstraint(src *source, t *Table, c *pgparse.Constraint, col string, at int) error {
	at = locate(c.Location, at)
	switch c.Contype {
	case pgparse.ConstrNotNull:
		if col != "" {
			t.NotNull[col] = true
		}
	case pgparse.ConstrPrimary, pgparse.ConstrUnique:
		cols := names(c.Keys)
		if col != "" {
			cols = []string{col}
		}
		name := c.Conname
		if c.Indexname != "" {
			// ADD CONSTRAINT name PRIMARY KEY USING INDEX idx: the index
			// becomes the constraint and takes its name.
			idxCols, err := l.takeIndex(src, t, c.Indexname, at)
			if err != nil {
				return err
			}
			cols = idxCols
			if name == "" {
				name = c.Indexname
			}
		}
		if err := checkColumns(src, t, cols, at); err != nil {
			return err
		}
		primary := c.Contype == pgparse.ConstrPrimary
		if primary && len(t.PrimaryKey) > 0 {
			return src.errorf(at, "multiple primary keys for table %s are not allowed", t.QualifiedName())
		}
		if name == "" {
			if primary {
				name = l.chooseRelationName(t.Schema, t.Name, "", "pkey")
			} else {
				name = l.chooseRelationName(t.Schema, t.Name, strings.Join(cols, "_"), "key")
			}
		}
		if primary {
			l.pkeys[t] = name
			t.PrimaryKey = slices.Clone(cols)
			for _, c := range cols {
				t.NotNull[c] = true
			}
		}
		t.Constraints[name] = slices.Clone(cols)
		t.Unique = append(t.Unique, slices.Clone(cols))
		l.indexes[tableKey(t.Schema, name)] = tableKey(t.Schema, t.Name)
	case pgparse.ConstrForeign:
		cols := names(c.FkAttrs)
		if col != "" {
			cols = []string{col}
		}
		if err := checkColumns(src, t, cols, at); err != nil {
			return err
		}
		ref, err := l.table(src, c.Pktable, at)
		if err != nil {
			return src.errorf(locate(c.Pktable.GetLocation(), at), "foreign key references table %s, which does not exist", displayName(c.Pktable))
		}
		refCols := names(c.PkAttrs)
		if err := checkColumns(src, ref, refCols, at); err != nil {
			return err
		}
		if len(refCols) == 0 {
			refCols = slices.Clone(ref.PrimaryKey)
		}
		name := c.Conname
		if name == "" {
			name = chooseName(t.Name, strings.Join(cols, "_"), "fkey", func(n string) bool { return t.foreignKey(n) >= 0 })
		}
		t.ForeignKeys = append(t.ForeignKeys, ForeignKey{Name: name, Columns: cols, RefSchema: ref.Schema, RefTable: ref.Name, RefColumns: refCols})
	}
	return nil
}

// takeIndex removes the unique index idx of t from the index registry and
// returns its columns, for ADD CONSTRAINT ... USING INDEX.
func (l *loader) takeIndex(src *source, t *Table, idx string, at int) ([]string, error) {
	key := tableKey(t.Schema, idx)
	cols, ok := t.Constraints[idx]
	if !ok || l.indexes[key] != tableKey(t.Schema, t.Name) {
		return nil, src.errorf(at, "index %s of table %s does not exist", idx, t.QualifiedName())
	}
	delete(t.Constraints, idx)
	t.removeUnique(cols)
	delete(l.indexes, key)
	return cols, nil
}

// CREATE UNIQUE INDEX [IF NOT EXISTS] name ON table (col, ...)
func (l *loader) createIndex(is *pgparse.IndexStmt) error {
	// Non-unique indexes say nothing about keys; an index on something the
	// model does not hold (a materialized view) is none of its business.
	t := l.tables[rangeKey(is.Relation)]
	if !is.Unique || t == nil {
		return nil
	}
	cols := make([]string, 0, len(is.IndexParams))
	for _, p := range is.IndexParams {
		e := p.GetIndexElem()
		if e == nil || e.Name == "" {
			// An expression index (lower(email)) is no column set.
			return nil
		}
		cols = append(cols, e.Name)
	}
	name := is.Idxname
	if name == "" {
		name = l.chooseRelationName(t.Schema, t.Name, strings.Join(cols, "_"), "idx")
	}
	key := tableKey(t.Schema, name)
	if _, exists := l.indexes[key]; exists {
		return nil
	}
	l.indexes[key] = tableKey(t.Schema, t.Name)
	t.Constraints[name] = cols
	// A partial unique index makes the columns unique only among the rows
	// its predicate selects, so it is no unique column set of the table.
	if is.WhereClause == nil {
		t.Unique = append(t.Unique, slices.Clone(cols))
	}
	return nil
}

// dropConstraint removes the primary key, unique constraint or foreign key
// called name from t.
func (l *loader) dropConstraint(t *Table, name string) {
	if cols, ok := t.Constraints[name]; ok {
		if l.pkeys[t] == name {
			t.PrimaryKey = nil
			delete(l.pkeys, t)
		}
		delete(t.Constraints, name)
		delete(l.indexes, tableKey(t.Schema, name))
		t.removeUnique(cols)
	}
	if i := t.foreignKey(name); i >= 0 {
		t.ForeignKeys = slices.Delete(t.ForeignKeys, i, i+1)
	}
}

// removeUnique removes one occurrence of cols from t.Unique.
func (t *Table) removeUnique(cols []string) {
	for i, u := range t.Unique {
		if slices.Equal(u, cols) {
			t.Unique = slices.Delete(t.Unique, i, i+1)
			return
		}
	}
}

// foreignKey returns the index of the foreign key called name, or -1.
func (t *Table) foreignKey(name string) int {
	for i, fk := range t.ForeignKeys {
		if fk.Name == name {
			return i
		}
	}
	return -1
}
