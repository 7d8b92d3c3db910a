package schema

import (
	"slices"
	"strconv"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// nameDataLen is PostgreSQL's NAMEDATALEN: identifiers hold at most
// nameDataLen-1 bytes, which bounds generated constraint names.
const nameDataLen = 64

// loader replays DDL statements on an in-memory model of the tables. Only
// what decides tenancy and scoping is modelled: tables, columns, keys,
// unique constraints and foreign keys. Every other statement is ignored.
type loader struct {
	tables map[string]*Table // by "schema.name"
	views  map[string]*View  // by "schema.name"
	// indexes maps "schema.index" to the key of the table a unique index
	// belongs to, for DROP INDEX, ALTER INDEX RENAME and USING INDEX.
	indexes map[string]string
	// pkeys holds the name of each table's primary key constraint, so that
	// DROP CONSTRAINT can tell it from a unique constraint on the same
	// columns.
	pkeys map[*Table]string
	// derived holds the tables made by CREATE TABLE ... AS and SELECT ...
	// INTO, whose columns come from a query: migrations use them as
	// scratch tables and drop them, which must not fail the load.
	derived map[string]bool
	// roles are the roles the migrations create, alter or grant to.
	roles map[string]*Role
	// rlsUsed is set once any table has had row-level security enabled.
	rlsUsed bool
	// pos is where the statement being applied starts, and directive the
	// tenantcheck:cross-tenant comment above it, nil when none.
	pos       Pos
	directive *Directive
}

func newLoader() *loader {
	return &loader{tables: map[string]*Table{}, views: map[string]*View{}, indexes: map[string]string{}, pkeys: map[*Table]string{}, derived: map[string]bool{}, roles: map[string]*Role{}}
}

// tableKey is the map key of a table: schema-qualified, public by default.
func tableKey(schemaName, name string) string {
	if schemaName == "" {
		schemaName = DefaultSchema
	}
	return schemaName + "." + name
}

func rangeKey(rv *pgparse.RangeVar) string { return tableKey(rv.GetSchemaname(), rv.GetRelname()) }

// displayName is how errors name a relation: as written, qualified or not.
func displayName(rv *pgparse.RangeVar) string {
	if rv.GetSchemaname() == "" {
		return rv.GetRelname()
	}
	return rv.GetSchemaname() + "." + rv.GetRelname()
}

// statement applies one parsed statement starting at byte offset at.
func (l *loader) statement(src *source, n *pgparse.Node, at int) error {
	switch {
	case n.GetCreateStmt() != nil:
		return l.createTable(src, n.GetCreateStmt(), at)
	case n.GetIndexStmt() != nil:
		return l.createIndex(n.GetIndexStmt())
	case n.GetAlterTableStmt() != nil:
		return l.alterTable(src, n.GetAlterTableStmt(), at)
	case n.GetRenameStmt() != nil:
		return l.rename(src, n.GetRenameStmt(), at)
	case n.GetDropStmt() != nil:
		return l.drop(src, n.GetDropStmt(), at)
	case n.GetAlterObjectSchemaStmt() != nil:
		return l.setSchema(src, n.GetAlterObjectSchemaStmt(), at)
	case n.GetCreatePolicyStmt() != nil:
		return l.createPolicy(src, n.GetCreatePolicyStmt(), at)
	case n.GetAlterPolicyStmt() != nil:
		return l.alterPolicy(src, n.GetAlterPolicyStmt(), at)
	case n.GetCreateRoleStmt() != nil:
		l.roleOptions(n.GetCreateRoleStmt().Role, n.GetCreateRoleStmt().Options)
	case n.GetAlterRoleStmt() != nil && n.GetAlterRoleStmt().Role != nil:
		l.roleOptions(roleSpecName(n.GetAlterRoleStmt().Role), n.GetAlterRoleStmt().Options)
	case n.GetGrantRoleStmt() != nil:
		l.grantRole(n.GetGrantRoleStmt())
	case n.GetViewStmt() != nil:
		vs := n.GetViewStmt()
		l.addView(vs.View, vs.Query, vs.Aliases)
	case n.GetCreateTableAsStmt() != nil && n.GetCreateTableAsStmt().Objtype == pgparse.ObjectMatView:
		ct := n.GetCreateTableAsStmt()
		if ct.Into != nil && ct.Into.Rel != nil {
			l.addView(ct.Into.Rel, ct.Query, ct.Into.ColNames)
		}
	case n.GetCreateTableAsStmt() != nil:
		if into := n.GetCreateTableAsStmt().Into; into != nil && into.Rel != nil {
			l.derived[rangeKey(into.Rel)] = true
		}
	case n.GetSelectStmt() != nil:
		if into := n.GetSelectStmt().IntoClause; into != nil && into.Rel != nil {
			l.derived[rangeKey(into.Rel)] = true
		}
	}
	return nil
}

// addView records a view or materialized view (CREATE OR REPLACE included).
func (l *loader) addView(rv *pgparse.RangeVar, query *pgparse.Node, aliases []*pgparse.Node) {
	schemaName := rv.GetSchemaname()
	if schemaName == "" {
		schemaName = DefaultSchema
	}
	v := &View{Schema: schemaName, Name: rv.GetRelname(), Query: query}
	for _, a := range aliases {
		v.Columns = append(v.Columns, a.GetString_().GetSval())
	}
	l.views[tableKey(schemaName, v.Name)] = v
}

// locate returns the node's own offset when the parser recorded one, else
// the statement's.
func locate(location int32, at int) int {
	if location > 0 {
		return int(location)
	}
	return at
}

// table returns the table rv names, or an error like PostgreSQL's when it
// does not exist.
func (l *loader) table(src *source, rv *pgparse.RangeVar, at int) (*Table, error) {
	if t := l.tables[rangeKey(rv)]; t != nil {
		return t, nil
	}
	return nil, src.errorf(locate(rv.GetLocation(), at), "table %s does not exist", displayName(rv))
}

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
		for _, c := range parent.Columns {
			if !t.HasColumn(c) {
				t.Columns = append(t.Columns, c)
			}
			if parent.NotNull[c] {
				t.NotNull[c] = true
			}
		}
		if cs.Partbound != nil {
			t.Unique = cloneSets(parent.Unique)
			if len(parent.PrimaryKey) > 0 {
				t.PrimaryKey = slices.Clone(parent.PrimaryKey)
				name := l.chooseRelationName(t.Schema, t.Name, "", "pkey")
				t.Constraints[name] = slices.Clone(t.PrimaryKey)
				l.indexes[tableKey(t.Schema, name)] = key
				l.pkeys[t] = name
			}
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
			if cd.IsNotNull {
				t.NotNull[cd.Colname] = true
			}
			for _, c := range cd.Constraints {
				if cc := c.GetConstraint(); cc != nil {
					constraints = append(constraints, pending{cc, cd.Colname})
				}
			}
		case elt.GetTableLikeClause() != nil:
			like, err := l.table(src, elt.GetTableLikeClause().Relation, at)
			if err != nil {
				return err
			}
			for _, c := range like.Columns {
				if !t.HasColumn(c) {
					t.Columns = append(t.Columns, c)
				}
				if like.NotNull[c] {
					t.NotNull[c] = true
				}
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

func cloneSets(sets [][]string) [][]string {
	out := make([][]string, len(sets))
	for i, s := range sets {
		out[i] = slices.Clone(s)
	}
	return out
}

// names returns the string values of a list of String nodes (column lists).
func names(nodes []*pgparse.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

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

// checkColumns reports the first of cols that t lacks, as PostgreSQL would.
func checkColumns(src *source, t *Table, cols []string, at int) error {
	for _, c := range cols {
		if !t.HasColumn(c) {
			return src.errorf(at, "column %s of table %s does not exist", c, t.QualifiedName())
		}
	}
	return nil
}

// chooseRelationName returns the name PostgreSQL gives an unnamed primary
// key or unique constraint (its index): unique among the schema's indexes.
func (l *loader) chooseRelationName(schemaName, name1, name2, label string) string {
	return chooseName(name1, name2, label, func(n string) bool {
		_, taken := l.indexes[tableKey(schemaName, n)]
		return taken || l.tables[tableKey(schemaName, n)] != nil
	})
}

// chooseName mirrors PostgreSQL's ChooseRelationName: name1_name2_label,
// truncated to fit an identifier, with a counter appended to the label until
// taken reports the name free. Matching PostgreSQL matters because later
// migrations drop constraints by their generated names.
func chooseName(name1, name2, label string, taken func(string) bool) string {
	name := makeObjectName(name1, name2, label)
	for pass := 1; taken(name); pass++ {
		name = makeObjectName(name1, name2, label+strconv.Itoa(pass))
	}
	return name
}

// makeObjectName is PostgreSQL's makeObjectName: it shortens the longer of
// name1 and name2 until name1_name2_label fits in nameDataLen-1 bytes.
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	if label != "" {
		overhead += len(label) + 1
	}
	if name2 != "" {
		overhead++
	}
	avail := nameDataLen - 1 - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name := clip(name1, n1)
	if name2 != "" {
		name += "_" + clip(name2, n2)
	}
	if label != "" {
		name += "_" + label
	}
	return name
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
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

// ALTER TABLE [IF EXISTS] [ONLY] name action, ...
func (l *loader) alterTable(src *source, as *pgparse.AlterTableStmt, at int) error {
	if as.Objtype != pgparse.ObjectTable {
		return nil
	}
	var t *Table
	for _, node := range as.Cmds {
		cmd := node.GetAlterTableCmd()
		if cmd != nil && isRowSecurity(cmd.Subtype) {
			// Like OWNER TO, also on relations the model does not hold.
			if rt := l.tables[rangeKey(as.Relation)]; rt != nil {
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
// Others (OWNER TO, SET DEFAULT, ...) are ignored, also on relations the
// model does not hold, such as sequences; row-level security switches are
// recorded apart (isRowSecurity).
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
		if cd.IsNotNull {
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

// ALTER TABLE name RENAME TO new / RENAME COLUMN a TO b / RENAME CONSTRAINT
// ALTER INDEX name RENAME TO new
func (l *loader) rename(src *source, rs *pgparse.RenameStmt, at int) error {
	switch rs.RenameType {
	case pgparse.ObjectTable:
		t := l.tables[rangeKey(rs.Relation)]
		if t == nil {
			if rs.MissingOk {
				return nil
			}
			return src.errorf(locate(rs.Relation.GetLocation(), at), "table %s does not exist", displayName(rs.Relation))
		}
		if l.tables[tableKey(t.Schema, rs.Newname)] != nil {
			return src.errorf(at, "table %s already exists", rs.Newname)
		}
		l.move(t, t.Schema, rs.Newname)
	case pgparse.ObjectColumn:
		if rs.RelationType != pgparse.ObjectTable {
			return nil
		}
		t := l.tables[rangeKey(rs.Relation)]
		if t == nil {
			if rs.MissingOk {
				return nil
			}
			return src.errorf(locate(rs.Relation.GetLocation(), at), "table %s does not exist", displayName(rs.Relation))
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

// ALTER TABLE [IF EXISTS] name SET SCHEMA other
func (l *loader) setSchema(src *source, ss *pgparse.AlterObjectSchemaStmt, at int) error {
	if ss.ObjectType != pgparse.ObjectTable || ss.Relation == nil {
		return nil
	}
	t := l.tables[rangeKey(ss.Relation)]
	if t == nil {
		if ss.MissingOk {
			return nil
		}
		return src.errorf(locate(ss.Relation.GetLocation(), at), "table %s does not exist", displayName(ss.Relation))
	}
	if l.tables[tableKey(ss.Newschema, t.Name)] != nil {
		return src.errorf(at, "table %s.%s already exists", ss.Newschema, t.Name)
	}
	l.move(t, ss.Newschema, t.Name)
	return nil
}
