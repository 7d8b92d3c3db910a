//go:build integration

package integration

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSameAnswerFromAnyFolder runs the three front ends (the command, go
// vet with the command as vet tool, and the custom golangci-lint binary)
// on testdata/anyfolder, whose schema is in db/migrations and which no
// front end is told about, from the module root and from the store package
// folder. Each must find the schema and report the same two findings, with
// positions relative to the folder it started in.
func TestSameAnswerFromAnyFolder(t *testing.T) {
	gcl := customBinary(t)
	tc := buildTenantcheck(t)
	dir := copyFixture(t, "anyfolder")
	env := []string{"TENANTCHECK_CACHE=" + t.TempDir(), "GOLANGCI_LINT_CACHE=" + t.TempDir()}
	want := []string{
		filepath.Join(dir, "store", "comments", "comments.go") + ":16:48: comments is not scoped",
		filepath.Join(dir, "store", "store.go") + ":11:45: posts is not scoped",
	}
	frontEnds := []struct {
		name string
		cmd  []string
	}{
		{"command", []string{tc, "-fail", "./..."}},
		{"goVet", []string{"go", "vet", "-vettool=" + tc, "./..."}},
		{"golangci", []string{gcl, "run", "./..."}},
	}
	for _, wd := range []string{dir, filepath.Join(dir, "store")} {
		for _, fe := range frontEnds {
			t.Run(fe.name+"/"+filepath.Base(wd), func(t *testing.T) {
				code, out := runEnv(t, wd, env, fe.cmd[0], fe.cmd[1:]...)
				require.Equal(t, 1, code, "%s output:\n%s", fe.name, out)
				assert.Equal(t, want, findingsIn(t, wd, out), "%s output:\n%s", fe.name, out)
			})
		}
	}
}

// reportLine is a diagnostic as all three front ends print it: a file
// relative to the working folder, line and column, then the message, whose
// subject ends at its first colon.
var reportLine = regexp.MustCompile(`^(\S+\.go):(\d+:\d+): ([^:]+):`)

// findingsIn returns the diagnostics of out, printed in wd, as
// "<absolute file>:line:col: <subject>", sorted. A file name that is not
// relative to wd, or names no file there, fails the test.
func findingsIn(t *testing.T, wd, out string) []string {
	t.Helper()
	var got []string
	for _, line := range strings.Split(out, "\n") {
		m := reportLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		require.False(t, filepath.IsAbs(m[1]), "position not relative to %s: %s", wd, line)
		file := filepath.Join(wd, m[1])
		require.FileExists(t, file)
		got = append(got, file+":"+m[2]+": "+m[3])
	}
	slices.Sort(got)
	return got
}
