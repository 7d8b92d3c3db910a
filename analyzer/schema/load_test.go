package schema

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shape is the part of a Table that DDL statements decide, in a form that
// compares independently of map and set order.
type shape struct {
	Columns     []string
	NotNull     []string
	PrimaryKey  []string
	Constraints map[string][]string
	Unique      [][]string
	ForeignKeys []ForeignKey
}

func shapeOf(t *Table) shape {
	s := shape{Columns: t.Columns, PrimaryKey: t.PrimaryKey, Constraints: t.Constraints, ForeignKeys: t.ForeignKeys}
	for c := range t.NotNull {
		s.NotNull = append(s.NotNull, c)
	}
	sort.Strings(s.NotNull)
	if len(t.ForeignKeys) == 0 {
		s.ForeignKeys = nil
	}
	if len(t.Unique) > 0 {
		s.Unique = slices.Clone(t.Unique)
	}
	sort.Slice(s.Unique, func(i, j int) bool { return strings.Join(s.Unique[i], ",") < strings.Join(s.Unique[j], ",") })
	return s
}

// lookup finds a table by "name" or "schema.name".
func lookup(s *Schema, name string) *Table {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return s.Lookup(name[:i], name[i+1:])
	}
	return s.Lookup("", name)
}

const accountsDDL = "CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n"

func TestLoadSQLStatements(t *testing.T) {
	tests := []struct {
		name  string
		sql   string
		table string
		want  shape
	}{
		{
			name:  "okColumnConstraints",
			sql:   accountsDDL + "CREATE TABLE users (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts, email text UNIQUE);",
			table: "users",
			want: shape{
				Columns:     []string{"id", "account_id", "email"},
				NotNull:     []string{"account_id", "id"},
				PrimaryKey:  []string{"id"},
				Constraints: map[string][]string{"users_pkey": {"id"}, "users_email_key": {"email"}},
				Unique:      [][]string{{"email"}, {"id"}},
				ForeignKeys: []ForeignKey{{Name: "users_account_id_fkey", Columns: []string{"account_id"}, RefSchema: "public", RefTable: "accounts", RefColumns: []string{"id"}}},
			},
		},
		{
			name: "okTableConstraintsNamedAndUnnamed",
			sql: accountsDDL + `CREATE TABLE trees (id bigint, account_id bigint, name text,
				CONSTRAINT trees_pk PRIMARY KEY (account_id, id),
				UNIQUE (account_id, name),
				FOREIGN KEY (account_id) REFERENCES accounts (id));`,
			table: "trees",
			want: shape{
				Columns:     []string{"id", "account_id", "name"},
				NotNull:     []string{"account_id", "id"},
				PrimaryKey:  []string{"account_id", "id"},
				Constraints: map[string][]string{"trees_pk": {"account_id", "id"}, "trees_account_id_name_key": {"account_id", "name"}},
				Unique:      [][]string{{"account_id", "id"}, {"account_id", "name"}},
				ForeignKeys: []ForeignKey{{Name: "trees_account_id_fkey", Columns: []string{"account_id"}, RefSchema: "public", RefTable: "accounts", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okIfNotExistsKeepsFirstDefinition",
			sql:   "CREATE TABLE t (a int);\nCREATE TABLE IF NOT EXISTS t (b int);",
			table: "t",
			want:  shape{Columns: []string{"a"}, Constraints: map[string][]string{}},
		},
		{
			name: "okCompositeForeignKey",
			sql: `CREATE TABLE v (tree_id int, version int, PRIMARY KEY (tree_id, version));
				CREATE TABLE c (tree_id int, version int, CONSTRAINT c_v_fk FOREIGN KEY (tree_id, version) REFERENCES v);`,
			table: "c",
			want: shape{
				Columns:     []string{"tree_id", "version"},
				Constraints: map[string][]string{},
				ForeignKeys: []ForeignKey{{Name: "c_v_fk", Columns: []string{"tree_id", "version"}, RefSchema: "public", RefTable: "v", RefColumns: []string{"tree_id", "version"}}},
			},
		},
		{
			name:  "okSelfReferenceGetsPrimaryKey",
			sql:   "CREATE TABLE nodes (parent_id int REFERENCES nodes, id int PRIMARY KEY);",
			table: "nodes",
			want: shape{
				Columns:     []string{"parent_id", "id"},
				NotNull:     []string{"id"},
				PrimaryKey:  []string{"id"},
				Constraints: map[string][]string{"nodes_pkey": {"id"}},
				Unique:      [][]string{{"id"}},
				ForeignKeys: []ForeignKey{{Name: "nodes_parent_id_fkey", Columns: []string{"parent_id"}, RefSchema: "public", RefTable: "nodes", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okPartitionTakesParentColumnsAndKeys",
			sql:   accountsDDL + "CREATE TABLE events (id int, account_id int REFERENCES accounts, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
			table: "events_2024",
			want: shape{
				Columns:     []string{"id", "account_id", "at"},
				NotNull:     []string{"at", "id"},
				PrimaryKey:  []string{"id", "at"},
				Constraints: map[string][]string{"events_2024_pkey": {"id", "at"}},
				Unique:      [][]string{{"id", "at"}},
				ForeignKeys: []ForeignKey{{Name: "events_account_id_fkey", Columns: []string{"account_id"}, RefSchema: "public", RefTable: "accounts", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okInheritsAddsOwnColumns",
			sql:   "CREATE TABLE base (id int NOT NULL, account_id int);\nCREATE TABLE sub (extra text) INHERITS (base);",
			table: "sub",
			want:  shape{Columns: []string{"id", "account_id", "extra"}, NotNull: []string{"id"}, Constraints: map[string][]string{}},
		},
		{
			name:  "okLikeCopiesColumns",
			sql:   "CREATE TABLE base (id int NOT NULL, account_id int);\nCREATE TABLE copy (LIKE base INCLUDING ALL, note text);",
			table: "copy",
			want:  shape{Columns: []string{"id", "account_id", "note"}, NotNull: []string{"id"}, Constraints: map[string][]string{}},
		},
		{
			name:  "okUniqueIndexNamedAndUnnamed",
			sql:   "CREATE TABLE t (a int, b int, c text);\nCREATE UNIQUE INDEX t_ab ON t (a, b);\nCREATE UNIQUE INDEX ON t (c);\nCREATE INDEX t_c_plain ON t (c);",
			table: "t",
			want: shape{
				Columns:     []string{"a", "b", "c"},
				Constraints: map[string][]string{"t_ab": {"a", "b"}, "t_c_idx": {"c"}},
				Unique:      [][]string{{"a", "b"}, {"c"}},
			},
		},
		{
			name:  "okExpressionAndPartialUniqueIndexes",
			sql:   "CREATE TABLE t (a int, email text);\nCREATE UNIQUE INDEX t_lower ON t (lower(email));\nCREATE UNIQUE INDEX t_a_live ON t (a) WHERE a > 0;",
			table: "t",
			want:  shape{Columns: []string{"a", "email"}, Constraints: map[string][]string{"t_a_live": {"a"}}},
		},
		{
			name:  "okAddColumnAppendsInOrder",
			sql:   accountsDDL + "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN account_id int NOT NULL REFERENCES accounts (id), ADD COLUMN IF NOT EXISTS id int, ADD note text;",
			table: "t",
			want: shape{
				Columns:     []string{"id", "account_id", "note"},
				NotNull:     []string{"account_id"},
				Constraints: map[string][]string{},
				ForeignKeys: []ForeignKey{{Name: "t_account_id_fkey", Columns: []string{"account_id"}, RefSchema: "public", RefTable: "accounts", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okDropColumnDropsItsKeys",
			sql:   accountsDDL + "CREATE TABLE t (id int PRIMARY KEY, account_id int REFERENCES accounts, code text UNIQUE, note text);\nALTER TABLE t DROP COLUMN account_id, DROP COLUMN code CASCADE, DROP COLUMN IF EXISTS nothing;",
			table: "t",
			want: shape{
				Columns:     []string{"id", "note"},
				NotNull:     []string{"id"},
				PrimaryKey:  []string{"id"},
				Constraints: map[string][]string{"t_pkey": {"id"}},
				Unique:      [][]string{{"id"}},
			},
		},
		{
			name:  "okDropReferencedColumnDropsForeignKeys",
			sql:   "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p (id));\nALTER TABLE p DROP COLUMN id CASCADE;",
			table: "c",
			want:  shape{Columns: []string{"p_id"}, Constraints: map[string][]string{}},
		},
		{
			name:  "okRenameColumnEverywhere",
			sql:   "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int NOT NULL REFERENCES p);\nALTER TABLE c RENAME COLUMN p_id TO parent_id;\nALTER TABLE p RENAME id TO pid;",
			table: "c",
			want: shape{
				Columns:     []string{"parent_id"},
				NotNull:     []string{"parent_id"},
				Constraints: map[string][]string{},
				ForeignKeys: []ForeignKey{{Name: "c_p_id_fkey", Columns: []string{"parent_id"}, RefSchema: "public", RefTable: "p", RefColumns: []string{"pid"}}},
			},
		},
		{
			name:  "okAddConstraints",
			sql:   accountsDDL + "CREATE TABLE t (id int, account_id int, code text);\nALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\nALTER TABLE t ADD UNIQUE (account_id, code), ADD CONSTRAINT t_acc FOREIGN KEY (account_id) REFERENCES public.accounts(id);",
			table: "t",
			want: shape{
				Columns:     []string{"id", "account_id", "code"},
				NotNull:     []string{"id"},
				PrimaryKey:  []string{"id"},
				Constraints: map[string][]string{"t_pkey": {"id"}, "t_account_id_code_key": {"account_id", "code"}},
				Unique:      [][]string{{"account_id", "code"}, {"id"}},
				ForeignKeys: []ForeignKey{{Name: "t_acc", Columns: []string{"account_id"}, RefSchema: "public", RefTable: "accounts", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okDropConstraintsByGeneratedName",
			sql:   accountsDDL + "CREATE TABLE t (id int PRIMARY KEY, account_id int REFERENCES accounts, code text UNIQUE, CHECK (id > 0));\nALTER TABLE t DROP CONSTRAINT t_pkey, DROP CONSTRAINT t_account_id_fkey, DROP CONSTRAINT t_code_key, DROP CONSTRAINT t_id_check;",
			table: "t",
			want:  shape{Columns: []string{"id", "account_id", "code"}, NotNull: []string{"id"}, Constraints: map[string][]string{}},
		},
		{
			name:  "okGeneratedNameAvoidsTakenIndexName",
			sql:   "CREATE TABLE t (a int, b int);\nCREATE UNIQUE INDEX t_pkey ON t (b);\nALTER TABLE t ADD PRIMARY KEY (a);",
			table: "t",
			want: shape{
				Columns:     []string{"a", "b"},
				NotNull:     []string{"a"},
				PrimaryKey:  []string{"a"},
				Constraints: map[string][]string{"t_pkey": {"b"}, "t_pkey1": {"a"}},
				Unique:      [][]string{{"a"}, {"b"}},
			},
		},
		{
			// PostgreSQL 15 names it the same (checked against a server).
			name:  "okLongGeneratedNameTruncated",
			sql:   "CREATE TABLE a_table_with_a_rather_long_name_for_testing (a_column_with_an_even_longer_name_for_testing_purposes int UNIQUE);",
			table: "a_table_with_a_rather_long_name_for_testing",
			want: shape{
				Columns:     []string{"a_column_with_an_even_longer_name_for_testing_purposes"},
				Constraints: map[string][]string{"a_table_with_a_rather_long_na_a_column_with_an_even_longer__key": {"a_column_with_an_even_longer_name_for_testing_purposes"}},
				Unique:      [][]string{{"a_column_with_an_even_longer_name_for_testing_purposes"}},
			},
		},
		{
			name:  "okUsingIndexBecomesConstraint",
			sql:   "CREATE TABLE t (id int NOT NULL);\nCREATE UNIQUE INDEX t_id_idx ON t (id);\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_idx;",
			table: "t",
			want:  shape{Columns: []string{"id"}, NotNull: []string{"id"}, PrimaryKey: []string{"id"}, Constraints: map[string][]string{"t_pkey": {"id"}}, Unique: [][]string{{"id"}}},
		},
		{
			name:  "okRenameAndDropIndex",
			sql:   "CREATE TABLE t (a int, b int);\nCREATE UNIQUE INDEX t_a ON t (a);\nCREATE UNIQUE INDEX t_b ON t (b);\nALTER INDEX t_a RENAME TO t_a_uniq;\nDROP INDEX t_b;",
			table: "t",
			want:  shape{Columns: []string{"a", "b"}, Constraints: map[string][]string{"t_a_uniq": {"a"}}, Unique: [][]string{{"a"}}},
		},
		{
			name:  "okRenameConstraint",
			sql:   "CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t RENAME CONSTRAINT t_pkey TO t_key;\nALTER TABLE t DROP CONSTRAINT t_key;",
			table: "t",
			want:  shape{Columns: []string{"id"}, NotNull: []string{"id"}, Constraints: map[string][]string{}},
		},
		{
			name:  "okSetAndDropNotNull",
			sql:   "CREATE TABLE t (a int NOT NULL, b int);\nALTER TABLE t ALTER COLUMN a DROP NOT NULL, ALTER b SET NOT NULL;",
			table: "t",
			want:  shape{Columns: []string{"a", "b"}, NotNull: []string{"b"}, Constraints: map[string][]string{}},
		},
		{
			name:  "okRenameTableFollowsForeignKeys",
			sql:   "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);\nALTER TABLE p RENAME TO parents;",
			table: "c",
			want: shape{
				Columns:     []string{"p_id"},
				Constraints: map[string][]string{},
				ForeignKeys: []ForeignKey{{Name: "c_p_id_fkey", Columns: []string{"p_id"}, RefSchema: "public", RefTable: "parents", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okSetSchemaMovesTable",
			sql:   "CREATE SCHEMA app;\nCREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);\nALTER TABLE p SET SCHEMA app;",
			table: "c",
			want: shape{
				Columns:     []string{"p_id"},
				Constraints: map[string][]string{},
				ForeignKeys: []ForeignKey{{Name: "c_p_id_fkey", Columns: []string{"p_id"}, RefSchema: "app", RefTable: "p", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okSchemaQualifiedNames",
			sql:   "CREATE TABLE billing.invoices (id int PRIMARY KEY, account_id int);\nCREATE TABLE billing.lines (invoice_id int REFERENCES billing.invoices);",
			table: "billing.lines",
			want: shape{
				Columns:     []string{"invoice_id"},
				Constraints: map[string][]string{},
				ForeignKeys: []ForeignKey{{Name: "lines_invoice_id_fkey", Columns: []string{"invoice_id"}, RefSchema: "billing", RefTable: "invoices", RefColumns: []string{"id"}}},
			},
		},
		{
			name:  "okQuotedIdentifiersKeepCase",
			sql:   `CREATE TABLE "Trees" ("AccountID" int, Name text);`,
			table: "Trees",
			want:  shape{Columns: []string{"AccountID", "name"}, Constraints: map[string][]string{}},
		},
		{
			name: "okIgnoredStatements",
			sql: `SET statement_timeout = 0;
				SELECT pg_catalog.set_config('search_path', '', false);
				CREATE EXTENSION IF NOT EXISTS pgcrypto;
				CREATE TYPE mood AS ENUM ('ok', 'sad');
				CREATE SEQUENCE t_id_seq;
				CREATE TABLE t (id int);
				ALTER SEQUENCE t_id_seq OWNED BY t.id;
				ALTER TABLE t_id_seq OWNER TO postgres;
				ALTER TABLE t OWNER TO postgres;
				ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);
				CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
				CREATE VIEW v AS SELECT * FROM t;
				ALTER TABLE t ENABLE ROW LEVEL SECURITY;
				CREATE POLICY p ON t USING (id = 1);
				COMMENT ON TABLE t IS 'x';
				GRANT SELECT ON t TO PUBLIC;
				ALTER TABLE IF EXISTS missing ADD COLUMN x int;
				ALTER TABLE IF EXISTS missing RENAME TO other;
				DROP VIEW IF EXISTS v;`,
			table: "t",
			want:  shape{Columns: []string{"id"}, Constraints: map[string][]string{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSQL("schema.sql", tt.sql, Options{})
			require.NoError(t, err)
			tbl := lookup(s, tt.table)
			require.NotNil(t, tbl, "table %s", tt.table)
			assert.Equal(t, tt.want, shapeOf(tbl))
		})
	}
}

func TestLoadSQLDropTable(t *testing.T) {
	s, err := LoadSQL("schema.sql", "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a);\nCREATE TABLE c (id int);\nDROP TABLE IF EXISTS a, c, missing CASCADE;", Options{})
	require.NoError(t, err)
	assert.Nil(t, s.Lookup("", "a"))
	assert.Nil(t, s.Lookup("", "c"))
	b := s.Lookup("public", "b")
	require.NotNil(t, b)
	assert.Empty(t, b.ForeignKeys, "dropping a table drops the foreign keys to it")
}

func TestLoadSQLDropDerivedTable(t *testing.T) {
	// A scratch table made from a query (convoy's migrations rebuild a
	// table through one) can be dropped without the load failing.
	s, err := LoadSQL("schema.sql", "CREATE TABLE a (id int, account_id int);\nCREATE TABLE tmp AS SELECT * FROM a;\nSELECT id INTO scratch FROM a;\nDROP TABLE tmp;\nDROP TABLE scratch;", Options{})
	require.NoError(t, err)
	assert.NotNil(t, s.Lookup("", "a"))
	assert.Nil(t, s.Lookup("", "tmp"))
}

func TestTablesSortedByQualifiedName(t *testing.T) {
	s, err := LoadSQL("schema.sql", "CREATE TABLE zeta (id int);\nCREATE TABLE billing.alpha (id int);\nCREATE TABLE beta (id int);", Options{})
	require.NoError(t, err)
	var got []string
	for _, tbl := range s.Tables() {
		got = append(got, tbl.QualifiedName())
	}
	assert.Equal(t, []string{"beta", "billing.alpha", "zeta"}, got)
}

// classDDL is a small multi-tenant schema: tenant tables with either key,
// children through column and table foreign keys, a grandchild, and tables
// that stay global.
const classDDL = `
CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);
CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint, user_id bigint);
CREATE TABLE sessions (id bigint PRIMARY KEY, tree_id bigint REFERENCES trees);
CREATE TABLE ratings (id bigint PRIMARY KEY, session_id bigint, FOREIGN KEY (session_id) REFERENCES sessions (id));
CREATE TABLE audit_log (id bigint PRIMARY KEY, account_id bigint);
CREATE TABLE audit_notes (audit_id bigint REFERENCES audit_log);
CREATE TABLE templates (id bigint PRIMARY KEY, account_id bigint);
CREATE TABLE legacy_notes (id bigint PRIMARY KEY, owner_id bigint);
CREATE TABLE countries (code text PRIMARY KEY);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, org_id bigint);
`

func TestLoadSQLClassification(t *testing.T) {
	type want struct {
		kind   Kind
		keys   []string
		shared bool
	}
	tests := []struct {
		name string
		opts Options
		want map[string]want
	}{
		{
			name: "okDefaultColumns",
			want: map[string]want{
				"accounts":         {kind: Global},
				"users":            {kind: Tenant, keys: []string{"account_id"}},
				"trees":            {kind: Tenant, keys: []string{"account_id", "user_id"}},
				"sessions":         {kind: Child},
				"ratings":          {kind: Child},
				"audit_log":        {kind: Tenant, keys: []string{"account_id"}},
				"audit_notes":      {kind: Child},
				"legacy_notes":     {kind: Global},
				"countries":        {kind: Global},
				"billing.invoices": {kind: Global},
			},
		},
		{
			name: "okExemptBreaksTheChain",
			opts: Options{Exempt: []string{"audit_log", "public.trees"}},
			want: map[string]want{
				"audit_log":   {kind: Global},
				"audit_notes": {kind: Global},
				"trees":       {kind: Global},
				"sessions":    {kind: Global},
				"ratings":     {kind: Global},
				"users":       {kind: Tenant, keys: []string{"account_id"}},
			},
		},
		{
			name: "okSharedRows",
			opts: Options{SharedRows: []string{"templates"}},
			want: map[string]want{
				"templates": {kind: Tenant, keys: []string{"account_id"}, shared: true},
				"trees":     {kind: Tenant, keys: []string{"account_id", "user_id"}},
			},
		},
		{
			name: "okCustomTenantColumnsInConfiguredOrder",
			opts: Options{TenantColumns: []string{"user_id", "org_id"}},
			want: map[string]want{
				"users":            {kind: Global},
				"trees":            {kind: Tenant, keys: []string{"user_id"}},
				"sessions":         {kind: Child},
				"billing.invoices": {kind: Tenant, keys: []string{"org_id"}},
			},
		},
		{
			name: "okTenantTables",
			opts: Options{TenantTables: map[string]string{"legacy_notes": "owner_id", "accounts": "id", "public.trees": "id"}},
			want: map[string]want{
				"legacy_notes": {kind: Tenant, keys: []string{"owner_id"}},
				"accounts":     {kind: Tenant, keys: []string{"id"}},
				"trees":        {kind: Tenant, keys: []string{"account_id", "user_id", "id"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSQL("schema.sql", classDDL, tt.opts)
			require.NoError(t, err)
			for name, w := range tt.want {
				tbl := lookup(s, name)
				require.NotNil(t, tbl, name)
				assert.Equal(t, w.kind, tbl.Kind, name)
				assert.Equal(t, w.keys, tbl.TenantKeys, name)
				assert.Equal(t, w.shared, tbl.SharedRows, name)
			}
		})
	}
}

func TestLoadSQLErrors(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		opts Options
		want string
	}{
		{"badSyntax", "CREATE TABLE a (id int);\n\nCREATE TABL b (id int);", Options{}, `x.sql:3: syntax error at or near "TABL"`},
		{"badDuplicateTable", "CREATE TABLE a (id int);\n-- again\nCREATE TABLE a (id int);", Options{}, "x.sql:3: table a already exists"},
		{"badDuplicateColumn", "CREATE TABLE a (id int,\n id int);", Options{}, "x.sql:2: column id specified more than once"},
		{"badAlterUnknownTable", "\nALTER TABLE ONLY public.missing ADD COLUMN x int;", Options{}, "x.sql:2: table public.missing does not exist"},
		{"badRenameUnknownTable", "ALTER TABLE missing\n  RENAME TO other;", Options{}, "x.sql:1: table missing does not exist"},
		{"badRenameUnknownColumn", "CREATE TABLE a (id int);\nALTER TABLE a RENAME COLUMN nope TO yes;", Options{}, "x.sql:2: column nope of table a does not exist"},
		{"badRenameOntoExistingTable", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nALTER TABLE a RENAME TO b;", Options{}, "x.sql:3: table b already exists"},
		{"badDropUnknownTable", "CREATE TABLE a (id int);\nDROP TABLE a, missing;", Options{}, "x.sql:2: table missing does not exist"},
		{"badDropDerivedTableTwice", "CREATE TABLE tmp AS SELECT 1 AS x;\nDROP TABLE tmp;\nDROP TABLE tmp;", Options{}, "x.sql:3: table tmp does not exist"},
		{"badForeignKeyToUnknownTable", "CREATE TABLE a (\n  id int,\n  b_id int REFERENCES b (id)\n);", Options{}, "x.sql:3: foreign key references table b, which does not exist"},
		{"badForeignKeyToLaterTable", "CREATE TABLE a (b_id int REFERENCES b);\nCREATE TABLE b (id int PRIMARY KEY);", Options{}, "x.sql:1: foreign key references table b, which does not exist"},
		{"badForeignKeyUnknownColumn", "CREATE TABLE b (id int PRIMARY KEY);\nCREATE TABLE a (x int, FOREIGN KEY (b_id) REFERENCES b);", Options{}, "x.sql:2: column b_id of table a does not exist"},
		{"badAddExistingColumn", "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN id int;", Options{}, "x.sql:2: column id of table a already exists"},
		{"badDropUnknownColumn", "CREATE TABLE a (id int);\nALTER TABLE a DROP COLUMN nope;", Options{}, "x.sql:2: column nope of table a does not exist"},
		{"badSecondPrimaryKey", "CREATE TABLE a (id int PRIMARY KEY, b int);\nALTER TABLE a ADD PRIMARY KEY (b);", Options{}, "x.sql:2: multiple primary keys for table a are not allowed"},
		{"badUsingUnknownIndex", "CREATE TABLE a (id int);\nALTER TABLE a ADD CONSTRAINT a_pkey PRIMARY KEY USING INDEX nope;", Options{}, "x.sql:2: index nope of table a does not exist"},
		{"badTenantTableUnknown", "CREATE TABLE a (id int);", Options{TenantTables: map[string]string{"b": "id"}}, "tenant table b is not in the schema"},
		{"badTenantTableColumn", "CREATE TABLE a (id int);", Options{TenantTables: map[string]string{"a": "owner_id"}}, "tenant table a has no column owner_id"},
		{"badSharedRowsUnknown", "CREATE TABLE a (id int);", Options{SharedRows: []string{"billing.a"}}, "shared-rows table billing.a is not in the schema"},
		{"badSharedRowsNotTenant", "CREATE TABLE a (id int);", Options{SharedRows: []string{"a"}}, "shared-rows table a is not a tenant table: it has no tenant key column"},
		{"badExemptUnknown", "CREATE TABLE a (id int);", Options{Exempt: []string{"audit"}}, "exempt table audit is not in the schema"},
		{"badNULByte", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\x00CREATE TABLE c (id int);", Options{}, "x.sql:2: not a text file: NUL byte at offset 49; a migration must be SQL text (UTF-8)"},
		{"badUTF16", "\xff\xfeC\x00R\x00", Options{}, "x.sql:1: not a text file: NUL byte at offset 3; a migration must be SQL text (UTF-8)"},
		{"badLatin1", "CREATE TABLE a (id int);\n-- caf\xe9\nCREATE TABLE b (id int);", Options{}, "x.sql:2: not a text file: invalid UTF-8 at offset 31; a migration must be SQL text (UTF-8)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSQL("x.sql", tt.sql, tt.opts)
			assert.Nil(t, s)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestLoadFolder(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "migrations"), Options{})
	require.NoError(t, err)
	kinds := map[string]Kind{}
	for _, tbl := range s.Tables() {
		kinds[tbl.QualifiedName()] = tbl.Kind
	}
	assert.Equal(t, map[string]Kind{
		"accounts": Global,
		"plans":    Global,
		"trees":    Tenant,
		"nodes":    Child,
		"sessions": Tenant,
	}, kinds, "down sections are not applied")
	assert.Equal(t, []string{"id", "account_id", "name"}, s.Lookup("", "trees").Columns, "the tern file's rename applies, its down part does not")
	assert.Equal(t, []string{"id", "name", "archived"}, s.Lookup("", "plans").Columns)
	assert.Equal(t, []string{"sessions_tree_fk"}, fkNames(s.Lookup("", "sessions")))
}

func fkNames(t *Table) []string {
	var out []string
	for _, fk := range t.ForeignKeys {
		out = append(out, fk.Name)
	}
	return out
}

func TestLoadSingleFile(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "migrations", "001_accounts.sql"), Options{})
	require.NoError(t, err)
	assert.Len(t, s.Tables(), 2)
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.Mkdir(empty, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("x"), 0o644))
	broken := filepath.Join(dir, "broken")
	require.NoError(t, os.Mkdir(broken, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(broken, "001_a.sql"), []byte("CREATE TABLE a (id int);\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(broken, "002_x.sql"), []byte("-- +goose Up\n-- comment\n\n\n\n\nCREATE TABL b (id int);\n-- +goose Down\nDROP TABLE b;\n"), 0o644))
	binary := filepath.Join(dir, "binary")
	require.NoError(t, os.Mkdir(binary, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(binary, "001_a.sql"), []byte("CREATE TABLE a (id int);\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(binary, "003_b.sql"), []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), 0o644))
	unknown := filepath.Join(dir, "unknown")
	require.NoError(t, os.Mkdir(unknown, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(unknown, "001.sql"), []byte("CREATE TABLE a (id int);\n\nALTER TABLE b ADD COLUMN c int;\n"), 0o644))

	tests := []struct {
		name, path, want string
	}{
		{"badEmptyFolder", empty, "read schema " + empty + ": no .sql files in the folder"},
		{"badMissingPath", filepath.Join(dir, "nope"), "read schema " + filepath.Join(dir, "nope") + ": stat " + filepath.Join(dir, "nope") + ": no such file or directory"},
		{"badSyntaxInSecondFile", broken, filepath.Join(broken, "002_x.sql") + `:7: syntax error at or near "TABL"`},
		{"badBinaryFile", binary, filepath.Join(binary, "003_b.sql") + ":1: not a text file: NUL byte at offset 3; a migration must be SQL text (UTF-8)"},
		{"badUnknownTableLine", unknown, filepath.Join(unknown, "001.sql") + ":3: table b does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.path, Options{})
			assert.Nil(t, s)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestUpSection(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"okPlainUnchanged", "CREATE TABLE a (id int);\n", "CREATE TABLE a (id int);\n"},
		{"okGooseKeepsUpOnly", "-- +goose Up\nA;\n-- +goose Down\nB;\n", "            \nA;\n              \n  \n"},
		{"okTernKeepsAboveDivider", "A;\n---- create above / drop below ----\nB;\n", "A;\n                                   \n  \n"},
		{"okPsqlMetaCommandBlanked", "\\restrict abc\nA;\n", "             \nA;\n"},
		{"okSQLMigrateKeepsUpOnly", "-- +migrate Up\nA;\n-- +migrate Down\nB;\n", "              \nA;\n                \n  \n"},
		{"okDbmateKeepsUpOnly", "-- migrate:up\nA;\n-- migrate:down\nB;\n", "             \nA;\n               \n  \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, upSection(tt.in))
		})
	}
}

func TestLoadPgDump(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "pg_dump.sql"), Options{})
	require.NoError(t, err)
	kinds := map[string]Kind{}
	for _, tbl := range s.Tables() {
		kinds[tbl.QualifiedName()] = tbl.Kind
	}
	assert.Equal(t, map[string]Kind{
		"accounts":              Global,
		"users":                 Tenant,
		"trees":                 Tenant,
		"sessions":              Tenant,
		"step_ratings":          Child,
		"tree_versions":         Child,
		"version_comments":      Child,
		"countries":             Global,
		"billing.invoices":      Tenant,
		"billing.invoice_lines": Child,
	}, kinds)

	sessions := s.Lookup("public", "sessions")
	require.NotNil(t, sessions)
	assert.Equal(t, []string{"user_id"}, sessions.TenantKeys)
	assert.Equal(t, []string{"id", "user_id", "tree_id", "started_at"}, sessions.Columns)
	assert.Equal(t, []ForeignKey{
		{Name: "sessions_tree_id_fkey", Columns: []string{"tree_id"}, RefSchema: "public", RefTable: "trees", RefColumns: []string{"id"}},
		{Name: "sessions_user_id_fkey", Columns: []string{"user_id"}, RefSchema: "public", RefTable: "users", RefColumns: []string{"id"}},
	}, sessions.ForeignKeys)
	comments := s.Lookup("public", "version_comments")
	require.NotNil(t, comments)
	assert.Equal(t, []ForeignKey{{Name: "version_comments_version_fk", Columns: []string{"tree_id", "version"}, RefSchema: "public", RefTable: "tree_versions", RefColumns: []string{"tree_id", "version"}}}, comments.ForeignKeys)
	trees := s.Lookup("public", "trees")
	require.NotNil(t, trees)
	assert.Equal(t, map[string][]string{"trees_pkey": {"id"}, "trees_account_id_name_key": {"account_id", "name"}}, trees.Constraints)
}
