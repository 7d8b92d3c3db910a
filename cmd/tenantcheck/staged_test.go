package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStaged runs -staged in a git repository made of the dbmigrations
// fixture (an unscoped query in store and one in store/comments), after
// staging one change: only the packages the change touches are analysed,
// and everything when the schema changes.
func TestStaged(t *testing.T) {
	const touch = "\n// touched\n"
	tests := []struct {
		name string
		// change edits the repository and returns the paths to stage.
		change func(t *testing.T, dir string) []string
		wd     string
		args   []string
		want   int
		// files are the findings' files; packages the packages analysed.
		files    []string
		packages int
		stderr   string
	}{
		{name: "okNothingStaged", change: func(*testing.T, string) []string { return nil },
			want: exitOK, files: []string{}, stderr: "no staged change to a Go package"},
		{name: "okOnlyOtherFiles", change: func(t *testing.T, dir string) []string {
			return []string{write(t, dir, "README.md", "app\n")}
		}, want: exitOK, files: []string{}, stderr: "no staged change to a Go package"},
		{name: "okOnlyTestFile", change: func(t *testing.T, dir string) []string {
			return []string{write(t, dir, "store/store_test.go", "package store\n")}
		}, want: exitOK, files: []string{}, stderr: "no staged change to a Go package"},
		{name: "badChangedPackageOnly", change: func(t *testing.T, dir string) []string {
			return []string{appendTo(t, dir, "store/comments/comments.go", touch)}
		}, want: exitFindings, files: []string{"store/comments/comments.go"}, packages: 1},
		{name: "badChangedPackageFromItsParentFolder", wd: "store", change: func(t *testing.T, dir string) []string {
			return []string{appendTo(t, dir, "store/comments/comments.go", touch)}
		}, want: exitFindings, files: []string{"comments/comments.go"}, packages: 1},
		{name: "badMigrationChangedChecksEverything", change: func(t *testing.T, dir string) []string {
			return []string{appendTo(t, dir, "db/migrations/002_comments.sql", "\nCREATE INDEX ON comments (post_id);\n")}
		}, want: exitFindings, files: []string{"store/comments/comments.go", "store/store.go"}, packages: 2},
		{name: "badGoModChangedChecksEverything", change: func(t *testing.T, dir string) []string {
			return []string{appendTo(t, dir, "go.mod", "\n")}
		}, want: exitFindings, files: []string{"store/comments/comments.go", "store/store.go"}, packages: 2},
		{name: "okDeletedPackage", change: func(t *testing.T, dir string) []string {
			require.NoError(t, os.RemoveAll(filepath.Join(dir, "store", "comments")))
			return []string{"store/comments/comments.go"}
		}, want: exitOK, files: []string{}, stderr: "no staged change to a Go package"},
		{name: "badPatternsWithStaged", change: func(*testing.T, string) []string { return nil },
			args: []string{"./store"}, want: exitError, stderr: "-staged chooses the packages itself: remove ./store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, filepath.Join("testdata", "dbmigrations.txtar"))
			gitRun(t, dir, "init", "-q")
			gitRun(t, dir, "add", ".")
			gitRun(t, dir, "commit", "-q", "-m", "fixture")
			for _, path := range tt.change(t, dir) {
				gitRun(t, dir, "add", "-A", path)
			}
			t.Chdir(filepath.Join(dir, tt.wd))

			var stdout, stderr bytes.Buffer
			code := run(append([]string{"-fail", "-staged", "-format", "json"}, tt.args...), &stdout, &stderr)
			require.Equal(t, tt.want, code, "stderr:\n%s", stderr.String())
			assert.Contains(t, stderr.String(), tt.stderr)
			if tt.want == exitError {
				return
			}
			var got struct {
				Findings []finding
				Stats    stats
			}
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &got), "stdout:\n%s", stdout.String())
			files := []string{}
			for _, f := range got.Findings {
				files = append(files, f.File)
			}
			assert.Equal(t, tt.files, files)
			assert.Equal(t, tt.packages, got.Stats.Packages)
		})
	}
}

func TestStagedOutsideGit(t *testing.T) {
	t.Chdir(extract(t, filepath.Join("testdata", "dbmigrations.txtar")))
	var stdout, stderr bytes.Buffer
	assert.Equal(t, exitError, run([]string{"-staged"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "tenantcheck: -staged: git rev-parse --show-toplevel: ")
}

// appendTo appends content to the file name under dir and returns its
// path.
func appendTo(t *testing.T, dir, name, content string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	require.NoError(t, err)
	return write(t, dir, name, string(data)+content)
}

// gitRun runs git in dir with a fixed identity.
func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@localhost", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@localhost")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
}
