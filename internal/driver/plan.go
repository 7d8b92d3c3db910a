package driver

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/resolutionflow/tenantcheck/analyzer"
)

// driverPackages are the SQL drivers whose import makes a package able to
// send SQL (tenant-scope.md section 4): the analyzer's own list, so that
// the two cannot drift. A package under one of these paths is itself a
// driver: its importers are analyzed, it is not.
var driverPackages = analyzer.DriverPackages()

// queryMethods are the method names that can make an interface a sink by
// its shape, as sqlc's DBTX: a package that declares an interface with one
// of them, taking a variadic last parameter, can hold wrappers without
// importing a driver. The list is wider than the pass's own
// (analyzer/sink.go shapeMethods), sqlx's and bun's names included, so
// that it stays a superset when the pass learns new shapes: a name too
// many only costs an analyzed package.
var queryMethods = []string{
	"Query", "QueryRow", "Exec", "QueryContext", "QueryRowContext", "ExecContext",
	"Queryx", "QueryRowx", "QueryxContext", "QueryRowxContext",
	"Select", "SelectContext", "Get", "GetContext", "MustExec", "MustExecContext",
	"Raw", "NewRaw",
}

// typeOnlyPackages are packages under a driver's path that cannot send SQL:
// database/sql/driver defines the Scanner and Valuer interfaces that
// libraries of value types (uuid, decimal) implement. Importing one does
// not make a package reach SQL, since a value that sends SQL has a type
// declared in a package that imports the driver proper.
var typeOnlyPackages = map[string]bool{"database/sql/driver": true}

// isDriver reports whether path is a driver package or lies under one.
func isDriver(path string) bool {
	for _, d := range driverPackages {
		if path == d || strings.HasPrefix(path, d+"/") {
			return true
		}
	}
	return false
}

// plan decides, for the package graph under roots, which packages the pass
// runs on. The pass can find a query or a wrapper only in a package that
// reaches SQL: one that imports, directly or not, a driver, a configured
// sink's package or a package declaring a query-shaped interface. Those
// are analyzed, drivers excepted. So is every root, for its result, and
// every package of the main modules that an analyzed package imports,
// directly or not, because its string variables can carry SQL into its
// importers (varFact, analyzer/pkgvar.go). Every other package gets its
// types from export data and no pass: a variable of such a package that
// holds SQL is unresolved, where a driver running the pass everywhere would
// resolve it (docs/analyzer.md, "Driver and cache").
type plan struct {
	sinkPackages map[string]bool
	reach        map[*packages.Package]bool
	analyzed     map[*packages.Package]bool
}

func newPlan(roots []*packages.Package, sinkPackages []string) *plan {
	pl := &plan{
		sinkPackages: make(map[string]bool),
		reach:        make(map[*packages.Package]bool),
		analyzed:     make(map[*packages.Package]bool),
	}
	for _, s := range sinkPackages {
		pl.sinkPackages[s] = true
	}
	var relevant []*packages.Package
	packages.Visit(roots, nil, func(p *packages.Package) {
		if pl.reaches(p) && !isDriver(p.PkgPath) {
			relevant = append(relevant, p)
		}
	})
	for _, r := range roots {
		pl.analyzed[r] = true
	}
	seen := make(map[*packages.Package]bool)
	var walk func(p *packages.Package)
	walk = func(p *packages.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		if p.Module != nil && p.Module.Main {
			pl.analyzed[p] = true
		}
		for _, imp := range p.Imports {
			walk(imp)
		}
	}
	for _, p := range relevant {
		pl.analyzed[p] = true
		walk(p)
	}
	return pl
}

// reaches reports whether p can send SQL: it is a driver or a configured
// sink's package, declares a query-shaped interface, or imports a package
// that reaches SQL. Packages.Visit calls it imports first, so the memo
// holds every import's answer.
func (pl *plan) reaches(p *packages.Package) bool {
	if r, ok := pl.reach[p]; ok {
		return r
	}
	r := (isDriver(p.PkgPath) && !typeOnlyPackages[p.PkgPath]) || pl.sinkPackages[p.PkgPath]
	for _, imp := range p.Imports {
		if r {
			break
		}
		r = pl.reaches(imp)
	}
	if !r && !isStandard(p) {
		r = declaresQueryInterface(p.GoFiles)
	}
	pl.reach[p] = r
	return r
}

// isStandard reports whether p belongs to the standard library, whose only
// SQL package is database/sql: a package outside any module whose path's
// first element has no dot.
func isStandard(p *packages.Package) bool {
	first, _, _ := strings.Cut(p.PkgPath, "/")
	return p.Module == nil && !strings.Contains(first, ".")
}

// declaresQueryInterface reports whether one of files declares an interface
// with a method named in queryMethods, or cannot be read: a file the plan
// cannot see into is assumed to matter. The bytes are searched before
// parsing, so most files cost a read and a scan.
func declaresQueryInterface(files []string) bool {
	fset := token.NewFileSet()
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return true
		}
		if !bytes.Contains(src, []byte("interface")) || !bytes.Contains(src, []byte("...")) || !mentionsQueryMethod(src) {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return true
		}
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			iface, ok := n.(*ast.InterfaceType)
			if !ok || found {
				return !found
			}
			for _, m := range iface.Methods.List {
				if isQueryMethod(m) {
					found = true
				}
			}
			return false
		})
		if found {
			return true
		}
	}
	return false
}

func mentionsQueryMethod(src []byte) bool {
	for _, m := range queryMethods {
		if bytes.Contains(src, []byte(m+"(")) {
			return true
		}
	}
	return false
}

// isQueryMethod reports whether an interface's method is named in
// queryMethods and takes a variadic last parameter.
func isQueryMethod(m *ast.Field) bool {
	ft, ok := m.Type.(*ast.FuncType)
	if !ok || len(m.Names) != 1 || !slices.Contains(queryMethods, m.Names[0].Name) {
		return false
	}
	params := ft.Params.List
	if len(params) == 0 {
		return false
	}
	_, variadic := params[len(params)-1].Type.(*ast.Ellipsis)
	return variadic
}
