package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/config"
	"github.com/resolutionflow/tenantcheck/analyzer/rls"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
	"github.com/resolutionflow/tenantcheck/internal/driver"
)

// Exit statuses (docs/cli.md).
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// run is the whole command with its streams injected, so tests call it in
// process (sqlc's entry point is the model). It returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tenantcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var settings config.Settings
	settings.RegisterFlags(fs)
	fail := fs.Bool("fail", false, "exit 1 when any finding remains (default: warn mode, exit 0)")
	formatName := fs.String("format", "text", "output format: "+strings.Join(formatNames(), ", "))
	baselinePath := fs.String("baseline", "", "ignore the findings recorded in this `file`; report only new ones")
	writeBaseline := fs.String("write-baseline", "", "record the current findings to this `file` and exit 0")
	listExceptions := fs.Bool("list-exceptions", false, "print every cross-tenant directive and registry entry with its reason, then exit 0 (formats text and json)")
	listSinks := fs.Bool("list-sinks", false, "print every sink and wrapper found (function, how its arguments become SQL, number of calls), then exit 0 (formats text and json)")
	staged := fs.Bool("staged", false, "analyze only the packages with staged changes to Go files (git diff --cached), or every package when a staged change touches a .sql file, the config, go.mod or go.sum; for pre-commit hooks")
	useCache := fs.Bool("cache", true, "reuse per-package results from the user cache directory ($TENANTCHECK_CACHE overrides it)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: tenantcheck [flags] [packages]\n\nPackages default to ./... . Flags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\nRules (-rules selects them; each explained at %s):\n%s", rule.DocURL, rule.Summaries("  "))
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	out, err := newFormatter(*formatName)
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	if *listExceptions && *formatName != "text" && *formatName != "json" {
		return errorf(stderr, "-list-exceptions prints text or json, not %s", *formatName)
	}
	if *listSinks && *formatName != "text" && *formatName != "json" {
		return errorf(stderr, "-list-sinks prints text or json, not %s", *formatName)
	}
	var base *baseline
	if *baselinePath != "" && *writeBaseline == "" {
		if base, err = readBaseline(*baselinePath); err != nil {
			return errorf(stderr, "%v", err)
		}
	}
	// Resolve, then Load: both fail the same way, but the note and the
	// cache need the resolved files.
	inputs, err := settings.Resolve()
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	cfg, err := settings.Load()
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	if note := inputs.NoSchemaNote(); note != "" {
		fmt.Fprintf(stderr, "tenantcheck: %s\n", note)
	}
	wd, err := os.Getwd()
	if err != nil {
		return errorf(stderr, "find the working folder: %v", err)
	}
	patterns := fs.Args()
	switch {
	case *staged && len(patterns) > 0:
		return errorf(stderr, "-staged chooses the packages itself: remove %s", strings.Join(patterns, " "))
	case *staged:
		if patterns, err = stagedPatterns(wd, inputs); err != nil {
			return errorf(stderr, "%v", err)
		}
		if len(patterns) == 0 {
			fmt.Fprintf(stderr, "tenantcheck: -staged: no staged change to a Go package, a migration or the config\n")
			if err := out.format(stdout, stderr, report{}); err != nil {
				return errorf(stderr, "write the report: %v", err)
			}
			return exitOK
		}
	case len(patterns) == 0:
		patterns = []string{"./..."}
	}
	var cache *driver.Cache
	var salt []byte
	if *useCache {
		cache, salt = openCache(settings, inputs, wd)
	}
	rep, err := analyze(cfg, patterns, wd, cache, salt)
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	rowSec := rowSecurity(cfg)
	rep.findings = append(rep.findings, rowSecurityFindings(cfg, rowSec, wd)...)
	sortFindings(rep.findings)
	if *listExceptions {
		list := append(rep.exceptions, registryExceptions(cfg.CrossTenant, inputs.Config, rep.usedApprovals)...)
		list = append(list, migrationExceptions(rowSec.Exemptions, wd)...)
		if err := writeExceptions(stdout, *formatName, list); err != nil {
			return errorf(stderr, "write the exception report: %v", err)
		}
		if *formatName == "text" {
			fmt.Fprintf(stderr, "tenantcheck: %s\n", plural(len(list), "exception"))
		}
		return exitOK
	}
	if *listSinks {
		if err := writeSinks(stdout, *formatName, rep.sinks); err != nil {
			return errorf(stderr, "write the sink list: %v", err)
		}
		return exitOK
	}
	for _, t := range rep.unknownTables {
		fmt.Fprintf(stderr, "tenantcheck: warning: table %s is not in the schema; treated as global\n", t)
	}
	if *writeBaseline != "" {
		if err := newBaseline(rep.findings).write(*writeBaseline); err != nil {
			return errorf(stderr, "%v", err)
		}
		fmt.Fprintf(stderr, "tenantcheck: recorded %s in %s\n", plural(len(rep.findings), "finding"), *writeBaseline)
		return exitOK
	}
	if base != nil {
		rep.findings, rep.stats.Baselined = base.filter(rep.findings)
		rep.baseline = true
	}

	if err := out.format(stdout, stderr, rep); err != nil {
		return errorf(stderr, "write the report: %v", err)
	}
	if *fail && len(rep.findings) > 0 {
		return exitFindings
	}
	return exitOK
}

// errorf prints a one-line reason on stderr and returns the error status.
func errorf(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "tenantcheck: "+format+"\n", args...)
	return exitError
}

// report is what one run found, in the order the formatters print it.
type report struct {
	// findings are sorted by file, line, column, rule (docs/cli.md).
	findings []finding
	stats    stats
	// unknownTables are the tables queries name that the schema lacks,
	// each once, sorted (tenant-scope.md section 3).
	unknownTables []string
	// exceptions are the directives that justified a query, sorted by
	// file and line.
	exceptions []exception
	// usedApprovals are the registry entries that justified a query.
	usedApprovals map[string]bool
	// baseline is set when -baseline filtered the findings.
	baseline bool
	// sinks are the sinks and wrappers called or declared, for -list-sinks.
	sinks []sinkEntry
}

// finding is one analyzer.Finding with its position resolved to a file
// relative to the working folder.
type finding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Rule    string `json:"rule"`
	Table   string `json:"table"`
	Message string `json:"message"`
	Query   string `json:"query"`
	// Related are the places the SQL was built, each with a short message:
	// the assignments of the variable passed as SQL.
	Related []related `json:"related,omitempty"`
	// Func is the enclosing function and Fingerprint the query's shape
	// (scope.Fingerprint): with File, Rule and Table they identify a
	// finding across line shifts, for baselines and SARIF.
	Func        string `json:"-"`
	Fingerprint string `json:"-"`
}

// related is one place a finding points at besides its own.
type related struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// stats is the run's census (docs/cli.md): every call that sends SQL is
// counted, so that what was not checked is visible.
type stats struct {
	Packages int `json:"packages"`
	// Queries counts the calls that send SQL, direct sinks and wrapper
	// calls; Checked those whose every possible text was checked.
	Queries    int `json:"queries"`
	Checked    int `json:"checked"`
	Unresolved int `json:"unresolved"`
	// Unparsed counts the calls whose SQL does not parse: neither checked
	// nor unresolved.
	Unparsed   int `json:"unparsed"`
	Suppressed int `json:"suppressed"`
	// UnknownSinkCalls counts the calls that pass SQL on tenant data to a
	// function the analyzer does not know sends it.
	UnknownSinkCalls int `json:"unknown_sink_calls"`
	// Baselined counts the findings -baseline left out.
	Baselined int `json:"baselined,omitempty"`
}

// analyze runs the pass on the packages that patterns match under wd,
// through the driver (internal/driver), and gathers the root packages'
// results. A nil cache runs every analyzed package from source.
func analyze(cfg analyzer.Config, patterns []string, wd string, cache *driver.Cache, salt []byte) (report, error) {
	var sinkPkgs []string
	for _, s := range cfg.Sinks {
		sinkPkgs = append(sinkPkgs, analyzer.SinkPackage(s.Func))
	}
	pkgs, err := driver.Run(driver.Options{
		Dir:          wd,
		Patterns:     patterns,
		Analyzer:     analyzer.New(cfg),
		SinkPackages: sinkPkgs,
		Salt:         salt,
		Cache:        cache,
	})
	var list driver.ErrorList
	if errors.As(err, &list) {
		return report{}, loadError(list, wd)
	}
	if err != nil {
		return report{}, err
	}

	rep := report{usedApprovals: map[string]bool{}}
	unknown := map[string]bool{}
	calls, how := map[string]int{}, map[string]string{}
	wrappers := map[string]sinkEntry{}
	for _, p := range pkgs {
		res := p.Result
		rep.stats.Packages++
		rep.stats.Queries += res.Queries
		rep.stats.Checked += res.Checked
		rep.stats.Unresolved += res.Unresolved
		rep.stats.Unparsed += res.Unparsed
		rep.stats.Suppressed += res.Suppressed
		rep.stats.UnknownSinkCalls += res.UnknownSinkCalls
		for full, n := range res.Calls {
			calls[full] += n
			how[full] = res.Sinks[full]
		}
		for _, w := range res.Wrappers {
			wrappers[w.Func] = sinkEntry{Function: w.Func, Kind: "wrapper", SQL: w.How, File: relativePath(wd, w.Pos.File), Line: w.Pos.Line}
		}
		for _, t := range res.UnknownTables {
			unknown[t] = true
		}
		for _, f := range res.Findings {
			fp := ""
			if f.Query != "" {
				fp = scope.Fingerprint(f.Query)
			}
			var rel []related
			for _, r := range f.Related {
				rel = append(rel, related{File: relativePath(wd, r.Pos.File), Line: r.Pos.Line, Column: r.Pos.Column, Message: r.Message})
			}
			rep.findings = append(rep.findings, finding{
				File:        relativePath(wd, f.Pos.File),
				Line:        f.Pos.Line,
				Column:      f.Pos.Column,
				Rule:        string(f.Rule),
				Table:       f.Table,
				Message:     f.Message,
				Query:       f.Query,
				Related:     rel,
				Func:        f.Func,
				Fingerprint: fp,
			})
		}
		for _, e := range res.Exceptions {
			if !e.Pos.IsValid() {
				// A registry entry: listed from the configuration, with
				// the entries that covered nothing.
				rep.usedApprovals[e.Func] = true
				continue
			}
			rep.exceptions = append(rep.exceptions, directiveException(e.Pos, wd, e.Exception))
		}
	}
	sortFindings(rep.findings)
	sortExceptions(rep.exceptions)
	for full, n := range calls {
		if w, ok := wrappers[full]; ok {
			w.Calls = n
			wrappers[full] = w
			continue
		}
		rep.sinks = append(rep.sinks, sinkEntry{Function: full, Kind: "sink", SQL: how[full], Calls: n})
	}
	for _, w := range wrappers {
		rep.sinks = append(rep.sinks, w)
	}
	for t := range unknown {
		rep.unknownTables = append(rep.unknownTables, t)
	}
	slices.Sort(rep.unknownTables)
	return rep, nil
}

// rowSecurity runs the rls rule on the schema when it is enabled: it judges
// the migrations once per run, not a package, which is why only the
// command runs it.
func rowSecurity(cfg analyzer.Config) rls.Result {
	if cfg.Schema == nil || !enabled(cfg, rule.RLS) {
		return rls.Result{}
	}
	return rls.Check(cfg.Schema, cfg.RowSecurity)
}

// enabled reports whether cfg runs rule id.
func enabled(cfg analyzer.Config, id rule.ID) bool { return cfg.Rules == nil || cfg.Rules[id] }

// rowSecurityFindings converts the rls rule's findings. They point at
// migration statements; their Fingerprint is what the finding is about
// (force, policy:<name>, ...), so that baselines and SARIF alerts survive
// line shifts.
func rowSecurityFindings(cfg analyzer.Config, res rls.Result, wd string) []finding {
	var out []finding
	for _, f := range res.Findings {
		if !enabled(cfg, f.Rule) {
			continue
		}
		out = append(out, finding{
			File:        relativePath(wd, f.Pos.File),
			Line:        f.Pos.Line,
			Column:      1,
			Rule:        string(f.Rule),
			Table:       f.Table,
			Message:     f.Message,
			Fingerprint: f.Key,
		})
	}
	return out
}

// loadError reports the first error of a run whose packages do not load or
// do not type-check: the pass cannot vouch for a package that does not
// build, so a broken build is a run error rather than a partial report.
func loadError(errs driver.ErrorList, wd string) error {
	first := errs[0]
	msg := first.Msg
	if first.Pos != "" && first.Pos != "-" {
		msg = relativePath(wd, first.Pos) + ": " + msg
	}
	if len(errs) > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", len(errs)-1)
	}
	return fmt.Errorf("load packages: %s", msg)
}

// relativePath returns path relative to wd when it lies under wd, with
// forward slashes, and path unchanged otherwise. It also accepts the
// "file:line:col" form of packages.Error.Pos.
func relativePath(wd, path string) string {
	rel, err := filepath.Rel(wd, path)
	if err != nil || !filepath.IsLocal(rel) {
		return path
	}
	return filepath.ToSlash(rel)
}

// sortFindings orders findings by file, line, column and rule, then by
// message so that the output is deterministic.
func sortFindings(fs []finding) {
	slices.SortFunc(fs, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
