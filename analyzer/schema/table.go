package schema

import (
	"slices"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// CREATE TABLE [IF NOT EXISTS] name (columns, constraints)
// CREATE TABLE name PARTITION OF parent ... / INHERITS (parent)
func (l *loader) createTable(src *source, cs *pgparse.CreateStmt, at int) error {
	rv := cs.Relation
	key := rangeKey(rv)
	if l.tables[key] != nil {
		if cs.IfNotExists {
			return nil
		}
		return src.errorf(locate(rv.GetLocation(), at), "table %s already exists", displayName(rv))
	}
	schemaName := rv.GetSchemaname()
	if schemaName == "" {
		schemaName = DefaultSchema
	}
	t := &Table{Schema: schemaName, Name: rv.GetRelname(), NotNull: map[string]bool{}, Constraints: map[string][]string{}, Created: l.pos, Exemption: l.directive}
	// A partition or an inheriting table starts with its parents' columns;
	// a partition also shares the parent's keys (PostgreSQL clones them).
	for _, p := range cs.InhRelations {
		prv := p.GetRangeVar()
		if prv == nil {
			continue
		}
		parent, err := l.table(src, prv, at)
		if err != nil {
			return err
		}
		t.copyColumns(parent)
		if cs.Partbound != nil {
			l.copyKeys(t, parent, key)
			for _, fk := range parent.ForeignKeys {
				fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
				t.ForeignKeys = append(t.ForeignKeys, fk)
			}
		}
	}
	type pending struct {
		c   *pgparse.Constraint
		col string
	}
	var constraints []pending
	for _, elt := range cs.TableElts {
		switch {
		case elt.GetColumnDef() != nil:
			cd := elt.GetColumnDef()
			if !t.HasColumn(cd.Colname) {
				t.Columns = append(t.Columns, cd.Colname)
			} else if len(cs.InhRelations) == 0 {
				return src.errorf(locate(cd.Location, at), "column %s specified more than once", cd.Colname)
			}
			if notNull(cd) {
				t.NotNull[cd.Colname] = true
			}
			for _, c := range cd.Constraints {
				if cc := c.GetConstraint(); cc != nil {
					constraints = append(constraints, pending{cc, cd.Colname})
				}
			}
		case elt.GetTableLikeClause() != nil:
			lc := elt.GetTableLikeClause()
			like, err := l.table(src, lc.Relation, at)
			if err != nil {
				return err
			}
			t.copyColumns(like)
			if lc.Options&pgparse.LikeIndexes != 0 {
				l.copyKeys(t, like, key)
			}
		case elt.GetConstraint() != nil:
			constraints = append(constraints, pending{elt.GetConstraint(), ""})
		}
	}
	// Registered before the constraints so that a table can reference itself.
	l.tables[key] = t
	for _, p := range constraints {
		if err := l.addConstraint(src, t, p.c, p.col, at); err != nil {
			return err
		}
	}
	return nil
}

// copyKeys gives t the unique keys of from and its primary key, named for
// t, as PostgreSQL clones them for a partition and for LIKE ... INCLUDING
// INDEXES. The other unique keys keep no name: PostgreSQL's generated ones
// depend on whether they were constraints or indexes, which the model does
// not record, and an ON CONFLICT ON CONSTRAINT naming one is reported as a
// constraint the schema does not have.
func (l *loader) copyKeys(t, from *Table, key string) {
	t.Unique = cloneSets(from.Unique)
	if len(from.PrimaryKey) > 0 {
		t.PrimaryKey = slices.Clone(from.PrimaryKey)
		name := l.chooseRelationName(t.Schema, t.Name, "", "pkey")
		t.Constraints[name] = slices.Clone(t.PrimaryKey)
		l.indexes[tableKey(t.Schema, name)] = key
		l.pkeys[t] = name
	}
}

func cloneSets(sets [][]string) [][]string {
	out := make([][]string, len(sets))
	for i, s := range sets {
		out[i] = slices.Clone(s)
	}
	return out
}

// checkColumns reports the first of cols that t lacks, as PostgreSQL would.
func checkColumns(src *source, t *Table, cols []string, at int) error {
	for _, c := range cols {
		if !t.HasColumn(c) {
			return src.errorf(at, "column %s of table %s does not exist", c, t.QualifiedName())
		}
	}
	return nil
}

// ALTER TABLE [IF EXISTS] [ONLY] name action, ...
func (l *loader) alterTable(src *source, as *pgparse.AlterTableStmt, at int) error {
	if as.Objtype != pgparse.ObjectTable {
		return nil
	}
	var t *Table
	for _, node := range as.Cmds {
		cmd := node.GetAlterTableCmd()
		if cmd != nil && (isRowSecurity(cmd.Subtype) || cmd.Subtype == pgparse.ChangeOwner) {
			// Also on relations the model does not hold, such as sequences.
			if rt := l.tables[rangeKey(as.Relation)]; rt != nil && cmd.Subtype == pgparse.ChangeOwner {
				rt.RowSecurity.Owner, rt.RowSecurity.OwnerPos = roleSpecName(cmd.Newowner), l.pos
			} else if rt != nil {
				l.rowSecurity(rt, cmd.Subtype)
			}
			continue
		}
		if cmd == nil || !modelled(cmd.Subtype) {
			continue
		}
		if t == nil {
			if t = l.tables[rangeKey(as.Relation)]; t == nil {
				if as.MissingOk {
					return nil
				}
				return src.errorf(locate(as.Relation.GetLocation(), at), "table %s does not exist", displayName(as.Relation))
			}
		}
		if err := l.alterCmd(src, t, cmd, at); err != nil {
			return err
		}
	}
	return nil
}

// modelled reports whether an ALTER TABLE action changes the tables' keys.
// Others (SET DEFAULT, ...) are ignored, also on relations the model does
// not hold, such as sequences; row-level security switches and OWNER TO
// are recorded apart, for the rls rule.
func modelled(t pgparse.AlterTableType) bool {
	switch t {
	case pgparse.AddColumn, pgparse.DropColumn, pgparse.AddConstraint, pgparse.DropConstraint, pgparse.SetNotNull, pgparse.DropNotNull:
		return true
	}
	return false
}

func (l *loader) alterCmd(src *source, t *Table, cmd *pgparse.AlterTableCmd, at int) error {
	switch cmd.Subtype {
	case pgparse.AddColumn:
		cd := cmd.Def.GetColumnDef()
		if cd == nil {
			return nil
		}
		if t.HasColumn(cd.Colname) {
			if cmd.MissingOk {
				return nil
			}
			return src.errorf(locate(cd.Location, at), "column %s of table %s already exists", cd.Colname, t.QualifiedName())
		}
		t.Columns = append(t.Columns, cd.Colname)
		if notNull(cd) {
			t.NotNull[cd.Colname] = true
		}
		for _, c := range cd.Constraints {
			if cc := c.GetConstraint(); cc != nil {
				if err := l.addConstraint(src, t, cc, cd.Colname, at); err != nil {
					return err
				}
			}
		}
	case pgparse.DropColumn:
		if !t.HasColumn(cmd.Name) {
			if cmd.MissingOk {
				return nil
			}
			return src.errorf(at, "column %s of table %s does not exist", cmd.Name, t.QualifiedName())
		}
		l.dropColumn(t, cmd.Name)
	case pgparse.AddConstraint:
		if c := cmd.Def.GetConstraint(); c != nil {
			return l.addConstraint(src, t, c, "", at)
		}
	case pgparse.DropConstraint:
		// A name the model does not know is a CHECK or EXCLUDE constraint,
		// which it does not track, so it is not an error.
		l.dropConstraint(t, cmd.Name)
	case pgparse.SetNotNull, pgparse.DropNotNull:
		if !t.HasColumn(cmd.Name) {
			return src.errorf(at, "column %s of table %s does not exist", cmd.Name, t.QualifiedName())
		}
		if cmd.Subtype == pgparse.SetNotNull {
			t.NotNull[cmd.Name] = true
		} else {
			delete(t.NotNull, cmd.Name)
		}
	}
	return nil
}

// copyColumns adds from's columns that t lacks, with their NOT NULL, as
// INHERITS, PARTITION OF and LIKE start a table.
func (t *Table) copyColumns(from *Table) {
	for _, c := range from.Columns {
		if !t.HasColumn(c) {
			t.Columns = append(t.Columns, c)
		}
		if from.NotNull[c] {
			t.NotNull[c] = true
		}
	}
}

// notNull reports whether PostgreSQL makes the column NOT NULL: declared
// so (a NOT NULL constraint is applied with the others), or an identity
// column, or of a serial type, which PostgreSQL makes NOT NULL without
// saying so.
func notNull(cd *pgparse.ColumnDef) bool {
	if cd.IsNotNull {
		return true
	}
	for _, c := range cd.Constraints {
		if cc := c.GetConstraint(); cc != nil && cc.Contype == pgparse.ConstrIdentity {
			return true
		}
	}
	if cd.TypeName == nil {
		return false
	}
	// serial is no type: the parser leaves the name unqualified, as
	// written (pg_catalog.serial does not exist).
	typ := names(cd.TypeName.Names)
	if len(typ) != 1 {
		return false
	}
	switch typ[0] {
	case "serial", "serial2", "serial4", "serial8", "smallserial", "bigserial":
		return true
	}
	return false
}
