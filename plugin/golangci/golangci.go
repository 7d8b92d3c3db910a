// Package golangci registers tenantcheck as a golangci-lint module plugin,
// so that `golangci-lint custom` can build it into a golangci-lint binary.
//
// The plugin is configured in .golangci.yml with the command's flag names
// (cli.md) as keys:
//
//	linters:
//	  enable: [tenantcheck]
//	  settings:
//	    custom:
//	      tenantcheck:
//	        type: module
//	        settings:
//	          schema: migrations
//	          tenant-columns: account_id,user_id
//	          config: .tenantcheck.yml
//	          rules: unscoped,or-scope,insert
//
// Relative paths are resolved against the module root around the folder
// golangci-lint runs in, as for the command, so a run from a package folder
// reads the same schema. Without schema, the config's schema: key or the
// usual places are used (docs/schema.md); schema: "" declares a module
// without SQL.
package golangci

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/config"
)

// Name is the linter name under which golangci-lint knows the plugin: the
// key in linters.settings.custom and the name //nolint directives use.
const Name = "tenantcheck"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings in .golangci.yml. The keys are the
// command's flag names, so a project moves between the two front ends
// without renaming anything; an unknown key is an error, because a
// misspelt schema path would otherwise fall back to ./migrations unseen.
type Settings struct {
	// Schema is a pointer so that an explicitly empty value ("no schema")
	// differs from an absent one ("find it").
	Schema        *string `json:"schema"`
	TenantColumns string  `json:"tenant-columns"`
	Config        string  `json:"config"`
	Rules         string  `json:"rules"`
}

// Plugin is the configured tenantcheck linter.
type Plugin struct {
	analyzer *analysis.Analyzer
	cacheKey *analysis.Analyzer
}

// New decodes the settings, loads the schema and config file, and builds
// the analyzer. It loads eagerly so that a bad schema or config is reported
// when golangci-lint starts, with the file and line at fault, rather than
// as a failure inside every package.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	cs := config.Settings{
		TenantColumns: s.TenantColumns,
		ConfigFile:    s.Config,
		Rules:         s.Rules,
	}
	if s.Schema != nil {
		cs.Schema, cs.SchemaSet = *s.Schema, true
	}
	inputs, err := cs.Resolve()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	cfg, err := cs.Load()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	if note := inputs.NoSchemaNote(); note != "" {
		fmt.Fprintf(os.Stderr, "%s: %s\n", Name, note)
	}
	key, err := cacheKeyAnalyzer(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return &Plugin{analyzer: analyzer.New(cfg), cacheKey: key}, nil
}

// BuildAnalyzers returns the tenantcheck analyzer and the cache-key
// analyzer, which reports nothing.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer, p.cacheKey}, nil
}

// cacheKeyAnalyzer returns an analyzer that does nothing and whose name
// carries a digest of cfg: the classified schema and the SQL it was built
// from (views and policies included), its same_tenant groups, scope
// options, rules, sinks, approvals, tenant sources and the rls options. golangci-lint caches each package's issues under
// the package's sources and the names of the analyzers that ran, never the
// plugin's settings or the migrations they point at, so without it a
// changed schema would replay the issues of the old one. The same problem
// under go vet is solved in the command's -V=full answer.
func cacheKeyAnalyzer(cfg analyzer.Config) (*analysis.Analyzer, error) {
	state := struct {
		Tables        any
		SchemaText    string
		TenantColumns []string
		SameTenant    map[string]string
		Scope         any
		Rules         any
		Sinks         any
		CrossTenant   any
		TenantSources []string
		StrictSources bool
		RowSecurity   any
	}{
		Scope: cfg.Scope, Rules: cfg.Rules, Sinks: cfg.Sinks, CrossTenant: cfg.CrossTenant,
		TenantSources: cfg.TenantSources, StrictSources: cfg.StrictSources, RowSecurity: cfg.RowSecurity,
	}
	if cfg.Schema != nil {
		state.Tables = cfg.Schema.Tables()
		state.SchemaText = cfg.Schema.Digest()
		state.TenantColumns = cfg.Schema.TenantColumns()
		state.SameTenant = cfg.Schema.SameTenant()
	}
	// encoding/json writes map keys sorted, so equal configs give equal
	// digests.
	data, err := json.Marshal(state)
	if err != nil {
		return nil, fmt.Errorf("digest the configuration: %w", err)
	}
	sum := sha256.Sum256(data)
	return &analysis.Analyzer{
		Name: fmt.Sprintf("%s_config_%x", Name, sum[:8]),
		Doc:  "carry a digest of tenantcheck's schema and configuration into golangci-lint's cache key",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}, nil
}

// GetLoadMode asks for type information: finding the calls that send SQL
// and resolving constants across packages both need it.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
