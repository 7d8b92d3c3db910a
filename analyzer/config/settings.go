package config

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/rls"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// DefaultConfigFile is the configuration file read from the module root
// when -config names none (cli.md).
const DefaultConfigFile = ".tenantcheck.yml"

// Settings are the flag values every front end shares, as given: an empty
// field means the flag was not set and the default applies. Relative paths
// are relative to the module root (Resolve).
type Settings struct {
	Schema string
	// SchemaSet records that -schema was given, even empty: -schema ""
	// declares a module without SQL, where an absent -schema means "find
	// it". A non-empty Schema counts as set.
	SchemaSet     bool
	TenantColumns string
	ConfigFile    string
	Rules         string
}

// RegisterFlags registers -schema, -tenant-columns, -config and -rules on
// fs, with the names and help text of cli.md, so that the command and go vet
// accept the same flags.
func (s *Settings) RegisterFlags(fs *flag.FlagSet) {
	fs.Var(schemaFlag{s}, "schema", "the schema: a .sql file or a folder of migrations applied in version order (2_x before 10_y), its `path` relative to the module root; \"\" for a module without SQL (default: the config's schema:, else the first of "+candidateList()+" that holds SQL)")
	fs.StringVar(&s.TenantColumns, "tenant-columns", s.TenantColumns, "comma-separated tenant key columns (default account_id,user_id)")
	fs.StringVar(&s.ConfigFile, "config", s.ConfigFile, ".tenantcheck.yml: schema, extra sinks, exempt tables, shared-row tables, approved cross-tenant functions, relative to the module root (default .tenantcheck.yml at the module root when it exists)")
	fs.StringVar(&s.Rules, "rules", s.Rules, "comma-separated rules to run: "+strings.TrimPrefix(ruleNames(), "want one of ")+" (default all)")
}

// schemaFlag is -schema: it records that the flag was set, so that an
// explicitly empty value differs from an absent one.
type schemaFlag struct{ s *Settings }

func (f schemaFlag) String() string {
	if f.s == nil {
		return ""
	}
	return f.s.Schema
}

func (f schemaFlag) Set(v string) error {
	f.s.Schema, f.s.SchemaSet = v, true
	return nil
}

// Load builds the analyzer's Config: it reads the config file, loads and
// classifies the schema (once per process for the same path and options)
// and merges flags over the file over the defaults. Errors are one line
// naming the file, and its line where there is one.
func (s Settings) Load() (analyzer.Config, error) {
	in, file, err := s.resolve()
	if err != nil {
		return analyzer.Config{}, err
	}
	rules, err := s.rules(file)
	if err != nil {
		return analyzer.Config{}, err
	}
	columns, err := s.tenantColumns(file)
	if err != nil {
		return analyzer.Config{}, err
	}
	opts := schema.Options{
		TenantColumns: columns,
		TenantTables:  file.TenantTables,
		Exempt:        file.ExemptTables,
		SharedRows:    file.SharedRows,
		SameTenant:    file.SameTenant,
	}
	for _, fk := range file.ForeignKeys {
		opts.ForeignKeys = append(opts.ForeignKeys, schema.ExtraForeignKey{Table: fk.Table, Columns: fk.Columns, References: fk.References, RefColumns: fk.RefColumns})
	}
	sch, err := loadSchema(in.Schema, opts)
	if err != nil {
		var oerr *schema.OptionError
		if errors.As(err, &oerr) && file.Path != "" {
			line := file.optionLine(optionKey[oerr.Option], oerr.Table)
			if oerr.Option == schema.OptionSameTenant {
				line = file.sameTenantLine(oerr.Group, oerr.Table)
			}
			return analyzer.Config{}, fmt.Errorf("%s: %w", location(file.Path, line), err)
		}
		return analyzer.Config{}, err
	}
	if in.Schema != "" && len(sch.Tables()) == 0 {
		return analyzer.Config{}, fmt.Errorf("schema %s (%s) defines no table: point -schema at the SQL that creates the tables (or set schema: in %s), or pass -schema \"\" if the module sends no SQL", in.Schema, in.SchemaFrom, DefaultConfigFile)
	}
	cfg := analyzer.Config{Schema: sch, Scope: scope.DefaultOptions(), Rules: rules}
	for _, c := range file.TenantContext {
		cfg.Scope.TenantContext = append(cfg.Scope.TenantContext, scope.ContextFunc{Name: c.Function, ArgPrefix: c.ArgPrefix})
	}
	for _, p := range file.TenantPredicates {
		cfg.Scope.TenantPredicates = append(cfg.Scope.TenantPredicates, scope.PredicateFunc{Name: p.Function, Arg: p.Arg})
	}
	cfg.RowSecurity = rls.Options{
		Mode:             rls.Mode(file.RLS),
		AllowUnforced:    file.RLSAllowUnforced,
		AppRole:          strings.TrimSpace(file.AppRole),
		TenantContext:    cfg.Scope.TenantContext,
		TenantPredicates: cfg.Scope.TenantPredicates,
	}
	for _, p := range file.Presets {
		sinks, _ := analyzer.Preset(p)
		cfg.Sinks = append(cfg.Sinks, sinks...)
	}
	for _, sk := range file.Sinks {
		// validate has rejected unknown styles.
		style, _ := sk.placeholders()
		cfg.Sinks = append(cfg.Sinks, analyzer.Sink{Func: sk.Function, Arg: sk.Arg, Placeholders: style})
	}
	for _, a := range file.CrossTenant {
		cfg.CrossTenant = append(cfg.CrossTenant, analyzer.Approval{Func: a.Function, Reason: strings.TrimSpace(a.Reason)})
	}
	cfg.TenantSources, cfg.StrictSources = file.TenantSources, file.StrictSources
	return cfg, nil
}

// optionKey maps the schema option an OptionError names to its config key.
var optionKey = map[string]string{
	schema.OptionExempt:       "exempt_tables",
	schema.OptionTenantTables: "tenant_tables",
	schema.OptionSharedRows:   "shared_rows",
	schema.OptionForeignKeys:  "foreign_keys",
	schema.OptionSameTenant:   "same_tenant",
}

// rules returns the enabled rules from -rules, else the file's rules key;
// nil enables all.
func (s Settings) rules(file *File) (map[rule.ID]bool, error) {
	var ids []string
	switch {
	case s.Rules != "":
		ids = splitList(s.Rules)
		if len(ids) == 0 {
			return nil, fmt.Errorf("-rules %q names no rule: %s", s.Rules, ruleNames())
		}
		for _, id := range ids {
			if !rule.Known(rule.ID(id)) {
				return nil, fmt.Errorf("-rules: unknown rule %q: %s", id, ruleNames())
			}
		}
	case len(file.Rules) > 0:
		ids = file.Rules
	default:
		return nil, nil
	}
	enabled := make(map[rule.ID]bool, len(ids))
	for _, id := range ids {
		enabled[rule.ID(id)] = true
	}
	return enabled, nil
}

// tenantColumns returns -tenant-columns, else the file's tenant_columns,
// else nil, which the schema reads as schema.DefaultTenantColumns.
func (s Settings) tenantColumns(file *File) ([]string, error) {
	if s.TenantColumns != "" {
		cols := splitList(s.TenantColumns)
		if len(cols) == 0 {
			return nil, fmt.Errorf("-tenant-columns %q names no column", s.TenantColumns)
		}
		return cols, nil
	}
	return file.TenantColumns, nil
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// schemaCache holds each schema loaded in this process, keyed by absolute
// path and options: go vet and golangci-lint analyse one package at a time
// in one process, and replaying the migrations for each would dominate.
var schemaCache = struct {
	sync.Mutex
	m map[string]*schema.Schema
}{m: map[string]*schema.Schema{}}

// loadSchema loads path ("" for the empty schema) through the cache. Only
// successes are cached; a failure ends the run anyway.
func loadSchema(path string, opts schema.Options) (*schema.Schema, error) {
	key := ""
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("read schema %s: %w", path, err)
		}
		key = abs
	}
	o, err := json.Marshal(opts)
	if err != nil {
		return nil, fmt.Errorf("schema options: %w", err)
	}
	key += "\x00" + string(o)

	schemaCache.Lock()
	defer schemaCache.Unlock()
	if sch, ok := schemaCache.m[key]; ok {
		return sch, nil
	}
	var sch *schema.Schema
	if path == "" {
		sch, err = schema.LoadSQL("(no schema)", "", opts)
	} else {
		sch, err = schema.Load(path, opts)
	}
	if err != nil {
		return nil, err
	}
	schemaCache.m[key] = sch
	return sch, nil
}
