//go:build integration

package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leak is the file the refused commits add: any account's tree by id.
const leak = `package store

import (
	"context"
	"database/sql"
)

// AnyTreeName leaks across accounts.
func AnyTreeName(ctx context.Context, db *sql.DB, id int64) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM trees WHERE id = $1", id).Scan(&name)
	return name, err
}
`

// commitStep is one commit attempted in a fixture repository.
type commitStep struct {
	name  string
	files map[string]string // written and staged before the commit
	// refused says the hook must stop the commit; want is then in its
	// output, wantNone not.
	refused        bool
	want, wantNone []string
}

// precommitSteps are the commits both hooks see, in order, in a fixture
// whose legacy package has held an unscoped query since before the hook:
// one without Go or SQL files (the hook does not run), a clean Go change
// in store (it runs on store alone and passes: legacy is not analysed, so
// neither refuses nor slows the commit), one that adds an unscoped query
// to store (refused, for that query only), and a new migration (every
// package is analysed: legacy's query is refused).
var precommitSteps = []commitStep{
	{name: "okCleanCommit", files: map[string]string{"README.md": "fixture\n"}, refused: false},
	{name: "okCleanGoChange", files: map[string]string{"store/doc.go": "// Package store reads trees.\npackage store\n"}, refused: false},
	{
		name: "badUnscopedQuery", files: map[string]string{"store/leak.go": leak}, refused: true,
		want: []string{"store/leak.go:11:", "trees is not scoped"}, wantNone: []string{"legacy/legacy.go"},
	},
	{
		name: "badMigrationChecksEverything", files: map[string]string{"migrations/002_tags.sql": "CREATE TABLE tags (id bigint PRIMARY KEY, account_id bigint NOT NULL);\n"}, refused: true,
		want: []string{"legacy/legacy.go:14:", "trees is not scoped"},
	},
}

// TestPreCommitFramework runs the real pre-commit tool with this
// repository's .pre-commit-hooks.yaml, installed the way users get it:
// pre-commit clones the hook repository at a commit and `go install`s every
// command in it. The hook repository is this one at HEAD, so the test
// checks what is committed, as CI does; uncommitted edits are not seen.
func TestPreCommitFramework(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (Debian: apt-get install pre-commit); .ci/run installs it")
	}
	hookRepo := repoRoot(t)
	rev := git(t, hookRepo, nil, "rev-parse", "HEAD")
	dir := fixtureRepo(t)
	config := "repos:\n  - repo: " + hookRepo + "\n    rev: " + rev + "\n    hooks:\n      - id: tenantcheck\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".pre-commit-config.yaml"), []byte(config), 0o644))
	gomodcache := goEnv(t, "GOMODCACHE")
	env := []string{
		"PRE_COMMIT_HOME=" + t.TempDir(),
		// pre-commit sets GOPATH to its environment folder and deletes
		// GOPATH/pkg after the install: keep the module cache elsewhere.
		"GOMODCACHE=" + gomodcache,
	}
	git(t, dir, env, "add", ".pre-commit-config.yaml")
	code, out := runEnv(t, dir, env, "pre-commit", "install")
	require.Equal(t, 0, code, "pre-commit install:\n%s", out)
	outputs := runCommitSteps(t, dir, env)
	// The framework reports what it did with the hook at each commit.
	assert.Regexp(t, `tenantcheck\.+\(no files to check\)Skipped`, outputs["okCleanCommit"])
	assert.Regexp(t, `tenantcheck\.+Passed`, outputs["okCleanGoChange"])
	assert.Regexp(t, `tenantcheck\.+Failed`, outputs["badUnscopedQuery"])
	assert.Regexp(t, `tenantcheck\.+Failed`, outputs["badMigrationChecksEverything"])
}

// TestPreCommitPlainHook installs scripts/pre-commit as a git hook in a
// fixture repository, with a freshly built tenantcheck on PATH.
func TestPreCommitPlainHook(t *testing.T) {
	root := repoRoot(t)
	binDir := filepath.Dir(buildTenantcheck(t))

	dir := fixtureRepo(t)
	hook, err := os.ReadFile(filepath.Join(root, "scripts", "pre-commit"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".git", "hooks", "pre-commit"), hook, 0o755))
	env := []string{"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH")}
	outputs := runCommitSteps(t, dir, env)
	assert.Contains(t, outputs["okCleanGoChange"], "0 findings in 1 package", "only store is analysed")
	assert.Contains(t, outputs["badUnscopedQuery"], "commit refused")
}

// runCommitSteps attempts each of precommitSteps in dir and checks that the
// hook let it through or refused it, leaving HEAD where it was. It returns
// the output of each commit by step name.
func runCommitSteps(t *testing.T, dir string, env []string) map[string]string {
	t.Helper()
	outputs := make(map[string]string)
	for _, step := range precommitSteps {
		t.Run(step.name, func(t *testing.T) {
			for name, content := range step.files {
				path := filepath.Join(dir, name)
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
				git(t, dir, env, "add", name)
			}
			before := git(t, dir, env, "rev-parse", "HEAD")
			code, out := runEnv(t, dir, withIdentity(env), "git", "commit", "-q", "-m", step.name)
			after := git(t, dir, env, "rev-parse", "HEAD")
			outputs[step.name] = out
			if step.refused {
				assert.NotEqual(t, 0, code, "commit went through:\n%s", out)
				assert.Equal(t, before, after)
				for _, w := range step.want {
					assert.Contains(t, out, w)
				}
				for _, w := range step.wantNone {
					assert.NotContains(t, out, w)
				}
				// Drop the refused change, so that each step commits
				// only its own files.
				git(t, dir, env, "reset", "-q", "--hard")
				git(t, dir, env, "clean", "-q", "-f", "-d")
				return
			}
			assert.Equal(t, 0, code, "commit refused:\n%s", out)
			assert.NotEqual(t, before, after)
		})
	}
	return outputs
}

// fixtureRepo copies testdata/precommit into a new git repository with one
// commit made without hooks.
func fixtureRepo(t *testing.T) string {
	t.Helper()
	dir := copyFixture(t, "precommit")
	git(t, dir, nil, "init", "-q", "-b", "main")
	git(t, dir, nil, "add", ".")
	git(t, dir, nil, "commit", "-q", "--no-verify", "-m", "fixture")
	return dir
}

// git runs git in dir with a fixed identity and returns its trimmed output.
func git(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	code, out := runEnv(t, dir, withIdentity(env), "git", args...)
	require.Equal(t, 0, code, "git %s:\n%s", strings.Join(args, " "), out)
	return strings.TrimSpace(out)
}

// withIdentity adds a git author and committer to env, so commits work on
// machines without a git identity.
func withIdentity(env []string) []string {
	return append([]string{
		"GIT_AUTHOR_NAME=fixture", "GIT_AUTHOR_EMAIL=fixture@localhost",
		"GIT_COMMITTER_NAME=fixture", "GIT_COMMITTER_EMAIL=fixture@localhost",
	}, env...)
}

// goEnv returns `go env name`.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	code, out := runIn(t, ".", "go", "env", name)
	require.Equal(t, 0, code, "go env %s:\n%s", name, out)
	return strings.TrimSpace(out)
}
