//go:build integration

package integration

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gclIssue is the part of golangci-lint's JSON output the test reads.
type gclIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
}

// TestGolangciCustomBinary runs the custom golangci-lint binary built from
// .custom-gcl.yml (bin/custom-gcl, built by scripts/golangci-custom.sh when
// missing) on testdata/golangci: a module with one unscoped query, one
// justified with //nolint:tenantcheck and a generated sqlc file.
func TestGolangciCustomBinary(t *testing.T) {
	gcl := customBinary(t)
	tests := []struct {
		name string
		// edit changes the fixture copy before the run.
		edit     func(t *testing.T, dir string)
		args     []string
		wantCode int
		want     []string // "file:line" of each tenantcheck issue
	}{
		{
			name:     "okNolintHonouredGeneratedSkipped",
			args:     []string{"run", "./..."},
			wantCode: 1,
			want:     []string{"store/store.go:13"},
		},
		{
			name: "badWithoutNolint",
			edit: func(t *testing.T, dir string) {
				path := filepath.Join(dir, "store", "store.go")
				src, err := os.ReadFile(path)
				require.NoError(t, err)
				stripped := strings.Replace(string(src), " //nolint:tenantcheck // nightly purge of unnamed trees across all accounts", "", 1)
				require.NotEqual(t, string(src), stripped, "fixture lost its nolint comment")
				require.NoError(t, os.WriteFile(path, []byte(stripped), 0o644))
			},
			args:     []string{"run", "./..."},
			wantCode: 1,
			want:     []string{"store/store.go:13", "store/store.go:19"},
		},
		{
			name:     "badGeneratedFileWhenIncluded",
			args:     []string{"run", "-c", "generated.golangci.yml", "./..."},
			wantCode: 1,
			want:     []string{"store/queries.sql.go:15", "store/store.go:13"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t, "golangci")
			if tt.edit != nil {
				tt.edit(t, dir)
			}
			report := filepath.Join(t.TempDir(), "report.json")
			args := append(tt.args[:1:1], append([]string{"--output.json.path", report, "--output.text.path", "stderr"}, tt.args[1:]...)...)
			code, out := runIn(t, dir, gcl, args...)
			require.Equal(t, tt.wantCode, code, "golangci-lint output:\n%s", out)

			raw, err := os.ReadFile(report)
			require.NoError(t, err)
			var parsed struct{ Issues []gclIssue }
			require.NoError(t, json.Unmarshal(raw, &parsed))
			var got []string
			for _, is := range parsed.Issues {
				assert.Equal(t, "tenantcheck", is.FromLinter)
				assert.Contains(t, is.Text, "trees is not scoped: no account_id predicate")
				got = append(got, filepath.ToSlash(is.Pos.Filename)+":"+strconv.Itoa(is.Pos.Line))
			}
			assert.ElementsMatch(t, tt.want, got)
		})
	}
}

// TestGolangciFastOnlyDropsPlugin backs the documented caveat: --fast-only
// keeps only linters that need no type information, and the plugin needs
// it, so a configuration with tenantcheck alone has nothing left to run.
func TestGolangciFastOnlyDropsPlugin(t *testing.T) {
	gcl := customBinary(t)
	dir := copyFixture(t, "golangci")
	code, out := runIn(t, dir, gcl, "run", "--fast-only", "./...")
	assert.NotEqual(t, 1, code, "golangci-lint output:\n%s", out)
	assert.NotContains(t, out, "(tenantcheck)")
	assert.Contains(t, out, "no linters enabled")
}

// customBinary returns bin/custom-gcl at the repository root, building it
// with scripts/golangci-custom.sh when it is missing (minutes, once).
func customBinary(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	bin := filepath.Join(root, "bin", "custom-gcl")
	if _, err := os.Stat(bin); errors.Is(err, os.ErrNotExist) {
		code, out := runIn(t, root, filepath.Join(root, "scripts", "golangci-custom.sh"))
		require.Equal(t, 0, code, "scripts/golangci-custom.sh:\n%s", out)
	}
	require.FileExists(t, bin)
	return bin
}

// TestGolangciSchemaChangeInvalidatesCache runs the custom binary twice on
// one cache: once with trees a tenant table, then with its account_id
// renamed so that trees is global. The second run must not replay the
// first run's cached finding.
func TestGolangciSchemaChangeInvalidatesCache(t *testing.T) {
	gcl := customBinary(t)
	dir := copyFixture(t, "golangci")
	env := []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}

	code, out := runEnv(t, dir, env, gcl, "run", "./...")
	require.Equal(t, 1, code, "golangci-lint output:\n%s", out)
	require.Contains(t, out, "trees is not scoped")

	path := filepath.Join(dir, "migrations", "001_tables.sql")
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	renamed := strings.Replace(string(src), "account_id bigint NOT NULL", "owner_id bigint NOT NULL", 1)
	require.NotEqual(t, string(src), renamed, "fixture migration lost its account_id column")
	require.NoError(t, os.WriteFile(path, []byte(renamed), 0o644))

	code, out = runEnv(t, dir, env, gcl, "run", "./...")
	assert.Equal(t, 0, code, "golangci-lint output:\n%s", out)
	assert.NotContains(t, out, "trees is not scoped")
}
