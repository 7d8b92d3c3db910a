package schema

import (
	"crypto/sha256"
	"hash"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

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
	// text hashes every file's SQL in the order applied (Schema.Digest).
	text hash.Hash
}

func newLoader() *loader {
	return &loader{tables: map[string]*Table{}, views: map[string]*View{}, indexes: map[string]string{}, pkeys: map[*Table]string{}, derived: map[string]bool{}, roles: map[string]*Role{}, text: sha256.New()}
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
	v := &View{Schema: schemaName, Name: rv.GetRelname(), Query: pgparse.TreeOf(query)}
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

// tableUnless is table for statements with IF EXISTS: a missing table is
// (nil, nil) when missingOK, so the statement is skipped, and an error
// otherwise.
func (l *loader) tableUnless(src *source, rv *pgparse.RangeVar, missingOK bool, at int) (*Table, error) {
	if missingOK && l.tables[rangeKey(rv)] == nil {
		return nil, nil
	}
	return l.table(src, rv, at)
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
