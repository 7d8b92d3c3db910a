// Package config decides what every tenantcheck front end (the command, go
// vet, the golangci-lint plugin) runs with: it reads the .tenantcheck.yml
// file and the shared flags and builds the analyzer's Config from them.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/rls"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// File is the .tenantcheck.yml file. Every key is optional; an unknown key
// is an error, so that a typo cannot silently drop a setting:
//
//	schema: db/migrations                        # the schema, relative to this file's folder
//	tenant_columns: [account_id, user_id]        # tenant key columns
//	tenant_tables: {legacy_notes: owner_id}      # extra tenant tables and their key column
//	same_tenant: [[tenant_id, tenantId]]         # spellings of one tenant key
//	exempt_tables: [audit_log]                   # treated as global
//	shared_rows: [templates]                     # key IS NULL means shared by all tenants
//	tenant_context:                              # extra tenant-context expressions besides $n
//	  - {function: current_setting, arg_prefix: "app."}
//	tenant_predicates:                           # functions true only for the tenant's key
//	  - {function: is_member, arg: 0}
//	presets: [gorm, bun, gorp]                   # raw-SQL entry points of ORMs
//	sinks:                                       # extra functions that send SQL
//	  - {function: "example.com/db.Run", arg: 1, placeholders: question}
//	cross_tenant:                                # approved cross-tenant functions
//	  - {function: "example.com/jobs.(*Sweeper).Run", reason: "nightly cleanup across all accounts"}
//	tenant_sources:                              # where the authenticated tenant comes from
//	  - "(*example.com/auth.Principal).AccountID"
//	strict_sources: true                         # also report tenant keys of unknown origin
//	rules: [unscoped, or-scope, insert]          # rules to run (default all)
//	rls: auto                                    # rls rule: auto, required or off
//	rls_allow_unforced: false                    # waive FORCE ROW LEVEL SECURITY
//	app_role: app                                # the role the application connects as
//
// Table names are "table" (in public) or "schema.table". docs/config.md is
// the reference.
type File struct {
	// Path is the file the settings were read from.
	Path string `yaml:"-"`
	// Schema is the schema path, relative to the file's folder; nil when
	// the key is absent, empty when the module explicitly has no schema.
	Schema        *string           `yaml:"schema"`
	TenantColumns []string          `yaml:"tenant_columns"`
	TenantTables  map[string]string `yaml:"tenant_tables"`
	ExemptTables  []string          `yaml:"exempt_tables"`
	SharedRows    []string          `yaml:"shared_rows"`
	TenantContext []ContextFunc     `yaml:"tenant_context"`
	// TenantPredicates are functions that hold only for the current
	// tenant's key, such as a membership check in a policy.
	TenantPredicates []PredicateFunc `yaml:"tenant_predicates"`
	Presets          []string        `yaml:"presets"`
	Sinks            []Sink          `yaml:"sinks"`
	CrossTenant      []Approval      `yaml:"cross_tenant"`
	ForeignKeys      []ForeignKey    `yaml:"foreign_keys"`
	// SameTenant groups tenant columns that are spellings of one key.
	SameTenant    [][]string `yaml:"same_tenant"`
	TenantSources []string   `yaml:"tenant_sources"`
	StrictSources bool       `yaml:"strict_sources"`
	Rules         []string   `yaml:"rules"`
	// RLS is when the rls rule applies: auto (the default: once any table
	// enables row-level security), required or off.
	RLS string `yaml:"rls"`
	// RLSAllowUnforced waives FORCE ROW LEVEL SECURITY, for applications
	// that never connect as the tables' owner.
	RLSAllowUnforced bool `yaml:"rls_allow_unforced"`
	// AppRole is the role the application connects as.
	AppRole string `yaml:"app_role"`

	// root is the parsed document, kept to point errors found after
	// decoding at their line.
	root *yaml.Node
}

// ForeignKey declares a foreign key the migrations leave out:
// {table: task_events, columns: [task_id], references: tasks, ref_columns: [id]}.
type ForeignKey struct {
	Table      string   `yaml:"table"`
	Columns    []string `yaml:"columns"`
	References string   `yaml:"references"`
	RefColumns []string `yaml:"ref_columns"`
}

// ContextFunc is a tenant-context expression: a call of Function whose first
// argument is a string literal starting with ArgPrefix.
type ContextFunc struct {
	Function  string `yaml:"function"`
	ArgPrefix string `yaml:"arg_prefix"`
}

// PredicateFunc is a tenant predicate: a call of Function that is true
// only when its argument Arg (0-based) is a key of the current tenant.
type PredicateFunc struct {
	Function string `yaml:"function"`
	Arg      int    `yaml:"arg"`
}

// Sink is a function that sends its argument Arg (0-based, receiver not
// counted) to PostgreSQL as SQL, named as types.Func.FullName prints it.
// Placeholders names how that SQL writes bind parameters (dollar, question,
// colon, at); empty means dollar, PostgreSQL's own $n.
type Sink struct {
	Function     string `yaml:"function"`
	Arg          int    `yaml:"arg"`
	Placeholders string `yaml:"placeholders"`
}

// Approval approves every query in Function as cross-tenant, for Reason.
type Approval struct {
	Function string `yaml:"function"`
	Reason   string `yaml:"reason"`
}

// placeholders returns the sink's placeholder style.
func (s Sink) placeholders() (analyzer.Placeholders, error) {
	if s.Placeholders == "" {
		return analyzer.Dollar, nil
	}
	p, ok := analyzer.ParsePlaceholders(s.Placeholders)
	if !ok {
		return analyzer.Dollar, fmt.Errorf("unknown placeholders %q: want one of %s", s.Placeholders, analyzer.PlaceholderNames())
	}
	return p, nil
}

// LoadFile reads and validates a config file. Errors are one line,
// "<path>:<line>: <what>" when the line is known.
func LoadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	f := &File{Path: path, root: &yaml.Node{}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, err)
	}
	if err := yaml.Unmarshal(data, f.root); err != nil {
		return nil, yamlError(path, err)
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

var (
	yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	// sourceName is a function, a method or a struct field as
	// types.Func.FullName prints a function: pkg/path.F, (pkg/path.T).M,
	// (*pkg/path.T).M.
	sourceName   = regexp.MustCompile(`^(?:\(\*?[^\s()*]+\.[\pL_][\pL\pN_]*\)|[^\s()*]+)\.[\pL_][\pL\pN_]*$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// yamlError rewrites a yaml error ("yaml: line 3: ...", or a type error
// listing several "line N: ..." problems) as "<path>:<line>: <what>",
// keeping the first problem so that the error stays one line.
func yamlError(path string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return fmt.Errorf("%s: %s", path, strings.TrimPrefix(msg, "yaml: "))
	}
	what := m[2]
	if u := unknownField.FindStringSubmatch(what); u != nil {
		what = "unknown key " + u[1]
	}
	return fmt.Errorf("%s:%s: %s", path, m[1], what)
}

// validate checks the values the YAML types cannot, pointing at their line.
func (f *File) validate() error {
	if f.root != nil && len(f.root.Content) > 0 && f.root.Content[0].Kind == yaml.MappingNode {
		if n := f.node("tenant_columns"); n != nil && len(f.TenantColumns) == 0 {
			return f.errorf(n, "tenant_columns is empty: remove the key to use the default account_id, user_id")
		}
	}
	for i, c := range f.TenantColumns {
		if strings.TrimSpace(c) == "" {
			return f.errorf(f.node("tenant_columns", i), "tenant_columns[%d] is empty", i)
		}
	}
	tables := make([]string, 0, len(f.TenantTables))
	for table := range f.TenantTables {
		tables = append(tables, table)
	}
	sort.Strings(tables)
	for _, table := range tables {
		if strings.TrimSpace(table) == "" || strings.TrimSpace(f.TenantTables[table]) == "" {
			return f.errorf(f.node("tenant_tables", table), "tenant_tables entry %q needs a table name and its key column", table)
		}
	}
	for i, t := range f.ExemptTables {
		if strings.TrimSpace(t) == "" {
			return f.errorf(f.node("exempt_tables", i), "exempt_tables[%d] is empty", i)
		}
	}
	for i, t := range f.SharedRows {
		if strings.TrimSpace(t) == "" {
			return f.errorf(f.node("shared_rows", i), "shared_rows[%d] is empty", i)
		}
	}
	for i, fk := range f.ForeignKeys {
		if strings.TrimSpace(fk.Table) == "" || strings.TrimSpace(fk.References) == "" || len(fk.Columns) == 0 {
			return f.errorf(f.node("foreign_keys", i), "foreign_keys[%d] needs table, columns and references", i)
		}
	}
	for i, c := range f.TenantContext {
		if strings.TrimSpace(c.Function) == "" {
			return f.errorf(f.node("tenant_context", i), "tenant_context[%d] has no function", i)
		}
	}
	for i, p := range f.TenantPredicates {
		if strings.TrimSpace(p.Function) == "" {
			return f.errorf(f.node("tenant_predicates", i), "tenant_predicates[%d] has no function", i)
		}
		if p.Arg < 0 {
			return f.errorf(f.node("tenant_predicates", i, "arg"), "tenant_predicates[%d].arg is %d: argument positions start at 0", i, p.Arg)
		}
	}
	for i, p := range f.Presets {
		if _, ok := analyzer.Preset(p); !ok {
			return f.errorf(f.node("presets", i), "unknown preset %q in presets: want one of %s", p, strings.Join(analyzer.PresetNames(), ", "))
		}
	}
	for i, s := range f.Sinks {
		if strings.TrimSpace(s.Function) == "" {
			return f.errorf(f.node("sinks", i), "sinks[%d] has no function", i)
		}
		if s.Arg < 0 {
			return f.errorf(f.node("sinks", i, "arg"), "sinks[%d].arg is %d: argument positions start at 0", i, s.Arg)
		}
		if _, err := s.placeholders(); err != nil {
			return f.errorf(f.node("sinks", i, "placeholders"), "sinks[%d]: %v", i, err)
		}
	}
	for i, a := range f.CrossTenant {
		if strings.TrimSpace(a.Function) == "" {
			return f.errorf(f.node("cross_tenant", i), "cross_tenant[%d] has no function", i)
		}
		if strings.TrimSpace(a.Reason) == "" {
			return f.errorf(f.node("cross_tenant", i), "cross_tenant[%d] (%s) has no reason: an approved cross-tenant function needs a written reason", i, a.Function)
		}
	}
	for i, name := range f.TenantSources {
		if !sourceName.MatchString(name) {
			return f.errorf(f.node("tenant_sources", i), "tenant_sources[%d] %q is not a function, method or field name: write example.com/auth.AccountID or (*example.com/auth.Principal).AccountID", i, name)
		}
	}
	if f.StrictSources && len(f.TenantSources) == 0 {
		return f.errorf(f.node("strict_sources"), "strict_sources needs tenant_sources: without a named source every tenant key value would be of unknown origin")
	}
	for i, r := range f.Rules {
		if !rule.Known(rule.ID(r)) {
			return f.errorf(f.node("rules", i), "unknown rule %q in rules: %s", r, ruleNames())
		}
	}
	switch rls.Mode(f.RLS) {
	case "", rls.Auto, rls.Required, rls.Off:
	default:
		return f.errorf(f.node("rls"), "unknown rls mode %q: want one of auto, required, off", f.RLS)
	}
	if n := f.node("app_role"); n != nil && strings.TrimSpace(f.AppRole) == "" {
		return f.errorf(n, "app_role is empty: name the role the application connects as, or remove the key")
	}
	return nil
}

// ruleNames lists the valid rule identifiers for error messages.
func ruleNames() string {
	names := make([]string, len(rule.All))
	for i, r := range rule.All {
		names[i] = string(r.ID)
	}
	return "want one of " + strings.Join(names, ", ")
}

// errorf formats an error at the line of n, or naming the file alone when
// the line is unknown.
func (f *File) errorf(n *yaml.Node, format string, args ...any) error {
	if n == nil {
		return fmt.Errorf("%s: %s", f.Path, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("%s:%d: %s", f.Path, n.Line, fmt.Sprintf(format, args...))
}

// node finds the YAML node at path (mapping keys as strings, sequence
// indexes as ints) in the document; for a mapping key given last, the key's
// node. It returns the deepest node found, or nil when the first step fails.
func (f *File) node(path ...any) *yaml.Node {
	if f.root == nil || len(f.root.Content) == 0 {
		return nil
	}
	var found *yaml.Node
	cur := f.root.Content[0]
	for _, step := range path {
		next := child(cur, step)
		if next == nil {
			return found
		}
		found, cur = next, next
	}
	return found
}

// child returns the value at key step of a mapping, or the element at index
// step of a sequence.
func child(n *yaml.Node, step any) *yaml.Node {
	switch s := step.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == s {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && s >= 0 && s < len(n.Content) {
			return n.Content[s]
		}
	}
	return nil
}

// optionLine returns the line where the config file names table under key
// (a sequence item or a mapping key), or 0.
func (f *File) optionLine(key, table string) int {
	n := f.node(key)
	if n == nil {
		return 0
	}
	for i, c := range n.Content {
		if c.Value == table && (n.Kind == yaml.SequenceNode || i%2 == 0) {
			return c.Line
		}

		if c.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(c.Content); j += 2 {
				if c.Content[j].Value == "table" && c.Content[j+1].Value == table {
					return c.Line
				}
			}
		}
	}
	return n.Line
}

// sameTenantLine is the line of col in same_tenant's group, else of the
// group, else of the key, else 0.
func (f *File) sameTenantLine(group int, col string) int {
	n := f.node("same_tenant", group)
	if n == nil {
		return 0
	}
	for _, e := range n.Content {
		if e.Value == col {
			return e.Line
		}
	}
	return n.Line
}

// location is "<path>:<line>" or "<path>" when line is 0.
func location(path string, line int) string {
	if line <= 0 {
		return path
	}
	return path + ":" + strconv.Itoa(line)
}
