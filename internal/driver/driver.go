// Package driver decides which packages of a tenantcheck run need the
// pass, runs it on those from source in dependency order with facts
// crossing packages as go/analysis defines them, gives every other
// package its types from export data, and keeps per-package results in a
// cache.
package driver

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Options says what to analyze and how.
type Options struct {
	// Dir is the folder the patterns are relative to.
	Dir      string
	Patterns []string
	// Analyzer is the tenantcheck pass (analyzer.New); its result is an
	// *analyzer.Result.
	Analyzer *analysis.Analyzer
	// SinkPackages are the packages of the configured sinks: importing one
	// makes a package reach SQL, as importing a driver does.
	SinkPackages []string
	// Salt identifies everything besides the Go code that the pass's
	// results depend on: the tool's own version, the configuration and the
	// schema. Only the cache reads it.
	Salt []byte
	// Cache, when not nil, supplies the results of unchanged packages and
	// keeps the new ones.
	Cache *Cache
}

// Package is the result of one root package.
type Package struct {
	PkgPath string
	Result  *Result
}

// ErrorList is the errors of a run whose packages do not load or do not
// type-check, sorted by position: the pass cannot vouch for a package that
// does not build.
type ErrorList []packages.Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// loadMode is what planning, the cache keys and type-checking need: the
// import graph, each package's files and module, the files the compiler
// sees (cgo's output included) and export data for every package. The
// listing costs what a no-op analyzer's does.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps |
	packages.NeedModule | packages.NeedCompiledGoFiles | packages.NeedExportFile

// Run analyzes the packages that opts.Patterns match and returns each root
// package's result, sorted by package path. With a cache that holds every
// root's key, nothing is parsed or type-checked.
func Run(opts Options) ([]Package, error) {
	registerFacts(opts.Analyzer)
	env, err := readGoEnv(opts.Dir)
	if err != nil {
		return nil, err
	}
	roots, broken, err := load(opts)
	if err != nil {
		return nil, err
	}
	var keys map[*packages.Package][sha256.Size]byte
	if opts.Cache != nil {
		var out []Package
		if out, keys, err = allCached(opts, env, roots); err != nil || out != nil {
			return out, err
		}
	}
	pl := newPlan(roots, opts.SinkPackages)
	// A package that does not compile is type-checked from source, so
	// that its errors read as the type checker writes them.
	for p := range broken {
		pl.analyzed[p] = true
	}
	out, err := newRunner(opts, env, roots, pl, keys, broken).run(roots)
	if err == nil && opts.Cache != nil {
		// A cache that cannot be written costs the next run time, not
		// this run its answer.
		_ = opts.Cache.flush()
	}
	return out, err
}

// load lists the packages that opts.Patterns match and returns
// the roots and, for each package that go list could not compile to export
// data, its errors. Any other error of the graph fails the load.
func load(opts Options) ([]*packages.Package, map[*packages.Package]ErrorList, error) {
	// Test files are left out: they seed several tenants on purpose, and
	// including them would analyze each package twice (docs/cli.md).
	roots, err := packages.Load(&packages.Config{Mode: loadMode, Dir: opts.Dir}, opts.Patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("load packages: %w", err)
	}
	if len(roots) == 0 {
		return nil, nil, fmt.Errorf("load packages: %s matched no packages", strings.Join(opts.Patterns, " "))
	}
	var errs ErrorList
	broken := make(map[*packages.Package]ErrorList)
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			// go list -export prints the compiler's output as the
			// package's error, a "# path" line first.
			if e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
				broken[p] = append(broken[p], e)
				continue
			}
			errs = append(errs, e)
		}
	})
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return roots, broken, nil
}

// allCached keys every package and returns the roots' results when the
// cache holds every one: a root's key covers everything the plan reads, so
// the roots alone decide. Otherwise it returns the keys.
func allCached(opts Options, env goEnv, roots []*packages.Package) ([]Package, map[*packages.Package][sha256.Size]byte, error) {
	k, err := newKeyer(opts.Salt, env)
	if err != nil {
		return nil, nil, err
	}
	hit := true
	var out []Package
	for _, r := range roots {
		key, err := k.key(r)
		if err != nil {
			return nil, nil, err
		}
		if !hit {
			continue
		}
		if e, ok := opts.Cache.get(key); ok {
			out = append(out, Package{PkgPath: r.PkgPath, Result: e.Result})
		} else {
			hit = false
		}
	}
	if hit {
		sortPackages(out)
		return out, nil, nil
	}
	return nil, k.memo, nil
}

func sortPackages(ps []Package) {
	slices.SortFunc(ps, func(a, b Package) int { return cmp.Compare(a.PkgPath, b.PkgPath) })
}
