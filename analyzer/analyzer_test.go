package analyzer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// testSchema has tenant tables (trees, sessions, ai_sessions, feeds,
// entries, and posts, comments, boards, cards with composite foreign keys),
// a child table (nodes, through trees) and a global table (countries).
const testSchema = `
CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);
CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint NOT NULL, tree_id bigint REFERENCES trees (id), title text);
CREATE TABLE nodes (id bigint PRIMARY KEY, tree_id bigint NOT NULL REFERENCES trees (id), label text);
CREATE TABLE ai_sessions (id bigint PRIMARY KEY, user_id bigint, prompt text);
CREATE TABLE countries (code text PRIMARY KEY, name text);
CREATE TABLE feeds (id bigint PRIMARY KEY, account_id bigint NOT NULL, title text);
CREATE TABLE entries (id bigint PRIMARY KEY, user_id bigint NOT NULL, feed_id bigint NOT NULL REFERENCES feeds (id), read boolean);
CREATE TABLE posts (id bigint PRIMARY KEY, account_id bigint NOT NULL, UNIQUE (id, account_id));
CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint NOT NULL, account_id bigint NOT NULL, body text,
    FOREIGN KEY (post_id, account_id) REFERENCES posts (id, account_id));
CREATE TABLE boards (id bigint NOT NULL, account_id bigint NOT NULL, PRIMARY KEY (id, account_id));
CREATE TABLE cards (id bigint PRIMARY KEY, board_id bigint NOT NULL, account_id bigint NOT NULL, title text,
    FOREIGN KEY (board_id, account_id) REFERENCES boards (id, account_id));
`

func testConfig(t *testing.T) analyzer.Config {
	t.Helper()
	s, err := schema.LoadSQL("schema.sql", testSchema, schema.Options{})
	require.NoError(t, err)
	cfg := analyzer.DefaultConfig()
	cfg.Schema = s
	return cfg
}

func TestAnalyzer(t *testing.T) {
	tests := []struct {
		name      string
		pkgs      []string
		configure func(*analyzer.Config)
	}{
		{name: "unscopedAtEveryBuiltinSink", pkgs: []string{"unscoped"}},
		{name: "orScope", pkgs: []string{"orscope"}},
		{name: "insertWithoutTenantKey", pkgs: []string{"insert"}},
		{name: "parseError", pkgs: []string{"parse"}},
		{name: "unresolvedSQL", pkgs: []string{"unresolved"}},
		{name: "directives", pkgs: []string{"directive"}},
		{name: "wrappersAcrossPackages", pkgs: []string{"wrapperlib", "wrapperuse"}},
		{name: "constantsAcrossPackages", pkgs: []string{"constlib", "constuse"}},
		{name: "localVariableBranches", pkgs: []string{"localvar"}},
		{name: "plusAssignChains", pkgs: []string{"plusassign"}},
		{name: "sprintf", pkgs: []string{"sprintf"}},
		{name: "stringsJoin", pkgs: []string{"join"}},
		{name: "sqlcDBTXInterface", pkgs: []string{"dbtx"}},
		{name: "batchQueue", pkgs: []string{"batch"}},
		{name: "edgeShapes", pkgs: []string{"shapes"}},
		{name: "sqlxSinksNamedRebindIn", pkgs: []string{"sqlxsink"}},
		{name: "pgxNamedArgs", pkgs: []string{"pgxnamed"}},
		{name: "pgxV4", pkgs: []string{"pgxv4"}},
		{name: "wrapperThroughTransforms", pkgs: []string{"trx"}},
		{name: "functionResults", pkgs: []string{"resultlib", "resultuse"}},
		{name: "loopsAndBuffers", pkgs: []string{"loops"}},
		{name: "unknownSink", pkgs: []string{"unknownsink"}},
		{name: "identifierHoles", pkgs: []string{"identhole"}},
		{name: "structFieldBuilders", pkgs: []string{"builder"}},
		{name: "returningAndCompositeKeys", pkgs: []string{"returning"}},
		{name: "driverReachedThroughAnotherPackage", pkgs: []string{"indirectlib", "indirectuse"}},
		{name: "squirrelBuilders", pkgs: []string{"sqbuilder"}},
		{name: "pgxCopyFrom", pkgs: []string{"copyfrom"}},
		{name: "squirrelShapesNeverSilent", pkgs: []string{"sqholes"}},
		{name: "squirrelStoreBuilderWithCondition", pkgs: []string{"sqstorewhere"}},
		{name: "ormRunsAreUnresolvedWithoutPreset", pkgs: []string{"ormchains"}},
		{
			name: "configuredSinks", pkgs: []string{"configsink/use"},
			configure: func(cfg *analyzer.Config) {
				cfg.Sinks = []analyzer.Sink{{Func: "(*configsink/db.Client).Run", Arg: 1}, {Func: "configsink/db.Exec", Arg: 0}}
			},
		},
		{
			name: "ormPresets", pkgs: []string{"presets"},
			configure: func(cfg *analyzer.Config) {
				for _, name := range []string{"gorm", "bun", "gorp"} {
					sinks, ok := analyzer.Preset(name)
					require.True(t, ok)
					cfg.Sinks = append(cfg.Sinks, sinks...)
				}
			},
		},
		{
			name: "tenantSourceRequestValues", pkgs: []string{"tsource/store", "tsource/handlers"},
			configure: func(cfg *analyzer.Config) {
				cfg.TenantSources = []string{"(*tsource/auth.Principal).AccountID", "tsource/auth.AccountID"}
			},
		},
		{
			name: "tenantSourceStrict", pkgs: []string{"tsourcestrict"},
			configure: func(cfg *analyzer.Config) {
				cfg.TenantSources = []string{"tsource/auth.AccountID"}
				cfg.StrictSources = true
			},
		},
		{
			name: "registryApproval", pkgs: []string{"registry"},
			configure: func(cfg *analyzer.Config) {
				cfg.CrossTenant = []analyzer.Approval{{Func: "registry.Purge", Reason: "retention job"}}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			if tt.configure != nil {
				tt.configure(&cfg)
			}
			analysistest.Run(t, analysistest.TestData(), analyzer.New(cfg), tt.pkgs...)
		})
	}
}

func TestResult(t *testing.T) {
	tests := []struct {
		name       string
		pkg        string
		configure  func(*analyzer.Config)
		queries    int
		unresolved int
		unparsed   int
		suppressed int
		// unknownSinkCalls and calls are checked when set.
		unknownSinkCalls int
		calls            map[string]int
		exceptions       []string
		rules            []rule.ID
		// funcs are the findings' enclosing functions, nil to skip.
		funcs []string
	}{
		{
			name: "directivesCountSuppressedAndListExceptions", pkg: "directive",
			queries: 8, unresolved: 4, unparsed: 1, suppressed: 4,
			exceptions: []string{"nightly purge runs for every account", "admin tool lists every account", "the retention job is global by design"},
			rules:      []rule.ID{rule.Directive, rule.Unresolved, rule.Directive, rule.Directive, rule.Directive, rule.Parse},
			funcs: []string{"(*directive.jobs).noReason", "(*directive.jobs).noReason", "(*directive.jobs).stale",
				"(*directive.jobs).unknown", "(*directive.jobs).parseNotSuppressed", "(*directive.jobs).parseNotSuppressed"},
		},
		{
			name: "registryApprovalIsAnException", pkg: "registry",
			configure: func(cfg *analyzer.Config) {
				cfg.CrossTenant = []analyzer.Approval{{Func: "registry.Purge", Reason: "retention job"}}
			},
			queries: 2, suppressed: 1,
			exceptions: []string{"retention job"},
			rules:      []rule.ID{rule.Unscoped},
			funcs:      []string{"registry.notApproved"},
		},
		{
			name: "censusCountsUnknownSinkCalls", pkg: "unknownsink",
			queries: 1, unknownSinkCalls: 3,
			rules: []rule.ID{rule.UnknownSink, rule.UnknownSink},
			calls: map[string]int{"(*github.com/jackc/pgx/v5/pgxpool.Pool).Query": 1},
		},
		{
			name: "censusCountsWrapperCalls", pkg: "trx",
			queries: 5, unresolved: 0,
			rules: []rule.ID{rule.Unresolved, rule.Unscoped, rule.Unscoped, rule.Unscoped},
			calls: map[string]int{
				"(*database/sql.Tx).ExecContext": 2, "(*database/sql.Tx).QueryContext": 1,
				"(*trx.Trx).Execute": 2, "(*trx.Trx).Select": 1, "(*trx.Trx).Annotated": 2,
			},
		},
		{
			// Every run of a squirrel builder is a query: its Exec, Query,
			// QueryRow and Scan methods, sq.QueryWith, and the ToSql shape
			// at the database/sql sink.
			name: "censusCountsSquirrelRuns", pkg: "sqbuilder",
			queries: 34, unresolved: 5,
			rules: []rule.ID{rule.Unscoped, rule.ORScope, rule.ORScope, rule.Unscoped, rule.Unscoped, rule.Insert,
				rule.Unscoped, rule.Unscoped, rule.Unscoped, rule.Unscoped, rule.Unscoped,
				rule.Unresolved, rule.Unresolved, rule.Unresolved, rule.Unscoped, rule.Unscoped, rule.Unresolved,
				rule.Unscoped, rule.Unresolved},
			calls: map[string]int{
				"(*database/sql.DB).Exec": 1, "(*database/sql.DB).QueryContext": 2,
				"(github.com/Masterminds/squirrel.SelectBuilder).Query":           2,
				"(github.com/Masterminds/squirrel.SelectBuilder).QueryContext":    17,
				"(github.com/Masterminds/squirrel.SelectBuilder).QueryRowContext": 1,
				"(github.com/Masterminds/squirrel.InsertBuilder).Exec":            1,
				"(github.com/Masterminds/squirrel.InsertBuilder).ExecContext":     1,
				"(github.com/Masterminds/squirrel.InsertBuilder).Scan":            1,
				"(github.com/Masterminds/squirrel.UpdateBuilder).ExecContext":     3,
				"(github.com/Masterminds/squirrel.DeleteBuilder).ExecContext":     3,
				"github.com/Masterminds/squirrel.QueryWith":                       1,
				"github.com/Masterminds/squirrel.QueryContextWith":                1,
			},
		},
		{
			// Every run of a GORM, bun or goqu chain is a query, and an
			// unresolved one, with no preset on; the directive suppresses
			// one.
			name: "censusCountsORMRuns", pkg: "ormchains",
			queries: 49, unresolved: 49, suppressed: 1,
			exceptions: []string{"the nightly report reads every account"},
			rules:      slices.Repeat([]rule.ID{rule.Unresolved}, 48),
			calls: tally(map[string]int{"(*database/sql.DB).QueryContext": 1},
				"(*gorm.io/gorm.DB).", "First", "First", "Take", "Last", "Find", "Find", "FirstOrInit", "FirstOrCreate",
				"Create", "CreateInBatches", "Save", "Update", "Updates", "UpdateColumn", "UpdateColumns", "Delete",
				"Count", "Pluck", "Scan", "Scan", "Row", "Rows", "FindInBatches", "Exec",
				"(*github.com/uptrace/bun.SelectQuery).", "Scan", "Scan", "Exec", "Count", "ScanAndCount", "Exists", "Rows",
				"(*github.com/uptrace/bun.InsertQuery).", "Exec", "(*github.com/uptrace/bun.UpdateQuery).", "Exec",
				"(*github.com/uptrace/bun.DeleteQuery).", "Scan", "(*github.com/uptrace/bun.TruncateTableQuery).", "Exec",
				"(*github.com/uptrace/bun.RawQuery).", "Scan", "(*github.com/uptrace/bun.DB).", "ExecContext",
				"(*github.com/doug-martin/goqu/v9.SelectDataset).", "ScanStructs", "ScanStructsContext", "ScanStruct",
				"ScanVals", "ScanVal", "Count", "CountContext", "Pluck",
				"(github.com/doug-martin/goqu/v9/exec.QueryExecutor).", "ScanStructs", "Exec", "ExecContext"),
		},
		{
			name: "disabledRuleIsNotReported", pkg: "registry",
			configure: func(cfg *analyzer.Config) {
				cfg.Rules = map[rule.ID]bool{rule.Parse: true}
			},
			queries: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			if tt.configure != nil {
				tt.configure(&cfg)
			}
			a := analyzer.New(cfg)
			results := analysistest.Run(&quiet{T: t}, analysistest.TestData(), a, tt.pkg)
			require.Len(t, results, 1)
			res, ok := results[0].Result.(*analyzer.Result)
			require.True(t, ok)
			assert.Equal(t, tt.queries, res.Queries)
			assert.Equal(t, tt.queries-tt.unresolved-tt.unparsed, res.Checked)
			assert.Equal(t, tt.unparsed, res.Unparsed)
			assert.Equal(t, tt.unresolved, res.Unresolved)
			assert.Equal(t, tt.unknownSinkCalls, res.UnknownSinkCalls)
			if tt.calls != nil {
				assert.Equal(t, tt.calls, res.Calls)
			}
			assert.Equal(t, tt.suppressed, res.Suppressed)
			var reasons []string
			for _, e := range res.Exceptions {
				reasons = append(reasons, e.Reason)
			}
			assert.Equal(t, tt.exceptions, reasons)
			var rules []rule.ID
			for _, f := range res.Findings {
				rules = append(rules, f.Rule)
			}
			assert.Equal(t, tt.rules, rules)
			if tt.funcs != nil {
				var funcs []string
				for _, f := range res.Findings {
					funcs = append(funcs, f.Func)
				}
				assert.Equal(t, tt.funcs, funcs)
			}
		})
	}
}

// tally adds to calls one call of each method, under the receiver named
// by the last argument that ends in ".", as types.Func.FullName prints it.
func tally(calls map[string]int, names ...string) map[string]int {
	recv := ""
	for _, n := range names {
		if strings.HasSuffix(n, ".") {
			recv = n
			continue
		}
		calls[recv+n]++
	}
	return calls
}

// TestSquirrelTextsAreWhatSquirrelSends: a finding on a squirrel builder
// carries the statement squirrel renders, $n numbered under sq.Dollar,
// Where strings AND-ed unparenthesized, sq.Or parenthesized, a slice in
// sq.Eq as IN, Limit as written.
func TestSquirrelTextsAreWhatSquirrelSends(t *testing.T) {
	results := analysistest.Run(&quiet{T: t}, analysistest.TestData(), analyzer.New(testConfig(t)), "sqbuilder")
	require.Len(t, results, 1)
	queries := map[string]string{}
	for _, f := range results[0].Result.(*analyzer.Result).Findings {
		queries[strings.NewReplacer("sqbuilder.", "").Replace(f.Func)] = f.Query
	}
	assert.Equal(t, map[string]string{
		"badSelectBuilderRuns":                            "SELECT id, name FROM trees WHERE id = $1",
		"badOrLeak":                                       "SELECT id FROM trees WHERE (account_id = $1 OR name = $2)",
		"badWhereStringsAreNotParenthesized":              "SELECT id FROM trees WHERE name = $1 OR name IS NULL AND account_id = $2",
		"badTenantOnOneBranch":                            "SELECT id FROM trees ORDER BY name LIMIT 10",
		"badLeftJoinPreservedSide":                        "SELECT n.label FROM nodes n LEFT JOIN trees t ON t.id = n.tree_id AND t.account_id = $1",
		"badInsertWithoutKey":                             "INSERT INTO trees (name) VALUES ($1)",
		"badUpdateWithoutKey":                             "UPDATE trees SET name = $1 WHERE id = $2",
		"badDeleteWithoutKey":                             "DELETE FROM trees WHERE id IN ($1)",
		"badToSQL":                                        "SELECT id FROM trees WHERE id = $1",
		"badQuestionPlaceholders":                         "SELECT id FROM trees WHERE name =$1",
		"badQueryWith":                                    "SELECT id FROM trees WHERE id < $1",
		"unresolvedCondition":                             "",
		"unresolvedMethod":                                "",
		"unresolvedBuilderParameter":                      "",
		"(*store).badThroughStoreBuilder":                 "SELECT id FROM trees WHERE id = $1",
		"(*store).badConditionVariableOnOneBranch":        "SELECT name FROM trees WHERE id = $1",
		"(*store).unresolvedConditionWrittenThroughIndex": "",
		"badHelperResults":                                "SELECT id FROM trees",
		"unresolvedHelperReassigns":                       "",
	}, queries)
}

// quiet lets TestResult reuse the packages of TestAnalyzer under another
// configuration without re-checking their want comments.
type quiet struct{ *testing.T }

func (*quiet) Errorf(string, ...any) {}

// TestAnalyzerDocAndURLFromCatalogue: go vet and golangci-lint users get
// the rule reference's address and every rule's summary.
func TestAnalyzerDocAndURLFromCatalogue(t *testing.T) {
	a := analyzer.New(analyzer.DefaultConfig())
	assert.Equal(t, rule.DocURL, a.URL)
	assert.True(t, strings.HasPrefix(a.Doc, "report SQL that is not confined to one tenant\n\n"), a.Doc)
	for _, r := range rule.All {
		assert.Contains(t, a.Doc, string(r.ID)+"  ")
		assert.Contains(t, a.Doc, r.Summary)
	}
}

// TestRelatedPointsAtAssignments: a finding on SQL read from a variable
// points at the assignments that built the texts it holds in, as related
// information, and at nothing when the SQL argument is not a variable.
func TestRelatedPointsAtAssignments(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), analyzer.New(testConfig(t)), "related")
	require.Len(t, results, 1)
	pass := results[0].Pass
	related := map[int][]int{}
	for _, d := range results[0].Diagnostics {
		line := pass.Fset.Position(d.Pos).Line
		related[line] = []int{}
		for _, r := range d.Related {
			assert.Equal(t, "the query is assigned here", r.Message)
			related[line] = append(related[line], pass.Fset.Position(r.Pos).Line)
		}
	}
	assert.Equal(t, map[int][]int{19: {17}, 30: {23, 28}, 35: {}, 42: {41}}, related)
}

// TestSuggestedFixes applies the fixes offered: a directive that
// suppresses nothing is removed, and an OR that escapes a wrapper's tenant
// conjunct is parenthesized when that makes the query scoped.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.New(testConfig(t)), "fixes")
}

// TestFindingQueryIsTextPostgreSQLAccepts: the query a finding carries (the
// JSON query field) is a text PostgreSQL parses, run-time integers
// standing as 1, never one that is not sent and does not parse.
func TestFindingQueryIsTextPostgreSQLAccepts(t *testing.T) {
	cfg := testConfig(t)
	results := analysistest.Run(t, analysistest.TestData(), analyzer.New(cfg), "sprintf")
	require.Len(t, results, 1)
	res := results[0].Result.(*analyzer.Result)
	checker := scope.New(cfg.Schema, cfg.Scope)
	queries := map[string]bool{}
	for _, f := range res.Findings {
		if f.Query == "" {
			continue
		}
		queries[f.Query] = true
		for _, pf := range checker.Check(f.Query).Findings {
			assert.NotEqual(t, rule.Parse, pf.Rule, "%q does not parse: %s", f.Query, pf.Message)
		}
	}
	assert.True(t, queries["SELECT title FROM sessions LIMIT $1 OFFSET $1"], "queries: %v", queries)
	assert.True(t, queries["SELECT name FROM trees WHERE account_id = 1"], "queries: %v", queries)
}
