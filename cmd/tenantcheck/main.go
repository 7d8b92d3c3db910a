// Command tenantcheck reports SQL that a Go service sends to PostgreSQL
// without confining it to one tenant. Run it on package patterns
// (docs/cli.md), or as `go vet -vettool=$(command -v tenantcheck)`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/config"
)

func main() {
	// Both front ends keep syntax only for the packages that can reach
	// SQL, so the heap stays well under what a go/packages driver holds;
	// collecting less often trades some of that headroom for a quarter of
	// the CPU time (docs/performance.md). GOGC still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	args := os.Args[1:]
	if isVetInvocation(args) {
		vetMain()
		return
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

// gcPercent is the command's GOGC.
const gcPercent = 400

// isVetInvocation reports whether args follow the protocol go vet uses with
// a -vettool: "-V=full" or "-flags" alone to describe the tool, or a single
// *.cfg unit description after the analyzer flags. Anything else is an
// ordinary command line, so a package pattern is never mistaken for a unit.
func isVetInvocation(args []string) bool {
	if len(args) == 1 && (args[0] == "-V=full" || args[0] == "-flags") {
		return true
	}
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// vetMain hands the process over to unitchecker, which speaks go vet's
// protocol. The configuration flags are registered twice: on the global
// flag set, unprefixed, so they read the same under go vet as on the
// command line, and as the analyzer's own flags, which unitchecker prefixes
// with the analyzer's name (-tenantcheck.schema), the form go vet documents
// for analyzer flags. Both names set the same value. -V=full is answered
// here, before unitchecker, so that the tool's identity includes the schema
// (vetid.go); the -V flag itself stays unitchecker's.
//
// go vet starts the tool in each package's folder, where a relative -schema
// or -config, and the ./migrations and .tenantcheck.yml defaults, would name
// the wrong files; moving to the module root makes them mean what they mean
// when the command runs there. The unit description's own path is made
// absolute first; the paths inside it already are.
//
// A unit run only for its facts that cannot matter is answered before
// unitchecker type-checks it (vetskip.go).
func vetMain() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		os.Exit(vetVersion())
	}
	if last := len(os.Args) - 1; strings.HasSuffix(os.Args[last], ".cfg") {
		abs, err := filepath.Abs(os.Args[last])
		if err != nil {
			fmt.Fprintf(os.Stderr, "tenantcheck: %v\n", err)
			os.Exit(exitError)
		}
		os.Args[last] = abs
	}
	if root, ok := moduleRoot(); ok {
		if err := os.Chdir(root); err != nil {
			fmt.Fprintf(os.Stderr, "tenantcheck: %v\n", err)
			os.Exit(exitError)
		}
	}
	if last := len(os.Args) - 1; strings.HasSuffix(os.Args[last], ".cfg") && skipVetUnit(os.Args[last], os.Args[1:last]) {
		os.Exit(exitOK)
	}
	var settings config.Settings
	settings.RegisterFlags(flag.CommandLine)
	unitchecker.Main(vetAnalyzer(&settings))
}

// vetAnalyzer returns the pass with its configuration loaded on first use.
// unitchecker parses the flags only after it receives the analyzer, so the
// configuration cannot be loaded before; the pass's name, facts and
// requirements do not depend on it, so a prototype built from the default
// Config describes the analyzer to unitchecker until then.
func vetAnalyzer(settings *config.Settings) *analysis.Analyzer {
	a := *analyzer.New(analyzer.DefaultConfig())
	settings.RegisterFlags(&a.Flags)
	var (
		once    sync.Once
		loaded  *analysis.Analyzer
		loadErr error
	)
	a.Run = func(pass *analysis.Pass) (any, error) {
		once.Do(func() {
			cfg, err := settings.Load()
			if err != nil {
				loadErr = err
				return
			}
			loaded = analyzer.New(cfg)
		})
		if loadErr != nil {
			return nil, loadErr
		}
		return loaded.Run(pass)
	}
	return &a
}

// vetVersion prints the tool's identity for go vet's cache and returns the
// exit status.
func vetVersion() int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "tenantcheck: find the executable: %v\n", err)
		return exitError
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "tenantcheck: find the working folder: %v\n", err)
		return exitError
	}
	if err := printVetVersion(os.Stdout, exe, wd); err != nil {
		fmt.Fprintf(os.Stderr, "tenantcheck: %v\n", err)
		return exitError
	}
	return exitOK
}

// moduleRoot returns the nearest folder, from the working folder up, that
// holds a go.mod file.
func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	return config.ModuleRoot(dir)
}
