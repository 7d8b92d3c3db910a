package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sinkNames are the methods and wrappers through which the generated
// queries send SQL: pgx's and database/sql's, and the store package's.
var sinkNames = map[string]bool{
	"Query": true, "QueryRow": true, "Exec": true,
	"QueryContext": true, "QueryRowContext": true, "ExecContext": true,
	"Select": true,
}

// TestGenerateBuildsWithTheRequestedQueries generates 2 packages of 15
// queries, enough for every shape and one unscoped query, builds the module
// offline as the benchmark does, and counts the calls that send SQL.
func TestGenerateBuildsWithTheRequestedQueries(t *testing.T) {
	root, err := repositoryRoot()
	require.NoError(t, err)
	req, err := readPGXRequirement(root)
	require.NoError(t, err)
	env, err := benchEnv()
	require.NoError(t, err)

	dir := t.TempDir()
	mod, err := generate(dir, req, 2, 15)
	require.NoError(t, err)
	require.NoError(t, goCommand(dir, env, "build", "./..."), "the synthetic module builds from the module cache")

	assert.Equal(t, 30, mod.Queries)
	assert.Equal(t, 1, mod.Unscoped)
	calls := map[string]int{}
	total := 0
	fset := token.NewFileSet()
	err = filepath.WalkDir(filepath.Join(dir, "feature"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sinkNames[sel.Sel.Name] {
					calls[exprString(sel.X)+"."+sel.Sel.Name]++
					total++
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, mod.Queries, total, "one call that sends SQL per query: %v", calls)
	for _, shape := range []string{"pool.Query", "pool.QueryRow", "pool.Exec", "db.QueryContext", "db.QueryRowContext", "db.ExecContext", "store.Select", "store.Exec"} {
		assert.Positive(t, calls[shape], "no %s call", shape)
	}

	schema, err := os.ReadFile(filepath.Join(dir, "migrations", "001.sql"))
	require.NoError(t, err)
	assert.Equal(t, 100, strings.Count(string(schema), "CREATE TABLE"))
	assert.Equal(t, tenantTables, strings.Count(string(schema), "account_id bigint"))
	assert.Equal(t, childTables, strings.Count(string(schema), "parent_id bigint NOT NULL REFERENCES tenant_"))

	unscoped := regexp.MustCompile(`FROM tenant_\d+ WHERE id = \$1`)
	n := 0
	for p := range mod.Packages {
		// 15 queries fit in the package's first file.
		src, err := os.ReadFile(filepath.Join(dir, "feature", pkgName(p), "q000.go"))
		require.NoError(t, err)
		n += len(unscoped.FindAll(src, -1))
	}
	assert.Equal(t, mod.Unscoped, n, "queries without a tenant predicate")
}

func exprString(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "?"
}

func TestParseSizes(t *testing.T) {
	t.Run("okMultiplesOfPerPackage", func(t *testing.T) {
		sizes, err := parseSizes("1000, 10000,50000", 100)
		require.NoError(t, err)
		assert.Equal(t, []int{1000, 10000, 50000}, sizes)
	})
	for name, bad := range map[string]string{
		"badNotMultiple":     "1050",
		"badBelowPerPackage": "50",
		"badEmpty":           "",
		"badNotNumber":       "ten",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseSizes(bad, 100)
			assert.Error(t, err)
		})
	}
}

func TestMedian(t *testing.T) {
	wall := func(s sample) float64 { return s.Wall.Seconds() }
	odd := []sample{{Wall: 3 * time.Second}, {Wall: time.Second}, {Wall: 2 * time.Second}}
	assert.InDelta(t, 2, median(odd, wall), 1e-9, "middle of three")
	even := append(odd, sample{Wall: 10 * time.Second})
	assert.InDelta(t, 2.5, median(even, wall), 1e-9, "mean of the two middle of four")
}

func TestBaselinePoolsStandaloneRows(t *testing.T) {
	var res sizeResult
	for s := range scenarios {
		res.samples[s][1] = []sample{{Wall: time.Duration(s+1) * time.Second}}
	}
	standalone := baseline(res, standaloneCold)
	assert.Len(t, standalone, int(scenarios)-1, "every standalone row's no-op runs, not go vet's")
	assert.Equal(t, standalone, baseline(res, standaloneWarm), "the standalone rows share one baseline")
	assert.Equal(t, res.samples[vetCold][1], baseline(res, vetCold), "go vet keeps its own")
}
