package scope

import (
	"slices"
	"sort"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// check parses and checks sql, without the memo.
func (c *Checker) check(sql string) Result {
	stmts, err := pgparse.Parse(sql)
	if err != nil {
		return Result{Findings: []Finding{parseFinding(sql, err)}}
	}
	var res Result
	unknown := map[string]bool{}
	for _, st := range stmts {
		s := c.newStatement(unknown)
		if !s.statement(st.Node) {
			continue
		}
		s.propagate()
		res.TenantData = res.TenantData || len(s.refs) > 0
		res.Bindings = append(res.Bindings, s.bindings...)
		res.Findings = append(res.Findings, s.report()...)
		res.Findings = append(res.Findings, s.unproven(st.Node, -1, "")...)
		for _, use := range s.viewUses {
			res.Findings = append(res.Findings, s.unproven(pgparse.NodeOf(use.view.Query), use.offset, use.view.QualifiedName())...)
		}
	}
	sortFindings(res.Findings)
	// Clipped, so that an append by a caller copies instead of writing
	// into the memo's array (Result.Bindings).
	res.Bindings = slices.Clip(sortBindings(res.Bindings))
	res.UnknownTables = sortedKeys(unknown)
	return res
}

// newStatement starts checking one statement; unknown collects the tables
// the schema does not know.
func (c *Checker) newStatement(unknown map[string]bool) *statement {
	return &statement{
		c:           c,
		conflicts:   map[*ref]bool{},
		rejected:    map[*level]map[*ref]bool{},
		visited:     map[*pgparse.RangeVar]bool{},
		pinned:      map[column]bool{},
		activeViews: map[*schema.View]bool{},
		unknown:     unknown,
	}
}

// statement reads one top-level statement; it returns false for statements
// that are not checked (DDL, SET, transaction control: section 3).
func (s *statement) statement(n *pgparse.Node) bool {
	switch {
	case n.GetSelectStmt() != nil, n.GetInsertStmt() != nil, n.GetUpdateStmt() != nil, n.GetDeleteStmt() != nil:
		s.query(n, nil, nil, false)
	case n.GetExplainStmt() != nil:
		return s.statement(n.GetExplainStmt().Query)
	case n.GetPrepareStmt() != nil:
		return s.statement(n.GetPrepareStmt().Query)
	case n.GetDeclareCursorStmt() != nil:
		return s.statement(n.GetDeclareCursorStmt().Query)
	case n.GetCreateTableAsStmt() != nil:
		return s.statement(n.GetCreateTableAsStmt().Query)
	case n.GetCopyStmt() != nil:
		cp := n.GetCopyStmt()
		if cp.Query != nil {
			return s.statement(cp.Query)
		}
		if cp.Relation != nil && cp.IsFrom {
			s.copyFrom(cp)
		}
		if cp.Relation != nil && !cp.IsFrom {
			// COPY trees TO STDOUT reads every tenant's rows.
			r := s.rangeVar(cp.Relation, &level{}, nil)
			r.setHint("COPY of a whole table reads every tenant's rows; use COPY (SELECT ... WHERE key = $1) TO")
		}
	case n.GetTruncateStmt() != nil:
		for _, rel := range n.GetTruncateStmt().Relations {
			if rv := rel.GetRangeVar(); rv != nil {
				r := s.rangeVar(rv, &level{}, nil)
				r.setHint("TRUNCATE removes every tenant's rows; use DELETE ... WHERE key = $1")
			}
		}
	case n.GetMergeStmt() != nil:
		// MERGE is not modelled: its target is reported here, the tables of
		// its source stay unvisited and unproven reports them.
		r := s.rangeVar(n.GetMergeStmt().Relation, &level{}, nil)
		r.setHint("tenantcheck does not model MERGE; use INSERT ... ON CONFLICT or UPDATE with a tenant predicate")
	default:
		return false
	}
	return true
}

// report turns every unscoped reference into one finding. A CTE body read
// once per reference yields refs at the same offset: the reference is
// scoped only when every copy is.
func (s *statement) report() []Finding {
	type key struct {
		offset int
		table  *schema.Table
		alias  string
	}
	worst := map[key]*ref{}
	var order []key
	for _, r := range s.refs {
		k := key{r.offset, r.table, r.alias}
		prev, seen := worst[k]
		if !seen {
			order = append(order, k)
		}
		if r.scoped {
			if !seen {
				worst[k] = nil
			}
			continue
		}
		if prev == nil || (prev.orPred != "" && r.orPred == "") {
			worst[k] = r
		}
	}
	findings := append([]Finding{}, s.findings...)
	for _, k := range order {
		r := worst[k]
		if r == nil {
			continue
		}
		f := Finding{Rule: rule.Unscoped, Table: r.table.QualifiedName(), Alias: r.alias, Offset: r.offset}
		switch {
		case s.conflicts[r] && r.orPred != "":
			f.Rule = rule.ORScope
			f.Message = conflictORMessage(r)
		case s.conflicts[r]:
			f.Message = conflictMessage(r)
		case r.orPred != "":
			f.Rule = rule.ORScope
			f.Message = orScopeMessage(r)
		default:
			f.Message = s.unscopedMessage(r)
		}
		findings = append(findings, f)
	}
	return findings
}

// parentLink is a foreign key from a table to tenant data.
type parentLink struct {
	columns []string
	table   *schema.Table
}

// tenantParents returns t's foreign keys to a tenant or child table that
// do not use t's own tenant keys (joining users on user_id adds nothing to
// user_id = $n), the one to suggest joining on first: a key whose columns
// are all NOT NULL ties every row to a parent, where a nullable one (a
// version's optional failure job) ties only some; a tenant parent is
// scoped by a predicate of its own, a child only by a further join; a
// reference to t itself scopes nothing new. Otherwise in declaration
// order.
func (s *statement) tenantParents(t *schema.Table) []parentLink {
	var links []parentLink
	for _, fk := range t.ForeignKeys {
		p := s.c.schema.Lookup(fk.RefSchema, fk.RefTable)
		if p == nil || p.Kind == schema.Global {
			continue
		}
		ownKey := false
		for _, col := range fk.Columns {
			ownKey = ownKey || t.IsTenantKey(col)
		}
		if !ownKey {
			links = append(links, parentLink{columns: fk.Columns, table: p})
		}
	}
	rank := func(l parentLink) int {
		n := 0
		for _, col := range l.columns {
			if !t.NotNull[col] {
				n += 4
				break
			}
		}
		if l.table.Kind != schema.Tenant {
			n += 2
		}
		if l.table == t {
			n++
		}
		return n
	}
	sort.SliceStable(links, func(i, j int) bool { return rank(links[i]) < rank(links[j]) })
	return links
}

// unproven reports tenant tables in parts of the statement the walker does
// not model (MERGE, TABLESAMPLE, ...): they are "not proven", never
// silently passed.
//
// For a view's body, at is the view reference's offset in the statement and
// view its name; otherwise at is -1.
func (s *statement) unproven(n *pgparse.Node, at int, view string) []Finding {
	var out []Finding
	seen := map[int]bool{}
	pgparse.Walk(n, func(n *pgparse.Node) bool {
		if n.GetLockingClause() != nil {
			return false // FOR UPDATE OF t names a reference, it adds none.
		}
		rv := n.GetRangeVar()
		if rv == nil || s.visited[rv] || seen[int(rv.Location)] {
			return true
		}
		seen[int(rv.Location)] = true
		t := s.c.schema.Resolve(rv.Schemaname, rv.Relname)
		if t == nil || t.Kind == schema.Global {
			return true
		}
		r := &ref{table: t, view: view}
		if rv.Alias != nil {
			r.alias = rv.Alias.Aliasname
		}
		offset := int(rv.Location)
		if at >= 0 {
			offset = at
		}
		out = append(out, Finding{Rule: rule.Unscoped, Table: t.QualifiedName(), Alias: r.alias, Offset: offset,
			Message: unprovenMessage(r)})
		return true
	})
	return out
}

// sortFindings orders findings by offset, then rule, for stable output.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Offset != fs[j].Offset {
			return fs[i].Offset < fs[j].Offset
		}
		return fs[i].Rule < fs[j].Rule
	})
}
