package driver

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/resolutionflow/tenantcheck/analyzer"
)

// runner runs one analysis over a loaded package graph.
type runner struct {
	opts  Options
	fset  *token.FileSet
	sizes types.Sizes
	nodes map[*packages.Package]*node
	facts *factStore

	// exportMu guards imports, the packages known by path to the export
	// data reader: gcexportdata.Read adds to it and completes the packages
	// in it, and each package must exist once for types to be identical.
	exportMu sync.Mutex
	imports  map[string]*types.Package

	// cpu bounds the type-checking and analyzing under way at once.
	cpu chan struct{}
}

// node is one package of the graph.
type node struct {
	pkg     *packages.Package
	analyze bool
	// key is the package's cache key when keyed: with the cache on, every
	// analyzed package that compiles.
	key   [sha256.Size]byte
	keyed bool
	// hit is the package's cache entry, when the cache holds it: the
	// package is then not analyzed again, and its facts are decoded only
	// if a package that depends on it is.
	hit *entry
	// broken is what go list said when it could not compile the package;
	// reported if type-checking finds nothing.
	broken ErrorList
	deps   []*node
	done   chan struct{}

	// source is the package's types when it was type-checked from source;
	// set before done is closed.
	source *types.Package
	result *Result
	err    error

	exportOnce sync.Once
	exported   *types.Package
	exportErr  error

	factsOnce sync.Once
	factsErr  error
}

func newRunner(opts Options, env goEnv, roots []*packages.Package, pl *plan, keys map[*packages.Package][sha256.Size]byte, broken map[*packages.Package]ErrorList) *runner {
	r := &runner{
		opts:    opts,
		fset:    token.NewFileSet(),
		sizes:   types.SizesFor("gc", env.GOARCH),
		nodes:   make(map[*packages.Package]*node),
		facts:   newFactStore(),
		imports: make(map[string]*types.Package),
		cpu:     make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		n := &node{pkg: p, analyze: pl.analyzed[p], broken: broken[p], done: make(chan struct{})}
		if key, ok := keys[p]; ok && n.analyze && opts.Cache != nil && broken[p] == nil {
			n.key, n.keyed = key, true
			n.hit, _ = opts.Cache.get(key)
		}
		r.nodes[p] = n
	})
	for p, n := range r.nodes {
		for _, imp := range p.Imports {
			n.deps = append(n.deps, r.nodes[imp])
		}
	}
	return r
}

// run processes every package once its imports are done, and returns the
// roots' results or the errors of the packages that failed.
func (r *runner) run(roots []*packages.Package) ([]Package, error) {
	var wg sync.WaitGroup
	for _, n := range r.nodes {
		wg.Go(func() {
			defer close(n.done)
			for _, d := range n.deps {
				<-d.done
				if d.err != nil {
					n.err = errDependency
				}
			}
			if n.err == nil {
				n.err = r.process(n)
			}
			if n.err == nil && n.broken != nil {
				n.err = n.broken
			}
		})
	}
	wg.Wait()

	var errs ErrorList
	var ps []*packages.Package
	for p := range r.nodes {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *packages.Package) int { return cmp.Compare(a.ID, b.ID) })
	for _, p := range ps {
		err := r.nodes[p].err
		var list ErrorList
		switch {
		case err == nil, errors.Is(err, errDependency):
		case errors.As(err, &list):
			errs = append(errs, list...)
		default:
			errs = append(errs, packages.Error{Msg: fmt.Sprintf("analyze %s: %v", p.PkgPath, err)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []Package
	for _, p := range roots {
		out = append(out, Package{PkgPath: p.PkgPath, Result: r.nodes[p].result})
	}
	sortPackages(out)
	return out, nil
}

// errDependency marks a package left undone because an import failed; the
// import's own error is the one reported.
var errDependency = errors.New("an import failed")

// process analyzes n from source unless the plan leaves it out or the
// cache holds it.
func (r *runner) process(n *node) error {
	if !n.analyze {
		return nil
	}
	if n.hit != nil {
		n.result = n.hit.Result
		return nil
	}
	for _, d := range r.closure(n) {
		if d.analyze && d.hit != nil {
			if err := r.decodeFacts(d); err != nil {
				return err
			}
		}
	}
	facts, err := r.compute(n)
	if err != nil {
		return err
	}
	// The cache is written outside the CPU slots: it waits on the disk,
	// and another package can be type-checked meanwhile.
	if n.keyed {
		if e, ok := encodeFacts(facts); ok {
			e.Result = n.result
			// A cache that cannot be written costs the next run time,
			// not this run its answer.
			_ = r.opts.Cache.put(n.key, e)
		}
	}
	return nil
}

// compute type-checks n and runs the pass on it in one of the CPU slots,
// and returns the facts the pass exported.
func (r *runner) compute(n *node) ([]exportedFact, error) {
	r.cpu <- struct{}{}
	defer func() { <-r.cpu }()
	files, info, pkg, err := r.typeCheck(n)
	if err != nil {
		return nil, err
	}
	res, facts, err := r.analyzePackage(n, files, info, pkg)
	if err != nil {
		return nil, err
	}
	n.result = portable(r.fset, res)
	return facts, nil
}

// closure returns the packages n imports, directly or not.
func (r *runner) closure(n *node) []*node {
	seen := make(map[*node]bool)
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, d := range m.deps {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
				walk(d)
			}
		}
	}
	walk(n)
	return out
}

// typeCheck parses n's files and type-checks them, importing each
// dependency from source when it was type-checked so and from export data
// otherwise.
func (r *runner) typeCheck(n *node) ([]*ast.File, *types.Info, *types.Package, error) {
	var files []*ast.File
	var errs ErrorList
	for _, name := range n.pkg.CompiledGoFiles {
		f, err := parser.ParseFile(r.fset, name, nil, parser.AllErrors|parser.ParseComments)
		if err != nil {
			var list scanner.ErrorList
			if !errors.As(err, &list) {
				return nil, nil, nil, fmt.Errorf("parse %s: %w", name, err)
			}
			for _, e := range list {
				errs = append(errs, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
			continue
		}
		files = append(files, f)
	}
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) { return r.importFor(n, path) }),
		Sizes:    r.sizes,
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) && !te.Soft {
				errs = append(errs, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			}
		},
	}
	if m := n.pkg.Module; m != nil && m.GoVersion != "" {
		tc.GoVersion = "go" + m.GoVersion
	}
	pkg, _ := tc.Check(n.pkg.PkgPath, r.fset, files, info)
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	r.exportMu.Lock()
	r.imports[pkg.Path()] = pkg
	r.exportMu.Unlock()
	n.source = pkg
	return files, info, pkg, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// importFor resolves an import of n, written as path in its source.
func (r *runner) importFor(n *node, path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	dep, ok := n.pkg.Imports[path]
	if !ok {
		return nil, fmt.Errorf("no package for import %q", path)
	}
	d := r.nodes[dep]
	if d.source != nil {
		return d.source, nil
	}
	return r.exportTypes(d)
}

// exportTypes reads n's types from its export data, once. Every package n
// depends on is done by then, so the ones type-checked from source are
// already in the reader's map and the export data refers to them.
func (r *runner) exportTypes(n *node) (*types.Package, error) {
	n.exportOnce.Do(func() {
		n.exported, n.exportErr = r.readExport(n.pkg)
	})
	return n.exported, n.exportErr
}

func (r *runner) readExport(p *packages.Package) (*types.Package, error) {
	if p.ExportFile == "" {
		return nil, fmt.Errorf("no export data for %s", p.PkgPath)
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return nil, fmt.Errorf("read the export data of %s: %w", p.PkgPath, err)
	}
	defer f.Close()
	var rd io.Reader = bufio.NewReader(f)
	if magic, _ := rd.(*bufio.Reader).Peek(8); string(magic) == "!<arch>\n" {
		// Until Go 1.28, go list -export names the compiler's archive,
		// object code included, which only NewReader opens without
		// reading it whole; later ones name the export data.
		rd, err = gcexportdata.NewReader(rd) //nolint:staticcheck // deprecated for Go 1.29, needed before it
		if err != nil {
			return nil, fmt.Errorf("read the export data of %s: %w", p.PkgPath, err)
		}
	}
	r.exportMu.Lock()
	defer r.exportMu.Unlock()
	pkg, err := gcexportdata.Read(rd, r.fset, r.imports, p.PkgPath)
	if err != nil {
		return nil, fmt.Errorf("read the export data of %s: %w", p.PkgPath, err)
	}
	return pkg, nil
}

// analyzePackage runs the analyzer and the analyzers it requires on one
// type-checked package, and returns its result and the facts it exported.
func (r *runner) analyzePackage(n *node, files []*ast.File, info *types.Info, pkg *types.Package) (*analyzer.Result, []exportedFact, error) {
	results := make(map[*analysis.Analyzer]any)
	var exported []exportedFact
	var exec func(a *analysis.Analyzer) error
	exec = func(a *analysis.Analyzer) error {
		if _, ok := results[a]; ok {
			return nil
		}
		resultOf := make(map[*analysis.Analyzer]any)
		for _, req := range a.Requires {
			if err := exec(req); err != nil {
				return err
			}
			resultOf[req] = results[req]
		}
		pass := r.newPass(n, a, files, info, pkg, resultOf, &exported)
		res, err := runPass(a, pass)
		if err != nil {
			return err
		}
		results[a] = res
		return nil
	}
	if err := exec(r.opts.Analyzer); err != nil {
		return nil, nil, err
	}
	res, ok := results[r.opts.Analyzer].(*analyzer.Result)
	if !ok || res == nil {
		return nil, nil, errors.New("the pass returned no result")
	}
	return res, exported, nil
}

// runPass runs a on pass, turning a panic into an error naming the
// package, so that one bad package never takes the run down silently.
func runPass(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s panicked: %v", a.Name, p)
		}
	}()
	return a.Run(pass)
}
