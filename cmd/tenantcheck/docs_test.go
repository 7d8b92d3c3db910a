package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCLIDocSamplesMatchOutput runs the command docs/cli.md quotes, on
// testdata/seedapp, and fails when the page's text sample or JSON finding
// differs from what the command prints: the page is read by people who
// write scripts against it.
func TestCLIDocSamplesMatchOutput(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	page, err := os.ReadFile(filepath.Join(root, "docs", "cli.md"))
	require.NoError(t, err)
	t.Chdir(root)
	args := []string{"-cache=false", "-schema", "testdata/seedapp/migrations", "-config", "testdata/seedapp/.tenantcheck.yml", "./testdata/seedapp/..."}

	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run(args, &stdout, &stderr), stderr.String())
	assert.Equal(t, stdout.String()+stderr.String(), codeBlockAfter(t, string(page), "### text\n"),
		"docs/cli.md, \"### text\": the sample differs from what the command prints")

	stdout.Reset()
	stderr.Reset()
	require.Equal(t, exitOK, run(append([]string{"-format", "json"}, args...), &stdout, &stderr), stderr.String())
	var got, doc struct{ Findings []finding }
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	require.NoError(t, json.Unmarshal([]byte(codeBlockAfter(t, string(page), "### json\n")), &doc))
	require.Len(t, doc.Findings, 1, "the page shows one finding")
	assert.Contains(t, got.Findings, doc.Findings[0], "docs/cli.md, \"### json\": the finding is not one the command prints")
}

// codeBlockAfter returns the first fenced code block after heading.
func codeBlockAfter(t *testing.T, page, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, heading)
	require.True(t, ok, "no %q in the page", heading)
	_, rest, ok = strings.Cut(rest, "```")
	require.True(t, ok)
	_, rest, _ = strings.Cut(rest, "\n")
	block, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	return block
}
