package config

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/rls"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

const validYAML = `# every key
tenant_columns: [account_id, user_id]
tenant_tables: {legacy_notes: owner_id}
exempt_tables: [audit_log]
shared_rows: [templates]
tenant_context:
  - {function: current_setting, arg_prefix: "tenant."}
sinks:
  - {function: "example.com/db.Run", arg: 1}
cross_tenant:
  - function: "example.com/jobs.(*Sweeper).Run"
    reason: "nightly cleanup across all accounts"
tenant_sources:
  - "(*example.com/auth.Principal).AccountID"
  - example.com/auth.AccountID
strict_sources: true
rules: [unscoped, insert]
rls: required
rls_allow_unforced: true
app_role: app
`

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestLoadFileValid(t *testing.T) {
	path := writeFile(t, t.TempDir(), ".tenantcheck.yml", validYAML)
	f, err := LoadFile(path)
	require.NoError(t, err)
	assert.Equal(t, path, f.Path)
	assert.Equal(t, []string{"account_id", "user_id"}, f.TenantColumns)
	assert.Equal(t, map[string]string{"legacy_notes": "owner_id"}, f.TenantTables)
	assert.Equal(t, []string{"audit_log"}, f.ExemptTables)
	assert.Equal(t, []string{"templates"}, f.SharedRows)
	assert.Equal(t, []ContextFunc{{Function: "current_setting", ArgPrefix: "tenant."}}, f.TenantContext)
	assert.Equal(t, []Sink{{Function: "example.com/db.Run", Arg: 1}}, f.Sinks)
	assert.Equal(t, []Approval{{Function: "example.com/jobs.(*Sweeper).Run", Reason: "nightly cleanup across all accounts"}}, f.CrossTenant)
	assert.Equal(t, []string{"(*example.com/auth.Principal).AccountID", "example.com/auth.AccountID"}, f.TenantSources)
	assert.True(t, f.StrictSources)
	assert.Equal(t, []string{"unscoped", "insert"}, f.Rules)
	assert.Equal(t, "required", f.RLS)
	assert.True(t, f.RLSAllowUnforced)
	assert.Equal(t, "app", f.AppRole)
}

func TestLoadFileEmpty(t *testing.T) {
	for name, content := range map[string]string{"okEmptyFile": "", "okOnlyComments": "# nothing yet\n"} {
		t.Run(name, func(t *testing.T) {
			f, err := LoadFile(writeFile(t, t.TempDir(), "c.yml", content))
			require.NoError(t, err)
			assert.Empty(t, f.TenantColumns)
			assert.Empty(t, f.Sinks)
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"badUnknownKey", "tenant_columns: [account_id]\ntenant_colums: [x]\n", "c.yml:2: unknown key tenant_colums"},
		{"badUnknownNestedKey", "sinks:\n  - function: a.B\n    args: 1\n", "c.yml:3: unknown key args"},
		{"badSyntax", "sinks: [\n", "c.yml:1: did not find expected node content"},
		{"badArgType", "sinks:\n  - {function: a.B, arg: first}\n", "c.yml:2: cannot unmarshal !!str `first` into int"},
		{"badNegativeArg", "sinks:\n  - function: a.B\n    arg: -1\n", "c.yml:3: sinks[0].arg is -1: argument positions start at 0"},
		{"badSinkWithoutFunction", "sinks:\n  - {arg: 1}\n", "c.yml:2: sinks[0] has no function"},
		{"badEmptyReason", "cross_tenant:\n  - {function: a.B, reason: \"a\"}\n  - {function: a.C, reason: \"  \"}\n", "c.yml:3: cross_tenant[1] (a.C) has no reason: an approved cross-tenant function needs a written reason"},
		{"badMissingReason", "cross_tenant:\n  - function: a.B\n", "c.yml:2: cross_tenant[0] (a.B) has no reason: an approved cross-tenant function needs a written reason"},
		{"badUnknownRule", "rules:\n  - unscoped\n  - or_scope\n", `c.yml:3: unknown rule "or_scope" in rules: want one of unscoped, or-scope, insert, unresolved, parse, directive, unknown-sink, tenant-source, rls`},
		{"badEmptyTenantColumns", "\ntenant_columns: []\n", "c.yml:2: tenant_columns is empty: remove the key to use the default account_id, user_id"},
		{"badBlankTenantColumn", "tenant_columns: [account_id, \"\"]\n", "c.yml:1: tenant_columns[1] is empty"},
		{"badTenantTableWithoutColumn", "tenant_tables:\n  notes: \"\"\n", `c.yml:2: tenant_tables entry "notes" needs a table name and its key column`},
		{"badBlankSharedRows", "shared_rows: [\"\"]\n", "c.yml:1: shared_rows[0] is empty"},
		{"badBlankExempt", "exempt_tables:\n  - \"\"\n", "c.yml:2: exempt_tables[0] is empty"},
		{"badContextWithoutFunction", "tenant_context:\n  - {arg_prefix: app.}\n", "c.yml:2: tenant_context[0] has no function"},
		{"badTopLevelList", "- a\n", "c.yml:1: cannot unmarshal !!seq into config.File"},
		{"badUnknownPreset", "presets:\n  - gorm\n  - ent\n", `c.yml:3: unknown preset "ent" in presets: want one of bun, gorm, gorp`},
		{"badUnknownPlaceholders", "sinks:\n  - function: a.B\n    placeholders: percent\n", `c.yml:3: sinks[0]: unknown placeholders "percent": want one of dollar, question, colon, at`},
		{"badTenantSourceWithoutPackage", "tenant_sources:\n  - example.com/auth.AccountID\n  - AccountID\n", `c.yml:3: tenant_sources[1] "AccountID" is not a function, method or field name: write example.com/auth.AccountID or (*example.com/auth.Principal).AccountID`},
		{"badTenantSourceUnbalanced", "tenant_sources: [\"(*example.com/auth.Principal.AccountID\"]\n", `c.yml:1: tenant_sources[0] "(*example.com/auth.Principal.AccountID" is not a function, method or field name: write example.com/auth.AccountID or (*example.com/auth.Principal).AccountID`},
		{"badStrictWithoutSources", "rules: [tenant-source]\nstrict_sources: true\n", "c.yml:2: strict_sources needs tenant_sources: without a named source every tenant key value would be of unknown origin"},
		{"badRLSMode", "rls: always\n", `c.yml:1: unknown rls mode "always": want one of auto, required, off`},
		{"badEmptyAppRole", "rules: [rls]\napp_role: \"\"\n", "c.yml:2: app_role is empty: name the role the application connects as, or remove the key"},
		{"badAllowUnforcedType", "rls_allow_unforced: sometimes\n", "c.yml:1: cannot unmarshal !!str `sometimes` into bool"},
		{"badPredicateWithoutFunction", "tenant_predicates:\n  - {arg: 0}\n", "c.yml:2: tenant_predicates[0] has no function"},
		{"badPredicateNegativeArg", "tenant_predicates:\n  - function: is_member\n    arg: -1\n", "c.yml:3: tenant_predicates[0].arg is -1: argument positions start at 0"},
		{"badForeignKeyWithoutReferences", "foreign_keys:\n  - {table: events, columns: [task_id]}\n", "c.yml:2: foreign_keys[0] needs table, columns and references"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "c.yml", tt.yaml)
			t.Chdir(dir)
			f, err := LoadFile("c.yml")
			assert.Nil(t, f)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestSettingsLoadPresetsAndPlaceholders(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "c.yml", "presets: [gorm, bun]\nsinks:\n  - {function: \"example.com/db.Named\", arg: 0, placeholders: colon}\n  - {function: \"example.com/db.Run\", arg: 1}\n")
	t.Chdir(dir)
	cfg, err := Settings{ConfigFile: "c.yml", SchemaSet: true}.Load()
	require.NoError(t, err)
	gorm, ok := analyzer.Preset("gorm")
	require.True(t, ok)
	bun, ok := analyzer.Preset("bun")
	require.True(t, ok)
	want := append(append(gorm, bun...),
		analyzer.Sink{Func: "example.com/db.Named", Arg: 0, Placeholders: analyzer.Colon},
		analyzer.Sink{Func: "example.com/db.Run", Arg: 1, Placeholders: analyzer.Dollar})
	assert.Equal(t, want, cfg.Sinks)
	assert.Contains(t, cfg.Sinks, analyzer.Sink{Func: "(*gorm.io/gorm.DB).Raw", Arg: 0, Placeholders: analyzer.Question | analyzer.At})
	assert.Contains(t, cfg.Sinks, analyzer.Sink{Func: "(*github.com/uptrace/bun.DB).NewRaw", Arg: 0, Placeholders: analyzer.Question})
	assert.Contains(t, cfg.Sinks, analyzer.Sink{Func: "(github.com/uptrace/bun.Tx).ExecContext", Arg: 1, Placeholders: analyzer.Question})
}

func TestSettingsLoadTenantSources(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "c.yml", "tenant_sources: [\"(example.com/svc.Caller).AccountID\"]\nstrict_sources: true\n")
	t.Chdir(dir)
	cfg, err := Settings{ConfigFile: "c.yml", SchemaSet: true}.Load()
	require.NoError(t, err)
	assert.Equal(t, []string{"(example.com/svc.Caller).AccountID"}, cfg.TenantSources)
	assert.True(t, cfg.StrictSources)
}

func TestSettingsLoadRowSecurity(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "c.yml", "rls: required\nrls_allow_unforced: true\napp_role: app\ntenant_context:\n  - {function: current_setting, arg_prefix: \"tenant.\"}\ntenant_predicates:\n  - {function: is_member, arg: 1}\n")
	t.Chdir(dir)
	cfg, err := Settings{ConfigFile: "c.yml", SchemaSet: true}.Load()
	require.NoError(t, err)
	assert.Equal(t, rls.Options{
		Mode:             rls.Required,
		AllowUnforced:    true,
		AppRole:          "app",
		TenantContext:    []scope.ContextFunc{{Name: "current_setting", ArgPrefix: "app."}, {Name: "current_setting", ArgPrefix: "tenant."}},
		TenantPredicates: []scope.PredicateFunc{{Name: "is_member", Arg: 1}},
	}, cfg.RowSecurity)
	assert.Equal(t, []scope.PredicateFunc{{Name: "is_member", Arg: 1}}, cfg.Scope.TenantPredicates)

	writeFile(t, dir, "d.yml", "")
	cfg, err = Settings{ConfigFile: "d.yml", SchemaSet: true}.Load()
	require.NoError(t, err)
	assert.Equal(t, rls.Mode(""), cfg.RowSecurity.Mode, "no key means auto")
	assert.False(t, cfg.RowSecurity.AllowUnforced)
}

func TestLoadFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yml")
	_, err := LoadFile(path)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.ErrorContains(t, err, "read config "+path+": ")
}

func TestRegisterFlags(t *testing.T) {
	var s Settings
	fs := flag.NewFlagSet("tenantcheck", flag.ContinueOnError)
	s.RegisterFlags(fs)
	require.NoError(t, fs.Parse([]string{"-schema", "db/schema.sql", "-tenant-columns", "org_id", "-config", "ci.yml", "-rules", "unscoped,insert"}))
	assert.Equal(t, Settings{Schema: "db/schema.sql", SchemaSet: true, TenantColumns: "org_id", ConfigFile: "ci.yml", Rules: "unscoped,insert"}, s)
	for _, name := range []string{"schema", "tenant-columns", "config", "rules"} {
		assert.NotEmpty(t, fs.Lookup(name).Usage, name)
	}
}

func TestRegisterFlagsExplicitlyEmptySchema(t *testing.T) {
	var unset, empty Settings
	fs := flag.NewFlagSet("tenantcheck", flag.ContinueOnError)
	unset.RegisterFlags(fs)
	require.NoError(t, fs.Parse(nil))
	assert.False(t, unset.SchemaSet, "no -schema: look for one")
	fs = flag.NewFlagSet("tenantcheck", flag.ContinueOnError)
	empty.RegisterFlags(fs)
	require.NoError(t, fs.Parse([]string{"-schema", ""}))
	assert.Equal(t, Settings{SchemaSet: true}, empty, `-schema "": no schema, on purpose`)
}

// migrationsSQL has a tenant table, a child, tables the config can exempt
// or mark as shared, and a table with an unusual key column.
const migrationsSQL = `
CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint, org_id bigint);
CREATE TABLE sessions (id bigint PRIMARY KEY, tree_id bigint REFERENCES trees);
CREATE TABLE audit_log (id bigint PRIMARY KEY, account_id bigint);
CREATE TABLE templates (id bigint PRIMARY KEY, account_id bigint);
CREATE TABLE legacy_notes (id bigint PRIMARY KEY, owner_id bigint);
`

func kinds(s *schema.Schema) map[string]schema.Kind {
	out := map[string]schema.Kind{}
	for _, t := range s.Tables() {
		out[t.QualifiedName()] = t.Kind
	}
	return out
}

func TestSettingsLoadExplicitlyNoSchema(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := Settings{SchemaSet: true}.Load()
	require.NoError(t, err)
	require.NotNil(t, cfg.Schema)
	assert.Empty(t, cfg.Schema.Tables(), `-schema "": empty schema`)
	assert.Equal(t, schema.DefaultTenantColumns, cfg.Schema.TenantColumns())
	assert.Nil(t, cfg.Rules, "all rules")
	assert.Equal(t, scope.DefaultOptions(), cfg.Scope)
	assert.Empty(t, cfg.Sinks)
	assert.Empty(t, cfg.CrossTenant)
}

func TestSettingsLoadFromWorkingFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "migrations/001_init.sql", migrationsSQL)
	writeFile(t, dir, DefaultConfigFile, validYAML)
	t.Chdir(dir)
	cfg, err := Settings{}.Load()
	require.NoError(t, err)
	assert.Equal(t, map[string]schema.Kind{
		"trees":        schema.Tenant,
		"sessions":     schema.Child,
		"audit_log":    schema.Global,
		"templates":    schema.Tenant,
		"legacy_notes": schema.Tenant,
	}, kinds(cfg.Schema))
	assert.True(t, cfg.Schema.Lookup("", "templates").SharedRows)
	assert.Equal(t, map[rule.ID]bool{rule.Unscoped: true, rule.Insert: true}, cfg.Rules)
	assert.Equal(t, []scope.ContextFunc{{Name: "current_setting", ArgPrefix: "app."}, {Name: "current_setting", ArgPrefix: "tenant."}}, cfg.Scope.TenantContext)
	assert.Equal(t, []analyzer.Sink{{Func: "example.com/db.Run", Arg: 1}}, cfg.Sinks)
	assert.Equal(t, []analyzer.Approval{{Func: "example.com/jobs.(*Sweeper).Run", Reason: "nightly cleanup across all accounts"}}, cfg.CrossTenant)
}

func TestSettingsLoadOverrides(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "db/schema.sql", migrationsSQL)
	writeFile(t, dir, "ci.yml", "tenant_columns: [account_id]\nrules: [unscoped]\n")
	writeFile(t, dir, "migrations/001.sql", "CREATE TABLE other (account_id int);")
	t.Chdir(dir)

	tests := []struct {
		name       string
		settings   Settings
		wantKinds  map[string]schema.Kind
		wantRules  map[rule.ID]bool
		wantColumn []string
	}{
		{
			name:       "okFileOverridesDefaultColumns",
			settings:   Settings{Schema: "db/schema.sql", ConfigFile: "ci.yml"},
			wantKinds:  map[string]schema.Kind{"trees": schema.Tenant, "sessions": schema.Child, "audit_log": schema.Tenant, "templates": schema.Tenant, "legacy_notes": schema.Global},
			wantRules:  map[rule.ID]bool{rule.Unscoped: true},
			wantColumn: []string{"account_id"},
		},
		{
			name:       "okFlagsOverrideFile",
			settings:   Settings{Schema: "db/schema.sql", ConfigFile: "ci.yml", TenantColumns: " org_id, owner_id ", Rules: "parse,or-scope"},
			wantKinds:  map[string]schema.Kind{"trees": schema.Tenant, "sessions": schema.Child, "audit_log": schema.Global, "templates": schema.Global, "legacy_notes": schema.Tenant},
			wantRules:  map[rule.ID]bool{rule.Parse: true, rule.ORScope: true},
			wantColumn: []string{"org_id", "owner_id"},
		},
		{
			name:       "okDefaultMigrationsFolder",
			settings:   Settings{},
			wantKinds:  map[string]schema.Kind{"other": schema.Tenant},
			wantColumn: schema.DefaultTenantColumns,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := tt.settings.Load()
			require.NoError(t, err)
			assert.Equal(t, tt.wantKinds, kinds(cfg.Schema))
			assert.Equal(t, tt.wantRules, cfg.Rules)
			assert.Equal(t, tt.wantColumn, cfg.Schema.TenantColumns())
		})
	}
}

func TestSettingsLoadErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "schema.sql", migrationsSQL)
	writeFile(t, dir, "broken.sql", "CREATE TABLE a (id int);\nCREATE TABL b;\n")
	writeFile(t, dir, "shared.yml", "exempt_tables: [audit_log]\nshared_rows:\n  - templates\n  - countries\n")
	writeFile(t, dir, "tenant.yml", "tenant_tables:\n  legacy_notes: owner\n")
	writeFile(t, dir, "typo.yml", "exempt_table: [audit_log]\n")
	writeFile(t, dir, "same-unknown.yml", "same_tenant:\n  - [account_id,\n     tenantId]\n")
	writeFile(t, dir, "same-one.yml", "same_tenant:\n  - [account_id]\n")
	writeFile(t, dir, "same-twice.yml", "tenant_columns: [account_id, user_id, owner_id]\nsame_tenant:\n  - [account_id, user_id]\n  - [owner_id,\n     user_id]\n")
	t.Chdir(dir)

	tests := []struct {
		name     string
		settings Settings
		want     string
	}{
		{"badMissingSchema", Settings{Schema: "migrations"}, "read schema migrations: stat migrations: no such file or directory"},
		{"badSchemaSQL", Settings{Schema: "broken.sql"}, `broken.sql:2: syntax error at or near "TABL"`},
		{"badMissingConfig", Settings{Schema: "schema.sql", ConfigFile: "nope.yml"}, "read config nope.yml: open nope.yml: no such file or directory"},
		{"badConfigKey", Settings{Schema: "schema.sql", ConfigFile: "typo.yml"}, "typo.yml:1: unknown key exempt_table"},
		{"badSharedRowsTable", Settings{Schema: "schema.sql", ConfigFile: "shared.yml"}, "shared.yml:4: shared-rows table countries is not in the schema"},
		{"badTenantTableColumn", Settings{Schema: "schema.sql", ConfigFile: "tenant.yml"}, "tenant.yml:2: tenant table legacy_notes has no column owner"},
		{"badRulesFlag", Settings{Schema: "schema.sql", Rules: "unscoped,sql"}, `-rules: unknown rule "sql": want one of unscoped, or-scope, insert, unresolved, parse, directive, unknown-sink, tenant-source, rls`},
		{"badEmptyRulesFlag", Settings{Schema: "schema.sql", Rules: " , "}, `-rules " , " names no rule: want one of unscoped, or-scope, insert, unresolved, parse, directive, unknown-sink, tenant-source, rls`},
		{"badEmptyColumnsFlag", Settings{Schema: "schema.sql", TenantColumns: ","}, `-tenant-columns "," names no column`},
		{"badSameTenantNotATenantColumn", Settings{Schema: "schema.sql", ConfigFile: "same-unknown.yml"}, "same-unknown.yml:3: same_tenant[0]: tenantId is not a tenant column (account_id, user_id): add it to tenant_columns"},
		{"badSameTenantColumnFlagWins", Settings{Schema: "schema.sql", ConfigFile: "same-twice.yml", TenantColumns: "account_id,owner_id"}, "same-twice.yml:3: same_tenant[0]: user_id is not a tenant column (account_id, owner_id): add it to tenant_columns"},
		{"badSameTenantOneColumn", Settings{Schema: "schema.sql", ConfigFile: "same-one.yml"}, "same-one.yml:2: same_tenant[0] names 1 column: a group needs at least two spellings of one tenant key"},
		{"badSameTenantColumnInTwoGroups", Settings{Schema: "schema.sql", ConfigFile: "same-twice.yml"}, "same-twice.yml:5: same_tenant[1]: user_id is in two groups"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.settings.Load()
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestSettingsLoadParsesSchemaOnce(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "schema.sql", migrationsSQL)
	t.Chdir(dir)
	first, err := Settings{Schema: "schema.sql"}.Load()
	require.NoError(t, err)
	again, err := Settings{Schema: filepath.Join(dir, "schema.sql")}.Load()
	require.NoError(t, err)
	assert.Same(t, first.Schema, again.Schema, "same absolute path and options: cached")
	other, err := Settings{Schema: "schema.sql", TenantColumns: "org_id"}.Load()
	require.NoError(t, err)
	assert.NotSame(t, first.Schema, other.Schema, "other options: loaded again")
}

// TestResolve pins where the schema and config come from: a flag, the
// config's schema: key, or the first usual place that holds SQL, all
// relative to the module root whatever the working folder.
func TestResolve(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		wd       string // working folder under the module, "" for its root
		settings Settings
		want     Inputs // Root is checked apart
		// abs marks want paths as relative to the module root, to be
		// made absolute: they lie outside the working folder.
		abs bool
	}{
		{name: "okFoundDBMigrations",
			files: map[string]string{"db/migrations/001.sql": "x"},
			want:  Inputs{Schema: "db/migrations", SchemaFrom: "found at the module root"}},
		{name: "okFoundSchemaFile",
			files: map[string]string{"schema.sql": "x", "internal/store/store.go": "package store"},
			want:  Inputs{Schema: "schema.sql", SchemaFrom: "found at the module root"}},
		{name: "okFirstCandidateWins",
			files: map[string]string{"migrations/001.sql": "x", "db/migrations/001.sql": "x", "schema.sql": "x"},
			want:  Inputs{Schema: "migrations", SchemaFrom: "found at the module root"}},
		{name: "okGoMigrationsFolderPassedOver",
			files: map[string]string{"migrations/001_init.go": "package migrations", "internal/db/migrations/001.sql": "x"},
			want:  Inputs{Schema: "internal/db/migrations", SchemaFrom: "found at the module root"}},
		{name: "okConfigSchemaKey",
			files: map[string]string{".tenantcheck.yml": "schema: sql/tables.sql\n", "sql/tables.sql": "x", "migrations/001.sql": "x"},
			want:  Inputs{Config: ".tenantcheck.yml", Schema: "sql/tables.sql", SchemaFrom: "schema: in .tenantcheck.yml"}},
		{name: "okConfigSchemaRelativeToConfigFile",
			files:    map[string]string{"ci/tenantcheck.yml": "schema: ../db/schema.sql\n", "db/schema.sql": "x"},
			settings: Settings{ConfigFile: "ci/tenantcheck.yml"},
			want:     Inputs{Config: "ci/tenantcheck.yml", Schema: "db/schema.sql", SchemaFrom: "schema: in ci/tenantcheck.yml"}},
		{name: "okFlagBeatsConfig",
			files:    map[string]string{".tenantcheck.yml": "schema: sql/tables.sql\n", "db/schema.sql": "x"},
			settings: Settings{Schema: "db/schema.sql"},
			want:     Inputs{Config: ".tenantcheck.yml", Schema: "db/schema.sql", SchemaFrom: "-schema"}},
		{name: "okExplicitlyNoSchema",
			files:    map[string]string{"migrations/001.sql": "x"},
			settings: Settings{SchemaSet: true},
			want:     Inputs{SchemaFrom: `-schema ""`}},
		{name: "okConfigSaysNoSchema",
			files: map[string]string{".tenantcheck.yml": "schema: \"\"\n"},
			want:  Inputs{Config: ".tenantcheck.yml", SchemaFrom: `schema: "" in .tenantcheck.yml`}},
		{name: "okFoundFromPackageFolder",
			files: map[string]string{"db/migrations/001.sql": "x", ".tenantcheck.yml": "rules: [unscoped]\n", "service/store/store.go": "package store"},
			wd:    "service/store",
			want:  Inputs{Config: ".tenantcheck.yml", Schema: "db/migrations", SchemaFrom: "found at the module root"}, abs: true},
		{name: "okFlagFromPackageFolderIsRelativeToRoot",
			files:    map[string]string{"sql/schema.sql": "x", "service/store/store.go": "package store"},
			wd:       "service/store",
			settings: Settings{Schema: "sql/schema.sql"},
			want:     Inputs{Schema: "sql/schema.sql", SchemaFrom: "-schema"}, abs: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeFile(t, root, "go.mod", "module example.com/app\n")
			for name, content := range tt.files {
				writeFile(t, root, name, content)
			}
			t.Chdir(filepath.Join(root, tt.wd))
			in, err := tt.settings.Resolve()
			require.NoError(t, err)
			want := tt.want
			want.Root = root
			if tt.abs {
				for _, p := range []*string{&want.Config, &want.Schema} {
					if *p != "" {
						*p = filepath.Join(root, *p)
					}
				}
			}
			assert.Equal(t, want, in)
		})
	}
}

func TestResolveNoSchemaFound(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "go.mod", "module example.com/app\n")
	writeFile(t, root, "migrations/001_init.go", "package migrations")
	writeFile(t, root, "store/store.go", "package store")
	t.Chdir(filepath.Join(root, "store"))
	_, err := Settings{}.Resolve()
	assert.EqualError(t, err, "no schema found: looked in "+root+" for migrations/, db/migrations/, database/migrations/, sql/migrations/, internal/db/migrations/, internal/database/migrations/, internal/migrations/, schema.sql, db/schema.sql, sql/schema.sql, internal/db/schema.sql, schema/, sql/; point -schema at the migrations folder or schema file (or set schema: in .tenantcheck.yml), or pass -schema \"\" if the module sends no SQL")
	_, err = Settings{}.Load()
	assert.ErrorContains(t, err, "no schema found", "Load resolves first")
}

// TestResolveNoSchemaFoundNamesSubfolders: a layout with one folder of
// migrations per database (migrations/postgres, migrations/sqlite) holds
// no .sql file directly in a usual place; the error names the sub-folders
// that do, so that the user can point -schema at the right one.
func TestResolveNoSchemaFoundNamesSubfolders(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "go.mod", "module example.com/app\n")
	writeFile(t, root, "migrations/postgres/001_init.sql", "CREATE TABLE a (id int);")
	writeFile(t, root, "migrations/sqlite/001_init.sql", "CREATE TABLE a (id int);")
	writeFile(t, root, "migrations/migrate.go", "package migrations")
	t.Chdir(root)
	_, err := Settings{}.Resolve()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `or pass -schema "" if the module sends no SQL; migrations/postgres/ and migrations/sqlite/ hold .sql files: name the one that builds your PostgreSQL schema`)
}

func TestNoSchemaNote(t *testing.T) {
	assert.Equal(t, `note: no schema (-schema ""): every table is treated as global, so no query is checked for tenant scope`,
		Inputs{SchemaFrom: `-schema ""`}.NoSchemaNote())
	assert.Empty(t, Inputs{Schema: "migrations", SchemaFrom: "-schema"}.NoSchemaNote())
}

func TestSettingsLoadSchemaWithoutTables(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "go.mod", "module example.com/app\n")
	writeFile(t, dir, "migrations/001_extensions.sql", "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n")
	writeFile(t, dir, "queries.sql", "SELECT 1;\n")
	t.Chdir(dir)

	_, err := Settings{}.Load()
	assert.EqualError(t, err, `schema migrations (found at the module root) defines no table: point -schema at the SQL that creates the tables (or set schema: in .tenantcheck.yml), or pass -schema "" if the module sends no SQL`)
	_, err = Settings{Schema: "queries.sql"}.Load()
	assert.EqualError(t, err, `schema queries.sql (-schema) defines no table: point -schema at the SQL that creates the tables (or set schema: in .tenantcheck.yml), or pass -schema "" if the module sends no SQL`)
}
