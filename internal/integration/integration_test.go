//go:build integration

package integration

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// repoRoot is the root of this repository, two folders up from the test's
// working folder.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	return root
}

// copyFixture copies testdata/<name> into a fresh temporary folder: the
// tools write caches and commits next to the files, and a path without
// "testdata" in it is linted like any other.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	require.NoError(t, err)
	return dst
}

// runIn runs name with args in dir and returns its exit status and its
// combined output; a failure to start the command fails the test.
func runIn(t *testing.T, dir, name string, args ...string) (int, string) {
	t.Helper()
	return runEnv(t, dir, nil, name, args...)
}

// runEnv is runIn with extra environment variables.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), string(out)
	}
	require.NoError(t, err, "run %s: %s", name, out)
	return 0, string(out)
}

// buildTenantcheck builds this repository's command into a temporary
// folder and returns its path.
func buildTenantcheck(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tenantcheck")
	code, out := runIn(t, repoRoot(t), "go", "build", "-o", bin, "./cmd/tenantcheck")
	require.Equal(t, 0, code, "go build ./cmd/tenantcheck:\n%s", out)
	return bin
}
