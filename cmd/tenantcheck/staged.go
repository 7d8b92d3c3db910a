package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/config"
)

// stagedPatterns returns the package patterns -staged analyses, relative
// to wd: the packages of the module around wd that hold staged changes to
// non-test .go files, or the whole module when a staged change can alter
// every verdict (a .sql file, the config file, go.mod or go.sum). None
// means nothing staged can change a finding. A pre-commit hook then checks
// what the commit changes, with the module's schema, and a package the
// commit does not touch costs nothing, whatever it holds; the full run in
// CI covers what a change can alter elsewhere (docs/integrations.md).
func stagedPatterns(wd string, inputs config.Inputs) ([]string, error) {
	top, err := git(wd, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	out, err := git(wd, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMRD")
	if err != nil {
		return nil, err
	}
	root := inputs.Root
	configAbs := ""
	if inputs.Config != "" {
		configAbs = absolute(wd, inputs.Config)
	}
	var patterns []string
	for _, name := range strings.Split(strings.TrimRight(out, "\x00"), "\x00") {
		if name == "" {
			continue
		}
		path := filepath.Join(strings.TrimSpace(top), filepath.FromSlash(name))
		rel, err := filepath.Rel(root, path)
		if err != nil || !filepath.IsLocal(rel) {
			continue
		}
		base := filepath.Base(path)
		if strings.HasSuffix(base, ".sql") || path == configAbs || rel == "go.mod" || rel == "go.sum" {
			return []string{modulePattern(wd, root)}, nil
		}
		if !strings.HasSuffix(base, ".go") || strings.HasSuffix(base, "_test.go") || !inModulePackage(root, filepath.Dir(rel)) {
			continue
		}
		if p := packagePattern(wd, filepath.Dir(path)); p != "" && !slices.Contains(patterns, p) {
			patterns = append(patterns, p)
		}
	}
	slices.Sort(patterns)
	return patterns, nil
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("-staged: git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// inModulePackage reports whether the folder rel, relative to the module
// root, can hold a package of this module that ./... matches: not under
// testdata, vendor or a folder whose name starts with "." or "_", and not
// in a nested module.
func inModulePackage(root, rel string) bool {
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		if part == "testdata" || part == "vendor" || strings.HasPrefix(part, ".") && part != "." || strings.HasPrefix(part, "_") {
			return false
		}
	}
	nearest, ok := config.ModuleRoot(filepath.Join(root, rel))
	return ok && nearest == root
}

// packagePattern returns the pattern for the package in dir ("./store",
// or "." for wd itself), or "" when dir holds no .go file any more (its
// files were deleted).
func packagePattern(wd, dir string) string {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return ""
	}
	return relativePattern(wd, dir)
}

// modulePattern is ./... of the module at root, relative to wd.
func modulePattern(wd, root string) string {
	p := relativePattern(wd, root)
	if p == "." {
		return "./..."
	}
	return p + "/..."
}

// relativePattern names the folder dir as a package pattern relative to
// wd: ".", "./store", or "../store" (go list reads all three as folders).
func relativePattern(wd, dir string) string {
	rel, err := filepath.Rel(wd, dir)
	switch {
	case err != nil:
		return filepath.ToSlash(dir)
	case rel == ".":
		return "."
	case filepath.IsLocal(rel):
		return "./" + filepath.ToSlash(rel)
	}
	return filepath.ToSlash(rel)
}

// absolute returns path made absolute against wd.
func absolute(wd, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(wd, path)
}
