package golangci_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resolutionflow/tenantcheck/plugin/golangci"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("tenantcheck")
	require.NoError(t, err)
	p, err := newPlugin(map[string]any{"schema": testSchema(t)})
	require.NoError(t, err)
	assert.Equal(t, register.LoadModeTypesInfo, p.GetLoadMode())
	analyzers, err := p.BuildAnalyzers()
	require.NoError(t, err)
	require.Len(t, analyzers, 2)
	assert.Equal(t, "tenantcheck", analyzers[0].Name)
	assert.Regexp(t, `^tenantcheck_config_[0-9a-f]{16}$`, analyzers[1].Name)
	require.NoError(t, analysis.Validate(analyzers))
}

// TestCacheKeyFollowsConfig checks that the cache-key analyzer's name
// changes with what decides the findings (golangci-lint's issue cache is
// keyed by analyzer names) and only with that.
func TestCacheKeyFollowsConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		return path
	}
	base := write("base.sql", "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL);\n")
	same := write("same.sql", "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL);\n")
	renamed := write("renamed.sql", "CREATE TABLE trees (id bigint PRIMARY KEY, owner_id bigint NOT NULL);\n")
	keyOf := func(settings map[string]any) string {
		p, err := golangci.New(settings)
		require.NoError(t, err)
		analyzers, err := p.BuildAnalyzers()
		require.NoError(t, err)
		require.Len(t, analyzers, 2)
		return analyzers[1].Name
	}
	want := keyOf(map[string]any{"schema": base})
	tests := []struct {
		name     string
		settings map[string]any
		same     bool
	}{
		{name: "okSameSchemaInAnotherFile", settings: map[string]any{"schema": same}, same: true},
		{name: "okSameSchemaAgain", settings: map[string]any{"schema": base}, same: true},
		{name: "changedTenantKeyColumn", settings: map[string]any{"schema": renamed}},
		{name: "changedTenantColumns", settings: map[string]any{"schema": base, "tenant-columns": "user_id"}},
		{name: "changedRules", settings: map[string]any{"schema": base, "rules": "insert"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := keyOf(tt.settings)
			if tt.same {
				assert.Equal(t, want, got)
			} else {
				assert.NotEqual(t, want, got)
			}
		})
	}
	// Keys of the config file that change findings without changing the
	// classified tables: each must change the key, or golangci-lint
	// replays the issues of the old config.
	twoKeys := write("two.sql", "CREATE TABLE runs (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);\nCREATE TABLE workers (id bigint PRIMARY KEY, \"tenantId\" bigint NOT NULL);\n")
	configKey := func(name, content string) string {
		return keyOf(map[string]any{"schema": twoKeys, "config": write(name, "tenant_columns: [tenant_id, tenantId]\n"+content)})
	}
	plain := configKey("plain.yml", "")
	for _, tt := range []struct{ name, config string }{
		{name: "changedSameTenant", config: "same_tenant:\n  - [tenant_id, tenantId]\n"},
		{name: "changedTenantSources", config: "tenant_sources: [example.com/auth.TenantID]\n"},
		{name: "changedStrictSources", config: "tenant_sources: [example.com/auth.TenantID]\nstrict_sources: true\n"},
		{name: "changedRLS", config: "rls: required\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := configKey(tt.name+".yml", tt.config)
			assert.NotEqual(t, plain, got)
			if tt.name == "changedStrictSources" {
				assert.NotEqual(t, configKey("sources.yml", "tenant_sources: [example.com/auth.TenantID]\n"), got)
			}
		})
	}
	// A view's body is not in the classified tables; a migration that
	// changes only it must still change the key, or golangci-lint replays
	// the issues found through the old view.
	t.Run("changedViewBody", func(t *testing.T) {
		scoped := write("view1.sql", "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL);\nCREATE VIEW v AS SELECT id FROM trees WHERE account_id = 1;\n")
		open := write("view2.sql", "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL);\nCREATE VIEW v AS SELECT id FROM trees;\n")
		assert.NotEqual(t, keyOf(map[string]any{"schema": scoped}), keyOf(map[string]any{"schema": open}))
	})
}

// TestSettingsReachTheAnalyzer decodes settings as golangci-lint passes
// them (a map decoded from YAML) and runs the resulting analyzer, so each
// key is shown to change what is reported, not only to parse.
func TestSettingsReachTheAnalyzer(t *testing.T) {
	schemaPath := testSchema(t)
	tests := []struct {
		name     string
		settings map[string]any
		pkg      string
	}{
		{name: "okDefaultTenantColumns", settings: map[string]any{"schema": schemaPath}, pkg: "allcolumns"},
		{name: "okTenantColumnsNarrowed", settings: map[string]any{"schema": schemaPath, "tenant-columns": "account_id"}, pkg: "accountcolumn"},
		{name: "okRulesSelected", settings: map[string]any{"schema": schemaPath, "rules": "insert"}, pkg: "insertrule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := golangci.New(tt.settings)
			require.NoError(t, err)
			analyzers, err := p.BuildAnalyzers()
			require.NoError(t, err)
			analysistest.Run(t, analysistest.TestData(), analyzers[0], tt.pkg)
		})
	}
}

func TestConfigFileSetting(t *testing.T) {
	dir := t.TempDir()
	configPath := filepath.Join(dir, "tenantcheck.yml")
	require.NoError(t, os.WriteFile(configPath, []byte("tenant_columns: [account_id]\n"), 0o644))
	p, err := golangci.New(map[string]any{"schema": testSchema(t), "config": configPath})
	require.NoError(t, err)
	analyzers, err := p.BuildAnalyzers()
	require.NoError(t, err)
	analysistest.Run(t, analysistest.TestData(), analyzers[0], "accountcolumn")
}

// testSchema returns the absolute path of testdata/schema.sql: a relative
// schema path is relative to the module root, not to the test's folder.
func testSchema(t *testing.T) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", "schema.sql"))
	require.NoError(t, err)
	return path
}

// TestNewFindsSchemaFromPackageFolder runs the plugin as golangci-lint does
// from a package folder of a module whose schema is in db/migrations: the
// schema is found at the module root, and a relative setting is read from
// there too.
func TestNewFindsSchemaFromPackageFolder(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                     "module example.com/app\n",
		"db/migrations/001.sql":      "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL);\n",
		"service/store/store.go":     "package store\n",
		"service/store/empty/doc.go": "package empty\n",
	}
	for name, content := range files {
		path := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	t.Chdir(filepath.Join(root, "service", "store"))
	keyOf := func(settings map[string]any) string {
		p, err := golangci.New(settings)
		require.NoError(t, err)
		analyzers, err := p.BuildAnalyzers()
		require.NoError(t, err)
		return analyzers[1].Name
	}
	found := keyOf(nil)
	assert.Equal(t, found, keyOf(map[string]any{"schema": "db/migrations"}), "schema relative to the module root")
	assert.NotEqual(t, found, keyOf(map[string]any{"schema": ""}), `schema "": no schema, on purpose`)
}

func TestNewWithoutSchemaFails(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/app\n"), 0o644))
	t.Chdir(root)
	p, err := golangci.New(nil)
	assert.Nil(t, p)
	assert.ErrorContains(t, err, "tenantcheck: no schema found: looked in "+root+" for migrations/, db/migrations/")
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	badSQL := filepath.Join(dir, "broken.sql")
	require.NoError(t, os.WriteFile(badSQL, []byte("CREATE TABLE trees (id bigint,\n  account_id bigint NOT NULL,,\n);\n"), 0o644))
	badConfig := filepath.Join(dir, "tenantcheck.yml")
	require.NoError(t, os.WriteFile(badConfig, []byte("tenant_colums: [account_id]\n"), 0o644))
	missing := filepath.Join(dir, "no-such-migrations")

	tests := []struct {
		name     string
		settings any
		want     []string
	}{
		{name: "badMissingSchemaPath", settings: map[string]any{"schema": missing}, want: []string{"tenantcheck: ", missing}},
		{name: "badSchemaSQL", settings: map[string]any{"schema": badSQL}, want: []string{"tenantcheck: ", badSQL + ":2"}},
		{name: "badConfigFile", settings: map[string]any{"config": badConfig}, want: []string{badConfig + ":1", "tenant_colums"}},
		{name: "badUnknownRule", settings: map[string]any{"rules": "unscoped,bogus"}, want: []string{`unknown rule "bogus"`}},
		{name: "badEmptyTenantColumns", settings: map[string]any{"tenant-columns": " , "}, want: []string{"names no column"}},
		{name: "badMisspeltKey", settings: map[string]any{"schemas": "migrations"}, want: []string{"tenantcheck settings: ", `unknown field "schemas"`}},
		{name: "badValueType", settings: map[string]any{"schema": 42}, want: []string{"tenantcheck settings: ", "schema"}},
		{name: "badSettingsShape", settings: []any{"schema"}, want: []string{"tenantcheck settings: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := golangci.New(tt.settings)
			require.Error(t, err)
			assert.Nil(t, p)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}
