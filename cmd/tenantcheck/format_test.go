package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// TestSARIFValidates checks the SARIF output against the OASIS SARIF 2.1.0
// JSON schema (testdata/sarif-2.1.0-rtm.5.json, from the npm package
// @microsoft/jest-sarif) and against what GitHub code scanning relies on:
// a rule entry per rule, ruleIndex pointing at the result's rule, relative
// locations and distinct partial fingerprints.
func TestSARIFValidates(t *testing.T) {
	schema := compileSARIFSchema(t)
	appDir := extract(t, filepath.Join("testdata", "app.txtar"))

	tests := []struct {
		name    string
		output  func(t *testing.T) []byte
		results int
	}{
		{name: "okAppFixture", results: 2, output: func(t *testing.T) []byte {
			t.Chdir(appDir)
			var stdout, stderr bytes.Buffer
			require.Equal(t, exitOK, run([]string{"-format", "sarif"}, &stdout, &stderr), stderr.String())
			return stdout.Bytes()
		}},
		{name: "okEveryRuleAndOutsideFile", results: len(rule.All) + 2, output: func(t *testing.T) []byte {
			var rep report
			for _, r := range rule.All {
				rep.findings = append(rep.findings, finding{File: "store/a b.go", Line: 3, Column: 9, Rule: string(r.ID), Message: "m: " + string(r.ID)})
			}
			twin := finding{File: "store/x.go", Line: 1, Column: 1, Rule: "unscoped", Table: "t", Func: "x.F", Fingerprint: "fp", Message: "t is not scoped"}
			rep.findings = append(rep.findings, twin)
			twin.File, twin.Line = "/elsewhere/gen.go", 7
			twin.Related = []related{{File: "/elsewhere/gen.go", Line: 5, Column: 2, Message: "the query is assigned here"}, {File: "store/x.go", Line: 1, Column: 1, Message: "the query is assigned here"}}
			rep.findings = append(rep.findings, twin)
			var stdout, stderr bytes.Buffer
			require.NoError(t, sarifFormatter{}.format(&stdout, &stderr, rep))
			return stdout.Bytes()
		}},
		{name: "okNoFindings", results: 0, output: func(t *testing.T) []byte {
			var stdout, stderr bytes.Buffer
			require.NoError(t, sarifFormatter{}.format(&stdout, &stderr, report{}))
			return stdout.Bytes()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.output(t)
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			require.NoError(t, err)
			assert.NoError(t, schema.Validate(doc))

			var log sarifLog
			require.NoError(t, json.Unmarshal(out, &log))
			require.Len(t, log.Runs, 1)
			rules := log.Runs[0].Tool.Driver.Rules
			require.Len(t, rules, len(rule.All))
			for i, r := range rule.All {
				assert.Equal(t, string(r.ID), rules[i].ID)
				assert.True(t, strings.HasSuffix(rules[i].HelpURI, "docs/rules.md#"+string(r.ID)), rules[i].HelpURI)
				assert.Equal(t, string(r.Severity), rules[i].DefaultConfiguration.Level, "%s level", r.ID)
				assert.Contains(t, rules[i].FullDescription.Text, r.Description)
				assert.NotEmpty(t, rules[i].Help.Text)
			}
			assert.Len(t, log.Runs[0].Results, tt.results)
			fingerprints := map[string]bool{}
			for _, res := range log.Runs[0].Results {
				assert.Equal(t, res.RuleID, rules[res.RuleIndex].ID)
				fp := res.PartialFingerprints[fingerprintKey]
				assert.NotEmpty(t, fp)
				assert.False(t, fingerprints[fp], "fingerprint %s repeats", fp)
				fingerprints[fp] = true
				loc := res.Locations[0].PhysicalLocation.ArtifactLocation
				if loc.URIBaseID == "" {
					assert.True(t, strings.HasPrefix(loc.URI, "file:///"), loc.URI)
				} else {
					assert.Equal(t, "%SRCROOT%", loc.URIBaseID)
					assert.False(t, strings.HasPrefix(loc.URI, "/"), loc.URI)
				}
			}
		})
	}
}

// compileSARIFSchema compiles the SARIF 2.1.0 schema kept as test data,
// with format assertions on so that URIs are checked too.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-2.1.0-rtm.5.json"))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://example.com/sarif-2.1.0-rtm.5.json"
	require.NoError(t, c.AddResource(url, doc))
	schema, err := c.Compile(url)
	require.NoError(t, err)
	return schema
}

// TestGitHubFormat covers what the app fixture's golden file cannot: the
// escaping rules of workflow commands and the note about GitHub's limit of
// ten annotations per level and step.
func TestGitHubFormat(t *testing.T) {
	tests := []struct {
		name     string
		findings []finding
		want     []string
		wantNone []string
	}{
		{name: "escapesPropertiesAndMessage",
			findings: []finding{{File: "a,b:c%.go", Line: 1, Column: 2, Rule: "parse", Message: "50% of\nthe\rquery"}},
			want:     []string{"::error file=a%2Cb%3Ac%25.go,line=1,col=2,title=tenantcheck parse::50%25 of%0Athe%0Dquery\n"}},
		{name: "unresolvedIsAWarning",
			findings: []finding{{File: "a.go", Line: 1, Column: 1, Rule: "unresolved", Message: "cannot resolve"}},
			want:     []string{"::warning file=a.go,line=1,col=1,title=tenantcheck unresolved::cannot resolve\n", "::notice title=tenantcheck::1 finding\n"},
			wantNone: []string{"at most"}},
		{name: "elevenFindingsNoteTheLimit",
			findings: manyFindings(11),
			want: []string{
				"::notice title=tenantcheck::11 findings (GitHub shows at most 10 annotations of each level per step; see the full list in the log)\n",
				"::group::tenantcheck findings\n", "f.go:11:1: t is not scoped [unscoped]\n", "::endgroup::\n",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.NoError(t, githubFormatter{}.format(&stdout, &stderr, report{findings: tt.findings}))
			for _, w := range tt.want {
				assert.Contains(t, stdout.String(), w)
			}
			for _, w := range tt.wantNone {
				assert.NotContains(t, stdout.String(), w)
			}
		})
	}
}

// manyFindings returns n unscoped findings on successive lines of f.go.
func manyFindings(n int) []finding {
	var fs []finding
	for i := 1; i <= n; i++ {
		fs = append(fs, finding{File: "f.go", Line: i, Column: 1, Rule: "unscoped", Table: "t", Message: "t is not scoped"})
	}
	return fs
}

// TestSARIFSchemaRejects shows that the schema test can fail: a level
// SARIF does not define is refused.
func TestSARIFSchemaRejects(t *testing.T) {
	schema := compileSARIFSchema(t)
	var stdout, stderr bytes.Buffer
	require.NoError(t, sarifFormatter{}.format(&stdout, &stderr, report{findings: manyFindings(1)}))
	bad := strings.Replace(stdout.String(), `"level": "error"`, `"level": "fatal"`, 1)
	require.NotEqual(t, stdout.String(), bad)
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	require.NoError(t, err)
	assert.Error(t, schema.Validate(doc))
}
