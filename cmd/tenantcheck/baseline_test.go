package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBaseline records the app fixture's two findings, edits the code, and
// checks what -baseline still reports.
func TestBaseline(t *testing.T) {
	tests := []struct {
		name string
		// edit rewrites store/store.go after the baseline is written.
		edit     func(src string) string
		want     int
		stdout   []string
		baseline int
	}{
		{name: "okUnchangedCodeReportsNothing", edit: func(src string) string { return src },
			want: exitOK, baseline: 2},
		{name: "okLineShiftSurvives",
			edit: func(src string) string {
				return strings.Replace(src, "package store\n", "package store\n\n// Shifted.\n\n// Shifted again.\n", 1)
			},
			want: exitOK, baseline: 2},
		{name: "okSpacingChangeSurvives",
			edit: func(src string) string {
				return strings.Replace(src, `"SELECT name FROM projects WHERE id = $1"`, `"SELECT name  FROM projects  WHERE id = $1"`, 1)
			},
			want: exitOK, baseline: 2},
		{name: "badChangedQueryShapeReported",
			edit: func(src string) string {
				return strings.Replace(src, `"SELECT name FROM projects WHERE id = $1"`, `"SELECT name FROM projects WHERE id = $1 AND name <> ''"`, 1)
			},
			want: exitFindings, stdout: []string{"store/store.go:22:53: projects is not scoped"}, baseline: 1},
		{name: "badNewFindingReported",
			edit: func(src string) string {
				return src + "\n// Rename forgets the account.\nfunc (s *Store) Rename(ctx context.Context, id int64, name string) error {\n" +
					"\t_, err := s.db.ExecContext(ctx, \"UPDATE projects SET name = $1 WHERE id = $2\", name, id)\n\treturn err\n}\n"
			},
			want: exitFindings, stdout: []string{"store/store.go:55:42: projects is not scoped"}, baseline: 2},
		{name: "badSecondIdenticalFindingReported",
			edit: func(src string) string {
				return strings.Replace(src, "\treturn s.db.QueryContext(ctx, \"SELECT id FROM projects WHERE account_id = $1 OR name = $2\", accountID, name)",
					"\t_, _ = s.db.QueryContext(ctx, \"SELECT id FROM projects WHERE account_id = $1 OR name = $2\", accountID, name)\n"+
						"\treturn s.db.QueryContext(ctx, \"SELECT id FROM projects WHERE account_id = $1 OR name = $2\", accountID, name)", 1)
			},
			want: exitFindings, stdout: []string{"projects is scoped only under OR"}, baseline: 2},
	}
	// The baseline names files relative to the module, so one recording
	// serves every fresh copy of the fixture.
	fixture, err := filepath.Abs(filepath.Join("testdata", "app.txtar"))
	require.NoError(t, err)
	recorded := recordBaseline(t, fixture)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, fixture)
			t.Chdir(dir)
			require.NoError(t, os.WriteFile("baseline.json", recorded, 0o644))
			editFile(t, filepath.Join(dir, "store", "store.go"), tt.edit)

			var stdout, stderr bytes.Buffer
			code := run([]string{"-fail", "-baseline", "baseline.json"}, &stdout, &stderr)

			assert.Equal(t, tt.want, code, "stderr:\n%s", stderr.String())
			lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
			if len(tt.stdout) == 0 {
				assert.Empty(t, stdout.String())
			} else {
				assert.Len(t, lines, len(tt.stdout), stdout.String())
			}
			for _, w := range tt.stdout {
				assert.Contains(t, stdout.String(), w)
			}
			assert.Contains(t, stderr.String(), fmt.Sprintf(", %d in the baseline)", tt.baseline))
		})
	}
}

// recordBaseline writes the app fixture's baseline in warn mode with -fail
// set, which -write-baseline must override, and returns its contents.
func recordBaseline(t *testing.T, fixture string) []byte {
	t.Helper()
	t.Chdir(extract(t, fixture))
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-fail", "-write-baseline", "baseline.json"}, &stdout, &stderr), stderr.String())
	require.Empty(t, stdout.String())
	require.Contains(t, stderr.String(), "recorded 2 findings in baseline.json")
	data, err := os.ReadFile("baseline.json")
	require.NoError(t, err)
	return data
}

// TestBaselineRowSecurity records the rls fixture's migration findings and
// checks that they survive a line shift in their migration file while a
// new one is still reported.
func TestBaselineRowSecurity(t *testing.T) {
	fixture, err := filepath.Abs(filepath.Join("testdata", "rls.txtar"))
	require.NoError(t, err)
	dir := extract(t, fixture)
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-write-baseline", "baseline.json"}, &stdout, &stderr), stderr.String())
	require.Contains(t, stderr.String(), "recorded 4 findings in baseline.json")
	recorded, err := os.ReadFile("baseline.json")
	require.NoError(t, err)

	// A fresh copy: the process keeps each schema it loaded by path.
	dir = extract(t, fixture)
	t.Chdir(dir)
	require.NoError(t, os.WriteFile("baseline.json", recorded, 0o644))
	editFile(t, filepath.Join(dir, "migrations", "002_row_level_security.sql"), func(src string) string {
		return "-- Shifted.\n\n" + strings.Replace(src, "ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;",
			"ALTER TABLE notes ENABLE ROW LEVEL SECURITY;", 1)
	})
	stdout.Reset()
	stderr.Reset()
	code := run([]string{"-fail", "-baseline", "baseline.json"}, &stdout, &stderr)
	assert.Equal(t, exitFindings, code, stderr.String())
	assert.Equal(t, "migrations/001_schema.sql:18:1: notes has row-level security enabled but not forced, so its owner bypasses every policy: add ALTER TABLE notes FORCE ROW LEVEL SECURITY (or set rls_allow_unforced: true if the application never connects as the owner) [rls]\n", stdout.String())
	assert.Contains(t, stderr.String(), ", 4 in the baseline)")
}

// TestWriteBaselineDropsFixedFindings rewrites the baseline after a fix:
// the fixed finding's entry disappears, and the file is sorted and
// versioned.
func TestWriteBaselineDropsFixedFindings(t *testing.T) {
	dir := extract(t, filepath.Join("testdata", "app.txtar"))
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-write-baseline", "baseline.json"}, &stdout, &stderr), stderr.String())
	first := readBaselineFile(t, "baseline.json")
	require.Len(t, first.Findings, 2)
	assert.Equal(t, baselineVersion, first.Version)
	assert.Equal(t, baselineKey{File: "store/store.go", Function: "(*example.com/app/store.Store).ProjectByID", Rule: "unscoped",
		Table: "projects", Fingerprint: first.Findings[0].Fingerprint}, first.Findings[0].baselineKey)
	assert.NotEmpty(t, first.Findings[0].Fingerprint)
	assert.Equal(t, "(*example.com/app/store.Store).SearchProjects", first.Findings[1].Function, "sorted by file, then function")

	editFile(t, filepath.Join(dir, "store", "store.go"), func(src string) string {
		return strings.Replace(src, `"SELECT name FROM projects WHERE id = $1", id)`, `"SELECT name FROM projects WHERE account_id = $1 AND id = $2", 1, id)`, 1)
	})
	require.Equal(t, exitOK, run([]string{"-fail", "-baseline", "baseline.json", "-write-baseline", "baseline.json"}, &stdout, &stderr), stderr.String())
	second := readBaselineFile(t, "baseline.json")
	require.Len(t, second.Findings, 1)
	assert.Equal(t, first.Findings[1], second.Findings[0])
}

// TestReadBaselineErrors checks that a baseline the command cannot trust
// stops the run with a reason naming the file, and its line when known.
func TestReadBaselineErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{name: "badSyntaxNamesLine", content: "{\n  \"version\": 1,\n  \"findings\": [,]\n}\n", want: "baseline.json:3: invalid character ','"},
		{name: "badTypeNamesLine", content: "{\n  \"version\": \"one\"\n}\n", want: "baseline.json:2: json: cannot unmarshal string"},
		{name: "badUnknownKey", content: `{"version": 1, "entries": []}`, want: `baseline.json: json: unknown field "entries"`},
		{name: "badVersion", content: `{"version": 7, "findings": []}`, want: "baseline.json: version 7, want 1"},
		{name: "badZeroCount", content: `{"version": 1, "findings": [{"file": "a.go", "rule": "unscoped", "count": 0}]}`, want: "entry 1 needs"},
		{name: "badTrailingText", content: `{"version": 1, "findings": []} {}`, want: "text after the baseline object"},
		{name: "badMissingFile", want: "read baseline baseline.json: open baseline.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, filepath.Join("testdata", "clean.txtar"))
			t.Chdir(dir)
			if tt.content != "" {
				require.NoError(t, os.WriteFile("baseline.json", []byte(tt.content), 0o644))
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"-baseline", "baseline.json"}, &stdout, &stderr)
			assert.Equal(t, exitError, code)
			assert.Contains(t, stderr.String(), tt.want)
			assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %s", stderr.String())
		})
	}
}

// editFile rewrites the file at path with edit.
func editFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(edit(string(src))), 0o644))
}

// readBaselineFile decodes the baseline at path.
func readBaselineFile(t *testing.T, path string) baseline {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var b baseline
	require.NoError(t, json.Unmarshal(data, &b))
	return b
}
