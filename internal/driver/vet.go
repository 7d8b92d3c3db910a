package driver

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/gcexportdata"

	"golang.org/x/tools/go/analysis/unitchecker"
)

// VetUnitCannotMatter reports whether a unit that go vet runs only for its
// facts (VetxOnly) can be answered with its types and no facts
// (WriteTypesOnlyVetx), without running the pass: a package that is neither a driver nor a configured
// sink's package, belongs to the standard library or to a versioned module
// dependency (a main module's packages are always analyzed), declares no
// query-shaped interface, and whose every import is a standard package
// other than the drivers or has no facts. Such a package cannot
// hold a wrapper, so its facts could only be string variables of a package
// outside the main modules, which the standalone command does not analyze
// either (docs/analyzer.md, "Driver and cache").
func VetUnitCannotMatter(cfg *unitchecker.Config, sinkPackages []string) bool {
	if !cfg.VetxOnly || cfg.VetxOutput == "" {
		return false
	}
	sinks := make(map[string]bool)
	for _, s := range sinkPackages {
		sinks[s] = true
	}
	if isDriver(cfg.ImportPath) || sinks[cfg.ImportPath] {
		return false
	}
	modulePath, version := cfg.ModulePath, cfg.ModuleVersion
	if cfg.Module != nil {
		modulePath, version = cfg.Module.Path, cfg.Module.Version
	}
	// go vet marks its unit's imports as standard, not the unit itself.
	first, _, _ := strings.Cut(cfg.ImportPath, "/")
	standard := modulePath == "" && !strings.Contains(first, ".")
	if !standard && (version == "" || declaresQueryInterface(cfg.GoFiles)) {
		return false
	}
	for _, path := range cfg.ImportMap {
		switch {
		case path == "unsafe":
		case isDriver(path) || sinks[path]:
			return false
		case cfg.Standard[path]:
		case !vetxWithoutFacts(cfg.PackageVetx[path]):
			return false
		}
	}
	return true
}

// A vetx file is what unitchecker (golang.org/x/tools v0.52) writes for a
// unit and reads for its imports: the magic "vetx", the lengths of the
// types and of the facts as little-endian uint32s, the package's types in
// the indexed export format, then the gob-encoded facts, none when empty.
// The go vet tests (cmd/tenantcheck TestGoVet) fail if a new x/tools
// changes it.
const vetxMagic = "vetx"

// vetxWithoutFacts reports whether the vetx file at path holds no facts.
func vetxWithoutFacts(path string) bool {
	if path == "" {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var header [12]byte
	if _, err := io.ReadFull(f, header[:]); err != nil {
		return false
	}
	return string(header[:4]) == vetxMagic && binary.LittleEndian.Uint32(header[8:12]) == 0
}

// WriteTypesOnlyVetx answers a unit that cannot matter: it type-checks the
// package's declarations only (no function bodies, no type information
// kept), which is all its importers need from it, and writes them to
// cfg.VetxOutput with no facts. An error leaves the unit to unitchecker.
func WriteTypesOnlyVetx(cfg *unitchecker.Config) error {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range cfg.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	imports := make(map[string]*types.Package)
	importer := importerFunc(func(importPath string) (*types.Package, error) {
		path, ok := cfg.ImportMap[importPath]
		if !ok {
			return nil, fmt.Errorf("cannot resolve import %q", importPath)
		}
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if pkg, ok := imports[path]; ok && pkg.Complete() {
			return pkg, nil
		}
		data, err := vetxTypes(cfg.PackageVetx[path])
		if err != nil {
			return nil, fmt.Errorf("import %q: %w", path, err)
		}
		return gcexportdata.Read(bytes.NewReader(data), fset, imports, path)
	})
	tc := &types.Config{
		Importer:         importer,
		IgnoreFuncBodies: true,
		Sizes:            types.SizesFor("gc", build.Default.GOARCH),
		GoVersion:        cfg.GoVersion,
	}
	pkg, err := tc.Check(cfg.ImportPath, fset, files, nil)
	if err != nil {
		return err
	}
	var export bytes.Buffer
	if err := gcexportdata.Write(&export, fset, pkg); err != nil {
		return err
	}
	// gcexportdata marks the indexed format with an 'i' that the vetx
	// file does not hold.
	typesData := export.Bytes()[1:]
	out := make([]byte, 12, 12+len(typesData))
	copy(out, vetxMagic)
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(typesData)))
	out = append(out, typesData...)
	return os.WriteFile(cfg.VetxOutput, out, 0o666)
}

// vetxTypes returns the types of the vetx file at path, as gcexportdata
// reads them.
func vetxTypes(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) < 12 || string(data[:4]) != vetxMagic {
		return nil, fmt.Errorf("%s is not a vetx file", path)
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:8]))
	if 12+n > uint64(len(data)) {
		return nil, fmt.Errorf("%s is truncated", path)
	}
	return append([]byte{'i'}, data[12:12+n]...), nil
}
