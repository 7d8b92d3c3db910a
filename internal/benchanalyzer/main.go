// Command benchanalyzer measures what tenantcheck costs against a no-op
// go/analysis driver on a generated module of a chosen size: wall time,
// CPU time and peak memory, standalone and under go vet (make
// bench-analyzer; docs/performance.md says what each row means).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command with its streams injected; the table goes to
// stdout, progress to stderr. It returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench-analyzer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 3, "measured runs of each tool in each scenario; the table shows medians")
	sizesFlag := fs.String("sizes", "1000,10000,50000", "comma-separated query counts of the synthetic modules")
	perPackage := fs.Int("per-package", 100, "queries per package; each size must be a multiple")
	keep := fs.Bool("keep", false, "keep the work folder (synthetic modules and binaries) and print its path")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	sizes, err := parseSizes(*sizesFlag, *perPackage)
	if err != nil || *runs < 1 {
		if err == nil {
			err = fmt.Errorf("-runs must be at least 1, not %d", *runs)
		}
		fmt.Fprintf(stderr, "bench-analyzer: %v\n", err)
		return 2
	}
	if err := bench(sizes, *perPackage, *runs, *keep, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "bench-analyzer: %v\n", err)
		return 1
	}
	return 0
}

// parseSizes reads the -sizes flag.
func parseSizes(s string, perPackage int) ([]int, error) {
	if perPackage < 1 {
		return nil, fmt.Errorf("-per-package must be at least 1, not %d", perPackage)
	}
	var sizes []int
	for field := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < perPackage || n%perPackage != 0 {
			return nil, fmt.Errorf("-sizes: %q is not a positive multiple of -per-package %d", field, perPackage)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// bench builds both tools, then generates and measures each size in turn,
// printing the table as rows complete.
func bench(sizes []int, perPackage, runs int, keep bool, stdout, stderr io.Writer) error {
	root, err := repositoryRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "bench-analyzer-")
	if err != nil {
		return fmt.Errorf("make the work folder: %w", err)
	}
	if keep {
		fmt.Fprintf(stderr, "bench-analyzer: work folder %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	env, err := benchEnv()
	if err != nil {
		return err
	}
	bin := tools{
		tenantcheck: filepath.Join(work, "bin", "tenantcheck"),
		noop:        filepath.Join(work, "bin", "noop"),
	}
	for _, b := range [][2]string{{"./cmd/tenantcheck", bin.tenantcheck}, {"./internal/benchanalyzer/noop", bin.noop}} {
		fmt.Fprintf(stderr, "bench-analyzer: go build %s\n", b[0])
		if err := goCommand(root, nil, "build", "-o", b[1], b[0]); err != nil {
			return err
		}
	}
	bin.cacheFlag, err = hasCacheFlag(bin.tenantcheck)
	if err != nil {
		return err
	}
	req, err := readPGXRequirement(root)
	if err != nil {
		return err
	}

	var results []sizeResult
	printHeader(stdout)
	for _, size := range sizes {
		dir := filepath.Join(work, fmt.Sprintf("module-%d", size))
		if err := os.Mkdir(dir, 0o755); err != nil {
			return fmt.Errorf("make the module folder: %w", err)
		}
		mod, err := generate(dir, req, size/perPackage, perPackage)
		if err != nil {
			return err
		}
		res, err := measureSize(mod, bin, env, runs, work, stderr)
		if err != nil {
			return fmt.Errorf("%d queries: %w", size, err)
		}
		printRows(stdout, res)
		results = append(results, res)
	}
	printCoverage(stdout, results, runs)
	return nil
}

// repositoryRoot returns the folder of the tenantcheck module that the
// command runs in: the tools are built from it, and the synthetic module
// takes its pgx requirement from it.
func repositoryRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run bench-analyzer inside the tenantcheck module (make bench-analyzer)")
	}
	return filepath.Dir(gomod), nil
}

// benchEnv returns the environment of every measured command. The module
// builds offline from the module cache (GOPROXY=off, -mod=readonly), and
// GOCACHE is spelled out because the runs move XDG_CACHE_HOME, where the
// build cache would otherwise follow the result cache.
func benchEnv() ([]string, error) {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOCACHE: %w", err)
	}
	gocache := strings.TrimSpace(string(out))
	if gocache == "" || gocache == "off" {
		return nil, errors.New("the benchmark needs a build cache, and GOCACHE is off")
	}
	env := os.Environ()
	return append(env, "GOCACHE="+gocache, "GOPROXY=off", "GOFLAGS=-mod=readonly", "GOWORK=off", "GOTOOLCHAIN=local"), nil
}

// cacheFlagLine matches a -cache flag in the flag package's usage output,
// not a longer name that starts with it.
var cacheFlagLine = regexp.MustCompile(`(?m)^\s+-cache(\s|$)`)

// hasCacheFlag reports whether the tenantcheck at path has the -cache flag
// of its result cache (issue 12), by its -h output.
func hasCacheFlag(path string) (bool, error) {
	var out bytes.Buffer
	cmd := exec.Command(path, "-h")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return false, fmt.Errorf("%s -h: %w: %s", path, err, out.String())
	}
	return cacheFlagLine.Match(out.Bytes()), nil
}

// goCommand runs the go command in dir, with env added to the process's
// environment when it is not nil.
func goCommand(dir string, env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = env
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s in %s: %w: %s", strings.Join(args, " "), dir, err, strings.TrimSpace(out.String()))
	}
	return nil
}
