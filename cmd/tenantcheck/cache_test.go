package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runJSON runs the command in process with -format json and the cache in
// cacheDir, requires success, and returns stdout.
func runJSON(t *testing.T, cacheDir string, args ...string) string {
	t.Helper()
	t.Setenv(cacheEnv, cacheDir)
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"-format", "json"}, args...), &stdout, &stderr)
	require.Contains(t, []int{exitOK, exitFindings}, code, "exit status; stderr:\n%s", stderr.String())
	return stdout.String()
}

// cacheEntries returns each file of the cache folder with its modification
// time, so that a test sees whether a run wrote any entry.
func cacheEntries(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	entries := make(map[string]time.Time)
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		entries[path] = info.ModTime()
		return nil
	}))
	return entries
}

// TestCacheWarmEqualsCold runs the command on each fixture without the
// cache, then with an empty cache, then again: the three outputs are equal,
// the cold run fills the cache and the warm one writes nothing, having
// found every package.
func TestCacheWarmEqualsCold(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		args    []string
	}{
		{name: "appFindings", fixture: "app"},
		{name: "wrapperAcrossPackages", fixture: "wrappers"},
		{name: "factsAcrossThreePackages", fixture: "crosspkg"},
		{name: "directivesAndRegistry", fixture: "exceptions", args: []string{"-fail"}},
		{name: "exceptionReport", fixture: "exceptions", args: []string{"-list-exceptions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(extract(t, filepath.Join("testdata", tt.fixture+".txtar")))
			cacheDir := t.TempDir()

			uncached := runJSON(t, cacheDir, append([]string{"-cache=false"}, tt.args...)...)
			require.Empty(t, cacheEntries(t, cacheDir), "-cache=false writes nothing")
			cold := runJSON(t, cacheDir, tt.args...)
			filled := cacheEntries(t, cacheDir)
			require.NotEmpty(t, filled, "the cold run fills the cache")
			warm := runJSON(t, cacheDir, tt.args...)

			assert.Equal(t, uncached, cold)
			assert.Equal(t, cold, warm)
			assert.Equal(t, filled, cacheEntries(t, cacheDir), "the warm run finds every package")
		})
	}
}

// TestSeedAppCached checks the end-to-end fixture's known leaks through a
// cold and a warm cache.
func TestSeedAppCached(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join(root, "testdata", "seedapp", "expected.json"))
	require.NoError(t, err)
	t.Chdir(root)
	cacheDir := t.TempDir()
	args := []string{"-schema", "testdata/seedapp/migrations", "-config", "testdata/seedapp/.tenantcheck.yml", "./testdata/seedapp/..."}

	assert.Equal(t, string(want), runJSON(t, cacheDir, args...), "cold")
	assert.Equal(t, string(want), runJSON(t, cacheDir, args...), "warm")
}

// TestCacheEditedPackage edits one package at a time after a cold run: the
// edited package and its importers are analyzed again, with the facts of
// the unchanged ones (a wrapper method, a wrapper function, a variable
// holding SQL) read back from the cache, and the findings stay the same.
func TestCacheEditedPackage(t *testing.T) {
	dir := extract(t, filepath.Join("testdata", "crosspkg.txtar"))
	t.Chdir(dir)
	cacheDir := t.TempDir()
	want := runJSON(t, cacheDir)
	require.Contains(t, want, `"query": "SELECT name FROM projects WHERE id = $1"`, "the variable's SQL crossed packages")
	require.Contains(t, want, `"query": "DELETE FROM projects WHERE id = $1"`, "the wrapper function's fact crossed packages")

	for _, file := range []string{"store/store.go", "queries/queries.go", "db/db.go"} {
		t.Run(file, func(t *testing.T) {
			f, err := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, err)
			_, err = f.WriteString("\n// edited\n")
			require.NoError(t, err)
			require.NoError(t, f.Close())
			before := cacheEntries(t, cacheDir)

			assert.Equal(t, want, runJSON(t, cacheDir))
			assert.Greater(t, len(cacheEntries(t, cacheDir)), len(before), "the edited package was analyzed again")
		})
	}
}

// TestCacheCorruptEntry damages every cache entry, one way per case: each
// is recomputed, never trusted, the output stays the same, and the entries
// written again serve the next run whole.
func TestCacheCorruptEntry(t *testing.T) {
	damages := map[string]func([]byte) []byte{
		"flippedByte": func(b []byte) []byte { b[len(b)/2] ^= 0xff; return b },
		"truncated":   func(b []byte) []byte { return b[:len(b)/2] },
		"empty":       func([]byte) []byte { return nil },
		"garbage":     func(b []byte) []byte { return bytes.Repeat([]byte{'x'}, len(b)) },
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			t.Chdir(extract(t, filepath.Join("testdata", "crosspkg.txtar")))
			cacheDir := t.TempDir()
			want := runJSON(t, cacheDir)
			entries := cacheEntries(t, cacheDir)
			require.NotEmpty(t, entries)
			for path := range entries {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(path, damage(data), 0o644))
			}

			assert.Equal(t, want, runJSON(t, cacheDir))
			rewritten := cacheEntries(t, cacheDir)
			assert.Equal(t, want, runJSON(t, cacheDir))
			assert.Equal(t, rewritten, cacheEntries(t, cacheDir), "the damaged entries were written again, whole")
		})
	}
}

// TestCacheSchemaChange edits a migration between two runs of the built
// command (in process, the configuration keeps the schema it parsed
// first): the schema is part of every key, so the second run sees the new
// tenant table.
func TestCacheSchemaChange(t *testing.T) {
	bin := buildTool(t)
	dir := extract(t, filepath.Join("testdata", "app.txtar"))
	cacheDir := t.TempDir()
	tenantcheck := func() string {
		cmd := exec.Command(bin, "-format", "json")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), cacheEnv+"="+cacheDir)
		out, err := cmd.Output()
		require.NoError(t, err)
		return string(out)
	}
	require.NotContains(t, tenantcheck(), "notes is not scoped")
	require.NotEmpty(t, cacheEntries(t, cacheDir))

	migration := filepath.Join(dir, "migrations", "001_schema.sql")
	sql, err := os.ReadFile(migration)
	require.NoError(t, err)
	changed := bytes.Replace(sql, []byte("org_id bigint NOT NULL"), []byte("account_id bigint NOT NULL"), 1)
	require.NotEqual(t, sql, changed)
	require.NoError(t, os.WriteFile(migration, changed, 0o644))

	assert.Contains(t, tenantcheck(), "notes is not scoped")
}
