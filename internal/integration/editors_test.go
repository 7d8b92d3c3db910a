//go:build integration

package integration

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The editors read go vet's output back into their own error lists. Each
// test opens store/store.go of testdata/anyfolder, whose DeletePost sends
// an unscoped DELETE at line 11, column 45, in a real editor configured
// with the files under editors/ (the settings docs/integrations.md gives),
// and reads the editor's error list.

// leakLine and leakColumn locate the unscoped DELETE in store/store.go.
const (
	leakLine    = 11
	leakColumn  = 45
	leakMessage = "posts is not scoped: no account_id predicate"
)

// TestEmacsFlycheck opens the file in Emacs in batch mode with go-mode,
// flycheck and editors/flycheck-tenantcheck.el, runs the checker and
// prints flycheck's errors for the buffer.
func TestEmacsFlycheck(t *testing.T) {
	emacs := editor(t, "emacs", "emacs-nox elpa-flycheck elpa-go-mode")
	dir, env := editorFixture(t)
	file := filepath.Join(dir, "store", "store.go")
	script := fmt.Sprintf(`(progn
  (add-to-list 'load-path %q)
  (require 'go-mode)
  (require 'flycheck-tenantcheck)
  (find-file %q)
  (unless (eq major-mode 'go-mode) (error "not in go-mode: %%s" major-mode))
  (flycheck-mode 1)
  (flycheck-buffer)
  (let ((deadline (+ (float-time) 300)))
    (while (and (flycheck-running-p) (< (float-time) deadline))
      (accept-process-output nil 0.1)))
  (dolist (e flycheck-current-errors)
    (princ (format "error %%s %%s %%d:%%d: %%s\n"
                   (flycheck-error-checker e) (flycheck-error-level e)
                   (flycheck-error-line e) (or (flycheck-error-column e) 0)
                   (flycheck-error-message e)))))`, filepath.Join(repoRoot(t), "editors"), file)
	code, out := runEnv(t, dir, env, emacs, "--batch", "--eval", script)
	require.Equal(t, 0, code, "emacs:\n%s", out)
	assert.Regexp(t, fmt.Sprintf(`(?m)^error go-vet-tenantcheck warning %d:%d: %s`, leakLine, leakColumn, regexp.QuoteMeta(leakMessage)), out)
	assert.Equal(t, 1, strings.Count(out, "error "), "one finding in store.go (the other is in comments.go):\n%s", out)
}

// TestNeovimQuickfix opens the file in headless Neovim, sources
// editors/tenantcheck.vim (makeprg and errorformat), runs :make and writes
// the valid quickfix entries to a file.
func TestNeovimQuickfix(t *testing.T) {
	nvim := editor(t, "nvim", "neovim")
	dir, env := editorFixture(t)
	qf := filepath.Join(t.TempDir(), "quickfix.txt")
	dump := fmt.Sprintf(`call writefile(map(filter(getqflist(), 'v:val.valid'), {_, e -> fnamemodify(bufname(e.bufnr), ':p') . ':' . e.lnum . ':' . e.col . ': ' . e.text}), %q)`, qf)
	code, out := runEnv(t, dir, env, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
		"-c", "source "+filepath.Join(repoRoot(t), "editors", "tenantcheck.vim"),
		"-c", "silent make!",
		"-c", dump,
		"-c", "qa!",
		filepath.Join("store", "store.go"))
	require.Equal(t, 0, code, "nvim:\n%s", out)
	data, err := os.ReadFile(qf)
	require.NoError(t, err, "nvim wrote no quickfix list:\n%s", out)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 1, "the package's one finding:\n%s", data)
	assert.True(t, strings.HasPrefix(lines[0], fmt.Sprintf("%s:%d:%d: %s", filepath.Join(dir, "store", "store.go"), leakLine, leakColumn, leakMessage)), "quickfix entry: %s", lines[0])
}

// editor returns the path of the editor command name, failing with the
// Debian packages that provide it when it is missing (.ci/run installs
// them).
func editor(t *testing.T, name, packages string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if errors.Is(err, exec.ErrNotFound) {
		require.FailNow(t, name+" is not installed", "apt-get install %s (.ci/run installs them)", packages)
	}
	require.NoError(t, err)
	return path
}

// editorFixture copies testdata/anyfolder and returns it with an
// environment whose PATH starts with a freshly built tenantcheck, as a
// developer's would after go install.
func editorFixture(t *testing.T) (string, []string) {
	t.Helper()
	tc := buildTenantcheck(t)
	dir := copyFixture(t, "anyfolder")
	return dir, []string{"PATH=" + filepath.Dir(tc) + string(os.PathListSeparator) + os.Getenv("PATH")}
}
