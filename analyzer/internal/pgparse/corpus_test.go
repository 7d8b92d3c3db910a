package pgparse

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/stretchr/testify/require"
)

// corpusSources are the SQL the project's tests use: string literals of the
// scope and schema tests, and the schema and migration files.
var corpusSources = []string{
	"../../scope/*_test.go",
	"../../schema/*_test.go",
	"../../scope/testdata/*.sql",
	"../../schema/testdata/*.sql",
	"../../schema/testdata/migrations/*.sql",
	"../../../migrations/*.sql",
}

// corpusEntry is one SQL text and where it was found.
type corpusEntry struct {
	name, sql string
}

// corpus harvests every string that pg_query parses from corpusSources,
// deduplicated, in a stable order.
func corpus(tb testing.TB) []corpusEntry {
	tb.Helper()
	seen := map[string]bool{}
	var out []corpusEntry
	add := func(name, sql string) {
		if seen[sql] || strings.TrimSpace(sql) == "" {
			return
		}
		if _, err := pg_query.Parse(sql); err != nil {
			return
		}
		seen[sql] = true
		out = append(out, corpusEntry{name, sql})
	}
	for _, pattern := range corpusSources {
		files, err := filepath.Glob(pattern)
		require.NoError(tb, err)
		require.NotEmpty(tb, files, "no corpus files match %s", pattern)
		sort.Strings(files)
		for _, file := range files {
			if strings.HasSuffix(file, ".sql") {
				src, err := os.ReadFile(file)
				require.NoError(tb, err)
				add(file, string(src))
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
			require.NoError(tb, err)
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				require.NoError(tb, err, "%s", fset.Position(lit.Pos()))
				add(fset.Position(lit.Pos()).String(), s)
				return true
			})
		}
	}
	return out
}
