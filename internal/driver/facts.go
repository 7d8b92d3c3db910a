package driver

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// factStore holds every fact of the run. The run has one types.Package per
// package path and one types.Object per object, whether a package came from
// source or from export data, so a fact is keyed by its object or package
// and its type, as go/analysis defines facts.
type factStore struct {
	mu   sync.RWMutex
	objs map[objectFactKey]analysis.Fact
	pkgs map[packageFactKey]analysis.Fact
}

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

type packageFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

func newFactStore() *factStore {
	return &factStore{
		objs: make(map[objectFactKey]analysis.Fact),
		pkgs: make(map[packageFactKey]analysis.Fact),
	}
}

// exportedFact is a fact a pass exported about obj, or about its package
// when obj is nil.
type exportedFact struct {
	obj  types.Object
	fact analysis.Fact
}

// newPass builds the analysis.Pass of analyzer a on package n. Facts about
// other packages' objects come from the store, where the imports' passes
// or the cache put them; exported facts go to the store and to exported,
// for the cache.
func (r *runner) newPass(n *node, a *analysis.Analyzer, files []*ast.File, info *types.Info, pkg *types.Package, resultOf map[*analysis.Analyzer]any, exported *[]exportedFact) *analysis.Pass {
	var module *analysis.Module
	if m := n.pkg.Module; m != nil {
		module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	readable := make(map[string]bool)
	for _, list := range [][]string{n.pkg.CompiledGoFiles, n.pkg.GoFiles, n.pkg.OtherFiles, n.pkg.IgnoredFiles} {
		for _, f := range list {
			readable[f] = true
		}
	}
	s := r.facts
	return &analysis.Pass{
		Analyzer:     a,
		Fset:         r.fset,
		Files:        files,
		OtherFiles:   n.pkg.OtherFiles,
		IgnoredFiles: n.pkg.IgnoredFiles,
		Pkg:          pkg,
		TypesInfo:    info,
		TypesSizes:   r.sizes,
		Module:       module,
		ResultOf:     resultOf,
		// The command reports the pass's Result, which carries every
		// finding; diagnostics are for go vet and golangci-lint.
		Report: func(analysis.Diagnostic) {},
		ReadFile: func(name string) ([]byte, error) {
			if !readable[name] {
				return nil, fmt.Errorf("%s is not a file of package %s", name, pkg.Path())
			}
			return os.ReadFile(name)
		},
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			if obj == nil {
				panic("nil object given to ImportObjectFact")
			}
			return importFact(&s.mu, s.objs, objectFactKey{obj, reflect.TypeOf(ptr)}, ptr)
		},
		ExportObjectFact: func(obj types.Object, f analysis.Fact) {
			if obj.Pkg() != pkg {
				panic(fmt.Sprintf("%s exported a fact about %s, which package %s does not declare", a.Name, obj, pkg.Path()))
			}
			s.mu.Lock()
			s.objs[objectFactKey{obj, reflect.TypeOf(f)}] = f
			s.mu.Unlock()
			*exported = append(*exported, exportedFact{obj: obj, fact: f})
		},
		ImportPackageFact: func(p *types.Package, ptr analysis.Fact) bool {
			if p == nil {
				panic("nil package given to ImportPackageFact")
			}
			return importFact(&s.mu, s.pkgs, packageFactKey{p, reflect.TypeOf(ptr)}, ptr)
		},
		ExportPackageFact: func(f analysis.Fact) {
			s.mu.Lock()
			s.pkgs[packageFactKey{pkg, reflect.TypeOf(f)}] = f
			s.mu.Unlock()
			*exported = append(*exported, exportedFact{fact: f})
		},
		AllObjectFacts: func() []analysis.ObjectFact {
			visible := r.visiblePackages(n, pkg)
			s.mu.RLock()
			defer s.mu.RUnlock()
			var out []analysis.ObjectFact
			for k, f := range s.objs {
				if visible[k.obj.Pkg().Path()] && isFactOf(a, f) {
					out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
			return out
		},
		AllPackageFacts: func() []analysis.PackageFact {
			visible := r.visiblePackages(n, pkg)
			s.mu.RLock()
			defer s.mu.RUnlock()
			var out []analysis.PackageFact
			for k, f := range s.pkgs {
				if visible[k.pkg.Path()] && isFactOf(a, f) {
					out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
				}
			}
			return out
		},
	}
}

// visiblePackages returns the paths of pkg and of the packages it imports,
// directly or not: the packages whose facts a pass on it can see.
func (r *runner) visiblePackages(n *node, pkg *types.Package) map[string]bool {
	visible := map[string]bool{pkg.Path(): true}
	for _, d := range r.closure(n) {
		visible[d.pkg.PkgPath] = true
	}
	return visible
}

// isFactOf reports whether f is of one of a's fact types.
func isFactOf(a *analysis.Analyzer, f analysis.Fact) bool {
	return slices.ContainsFunc(a.FactTypes, func(t analysis.Fact) bool {
		return reflect.TypeOf(t) == reflect.TypeOf(f)
	})
}

// encodeFacts names each exported fact's object by its objectpath, for the
// cache. A fact about an object without a path would be lost on the way
// back, so a package with one is not cached at all.
func encodeFacts(facts []exportedFact) (*entry, bool) {
	var enc objectpath.Encoder
	e := &entry{}
	for _, f := range facts {
		if f.obj == nil {
			e.Facts = append(e.Facts, cachedFact{Fact: f.fact})
			continue
		}
		path, err := enc.For(f.obj)
		if err != nil {
			return nil, false
		}
		e.Facts = append(e.Facts, cachedFact{Object: path, Fact: f.fact})
	}
	return e, true
}

// decodeFacts puts the cached facts of n, a package the cache holds, into
// the store, resolving their objects in n's export data. A fact whose
// object the export data lacks (an unexported object that no exported one
// refers to) is dropped: no other package can name that object.
func (r *runner) decodeFacts(n *node) error {
	n.factsOnce.Do(func() {
		pkg, err := r.exportTypes(n)
		if err != nil {
			n.factsErr = err
			return
		}
		s := r.facts
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, f := range n.hit.Facts {
			if f.Object == "" {
				s.pkgs[packageFactKey{pkg, reflect.TypeOf(f.Fact)}] = f.Fact
				continue
			}
			obj, err := objectpath.Object(pkg, f.Object)
			if err != nil {
				continue
			}
			s.objs[objectFactKey{obj, reflect.TypeOf(f.Fact)}] = f.Fact
		}
	})
	return n.factsErr
}

// importFact copies the fact stored under key into ptr, as
// analysis.Pass's Import*Fact functions do, and reports whether there was
// one.
func importFact[K comparable](mu *sync.RWMutex, facts map[K]analysis.Fact, key K, ptr analysis.Fact) bool {
	mu.RLock()
	f, ok := facts[key]
	mu.RUnlock()
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}
