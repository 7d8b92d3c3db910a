package rule_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// TestRulesDocIsGenerated fails when docs/rules.md differs from what the
// catalogue generates: the page is edited in analyzer/rule/catalogue.go,
// then `go generate ./analyzer/rule` rewrites it.
func TestRulesDocIsGenerated(t *testing.T) {
	committed, err := os.ReadFile("../../docs/rules.md")
	require.NoError(t, err)
	assert.Equal(t, string(rule.Markdown()), string(committed),
		"docs/rules.md differs from the rule catalogue: edit analyzer/rule/catalogue.go and run go generate ./analyzer/rule")
}

// TestRulesDocHasEverySection: every rule has its anchor, and the page
// says which rules a directive cannot silence.
func TestRulesDocHasEverySection(t *testing.T) {
	doc := string(rule.Markdown())
	for _, r := range rule.All {
		assert.Contains(t, doc, "\n## "+string(r.ID)+"\n")
		assert.Contains(t, doc, "| [`"+string(r.ID)+"`](#"+string(r.ID)+") |")
	}
	assert.Contains(t, doc, "| [`parse`](#parse) | PostgreSQL's parser rejects the SQL | error | no |")
	assert.Contains(t, doc, "| [`directive`](#directive) | a cross-tenant directive has no reason or suppresses nothing | warning | no |")
}

// TestReadmeTableIsGenerated fails when the table of rules in README.md
// differs from the catalogue's.
func TestReadmeTableIsGenerated(t *testing.T) {
	committed, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	want, err := rule.Readme(committed)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(committed),
		"README.md's table of rules differs from the rule catalogue: run go generate ./analyzer/rule")
}
