package rule_test

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/rls"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// pendingRules are the rules whose checker is not on this branch yet: the
// verdict of their Bad examples cannot be checked, so the catalogue must
// not claim a message for them. The branch that builds the checker deletes
// its entry here, writes the messages, and adds a runner for its kind.
var pendingRules = map[rule.ID]string{}

// TestExamples runs every example of the catalogue and checks its verdict:
// a Bad example gets exactly the messages docs/rules.md prints under it, a
// Good example gets none.
func TestExamples(t *testing.T) {
	s, err := schema.LoadSQL("example.sql", rule.ExampleSchema, schema.Options{SharedRows: rule.ExampleSharedRows})
	require.NoError(t, err)
	sql := scope.New(s, scope.DefaultOptions())
	cfg := analyzer.DefaultConfig()
	cfg.Schema = s
	for _, r := range rule.All {
		for _, set := range []struct {
			verdict string
			exs     []rule.Example
		}{{"bad", r.Bad}, {"good", r.Good}} {
			for i, ex := range set.exs {
				name := fmt.Sprintf("%s/%s%d", r.ID, set.verdict, i+1)
				if _, pending := pendingRules[r.ID]; pending && set.verdict == "bad" {
					assert.Empty(t, ex.Messages, "%s: the rule's checker is not built, so no message can be claimed", name)
					continue
				}
				t.Run(name, func(t *testing.T) {
					switch ex.Kind {
					case rule.SQL:
						assert.Equal(t, ex.Messages, sqlMessages(sql, ex.Code), "messages for\n%s", ex.Code)
					case rule.Go:
						t.Parallel()
						assert.Equal(t, ex.Messages, goMessages(t, cfg, ex.Code), "messages for\n%s", ex.Code)
					case rule.Migration:
						assert.Equal(t, ex.Messages, migrationMessages(t, name, ex.Code), "messages for\n%s", ex.Code)
					default:
						t.Fatalf("example kind %q has no runner", ex.Kind)
					}
				})
			}
		}
	}
}

// TestExamplesCoverEveryRule: every rule has at least one Bad and one Good
// example, and every Bad example of a rule whose checker exists has a
// message.
func TestExamplesCoverEveryRule(t *testing.T) {
	for _, r := range rule.All {
		assert.NotEmpty(t, r.Bad, "%s has no Bad example", r.ID)
		assert.NotEmpty(t, r.Good, "%s has no Good example", r.ID)
		if _, pending := pendingRules[r.ID]; pending {
			continue
		}
		for i, ex := range r.Bad {
			assert.NotEmpty(t, ex.Messages, "%s bad%d prints no message", r.ID, i+1)
		}
	}
}

// sqlMessages checks one SQL string as the analyzer would.
func sqlMessages(c *scope.Checker, sql string) []string {
	var out []string
	for _, f := range c.Check(sql).Findings {
		out = append(out, f.Message)
	}
	return out
}

// migrationMessages loads the example as one migration and returns the
// messages of the rls checker with the default options, as the command
// runs it without a config file.
func migrationMessages(t *testing.T, name, sql string) []string {
	t.Helper()
	s, err := schema.LoadSQL(name+".sql", sql, schema.Options{})
	require.NoError(t, err)
	var out []string
	for _, f := range rls.Check(s, rls.Options{TenantContext: scope.DefaultOptions().TenantContext}).Findings {
		out = append(out, f.Message)
	}
	return out
}

// goMessages runs the analyzer over the example's declarations in package
// store, with the imports of rule.GoImports that they use, in a GOPATH whose
// other packages are the driver stubs of the analyzer's own tests, and
// returns the messages in order of position.
func goMessages(t *testing.T, cfg analyzer.Config, decls string) []string {
	t.Helper()
	stubs, err := filepath.Abs("../testdata/src/github.com")
	require.NoError(t, err)
	gopath := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(gopath, "src", "store"), 0o755))
	require.NoError(t, os.Symlink(stubs, filepath.Join(gopath, "src", "github.com")))
	var src strings.Builder
	src.WriteString("package store\n\nimport (\n")
	for _, imp := range rule.GoImports {
		if strings.Contains(decls, packageName(imp)+".") {
			fmt.Fprintf(&src, "\t%q\n", imp)
		}
	}
	fmt.Fprintf(&src, ")\n\n%s\n", decls)
	require.NoError(t, os.WriteFile(filepath.Join(gopath, "src", "store", "store.go"), []byte(src.String()), 0o644))

	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(gopath, "src", "store"),
		Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"),
	}, ".")
	require.NoError(t, err)
	require.Len(t, pkgs, 1)
	for _, e := range pkgs[0].Errors {
		require.Failf(t, "example does not compile", "%v\n%s", e, src.String())
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(cfg)}, pkgs, nil)
	require.NoError(t, err)
	var out []string
	for _, act := range graph.Roots {
		require.NoError(t, act.Err)
		for _, d := range act.Diagnostics {
			out = append(out, d.Message)
		}
	}
	return out
}

// majorVersion is the suffix of a module's major version in an import path.
var majorVersion = regexp.MustCompile(`/v[0-9]+$`)

// packageName is the name Go code uses an import path by.
func packageName(imp string) string {
	return path.Base(majorVersion.ReplaceAllString(imp, ""))
}
