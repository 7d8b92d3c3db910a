// Package analyzer is the go/analysis pass of tenantcheck: it finds the SQL
// that Go code sends to PostgreSQL, resolves it statically, and reports every
// statement the scope checker cannot prove confined to one tenant.
package analyzer

import (
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/resolutionflow/tenantcheck/analyzer/rls"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// Analyzer runs with DefaultConfig: an empty schema, so it reports only SQL
// that does not parse or cannot be resolved, and malformed directives. The
// command builds its own with New and the project's schema.
var Analyzer = New(DefaultConfig())

// doc is the analyzer's help (go vet help tenantcheck): the pass, then
// the rules from the catalogue.
var doc = `report SQL that is not confined to one tenant

A tenant table has a tenant key column (account_id, user_id by default); a
child table reaches one through foreign keys. Every SQL string sent to
PostgreSQL through database/sql, pgx, sqlx, any interface with their query
methods (such as sqlc's DBTX), a configured sink, or a function that wraps
one, is resolved statically and each reference to tenant data must be
scoped: a key predicate with a bind parameter, a join on a foreign key to a
scoped table, or a scoped subquery. For example

	db.Query(ctx, "SELECT * FROM sessions s WHERE s.id = $1")

is reported: sessions (s) is not scoped. Queries on global tables only are
not reported. SQL that cannot be resolved is reported as unresolved rather
than skipped.

A query that is cross-tenant on purpose is justified with a reason:

	//tenantcheck:cross-tenant nightly purge runs for every account

on the line of the call, the line above it, or in the doc comment of the
enclosing function.

The rules (` + rule.DocURL + `):

` + rule.Summaries("\t")

// DefaultConfig is the configuration without a project: an empty schema,
// the default tenant context, every rule on.
func DefaultConfig() Config {
	return Config{Scope: scope.DefaultOptions()}
}

// New returns the tenantcheck analyzer configured by cfg. The scope checker
// is built once, on first use, and shared by every package of the run.
func New(cfg Config) *analysis.Analyzer {
	inst := &instance{cfg: cfg, configSinks: make(map[string]sinkSpec), approvals: make(map[string]string)}
	for _, s := range cfg.Sinks {
		inst.configSinks[s.Func] = sinkSpec{fn: s.Func, arg: s.Arg, placeholders: s.Placeholders}
	}
	for _, a := range cfg.CrossTenant {
		inst.approvals[a.Func] = a.Reason
	}
	return &analysis.Analyzer{
		Name:       "tenantcheck",
		Doc:        doc,
		URL:        rule.DocURL,
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		FactTypes:  []analysis.Fact{new(wrapperFact), new(varFact), new(sqlFact), new(resultFact), new(keyParamFact)},
		ResultType: reflect.TypeOf((*Result)(nil)),
		Run:        inst.run,
	}
}

// run is the pass: the package's variables and results become facts for
// its importers; a package that cannot send SQL stops there; otherwise its
// wrappers are found (exported as facts) and every call that sends SQL is
// resolved and checked (check.go).
func (in *instance) run(pass *analysis.Pass) (any, error) {
	c := &checker{instance: in, pass: pass}
	c.scanPackageVars()
	c.exportVarFacts()
	c.exportResultFacts()
	declares := c.declaresQueryInterface()
	if !declares && !c.importsSQL() {
		return &Result{}, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			ci := callInDecl{call: n.(*ast.CallExpr)}
			if len(stack) > 1 {
				ci.decl, _ = stack[1].(*ast.FuncDecl)
			}
			c.calls = append(c.calls, ci)
		}
		return true
	})
	wrappers := c.findWrappers()
	for fn, f := range wrappers {
		pass.ExportObjectFact(fn, f)
	}
	if declares || len(wrappers) > 0 {
		pass.ExportPackageFact(&sqlFact{})
	}
	res := c.check(wrappers)
	for fn, f := range wrappers {
		res.Wrappers = append(res.Wrappers, Wrapper{Func: fn.FullName(), Name: funcName(fn), Pos: fn.Pos(), How: f.describe()})
	}
	sort.Slice(res.Wrappers, func(i, j int) bool { return res.Wrappers[i].Pos < res.Wrappers[j].Pos })
	return res, nil
}

// instance is one configured analyzer.
type instance struct {
	cfg         Config
	configSinks map[string]sinkSpec
	approvals   map[string]string

	once    sync.Once
	checker *scope.Checker
}

// scope returns the shared scope checker, over an empty schema when the
// configuration has none (every table then counts as unknown, so global).
func (in *instance) scope() *scope.Checker {
	in.once.Do(func() {
		s := in.cfg.Schema
		if s == nil {
			s = new(schema.Schema)
		}
		in.checker = scope.New(s, in.cfg.Scope)
	})
	return in.checker
}

// enabled reports whether a rule is on.
func (in *instance) enabled(id rule.ID) bool {
	return in.cfg.Rules == nil || in.cfg.Rules[id]
}

// Config is everything the pass needs; build it with LoadConfig or by hand
// in tests (configuration by constructor, no global flags).
type Config struct {
	// Schema classifies tables; nil means an empty schema (every table
	// unknown, so only parse, unresolved and directive findings).
	Schema *schema.Schema
	// Scope configures the scope checker.
	Scope scope.Options
	// Rules enables rules; nil enables all.
	Rules map[rule.ID]bool
	// Sinks are extra functions that send SQL, besides database/sql and pgx.
	Sinks []Sink
	// CrossTenant lists functions approved as cross-tenant, with reasons.
	CrossTenant []Approval
	// TenantSources name the functions, methods and struct fields that
	// give the authenticated tenant, spelled as types.Func.FullName prints
	// a function ("example.com/auth.AccountID",
	// "(*example.com/auth.Principal).AccountID" for a field too): a tenant
	// key bound to one of them is trusted (rule tenant-source).
	TenantSources []string
	// StrictSources also reports tenant key values whose origin is
	// neither a tenant source nor the request.
	StrictSources bool
	// RowSecurity configures the rls rule. The pass does not read it: the
	// rule judges the migrations, not a package, so the command runs it
	// once per run (rls.Check) and go vet and golangci-lint skip it.
	RowSecurity rls.Options
}

// Sink is a function or method that sends its argument Arg (0-based, not
// counting the receiver) to PostgreSQL as SQL. Func is the name as
// types.Func.FullName prints it: "example.com/db.Run",
// "(*example.com/db.Client).Query".
type Sink struct {
	Func string
	Arg  int
	// Placeholders is how the SQL writes bind parameters; Dollar when the
	// driver sends it as written.
	Placeholders Placeholders
}

// Approval is a registry entry: every query in Func is cross-tenant on
// purpose, for Reason.
type Approval struct {
	Func   string
	Reason string
}

// Finding is one reported problem, with what the command needs beyond the
// analysis.Diagnostic (the table and the resolved query).
type Finding struct {
	Pos, End token.Pos
	Rule     rule.ID
	Table    string
	Alias    string
	Message  string
	// Func is the enclosing function as types.Func.FullName prints it
	// ("example.com/store.List", "(*example.com/store.Store).Get"), empty
	// at package level: baselines and SARIF fingerprints key on it so that
	// they survive line shifts.
	Func string
	// Query is the resolved SQL the finding is about, empty when none.
	Query string
	// Related points at where the SQL was built: the assignments of the
	// variable passed as SQL that made the texts the finding holds in.
	Related []analysis.RelatedInformation
}

// Wrapper is a function whose string parameters become the SQL of a sink.
type Wrapper struct {
	// Func is the name as types.Func.FullName prints it, Name as Go code
	// spells it.
	Func, Name string
	Pos        token.Pos
	// How says how the parameters become SQL: "{1}" for the second
	// parameter sent unchanged, "SELECT ... WHERE {1}" for one spliced in.
	How string
}

// Exception is one justified cross-tenant exception: a directive in code or
// a registry entry that covered at least one query.
type Exception struct {
	Pos    token.Pos // token.NoPos for registry entries
	Func   string
	Reason string
}

// Result is the pass's result for one package: its findings and its census
// of the calls that send SQL, so that what was not checked is always
// visible (docs/cli.md, "stats").
type Result struct {
	Findings []Finding
	// Queries counts the calls that send SQL, direct sinks and wrapper
	// calls, once per SQL string they send.
	Queries int
	// Checked counts those whose every possible text was checked.
	Checked int
	// Unresolved counts those that could not be resolved.
	Unresolved int
	// Unparsed counts those resolved to a text that does not parse (a
	// parse finding), which is therefore not checked either.
	Unparsed int
	// UnknownSinkCalls counts the calls that hand SQL on tenant data to a
	// function the analyzer does not know sends it (rule unknown-sink).
	UnknownSinkCalls int
	// Calls counts the calls of each sink and wrapper in this package, by
	// types.Func.FullName.
	Calls map[string]int
	// Sinks says how each function in Calls takes its SQL, by the same
	// key: "argument 1", or a wrapper's templates.
	Sinks map[string]string
	// Wrappers lists the wrappers this package declares.
	Wrappers []Wrapper
	// Suppressed counts findings silenced by a directive or the registry.
	Suppressed int
	// Exceptions lists the directives and registry entries in this package.
	Exceptions []Exception
	// UnknownTables lists tables that queries name but the schema lacks.
	UnknownTables []string
}
