// Package schema decides which tables hold tenant data: it loads tables,
// columns and foreign keys from SQL migrations or a pg_dump --schema-only
// file and classifies each table as tenant, child or global
// (tenant-scope.md section 1).
package schema

import (
	"maps"
	"sort"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// Kind classifies a table by how it holds tenant data.
type Kind int

const (
	// Global tables hold no tenant data; queries on them are never reported.
	Global Kind = iota
	// Tenant tables have a tenant key column.
	Tenant
	// Child tables have no key column but a foreign key, directly or through
	// other children, to a tenant table.
	Child
)

func (k Kind) String() string {
	switch k {
	case Tenant:
		return "tenant"
	case Child:
		return "child"
	default:
		return "global"
	}
}

// ForeignKey is one foreign key constraint, column or table level.
type ForeignKey struct {
	// Name is the constraint's name, given or as PostgreSQL would generate
	// it, so that a later DROP CONSTRAINT finds it.
	Name    string
	Columns []string
	// RefSchema and RefTable name the referenced table ("public" by default).
	RefSchema, RefTable string
	// RefColumns are the referenced columns; when the DDL omits them they are
	// filled with the referenced table's primary key.
	RefColumns []string
}

// Table is one table of the schema.
type Table struct {
	Schema, Name string
	// Columns in declaration order (INSERT without a column list maps to it).
	Columns []string
	// NotNull holds the columns declared NOT NULL (or primary key).
	NotNull map[string]bool
	// PrimaryKey columns, empty when none.
	PrimaryKey []string
	// Constraints maps the name of each primary key or unique constraint,
	// and each unique index, to its columns (ON CONFLICT ON CONSTRAINT).
	Constraints map[string][]string
	// Unique lists the column sets of primary keys, unique constraints and
	// unique indexes.
	Unique      [][]string
	ForeignKeys []ForeignKey
	Kind        Kind
	// TenantKeys are this table's tenant key columns (empty unless Tenant).
	TenantKeys []string
	// SharedRows is set by the config for tables whose NULL tenant key means
	// a row shared by all tenants, making key = $1 OR key IS NULL a scope.
	SharedRows bool
	// Created is the CREATE TABLE statement; zero for tables the config
	// adds.
	//
	// It, Exemption and RowSecurity serve the rls rule alone, which only the
	// command runs: they are left out of JSON, so that digests of what the
	// pass depends on (the golangci-lint plugin's cache key) do not change
	// with a file name or a policy.
	Created Pos `json:"-"`
	// Exemption is the tenantcheck:cross-tenant comment above the CREATE
	// TABLE, nil when there is none.
	Exemption *Directive `json:"-"`
	// RowSecurity is the table's row-level security after the migrations.
	RowSecurity RowSecurity `json:"-"`
}

// HasColumn reports whether the table has a column named col.
func (t *Table) HasColumn(col string) bool {
	for _, c := range t.Columns {
		if c == col {
			return true
		}
	}
	return false
}

// IsTenantKey reports whether col is one of the table's tenant key columns.
func (t *Table) IsTenantKey(col string) bool {
	for _, c := range t.TenantKeys {
		if c == col {
			return true
		}
	}
	return false
}

// QualifiedName is the name diagnostics use: Name for tables in public,
// Schema.Name otherwise.
func (t *Table) QualifiedName() string {
	if t.Schema == "" || t.Schema == DefaultSchema {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// DefaultSchema is where unqualified names live.
const DefaultSchema = "public"

// Options configure classification. The zero value uses DefaultTenantColumns.
type Options struct {
	// TenantColumns are the tenant key column names.
	TenantColumns []string
	// TenantTables maps table names (optionally schema-qualified) to a key
	// column that makes them tenant tables although its name is not one of
	// TenantColumns.
	TenantTables map[string]string
	// Exempt names tables that are treated as global whatever they hold.
	Exempt []string
	// SharedRows names tables whose NULL tenant key means a shared row.
	SharedRows []string
	// ForeignKeys adds foreign keys the DDL does not declare (partitioned
	// tables often have none), so that joins on them propagate scope and
	// their tables become child tables.
	ForeignKeys []ExtraForeignKey
	// SameTenant groups tenant key columns that name one tenant under
	// several spellings (a schema that moved from "tenantId" to tenant_id):
	// an equality between two of one group ties two rows to one tenant, as
	// one name does. account_id and user_id name two kinds of tenant and
	// are never grouped by default.
	SameTenant [][]string `json:",omitempty"`
}

// ExtraForeignKey is a foreign key declared in the configuration.
type ExtraForeignKey struct {
	Table      string   `json:"table"`
	Columns    []string `json:"columns"`
	References string   `json:"references"`
	// RefColumns defaults to the referenced table's primary key.
	RefColumns []string `json:"ref_columns,omitempty"`
}

// DefaultTenantColumns are the tenant key columns when none are configured.
var DefaultTenantColumns = []string{"account_id", "user_id"}

// View is a view or materialized view: queries read it through its
// defining query, which the scope checker expands like a CTE.
type View struct {
	Schema, Name string
	// Query is the defining SELECT, parsed once with the migration. It is
	// opaque outside analyzer/ (pgparse.Tree), so that the parser's node
	// type stays out of this package's API; the scope checker opens it.
	Query pgparse.Tree
	// Columns renames the query's output columns by position, when the
	// DDL gives a column list.
	Columns []string
	// moved maps a table the query names ("schema.name") to where a later
	// RENAME or SET SCHEMA took it. PostgreSQL binds a view to its tables,
	// not to their names, so the view keeps reading the renamed table;
	// without this its query would name a table the schema no longer knows,
	// treated as global, and a leak through the view would go unreported.
	moved map[string]string
}

// QualifiedName is Name for views in public, Schema.Name otherwise.
func (v *View) QualifiedName() string {
	if v.Schema == "" || v.Schema == DefaultSchema {
		return v.Name
	}
	return v.Schema + "." + v.Name
}

// Schema is the classified set of tables.
type Schema struct {
	tables map[string]*Table // by "schema.name"
	// byName holds the tables by unqualified name, for Resolve.
	byName        map[string][]*Table
	views         map[string]*View // by "schema.name"
	tenantColumns []string
	// sameTenant maps each column of an Options.SameTenant group to the
	// group's first column.
	sameTenant map[string]string
	roles      map[string]*Role
	rlsUsed    bool
	// digest is a hash of the SQL text the schema was built from, in
	// order: see Digest.
	digest string
}

// Digest identifies the SQL the schema was built from (the text of every
// migration, in order, not the files' names), for caches keyed by the
// schema: a change to a view's body, a policy or a role changes it even
// where the classified tables stay the same.
func (s *Schema) Digest() string { return s.digest }

// SameTenantKey reports whether tenant key columns a and b name the same
// tenant: one name, or two of an Options.SameTenant group.
func (s *Schema) SameTenantKey(a, b string) bool {
	if a == b {
		return true
	}
	ga, ok := s.sameTenant[a]
	return ok && ga == s.sameTenant[b]
}

// SameTenant maps each column of an Options.SameTenant group to the group's
// first column (a copy; nil without groups), for digests of what decides
// the findings.
func (s *Schema) SameTenant() map[string]string { return maps.Clone(s.sameTenant) }

// Role returns the role name as the migrations left it, or nil when they
// never name it.
func (s *Schema) Role(name string) *Role { return s.roles[name] }

// RowSecurityUsed reports whether the migrations enable row-level security
// on any table, even one they later drop or disable it on.
func (s *Schema) RowSecurityUsed() bool { return s.rlsUsed }

// View returns the view schemaName.name, or nil. An empty schemaName means
// DefaultSchema.
func (s *Schema) View(schemaName, name string) *View {
	if schemaName == "" {
		schemaName = DefaultSchema
	}
	return s.views[schemaName+"."+name]
}

// Lookup returns the table schemaName.name, or nil when the schema does not
// know it. An empty schemaName means DefaultSchema.
func (s *Schema) Lookup(schemaName, name string) *Table {
	if schemaName == "" {
		schemaName = DefaultSchema
	}
	return s.tables[schemaName+"."+name]
}

// LookupIn returns the table schemaName.name as the query of view v names
// it: the table the view was bound to when it was created, wherever a
// later rename took it. A nil v, or a name the view's query does not
// bind, is Resolve.
func (s *Schema) LookupIn(v *View, schemaName, name string) *Table {
	if v != nil {
		if schemaName == "" {
			schemaName = DefaultSchema
		}
		if key, ok := v.moved[schemaName+"."+name]; ok {
			return s.tables[key]
		}
	}
	return s.Resolve(schemaName, name)
}

// Resolve returns the table a query names: Lookup, except that an
// unqualified name absent from DefaultSchema is the only table of that
// name in another schema. A service whose migrations create app.posts
// and whose queries say posts reaches it through its search_path, which
// the migrations do not show; were the search_path not to reach it,
// PostgreSQL would reject the query. A name that several other schemas
// hold stays unresolved (nil).
func (s *Schema) Resolve(schemaName, name string) *Table {
	if t := s.Lookup(schemaName, name); t != nil || schemaName != "" {
		return t
	}
	if others := s.byName[name]; len(others) == 1 {
		return others[0]
	}
	return nil
}

// TenantColumns returns the configured tenant key column names.
func (s *Schema) TenantColumns() []string { return s.tenantColumns }

// Tables returns every table sorted by qualified name, so that callers that
// report on the whole schema print it in a stable order.
func (s *Schema) Tables() []*Table {
	out := make([]*Table, 0, len(s.tables))
	for _, t := range s.tables {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].QualifiedName() < out[j].QualifiedName() })
	return out
}
