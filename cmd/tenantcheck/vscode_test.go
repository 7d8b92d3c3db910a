package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vscodeGoLine is the line shape VS Code's Go extension reads from go
// vet's stderr with go.vetOnSave (runTool in golang/vscode-go
// extension/src/util.ts, which goVet in extension/src/diagnostics/goVet.ts
// calls), restated here: an optional "prefix: ", a file name without
// colons after an optional drive letter, ":line", an optional ":column",
// ":", an optional "word:", one space, the message. A line starting with a
// tab continues the previous message; other lines are skipped. The file is
// resolved against the folder go vet ran in.
var vscodeGoLine = regexp.MustCompile(`^(?:[^:]*: )?(?P<file>(?:[A-Za-z]:)?[^:]*):(?P<line>[0-9]+)(?::(?P<col>[0-9]+)?)?:(?:\w+:)? (?P<msg>.*)$`)

// TestVetOutputMatchesVSCodeGo runs go vet as the Go extension does with
// "go.vetFlags": ["-vettool=<tenantcheck>"]: for go.vetOnSave "package" in
// the saved file's folder on ".", for "workspace" at the root on "./...".
// Every finding must come out of stderr as the extension parses it, at
// the right file, line and column, with the whole message; nothing else on
// stderr may parse as a finding.
func TestVetOutputMatchesVSCodeGo(t *testing.T) {
	bin := buildTool(t)
	dir := extract(t, filepath.Join("testdata", "dbmigrations.txtar"))
	storeLeak := vscodeDiagnostic{filepath.Join(dir, "store", "store.go"), 11, 45, "posts is not scoped: no account_id predicate and no join on a foreign key to a scoped table; add posts.account_id = $n"}
	commentsLeak := vscodeDiagnostic{filepath.Join(dir, "store", "comments", "comments.go"), 16, 48, "comments is not scoped: it is tenant data only through post_id -> posts, and no join on that key reaches a scoped table; join posts on comments.post_id and scope it"}
	tests := []struct {
		name    string
		cwd     string
		pattern string
		want    []vscodeDiagnostic
	}{
		{name: "vetOnSavePackage", cwd: filepath.Join(dir, "store"), pattern: ".", want: []vscodeDiagnostic{storeLeak}},
		{name: "vetOnSaveWorkspace", cwd: dir, pattern: "./...", want: []vscodeDiagnostic{commentsLeak, storeLeak}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vet := exec.Command("go", "vet", "-vettool="+bin, tt.pattern)
			vet.Dir = tt.cwd
			var stderr strings.Builder
			vet.Stderr = &stderr
			err := vet.Run()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "go vet must fail on findings:\n%s", stderr.String())
			assert.ElementsMatch(t, tt.want, parseVSCodeGo(tt.cwd, stderr.String()), "stderr:\n%s", stderr.String())
		})
	}
}

// vscodeDiagnostic is what the extension shows: an absolute file, line,
// column and message.
type vscodeDiagnostic struct {
	File         string
	Line, Column int
	Message      string
}

// parseVSCodeGo reads go vet's stderr the way the extension does.
func parseVSCodeGo(cwd, stderr string) []vscodeDiagnostic {
	var out []vscodeDiagnostic
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "\t") && len(out) > 0 {
			out[len(out)-1].Message += "\n" + l
			continue
		}
		m := vscodeGoLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		file := m[vscodeGoLine.SubexpIndex("file")]
		if !filepath.IsAbs(file) {
			file = filepath.Join(cwd, file)
		}
		line, _ := strconv.Atoi(m[vscodeGoLine.SubexpIndex("line")])
		col, _ := strconv.Atoi(m[vscodeGoLine.SubexpIndex("col")])
		out = append(out, vscodeDiagnostic{file, line, col, m[vscodeGoLine.SubexpIndex("msg")]})
	}
	return out
}
