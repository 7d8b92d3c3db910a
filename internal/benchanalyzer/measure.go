package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// tools are the two binaries under comparison.
type tools struct {
	tenantcheck, noop string
	// cacheFlag is set when tenantcheck has a result cache behind -cache.
	cacheFlag bool
}

// scenario is one row of the table.
type scenario int

const (
	// standaloneCold is a fresh process with no result cache: -cache=false
	// when tenantcheck has the flag.
	standaloneCold scenario = iota
	// standaloneEmptyCache is a fresh process with the result cache on and
	// empty, so it also writes the cache.
	standaloneEmptyCache
	// standaloneWarm runs again on unchanged code, on the cache the
	// previous run left.
	standaloneWarm
	// vetCold is go vet -vettool with no vet result cached for the tool;
	// compiled dependencies stay in the build cache.
	vetCold
	scenarios
)

func (s scenario) String() string {
	return [...]string{"standalone, cold", "standalone, empty cache", "standalone, warm", "go vet, cold vet cache"}[s]
}

// sample is what one run of one tool cost.
type sample struct {
	Wall time.Duration
	// CPU is user plus system time of the process and of every process it
	// waited for (go list, the vet tool under go vet).
	CPU time.Duration
	// RSS is the peak resident set of the largest of those processes, in
	// bytes.
	RSS int64
}

// sizeResult holds every sample of one synthetic module.
type sizeResult struct {
	mod synthetic
	// samples[scenario][0] are tenantcheck's, [1] the no-op's; a scenario
	// tenantcheck cannot run has none.
	samples [scenarios][2][]sample
	// seen and findings are what tenantcheck's JSON report counted on the
	// first cold run.
	seen, findings int
}

// measureSize runs both tools alternately on mod, runs times in each
// scenario, after an unmeasured warm-up that fills the build cache with
// the module's compiled packages and dependencies, so that every measured
// run finds them there.
func measureSize(mod synthetic, t tools, env []string, runs int, work string, progress io.Writer) (sizeResult, error) {
	res := sizeResult{mod: mod}
	fmt.Fprintf(progress, "bench-analyzer: %d queries (%d packages): warm-up\n", mod.Queries, mod.Packages)
	if err := goCommand(mod.Dir, env, "build", "./..."); err != nil {
		return res, err
	}
	if _, _, err := timed(mod.Dir, env, []int{0}, t.noop, "./..."); err != nil {
		return res, err
	}
	if _, err := vetRun(mod.Dir, env, t.noop, work, -1, []int{0}); err != nil {
		return res, err
	}

	for r := range runs {
		fmt.Fprintf(progress, "bench-analyzer: %d queries: run %d of %d\n", mod.Queries, r+1, runs)
		// Alternate which tool goes first, so neither always runs on the
		// other's page cache.
		order := []int{0, 1}
		if r%2 == 1 {
			order = []int{1, 0}
		}
		resultCache := filepath.Join(work, fmt.Sprintf("result-cache-%d-%d", mod.Queries, r))
		runEnv := append(slices.Clip(env), "XDG_CACHE_HOME="+resultCache)
		for s := range scenarios {
			if (s == standaloneEmptyCache || s == standaloneWarm) && !t.cacheFlag {
				continue
			}
			for _, tool := range order {
				smp, err := runScenario(s, tool, t, mod.Dir, runEnv, work, r, &res)
				if err != nil {
					return res, err
				}
				res.samples[s][tool] = append(res.samples[s][tool], smp)
			}
		}
		if err := os.RemoveAll(resultCache); err != nil {
			return res, fmt.Errorf("remove the result cache: %w", err)
		}
	}
	return res, nil
}

// runScenario runs tool (0 tenantcheck, 1 no-op) once in scenario s.
func runScenario(s scenario, tool int, t tools, dir string, env []string, work string, round int, res *sizeResult) (sample, error) {
	if s == vetCold {
		// go vet exits 1 when the tool reports findings.
		path, ok := t.noop, []int{0}
		if tool == 0 {
			path, ok = t.tenantcheck, []int{0, 1}
		}
		return vetRun(dir, env, path, work, round, ok)
	}
	if tool == 1 {
		smp, _, err := timed(dir, env, []int{0}, t.noop, "./...")
		return smp, err
	}
	args := []string{"-format", "json", "./..."}
	if s == standaloneCold && t.cacheFlag {
		args = append([]string{"-cache=false"}, args...)
	}
	smp, out, err := timed(dir, env, []int{0}, t.tenantcheck, args...)
	if err != nil {
		return smp, err
	}
	if s == standaloneCold && round == 0 {
		var rep struct {
			Findings []json.RawMessage
			Stats    struct{ Queries int }
		}
		if err := json.Unmarshal(out, &rep); err != nil {
			return smp, fmt.Errorf("read tenantcheck's JSON report: %w", err)
		}
		res.seen, res.findings = rep.Stats.Queries, len(rep.Findings)
	}
	return smp, nil
}

// vetRun measures go vet -vettool with the tool at path on a vet cache
// that holds nothing for it. go vet keys each package's result with the
// tool's identity, which both tools derive from a hash of their executable
// (the buildID in their -V=full answer), so a copy of the executable with
// bytes appended that name the round is a tool go vet has never run:
// every vet action misses, while the compile actions, which do not depend
// on the tool, still hit (docs/performance.md).
func vetRun(dir string, env []string, path, work string, round int, okStatus []int) (sample, error) {
	fresh := filepath.Join(work, "vettool", fmt.Sprintf("%s-%s-%d", filepath.Base(path), filepath.Base(dir), round))
	if err := copyWithNonce(path, fresh, fmt.Sprintf("bench-analyzer vet nonce %s round %d %d", dir, round, time.Now().UnixNano())); err != nil {
		return sample{}, err
	}
	defer os.Remove(fresh)
	smp, _, err := timed(dir, env, okStatus, "go", "vet", "-vettool="+fresh, "./...")
	return smp, err
}

// copyWithNonce copies the executable src to dst and appends nonce, which
// the loader ignores.
func copyWithNonce(src, dst, nonce string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("copy the vet tool: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("copy the vet tool: %w", err)
	}
	if err := os.WriteFile(dst, append(data, nonce...), 0o755); err != nil {
		return fmt.Errorf("copy the vet tool: %w", err)
	}
	return nil
}

// timed runs name with args in dir and measures it. An exit status not in
// okStatus is an error that quotes the command's stderr.
func timed(dir string, env []string, okStatus []int, name string, args ...string) (sample, []byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, nil, fmt.Errorf("run %s: %w", name, err)
	}
	if !slices.Contains(okStatus, cmd.ProcessState.ExitCode()) {
		return sample{}, nil, fmt.Errorf("%s %s in %s: %w: %s", name, strings.Join(args, " "), dir, err, lastLines(stderr.String(), 5))
	}
	// The rusage of wait4 covers the child and every descendant it waited
	// for, and its Maxrss is the largest of their peaks.
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, nil, fmt.Errorf("run %s: no resource usage on %s", name, runtime.GOOS)
	}
	return sample{
		Wall: wall,
		CPU:  time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		RSS:  maxrssBytes(ru.Maxrss),
	}, stdout.Bytes(), nil
}

// maxrssBytes converts ru_maxrss, which Linux counts in KiB and macOS in
// bytes, to bytes.
func maxrssBytes(maxrss int64) int64 {
	if runtime.GOOS == "darwin" {
		return maxrss
	}
	return maxrss * 1024
}

// lastLines returns the last n lines of s, which is how errors of the go
// command and of the tools end.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
