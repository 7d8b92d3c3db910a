package scope

import (
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// update reads UPDATE target [FROM ...] WHERE ...: the target is a
// reference like any FROM item (tenant-scope.md section 2).
func (s *statement) update(u *pgparse.UpdateStmt, parent *level, env *cteEnv) queryOut {
	outer := env
	env = env.with(u.WithClause)
	lvl := &level{parent: parent}
	target := s.rangeVar(u.Relation, lvl, env)
	s.bindSet(target, u.TargetList)
	for _, item := range u.FromClause {
		s.fromItem(item, lvl, env)
	}
	s.condition(u.WhereClause, lvl, env, nil, true)
	s.subLinks(u.TargetList, lvl, env)
	s.subLinks(u.ReturningList, lvl, env)
	s.finishEnv(env, outer, lvl)
	return queryOut{cols: s.targets(u.ReturningList, lvl), lvl: lvl}
}

// delete reads DELETE FROM target [USING ...] WHERE ....
func (s *statement) delete(d *pgparse.DeleteStmt, parent *level, env *cteEnv) queryOut {
	outer := env
	env = env.with(d.WithClause)
	lvl := &level{parent: parent}
	s.rangeVar(d.Relation, lvl, env)
	for _, item := range d.UsingClause {
		s.fromItem(item, lvl, env)
	}
	s.condition(d.WhereClause, lvl, env, nil, true)
	s.subLinks(d.ReturningList, lvl, env)
	s.finishEnv(env, outer, lvl)
	return queryOut{cols: s.targets(d.ReturningList, lvl), lvl: lvl}
}

// valueKind classifies the value an INSERT gives a column.
type valueKind int

const (
	// valueOther is neither a tenant value nor a fixed one (now(), a sum).
	valueOther valueKind = iota
	// valueTenant is a bind parameter, a tenant-context call, a scalar
	// subquery or a column of a reference that is itself checked for scope.
	valueTenant
	// valueFixed is a literal, NULL or DEFAULT.
	valueFixed
)

// insert reads INSERT INTO target ... and applies tenant-scope.md section 3:
// a tenant table's row gets its key from a tenant value, a child table's
// row its foreign key, and ON CONFLICT DO UPDATE is scoped.
func (s *statement) insert(ins *pgparse.InsertStmt, parent *level, env *cteEnv) queryOut {
	outer := env
	env = env.with(ins.WithClause)
	lvl := &level{parent: parent}
	target := s.target(ins.Relation, lvl)

	var cols []string
	if target.table != nil && target.table.Kind != schema.Global {
		cols = insertColumns(ins, target.table)
	}
	rows := s.insertRows(ins, lvl, env, target.table, cols)
	if target.table != nil && target.table.Kind != schema.Global {
		// The inserted rows are the caller's tenant's when the insert rule
		// holds, so RETURNING passes scoped rows (WITH n AS (INSERT ...
		// RETURNING id) ... JOIN n ON ...). A DO UPDATE whose conflict
		// target does not scope it leaves the target to its WHERE.
		rowsScoped := s.checkInsertRows(target, cols, rows)
		if !s.onConflict(ins, target, cols, rows, lvl, env) {
			target.scoped = rowsScoped
		}
	}
	lvl.refs = append(lvl.refs, target)
	s.subLinks(ins.ReturningList, lvl, env)
	s.finishEnv(env, outer, lvl)
	return queryOut{cols: s.targets(ins.ReturningList, lvl), lvl: lvl}
}

// target is the table an INSERT or COPY ... FROM writes, as a reference of
// lvl; a table the schema does not know is recorded as unknown.
func (s *statement) target(rv *pgparse.RangeVar, lvl *level) *ref {
	s.visited[rv] = true
	target := &ref{lvl: lvl, name: rv.Relname, offset: int(rv.Location)}
	if rv.Alias != nil {
		target.alias, target.name = rv.Alias.Aliasname, rv.Alias.Aliasname
	}
	target.table = s.c.schema.Resolve(rv.Schemaname, rv.Relname)
	if target.table == nil {
		s.unknown[qualified(rv.Schemaname, rv.Relname)] = true
	}
	return target
}

// copyFrom reads COPY target [(cols)] FROM ...: every value of every row
// comes from the client, as a bind parameter does, so the rows are those
// of an INSERT of the same columns, each a bind parameter (tenant-scope.md
// section 3). Without a column list every column is loaded, the tenant
// key with them.
func (s *statement) copyFrom(cp *pgparse.CopyStmt) {
	lvl := &level{}
	target := s.target(cp.Relation, lvl)
	if t := target.table; t != nil && t.Kind != schema.Global {
		cols := t.Columns
		if len(cp.Attlist) > 0 {
			cols = make([]string, 0, len(cp.Attlist))
			for _, a := range cp.Attlist {
				cols = append(cols, a.GetString_().GetSval())
			}
		}
		row := make([]valueKind, len(cols))
		for i := range row {
			row[i] = valueTenant
		}
		n := len(s.findings)
		target.scoped = s.checkInsertRows(target, cols, [][]valueKind{row})
		for i := n; i < len(s.findings); i++ {
			s.findings[i].Message = copyFromMessage(t, s.findings[i].Missing)
		}
	}
	lvl.refs = append(lvl.refs, target)
}

// insertRows returns, for each inserted row, the kind of value each
// position gets. INSERT ... SELECT is read as a query whose references are
// checked like any other. The bind parameters that give a tenant key of t
// (named by cols, position by position) are recorded as bindings.
func (s *statement) insertRows(ins *pgparse.InsertStmt, lvl *level, env *cteEnv, t *schema.Table, cols []string) [][]valueKind {
	src := ins.SelectStmt
	if src == nil {
		return nil // DEFAULT VALUES
	}
	sel := src.GetSelectStmt()
	if sel != nil && len(sel.ValuesLists) > 0 && sel.Op == pgparse.SetOpNone {
		var rows [][]valueKind
		for _, row := range sel.ValuesLists {
			s.subLinks([]*pgparse.Node{row}, lvl, env)
			var kinds []valueKind
			for i, v := range row.GetList().GetItems() {
				kind := s.valueKind(v, lvl)
				if kind == valueTenant {
					s.bindInsert(v, t, cols, i)
				}
				kinds = append(kinds, kind)
			}
			rows = append(rows, kinds)
		}
		return rows
	}
	out := s.query(src, lvl, env, false)
	var kinds []valueKind
	for i, col := range out.cols {
		switch {
		case col.expr != nil:
			kind := s.valueKind(col.expr, out.lvl)
			if kind == valueTenant {
				s.bindInsert(col.expr, t, cols, i)
			}
			kinds = append(kinds, kind)
		case len(col.src) > 0:
			kinds = append(kinds, valueTenant)
		default:
			kinds = append(kinds, valueOther)
		}
	}
	return [][]valueKind{kinds}
}

func (s *statement) valueKind(n *pgparse.Node, lvl *level) valueKind {
	n = stripCasts(n)
	switch {
	case n == nil:
		return valueOther
	case s.isTenantValue(n, lvl):
		return valueTenant
	case n.GetAConst() != nil, n.GetSetToDefault() != nil:
		return valueFixed
	case n.GetSubLink() != nil && n.GetSubLink().SubLinkType == pgparse.ExprSubLink:
		return valueTenant
	}
	// A column of a reference checked for scope, including one returned by
	// a data-modifying CTE (WITH moved AS (DELETE ... RETURNING account_id)
	// INSERT ... SELECT account_id FROM moved): the row keeps the key it
	// had, and the DELETE is checked for scope on its own.
	cols, ok := s.resolve(n, lvl)
	if ok && len(cols) > 0 {
		for _, c := range cols {
			if !c.r.needsScope() {
				return valueOther
			}
		}
		return valueTenant
	}
	return valueOther
}

// insertColumns names the target column of each value position: the column
// list, or the table's columns in schema order.
func insertColumns(ins *pgparse.InsertStmt, t *schema.Table) []string {
	if len(ins.Cols) == 0 {
		return t.Columns
	}
	cols := make([]string, 0, len(ins.Cols))
	for _, c := range ins.Cols {
		cols = append(cols, c.GetResTarget().GetName())
	}
	return cols
}

// checkInsertRows reports an insert finding when a row of a tenant table
// gets no tenant key from a tenant value, or any key from a literal, NULL
// or DEFAULT; for a child table, when no foreign key to its tenant parent
// gets tenant values. It returns whether every row is tied to a tenant.
func (s *statement) checkInsertRows(target *ref, cols []string, rows [][]valueKind) bool {
	t := target.table
	if rows == nil {
		rows = [][]valueKind{{}}
	}
	for _, row := range rows {
		kindOf := func(col string) (valueKind, bool) {
			for i, c := range cols {
				if c == col && i < len(row) {
					return row[i], true
				}
			}
			return valueOther, false
		}
		var msg, missing string
		if t.Kind == schema.Tenant {
			msg, missing = tenantInsertProblem(t, kindOf)
		} else {
			msg, missing = childInsertProblem(s.c.schema, t, kindOf)
		}
		if msg != "" {
			s.findings = append(s.findings, Finding{Rule: rule.Insert, Table: t.QualifiedName(), Alias: target.alias, Message: msg, Offset: target.offset, Missing: missing})
			return false
		}
	}
	return true
}

// tenantInsertProblem returns the message of a tenant table's row that is
// not tied to a tenant, "" when it is, and, when no key column is set at
// all, the keys that are missing ("account_id or user_id").
func tenantInsertProblem(t *schema.Table, kindOf func(string) (valueKind, bool)) (string, string) {
	good := false
	var other string
	for _, key := range t.TenantKeys {
		kind, present := kindOf(key)
		if !present {
			continue
		}
		if kind == valueOther && other == "" {
			other = key
		}
		if kind == valueFixed {
			return insertFixedKeyMessage(t, key), ""
		}
		if kind == valueTenant {
			good = true
		}
	}
	if good {
		return "", ""
	}
	if other != "" {
		return insertExprKeyMessage(t, other), ""
	}
	return insertNoKeyMessage(t), strings.Join(t.TenantKeys, " or ")
}

// childInsertProblem applies section 3 to a child table: the row is tied to
// a tenant when the columns of a foreign key to tenant data get tenant
// values (the caller must have checked the parent). It returns the message,
// "" when the row is tied, and the foreign keys that would tie it.
func childInsertProblem(sc *schema.Schema, t *schema.Table, kindOf func(string) (valueKind, bool)) (string, string) {
	var parents []string
	for _, fk := range t.ForeignKeys {
		parent := sc.Lookup(fk.RefSchema, fk.RefTable)
		if parent == nil || parent.Kind == schema.Global {
			continue
		}
		parents = append(parents, strings.Join(fk.Columns, ", ")+" (foreign key to "+parent.QualifiedName()+")")
		ok := true
		for _, col := range fk.Columns {
			if kind, _ := kindOf(col); kind != valueTenant {
				ok = false
			}
		}
		if ok {
			return "", ""
		}
	}
	return insertChildMessage(t, parents), strings.Join(parents, " or ")
}

// onConflict applies section 3 to ON CONFLICT DO UPDATE: the conflicting
// row may belong to another tenant unless the conflict target confines it
// (conflictTargetScopes) or the DO UPDATE's WHERE scopes the existing row.
// It returns true when the target's scope is left to that WHERE.
func (s *statement) onConflict(ins *pgparse.InsertStmt, target *ref, cols []string, rows [][]valueKind, lvl *level, env *cteEnv) bool {
	oc := ins.OnConflictClause
	if oc == nil || oc.Action != pgparse.OnConflictUpdate {
		return false
	}
	t := target.table
	var conflictCols []string
	if oc.Infer != nil {
		for _, n := range oc.Infer.IndexElems {
			if ie := n.GetIndexElem(); ie != nil && ie.Name != "" {
				conflictCols = append(conflictCols, ie.Name)
			}
		}
		if name := oc.Infer.Conname; name != "" {
			// A constraint the migrations do not declare has no columns
			// tenantcheck knows: it scopes nothing.
			named, known := t.Constraints[name]
			if !known {
				target.setHint("constraint " + name + " is not in the schema, so its columns are unknown")
			}
			conflictCols = append(conflictCols, named...)
		}
	}
	if s.conflictTargetScopes(t, conflictCols, cols, rows) {
		s.subLinks(append(oc.TargetList, oc.WhereClause), lvl, env)
		return false
	}
	excluded := &ref{lvl: lvl, name: "excluded", table: t, excludedKeys: map[string]bool{}}
	for _, key := range t.TenantKeys {
		excluded.excludedKeys[key] = everyRowTenant(key, cols, rows)
	}
	lvl.excluded = excluded
	lvl.refs = append(lvl.refs, target)
	s.refs = append(s.refs, target)
	s.conflicts[target] = true
	s.condition(oc.WhereClause, lvl, env, nil, true)
	s.subLinks(oc.TargetList, lvl, env)
	lvl.refs = lvl.refs[:len(lvl.refs)-1]
	return true
}

// conflictTargetScopes reports whether a conflict target confines the
// conflicting row to the caller's tenant: it holds a tenant key of t, or, t
// being a child table, every column of one foreign key to tenant data, each
// inserted from a tenant value in every row, so that the conflicting row has
// the same caller-checked parent as a child INSERT (section 3).
func (s *statement) conflictTargetScopes(t *schema.Table, conflictCols, cols []string, rows [][]valueKind) bool {
	for _, col := range conflictCols {
		if t.IsTenantKey(col) {
			return true
		}
	}
	if t.Kind != schema.Child {
		return false
	}
	for _, fk := range t.ForeignKeys {
		parent := s.c.schema.Lookup(fk.RefSchema, fk.RefTable)
		if parent == nil || parent.Kind == schema.Global {
			continue
		}
		ok := len(fk.Columns) > 0
		for _, col := range fk.Columns {
			ok = ok && indexOf(conflictCols, col) >= 0 && everyRowTenant(col, cols, rows)
		}
		if ok {
			return true
		}
	}
	return false
}

// everyRowTenant reports whether every inserted row gives col a tenant
// value.
func everyRowTenant(col string, cols []string, rows [][]valueKind) bool {
	i := indexOf(cols, col)
	if i < 0 || len(rows) == 0 {
		return false
	}
	for _, row := range rows {
		if i >= len(row) || row[i] != valueTenant {
			return false
		}
	}
	return true
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func qualified(schemaName, name string) string {
	if schemaName == "" || schemaName == schema.DefaultSchema {
		return name
	}
	return schemaName + "." + name
}
