package driver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer"
)

// writeModule writes files (name to content) into a new folder and returns
// it.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

// TestRunCached runs a module with a cgo package (whose imports go list
// reports differently when it builds) with the cache, then checks that
// every root is found in the cache, that the warm run and a run without
// the cache return the same results.
func TestRunCached(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":       "module example.com/app\n\ngo 1.26\n",
		"native/c.go":  "package native\n\n// int two(void) { return 2; }\nimport \"C\"\n\n// Two calls C.\nfunc Two() int { return int(C.two()) }\n",
		"store/s.go":   "package store\n\nimport (\n\t\"database/sql\"\n\n\t\"example.com/app/native\"\n\t\"example.com/app/queries\"\n)\n\n// Get runs a query.\nfunc Get(db *sql.DB) error {\n\t_, err := db.Query(queries.Get, native.Two())\n\treturn err\n}\n\n// Bad does not parse.\nfunc Bad(db *sql.DB) error {\n\t_, err := db.Exec(\"SELEC 1\")\n\treturn err\n}\n",
		"queries/q.go": "package queries\n\n// Get is SQL held in a variable.\nvar Get = \"SELECT name FROM projects WHERE id = $1\"\n",
	})
	cache, err := OpenCache(t.TempDir())
	require.NoError(t, err)
	opts := Options{Dir: dir, Patterns: []string{"./..."}, Analyzer: analyzer.New(analyzer.DefaultConfig()), Salt: []byte("test"), Cache: cache}

	cold, err := Run(opts)
	require.NoError(t, err)
	require.Len(t, cold, 3)
	store := cold[2]
	require.Equal(t, "example.com/app/store", store.PkgPath)
	assert.Equal(t, 2, store.Result.Queries)
	require.Len(t, store.Result.Findings, 1, "the query that does not parse")
	assert.Equal(t, Position{File: filepath.Join(dir, "store", "s.go"), Line: 18, Column: 21}, store.Result.Findings[0].Pos)

	env, err := readGoEnv(dir)
	require.NoError(t, err)
	roots, _, err := load(opts)
	require.NoError(t, err)
	cached, _, err := allCached(opts, env, roots)
	require.NoError(t, err)
	require.NotNil(t, cached, "every root is in the cache")
	assert.Equal(t, cold, cached)
	warm, err := Run(opts)
	require.NoError(t, err)
	assert.Equal(t, cold, warm)

	uncached := opts
	uncached.Cache = nil
	fresh, err := Run(uncached)
	require.NoError(t, err)
	assert.Equal(t, cold, fresh)
}
