package scope

import (
	"os"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// want is one expected finding, compared on what a reviewer reads first: the
// rule, the table and the alias of the reference.
type want struct {
	rule  rule.ID
	table string
	alias string
}

// unscoped, orScope and insertOn build expectations tersely.
func unscoped(table, alias string) want { return want{rule.Unscoped, table, alias} }
func orScope(table, alias string) want  { return want{rule.ORScope, table, alias} }
func insertOn(table string) want        { return want{rule.Insert, table, ""} }

// testChecker loads testdata/schema.sql with templates marked as having shared
// rows, and returns a checker with the default tenant-context expressions.
func testChecker(t testing.TB) *Checker {
	t.Helper()
	return New(testSchema(t, schema.Options{SharedRows: []string{"templates"}}), DefaultOptions())
}

// testSchema loads testdata/schema.sql with opts.
func testSchema(t testing.TB, opts schema.Options) *schema.Schema {
	t.Helper()
	src, err := os.ReadFile("testdata/schema.sql")
	require.NoError(t, err)
	s, err := schema.LoadSQL("testdata/schema.sql", string(src), opts)
	require.NoError(t, err)
	return s
}

// checkCases is the spec-derived table: every expectation comes from
// tenant-scope.md sections 2 and 3, not from the implementation. Cases whose
// verdict the spec leaves open carry a "decision:" comment.
var checkCases = []struct {
	name string
	sql  string
	want []want
}{
	// Section 2.1: direct predicates.
	{name: "okEqualsParam", sql: `SELECT id FROM trees WHERE account_id = $1`},
	{name: "okEqualsParamQualifiedByAlias", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1`},
	{name: "okEqualsParamQualifiedByTableName", sql: `SELECT trees.id FROM trees WHERE trees.account_id = $1`},
	{name: "okSchemaQualifiedTable", sql: `SELECT id FROM public.trees WHERE account_id = $1`},
	{name: "okEqualsParamReversed", sql: `SELECT t.id FROM trees t WHERE $1 = t.account_id`},
	{name: "okConjunctAmongOthers", sql: `SELECT t.id FROM trees t WHERE t.name = $2 AND t.account_id = $1 AND t.id = $3`},
	{name: "okConjunctNestedAndParentheses", sql: `SELECT t.id FROM trees t WHERE (t.id = $2 AND (t.account_id = $1))`},
	{name: "okParenthesizedOperands", sql: `SELECT t.id FROM trees t WHERE (t.account_id) = ($1)`},
	{name: "okInListAllParams", sql: `SELECT t.id FROM trees t WHERE t.account_id IN ($1, $2)`},
	{name: "okInListSingleParam", sql: `SELECT t.id FROM trees t WHERE t.account_id IN ($1)`},
	{name: "okInListCastParams", sql: `SELECT t.id FROM trees t WHERE t.account_id IN ($1::uuid, $2::uuid)`},
	{name: "okEqualsAnyParam", sql: `SELECT t.id FROM trees t WHERE t.account_id = ANY($1)`},
	{name: "okEqualsAnyCastParam", sql: `SELECT t.id FROM trees t WHERE t.account_id = ANY($1::uuid[])`},
	{name: "okCastParam", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1::uuid`},
	{name: "okCastParamFunctionSyntax", sql: `SELECT t.id FROM trees t WHERE t.account_id = CAST($1 AS uuid)`},
	{name: "okCurrentSettingCast", sql: `SELECT t.id FROM trees t WHERE t.account_id = current_setting('app.account_id')::uuid`},
	{name: "okCurrentSettingAnyAppName", sql: `SELECT t.id FROM trees t WHERE t.account_id = current_setting('app.tenant')::uuid`},
	{name: "okCurrentSettingUncast", sql: `SELECT t.id FROM trees t WHERE t.account_id = current_setting('app.account_id')`},
	// decision: the missing_ok argument does not change what the setting holds.
	{name: "okCurrentSettingMissingOk", sql: `SELECT t.id FROM trees t WHERE t.account_id = current_setting('app.account_id', true)::uuid`},
	{name: "okCurrentSettingInList", sql: `SELECT t.id FROM trees t WHERE t.account_id IN (current_setting('app.account_id')::uuid, $1)`},
	{name: "okUserKeyOnSessions", sql: `SELECT id FROM sessions WHERE user_id = $1`},
	{name: "okEitherKeyOnTwoKeyTableUser", sql: `SELECT id FROM ai_sessions WHERE user_id = $1`},
	{name: "okEitherKeyOnTwoKeyTableAccount", sql: `SELECT id FROM ai_sessions WHERE account_id = $1`},
	{name: "okUnqualifiedKeyBelongsToOnlyTableWithIt", sql: `SELECT t.id FROM trees t JOIN nodes n ON n.tree_id = t.id WHERE account_id = $1`},
	{name: "okSelectForUpdate", sql: `SELECT id FROM trees WHERE account_id = $1 FOR UPDATE`},
	{name: "okDistinctOrderLimit", sql: `SELECT DISTINCT name FROM trees WHERE account_id = $1 ORDER BY name LIMIT 10 OFFSET $2`},
	{name: "okAggregateWithScope", sql: `SELECT account_id, count(*) FROM trees WHERE account_id = $1 GROUP BY account_id`},
	{name: "badNoWhere", sql: `SELECT id FROM trees`, want: []want{unscoped("trees", "")}},
	{name: "badSchemaQualifiedTable", sql: `SELECT id FROM public.trees`, want: []want{unscoped("trees", "")}},
	{name: "badWhereOnNonKey", sql: `SELECT t.id FROM trees t WHERE t.id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badInequality", sql: `SELECT t.id FROM trees t WHERE t.account_id <> $1`, want: []want{unscoped("trees", "t")}},
	{name: "badGreaterOrEqual", sql: `SELECT t.id FROM trees t WHERE t.account_id >= $1`, want: []want{unscoped("trees", "t")}},
	{name: "badInListLiteralElement", sql: `SELECT t.id FROM trees t WHERE t.account_id IN ($1, '00000000-0000-0000-0000-000000000001')`, want: []want{unscoped("trees", "t")}},
	{name: "badInListColumnElement", sql: `SELECT t.id FROM trees t WHERE t.account_id IN ($1, t.id)`, want: []want{unscoped("trees", "t")}},
	// decision: nullif(V, '') is V or NULL, and NULL equals no key.
	{name: "okCurrentSettingUnderNullif", sql: `SELECT t.id FROM trees t WHERE t.account_id = nullif(current_setting('app.account_id', true), '')::uuid`},
	{name: "okParamUnderNullif", sql: `SELECT t.id FROM trees t WHERE t.account_id = nullif($1, '')::uuid`},
	// decision: (SELECT V) is V, as policies write it to evaluate the
	// setting once (saas-core's migrations).
	{name: "okCurrentSettingInScalarSubquery", sql: `SELECT t.id FROM trees t WHERE t.account_id = (SELECT current_setting('app.account_id'))::uuid`},
	{name: "okParamInScalarSubquery", sql: `SELECT t.id FROM trees t WHERE t.account_id = (SELECT $1::uuid)`},
	{name: "badScalarSubqueryWithFrom", sql: `SELECT t.id FROM trees t WHERE t.account_id = (SELECT current_setting('app.account_id')::uuid FROM holidays)`, want: []want{unscoped("trees", "t")}},
	{name: "badScalarSubqueryOfLiteral", sql: `SELECT t.id FROM trees t WHERE t.account_id = (SELECT '7'::uuid)`, want: []want{unscoped("trees", "t")}},
	{name: "badNullifOfLiteral", sql: `SELECT t.id FROM trees t WHERE t.account_id = nullif('7', $1)::uuid`, want: []want{unscoped("trees", "t")}},
	{name: "badCurrentSettingOtherNamespace", sql: `SELECT t.id FROM trees t WHERE t.account_id = current_setting('other.x')::uuid`, want: []want{unscoped("trees", "t")}},
	// decision: a setting name the caller chooses is not a tenant context.
	{name: "badCurrentSettingNonLiteralName", sql: `SELECT t.id FROM trees t WHERE t.account_id = current_setting($2)::uuid`, want: []want{unscoped("trees", "t")}},
	{name: "badOtherFunctionCall", sql: `SELECT t.id FROM trees t WHERE t.account_id = gen_random_uuid()`, want: []want{unscoped("trees", "t")}},
	// decision: an expression over a parameter is not a bind parameter.
	{name: "badCoalesceParam", sql: `SELECT t.id FROM trees t WHERE t.account_id = coalesce($1, t.account_id)`, want: []want{unscoped("trees", "t")}},
	// decision: an unqualified key column that two tables in scope have (an
	// error in PostgreSQL) belongs to neither.
	{name: "badUnqualifiedKeyAmbiguous", sql: `SELECT t.id FROM trees t JOIN users u ON u.account_id = t.account_id WHERE account_id = $1`, want: []want{unscoped("trees", "t"), unscoped("users", "u")}},
	// decision: a key compared with an uncorrelated scalar subquery is not
	// compared with a bind parameter, and the subquery is checked on its own.
	{name: "badKeyEqualsScalarSubquery", sql: `SELECT t.id FROM trees t WHERE t.account_id = (SELECT u.account_id FROM users u WHERE u.id = $1)`, want: []want{unscoped("trees", "t"), unscoped("users", "u")}},

	// Section 2, predicates that never scope a reference.
	{name: "badKeyEqualsKey", sql: `SELECT t.id FROM trees t WHERE t.account_id = t.account_id`, want: []want{unscoped("trees", "t")}},
	{name: "badKeyIsNotNull", sql: `SELECT t.id FROM trees t WHERE t.account_id IS NOT NULL`, want: []want{unscoped("trees", "t")}},
	{name: "badKeyEqualsLiteral", sql: `SELECT t.id FROM trees t WHERE t.account_id = '00000000-0000-0000-0000-000000000001'`, want: []want{unscoped("trees", "t")}},
	{name: "badKeyEqualsCastLiteral", sql: `SELECT t.id FROM trees t WHERE t.account_id = '00000000-0000-0000-0000-000000000001'::uuid`, want: []want{unscoped("trees", "t")}},
	{name: "badKeyEqualsColumnOfUnscopedReference", sql: `SELECT t.id FROM trees t JOIN users u ON u.id = $2 WHERE t.account_id = u.account_id`, want: []want{unscoped("trees", "t"), unscoped("users", "u")}},
	{name: "badPredicateInLineComment", sql: "SELECT id FROM trees -- WHERE account_id = $1\n", want: []want{unscoped("trees", "")}},
	{name: "badPredicateInBlockComment", sql: `SELECT id FROM trees /* WHERE account_id = $1 */ WHERE name = $1`, want: []want{unscoped("trees", "")}},
	{name: "badPredicateInStringLiteral", sql: `SELECT id FROM trees WHERE name = 'account_id = $1'`, want: []want{unscoped("trees", "")}},
	{name: "badKeyOnlyInSelectList", sql: `SELECT account_id, id FROM trees`, want: []want{unscoped("trees", "")}},
	{name: "badKeyOnlyInOrderBy", sql: `SELECT id FROM trees ORDER BY account_id`, want: []want{unscoped("trees", "")}},
	{name: "badKeyOnlyInGroupBy", sql: `SELECT account_id, count(*) FROM trees GROUP BY account_id`, want: []want{unscoped("trees", "")}},
	// decision: HAVING is neither WHERE nor ON (section 2.1 names only those).
	{name: "badKeyOnlyInHaving", sql: `SELECT account_id, count(*) FROM trees GROUP BY account_id HAVING account_id = $1`, want: []want{unscoped("trees", "")}},
	{name: "badKeyInsideCase", sql: `SELECT t.id FROM trees t WHERE CASE WHEN t.account_id = $1 THEN true ELSE true END`, want: []want{unscoped("trees", "t")}},
	{name: "badKeyInsideFunctionArgument", sql: `SELECT t.id FROM trees t WHERE coalesce(t.account_id = $1, true)`, want: []want{unscoped("trees", "t")}},

	// Section 2: OR and NOT.
	{name: "okOrSameKeyTwoParams", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 OR t.account_id = $2`},
	{name: "okOrSameKeyUnderAnd", sql: `SELECT t.id FROM trees t WHERE t.id = $3 AND (t.account_id = $1 OR t.account_id = $2)`},
	{name: "okOrSameKeyMixedForms", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 OR t.account_id = ANY($2) OR t.account_id IN ($3, $4)`},
	{name: "okOrElsewhereButDirectConjunct", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND (t.account_id = $2 OR t.name = $3)`},
	{name: "okOptionalFilterOnNonKey", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND ($2::text IS NULL OR t.name = $2)`},
	{name: "badOrWithNonKey", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 OR t.name = $2`, want: []want{orScope("trees", "t")}},
	{name: "badOrSeedLeak", sql: `SELECT id, title FROM ai_sessions WHERE user_id = $1 OR title ILIKE $2`, want: []want{orScope("ai_sessions", "")}},
	// decision: two different key columns under OR may name two tenants.
	{name: "badOrDifferentKeyColumns", sql: `SELECT id FROM ai_sessions WHERE user_id = $1 OR account_id = $2`, want: []want{orScope("ai_sessions", "")}},
	{name: "badOrWithTrue", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 OR true`, want: []want{orScope("trees", "t")}},
	{name: "badOptionalFilterOnKey", sql: `SELECT t.id FROM trees t WHERE ($1::uuid IS NULL OR t.account_id = $1)`, want: []want{orScope("trees", "t")}},
	{name: "badOrArmsOnTwoReferences", sql: `SELECT t.id FROM trees t JOIN users u ON u.account_id = t.account_id WHERE t.account_id = $1 OR u.account_id = $1`, want: []want{orScope("trees", "t"), orScope("users", "u")}},
	{name: "badOrTwiceOneFinding", sql: `SELECT t.id FROM trees t WHERE (t.account_id = $1 OR t.name = $2) AND (t.account_id = $3 OR t.id = $4)`, want: []want{orScope("trees", "t")}},
	{name: "badOrInsideOnClause", sql: `SELECT t.id FROM trees t JOIN nodes n ON n.tree_id = t.id AND (t.account_id = $1 OR n.title = $2)`, want: []want{orScope("trees", "t"), unscoped("nodes", "n")}},
	{name: "okSharedRowsForm", sql: `SELECT id FROM templates WHERE account_id = $1 OR account_id IS NULL`},
	{name: "okSharedRowsFormReversedArms", sql: `SELECT id FROM templates WHERE account_id IS NULL OR account_id = $1`},
	{name: "okSharedRowsFormUnderAnd", sql: `SELECT tp.id FROM templates tp WHERE tp.title = $2 AND (tp.account_id = $1 OR tp.account_id IS NULL)`},
	{name: "badSharedRowsFormOnTableWithoutSharedRows", sql: `SELECT id FROM trees WHERE account_id = $1 OR account_id IS NULL`, want: []want{orScope("trees", "")}},
	{name: "badSharedRowsFormExtraArm", sql: `SELECT id FROM templates WHERE account_id = $1 OR account_id IS NULL OR title = $2`, want: []want{orScope("templates", "")}},
	// decision: an arm that ANDs key IS NULL with anything admits a subset
	// of the shared rows (fider's tenant_id = $2 OR ($2 IS NULL AND
	// tenant_id IS NULL)).
	{name: "okSharedRowsNullArmUnderAnd", sql: `SELECT id FROM templates WHERE account_id = $1 OR ($1 IS NULL AND account_id IS NULL)`},
	{name: "badSharedRowsNullArmUnderAndOnTableWithoutSharedRows", sql: `SELECT id FROM trees WHERE account_id = $1 OR ($1 IS NULL AND account_id IS NULL)`, want: []want{orScope("trees", "")}},
	{name: "badSharedRowsNullArmUnderOr", sql: `SELECT id FROM templates WHERE account_id = $1 OR ($1 IS NULL OR account_id IS NULL)`, want: []want{orScope("templates", "")}},
	{name: "badSharedRowsNullOnOtherColumn", sql: `SELECT id FROM templates WHERE account_id = $1 OR title IS NULL`, want: []want{orScope("templates", "")}},
	// decision: only the OR form is a scope; IS NULL alone is no tenant predicate.
	{name: "badSharedRowsIsNullAlone", sql: `SELECT id FROM templates WHERE account_id IS NULL`, want: []want{unscoped("templates", "")}},
	{name: "badNotEquals", sql: `SELECT t.id FROM trees t WHERE NOT (t.account_id = $1)`, want: []want{unscoped("trees", "t")}},
	{name: "badNotIn", sql: `SELECT t.id FROM trees t WHERE t.account_id NOT IN ($1)`, want: []want{unscoped("trees", "t")}},
	// decision: the spec says under NOT a predicate scopes nothing, double
	// negation included.
	{name: "badDoubleNot", sql: `SELECT t.id FROM trees t WHERE NOT NOT (t.account_id = $1)`, want: []want{unscoped("trees", "t")}},
	// decision: a same-key OR under NOT is under NOT, so unscoped, not or-scope.
	{name: "badNotOverSameKeyOr", sql: `SELECT t.id FROM trees t WHERE NOT (t.account_id = $1 OR t.account_id = $2)`, want: []want{unscoped("trees", "t")}},

	// Section 2.2: join propagation.
	{name: "okJoinOnForeignKeyParentScoped", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.tree_id = t.id WHERE t.account_id = $1`},
	{name: "okJoinOnForeignKeyReversedEquality", sql: `SELECT n.title FROM trees t JOIN nodes n ON t.id = n.tree_id WHERE t.account_id = $1`},
	{name: "okJoinOnForeignKeyChildScoped", sql: `SELECT t.name FROM sessions s JOIN trees t ON t.id = s.tree_id WHERE s.user_id = $1`},
	{name: "okJoinOnForeignKeyInWhere", sql: `SELECT n.title FROM trees t, nodes n WHERE n.tree_id = t.id AND t.account_id = $1`},
	{name: "okJoinOnForeignKeyWithExtraCondition", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.tree_id = t.id AND n.title <> '' WHERE t.account_id = $1`},
	{name: "okJoinScopedInOnClause", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.tree_id = t.id AND t.account_id = $1`},
	{name: "okJoinSameParentColumns", sql: `SELECT st.was_helpful FROM session_ratings sr JOIN step_ratings st ON st.session_id = sr.session_id WHERE sr.account_id = $1`},
	{name: "okJoinSameParentTreeID", sql: `SELECT n.title FROM sessions s JOIN nodes n ON n.tree_id = s.tree_id WHERE s.user_id = $1`},
	{name: "okJoinSharedAccountKey", sql: `SELECT sl.title FROM trees t JOIN step_library sl ON sl.account_id = t.account_id WHERE t.account_id = $1`},
	{name: "okJoinSharedUserKey", sql: `SELECT a.title FROM sessions s JOIN ai_sessions a ON a.user_id = s.user_id WHERE s.user_id = $1`},
	{name: "okJoinForeignKeyToUsers", sql: `SELECT s.id FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.account_id = $1`},
	{name: "okJoinStepLibraryToRatings", sql: `SELECT sr.was_helpful FROM step_library sl JOIN step_ratings sr ON sr.step_id = sl.id WHERE sl.account_id = $1`},
	// decision: USING (col) is the equality l.col = r.col.
	{name: "okJoinUsingSharedKey", sql: `SELECT t.name FROM trees t JOIN step_library sl USING (account_id) WHERE sl.account_id = $1`},
	// decision: an unqualified column that USING merged is the join's one
	// merged column, as PostgreSQL reads it: the left side's in an inner or
	// left join, the right side's in a right join (flipt's rules JOIN
	// variants USING (namespace_key) JOIN flags USING (namespace_key)).
	{name: "okJoinUsingUnqualifiedMergedKey", sql: `SELECT t.name FROM trees t JOIN step_library sl USING (account_id) WHERE account_id = $1`},
	{name: "okJoinUsingChainUnqualifiedMergedKey", sql: `SELECT t.name FROM trees t JOIN step_library sl USING (account_id) JOIN users u USING (account_id) WHERE account_id = $1`},
	{name: "okJoinUsingChainQualifiedFirst", sql: `SELECT t.name FROM trees t JOIN step_library sl USING (account_id) JOIN users u USING (account_id) WHERE t.account_id = $1`},
	{name: "okLeftJoinUsingMergedKeyIsLeft", sql: `SELECT t.name FROM trees t LEFT JOIN step_library sl USING (account_id) WHERE account_id = $1`},
	{name: "okRightJoinUsingMergedKeyIsRight", sql: `SELECT t.name FROM trees t RIGHT JOIN step_library sl USING (account_id) WHERE account_id = $1`},
	{name: "okNaturalJoinUnqualifiedMergedKey", sql: `SELECT 1 FROM (SELECT account_id, name FROM trees) t NATURAL JOIN (SELECT account_id, title FROM step_library) sl WHERE account_id = $1`},
	// decision: a full join's merged column is COALESCE of both sides, which
	// the rules do not read: conservative, both sides stay unscoped.
	{name: "badFullJoinUsingMergedKey", sql: `SELECT 1 FROM trees t FULL JOIN step_library sl USING (account_id) WHERE account_id = $1`, want: []want{unscoped("trees", "t"), unscoped("step_library", "sl")}},
	{name: "badJoinUsingMergedKeyUnderOr", sql: `SELECT 1 FROM trees t JOIN step_library sl USING (account_id) WHERE account_id = $1 OR t.name = ''`, want: []want{orScope("trees", "t"), unscoped("step_library", "sl")}},
	// decision: a column alias list on a table renames its columns in
	// order, as PostgreSQL does: trees AS t (id, acc, account_id) calls
	// trees.name account_id, and the real key acc.
	{name: "badTableColumnAliasRenamesKey", sql: `SELECT 1 FROM trees AS t (id, acc, account_id) WHERE t.account_id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badTableColumnAliasRenamesKeyUnqualified", sql: `SELECT 1 FROM trees AS t (id, acc, account_id) WHERE account_id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badJoinUsingRenamedColumn", sql: `SELECT 1 FROM users u JOIN trees AS t (id, acc, account_id) USING (account_id) WHERE u.account_id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "okTableColumnAliasKeepsKey", sql: `SELECT 1 FROM trees AS t (tid, acc) WHERE t.acc = $1 AND t.name = ''`},
	{name: "okTableColumnAliasUsingRenamedKey", sql: `SELECT 1 FROM users u JOIN trees AS t (tid, account_id) USING (account_id) WHERE account_id = $1`},
	{name: "okChainSessionsTrees", sql: `SELECT sr.rating FROM trees t JOIN sessions s ON s.tree_id = t.id JOIN session_ratings sr ON sr.session_id = s.id WHERE t.account_id = $1`},
	{name: "okChainNodeNotesNodesTrees", sql: `SELECT nn.body FROM node_notes nn JOIN nodes n ON n.id = nn.node_id JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $1`},
	{name: "okChainCommaJoinsAnyOrder", sql: `SELECT nn.body FROM nodes n, node_notes nn, trees t WHERE nn.node_id = n.id AND n.tree_id = t.id AND t.account_id = $1`},
	{name: "okJoinNestedParentheses", sql: `SELECT nn.body FROM trees t JOIN (nodes n JOIN node_notes nn ON nn.node_id = n.id) ON n.tree_id = t.id WHERE t.account_id = $1`},
	{name: "okCrossJoinBothScoped", sql: `SELECT 1 FROM trees t CROSS JOIN step_library sl WHERE t.account_id = $1 AND sl.account_id = $1`},
	{name: "okSelfJoinSharedKey", sql: `SELECT b.name FROM trees a JOIN trees b ON b.account_id = a.account_id WHERE a.account_id = $1`},
	{name: "okJoinGlobalTable", sql: `SELECT c.name FROM users u JOIN countries c ON c.code = u.country_code WHERE u.account_id = $1`},
	// decision: a row of a global table selected by a unique key compared
	// with tenant values is pinned like its id (soft-serve's repos.name).
	{name: "okKeyJoinedToGlobalRowFoundByUniqueColumn", sql: `SELECT t.name FROM trees t JOIN accounts a ON a.id = t.account_id WHERE a.slug = $1`},
	{name: "badGlobalRowFoundByColumnThatIsNotUnique", sql: `SELECT t.name FROM trees t JOIN accounts a ON a.id = t.account_id WHERE a.name = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badUniqueColumnUnderOr", sql: `SELECT t.name FROM trees t JOIN accounts a ON a.id = t.account_id WHERE (a.slug = $1 OR a.name = $2)`, want: []want{unscoped("trees", "t")}},
	{name: "badUniqueColumnComparedWithLiteral", sql: `SELECT t.name FROM trees t JOIN accounts a ON a.id = t.account_id WHERE a.slug = 'acme'`, want: []want{unscoped("trees", "t")}},
	{name: "okJoinAccountsGlobal", sql: `SELECT a.name FROM trees t JOIN accounts a ON a.id = t.account_id WHERE t.account_id = $1`},
	{name: "badJoinOnNonForeignKey", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.title = t.name WHERE t.account_id = $1`, want: []want{unscoped("nodes", "n")}},
	{name: "badJoinOnForeignKeyNeitherScoped", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.tree_id = t.id`, want: []want{unscoped("trees", "t"), unscoped("nodes", "n")}},
	{name: "badJoinIDToID", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.id = t.id WHERE t.account_id = $1`, want: []want{unscoped("nodes", "n")}},
	{name: "badJoinForeignKeyColumnToWrongTable", sql: `SELECT n.title FROM sessions s JOIN nodes n ON n.tree_id = s.id WHERE s.user_id = $1`, want: []want{unscoped("nodes", "n")}},
	{name: "badJoinDifferentKeyColumns", sql: `SELECT a.title FROM sessions s JOIN ai_sessions a ON a.account_id = s.user_id WHERE s.user_id = $1`, want: []want{unscoped("ai_sessions", "a")}},
	{name: "badChainBrokenLink", sql: `SELECT nn.body FROM node_notes nn JOIN nodes n ON n.id = nn.node_id JOIN trees t ON t.name = n.title WHERE t.account_id = $1`, want: []want{unscoped("nodes", "n"), unscoped("node_notes", "nn")}},
	{name: "badChildTableByForeignKeyParam", sql: `SELECT body FROM node_notes WHERE node_id = $1`, want: []want{unscoped("node_notes", "")}},
	{name: "badChildTableAlone", sql: `SELECT title FROM nodes WHERE tree_id = $1`, want: []want{unscoped("nodes", "")}},
	{name: "badCrossJoinOneUnscoped", sql: `SELECT 1 FROM trees t CROSS JOIN step_library sl WHERE t.account_id = $1`, want: []want{unscoped("step_library", "sl")}},
	{name: "badTwoUnscopedReferences", sql: `SELECT 1 FROM trees t JOIN step_library sl ON true`, want: []want{unscoped("trees", "t"), unscoped("step_library", "sl")}},
	{name: "badSelfJoinBothUnscoped", sql: `SELECT a.id FROM trees a JOIN trees b ON b.name = a.name`, want: []want{unscoped("trees", "a"), unscoped("trees", "b")}},
	{name: "badSelfJoinOneScoped", sql: `SELECT a.id FROM trees a JOIN trees b ON b.name = a.name WHERE a.account_id = $1`, want: []want{unscoped("trees", "b")}},
	// decision: a join equality under OR is no join, and nodes has no key of
	// its own, so the finding is unscoped rather than or-scope.
	{name: "badJoinForeignKeyUnderOr", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.tree_id = t.id OR n.title = t.name WHERE t.account_id = $1`, want: []want{unscoped("nodes", "n")}},

	// Section 2, outer joins.
	{name: "badLeftJoinPreservedSide", sql: `SELECT t.id FROM trees t LEFT JOIN step_library sl ON sl.account_id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "okLeftJoinNullableScopedByOn", sql: `SELECT n.title FROM trees t LEFT JOIN nodes n ON n.tree_id = t.id WHERE t.account_id = $1`},
	{name: "okLeftJoinNullableSharedKey", sql: `SELECT sl.title FROM trees t LEFT JOIN step_library sl ON sl.account_id = t.account_id WHERE t.account_id = $1`},
	{name: "okLeftJoinNullableOwnPredicate", sql: `SELECT sl.title FROM trees t LEFT JOIN step_library sl ON sl.account_id = $1 AND sl.title = t.name WHERE t.account_id = $1`},
	{name: "okLeftJoinChain", sql: `SELECT nn.body FROM trees t LEFT JOIN nodes n ON n.tree_id = t.id LEFT JOIN node_notes nn ON nn.node_id = n.id WHERE t.account_id = $1`},
	{name: "badLeftJoinOnPredicateOnPreservedSide", sql: `SELECT n.title FROM trees t LEFT JOIN nodes n ON n.tree_id = t.id AND t.account_id = $1`, want: []want{unscoped("trees", "t"), unscoped("nodes", "n")}},
	{name: "badLeftJoinNullableUnscoped", sql: `SELECT sl.title FROM trees t LEFT JOIN step_library sl ON sl.title = t.name WHERE t.account_id = $1`, want: []want{unscoped("step_library", "sl")}},
	{name: "badLeftJoinOnSharedKeyScopesNullableOnly", sql: `SELECT sl.title FROM step_library sl LEFT JOIN trees t ON t.account_id = sl.account_id AND t.account_id = $1`, want: []want{unscoped("step_library", "sl")}},
	{name: "okLeftJoinWhereNullRejectingKeyMakesInner", sql: `SELECT sl.title FROM step_library sl LEFT JOIN trees t ON t.account_id = sl.account_id WHERE t.account_id = $1`},
	// decision: as in PostgreSQL's planner, any strict WHERE conjunct on the
	// nullable side rejects its NULLs, a key predicate or not.
	{name: "okLeftJoinWhereNullRejectingNonKeyMakesInner", sql: `SELECT sl.title FROM step_library sl LEFT JOIN trees t ON t.account_id = sl.account_id AND t.account_id = $1 WHERE t.name = $2`},
	{name: "badLeftJoinWhereIsNullKeepsOuter", sql: `SELECT sl.title FROM step_library sl LEFT JOIN trees t ON t.account_id = sl.account_id AND t.account_id = $1 WHERE t.id IS NULL`, want: []want{unscoped("step_library", "sl")}},
	{name: "badLeftJoinWhereOrWithIsNullKeepsOuter", sql: `SELECT sl.title FROM step_library sl LEFT JOIN trees t ON t.account_id = sl.account_id AND t.account_id = $1 WHERE t.name = $2 OR t.id IS NULL`, want: []want{unscoped("step_library", "sl")}},
	{name: "okRightJoinMirror", sql: `SELECT n.title FROM nodes n RIGHT JOIN trees t ON n.tree_id = t.id WHERE t.account_id = $1`},
	{name: "badRightJoinPreservedSide", sql: `SELECT t.id FROM step_library sl RIGHT JOIN trees t ON sl.account_id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badRightJoinOnPredicateOnPreservedSide", sql: `SELECT n.title FROM nodes n RIGHT JOIN trees t ON n.tree_id = t.id AND t.account_id = $1`, want: []want{unscoped("trees", "t"), unscoped("nodes", "n")}},
	{name: "okRightJoinWhereNullRejectingMakesInner", sql: `SELECT sl.title FROM trees t RIGHT JOIN step_library sl ON t.account_id = sl.account_id WHERE t.account_id = $1`},
	{name: "badFullJoinBothPreserved", sql: `SELECT 1 FROM trees t FULL JOIN step_library sl ON sl.account_id = t.account_id AND t.account_id = $1 AND sl.account_id = $1`, want: []want{unscoped("trees", "t"), unscoped("step_library", "sl")}},
	{name: "okFullJoinBothScopedInWhere", sql: `SELECT 1 FROM trees t FULL JOIN step_library sl ON sl.account_id = t.account_id WHERE t.account_id = $1 AND sl.account_id = $1`},
	{name: "okFullJoinWhereRejectsNullsOfOneSide", sql: `SELECT 1 FROM trees t FULL JOIN step_library sl ON sl.account_id = t.account_id WHERE t.account_id = $1`},

	// Section 2.2: subqueries, inward.
	{name: "okExistsCorrelatedForeignKey", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id)`},
	{name: "okScalarSubqueryInSelectList", sql: `SELECT t.id, (SELECT count(*) FROM nodes n WHERE n.tree_id = t.id) FROM trees t WHERE t.account_id = $1`},
	{name: "okScalarSubqueryInWhere", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND (SELECT count(*) FROM nodes n WHERE n.tree_id = t.id) > 3`},
	{name: "okEqualsAnySubqueryInward", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.name = ANY (SELECT n.title FROM nodes n WHERE n.tree_id = t.id)`},
	{name: "okLateralInward", sql: `SELECT t.id, x.c FROM trees t, LATERAL (SELECT count(*) AS c FROM nodes n WHERE n.tree_id = t.id) x WHERE t.account_id = $1`},
	{name: "okLeftJoinLateralInward", sql: `SELECT t.id, x.title FROM trees t LEFT JOIN LATERAL (SELECT n.title FROM nodes n WHERE n.tree_id = t.id ORDER BY n.title LIMIT 1) x ON true WHERE t.account_id = $1`},
	{name: "okInwardTwoLevels", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id AND EXISTS (SELECT 1 FROM node_notes nn WHERE nn.node_id = n.id))`},
	{name: "okInwardUnderOr", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND (t.name = $2 OR EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id))`},
	{name: "okInwardUnderNot", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND NOT EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id)`},
	{name: "okInwardSharedKey", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND EXISTS (SELECT 1 FROM step_library sl WHERE sl.account_id = t.account_id AND sl.title = t.name)`},
	{name: "badExistsUncorrelatedChild", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND EXISTS (SELECT 1 FROM nodes n WHERE n.title = $2)`, want: []want{unscoped("nodes", "n")}},
	{name: "badExistsCorrelatedToUnscopedOuter", sql: `SELECT t.id FROM trees t WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id)`, want: []want{unscoped("trees", "t"), unscoped("nodes", "n")}},
	{name: "badScalarSubqueryInSelectListUncorrelated", sql: `SELECT t.id, (SELECT count(*) FROM nodes) FROM trees t WHERE t.account_id = $1`, want: []want{unscoped("nodes", "")}},
	{name: "badLateralUncorrelated", sql: `SELECT t.id, x.title FROM trees t, LATERAL (SELECT n.title FROM nodes n LIMIT 1) x WHERE t.account_id = $1`, want: []want{unscoped("nodes", "n")}},
	{name: "badSubqueryCorrelatedOnNonForeignKey", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND EXISTS (SELECT 1 FROM nodes n WHERE n.title = t.name)`, want: []want{unscoped("nodes", "n")}},
	{name: "badTwoUnaliasedSubqueriesTwoFindings", sql: `SELECT (SELECT count(*) FROM trees), (SELECT count(*) FROM trees)`, want: []want{unscoped("trees", ""), unscoped("trees", "")}},

	// Section 2.2: subqueries, outward.
	{name: "okExistsScopesOuter", sql: `SELECT n.id FROM nodes n WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id AND t.account_id = $1)`},
	{name: "okExistsScopesOuterTenantTable", sql: `SELECT t.id FROM trees t WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.tree_id = t.id AND s.user_id = $1)`},
	{name: "okInSemiJoinScopesOuter", sql: `SELECT n.id FROM nodes n WHERE n.tree_id IN (SELECT t.id FROM trees t WHERE t.account_id = $1)`},
	{name: "okInSemiJoinForeignKeyToSessions", sql: `SELECT sr.id FROM step_ratings sr WHERE sr.session_id IN (SELECT s.id FROM sessions s WHERE s.user_id = $1)`},
	// decision: = ANY (SELECT ...) is the same semi-join as IN (SELECT ...).
	{name: "okEqualsAnySubqueryScopesOuter", sql: `SELECT n.id FROM nodes n WHERE n.tree_id = ANY (SELECT t.id FROM trees t WHERE t.account_id = $1)`},
	{name: "okOutwardThenInward", sql: `SELECT n.id, (SELECT count(*) FROM node_notes nn WHERE nn.node_id = n.id) FROM nodes n WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id AND t.account_id = $1)`},
	{name: "badNotExistsScopesNothingOutward", sql: `SELECT n.id FROM nodes n WHERE NOT EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id AND t.account_id = $1)`, want: []want{unscoped("nodes", "n")}},
	{name: "badNotInScopesNothingOutward", sql: `SELECT n.id FROM nodes n WHERE n.tree_id NOT IN (SELECT t.id FROM trees t WHERE t.account_id = $1)`, want: []want{unscoped("nodes", "n")}},
	// decision: an EXISTS under OR is not a tenant predicate of the outer
	// reference, so the finding is unscoped rather than or-scope.
	{name: "badOrExistsScopesNothingOutward", sql: `SELECT n.id FROM nodes n WHERE n.title = $2 OR EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id AND t.account_id = $1)`, want: []want{unscoped("nodes", "n")}},
	{name: "badSelectListSubqueryScopesNothingOutward", sql: `SELECT n.id, (SELECT t.name FROM trees t WHERE t.id = n.tree_id AND t.account_id = $1) FROM nodes n`, want: []want{unscoped("nodes", "n")}},
	{name: "badExistsInnerUnscopedScopesNothing", sql: `SELECT n.id FROM nodes n WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id)`, want: []want{unscoped("nodes", "n"), unscoped("trees", "t")}},
	{name: "badExistsCorrelationNotAPair", sql: `SELECT n.id FROM nodes n WHERE EXISTS (SELECT 1 FROM trees t WHERE t.name = n.title AND t.account_id = $1)`, want: []want{unscoped("nodes", "n")}},
	{name: "badInSemiJoinColumnNotAPair", sql: `SELECT n.id FROM nodes n WHERE n.tree_id IN (SELECT t.account_id FROM trees t WHERE t.account_id = $1)`, want: []want{unscoped("nodes", "n")}},

	// Section 2.2: uncorrelated subqueries are checked on their own.
	{name: "okUncorrelatedSubqueryScopedOnItsOwn", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.name IN (SELECT title FROM step_library WHERE account_id = $1)`},
	{name: "okUncorrelatedSubqueryGlobal", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.name <> (SELECT name FROM countries WHERE code = $2)`},
	{name: "okSubqueryWithOwnScopeInSemiJoin", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.id IN (SELECT s.tree_id FROM sessions s WHERE s.user_id = $2)`},
	{name: "badUncorrelatedSubqueryUnscoped", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.name IN (SELECT title FROM step_library)`, want: []want{unscoped("step_library", "")}},
	{name: "badUncorrelatedExistsUnscoped", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND EXISTS (SELECT 1 FROM sessions WHERE outcome = 'ok')`, want: []want{unscoped("sessions", "")}},

	// Section 2.3: CTEs.
	{name: "okCteScopedBody", sql: `WITH x AS (SELECT id, name FROM trees WHERE account_id = $1) SELECT name FROM x`},
	{name: "okCtePassThroughKeyScopedOutside", sql: `WITH x AS (SELECT account_id, name FROM trees) SELECT name FROM x WHERE x.account_id = $1`},
	{name: "okCtePassThroughUnqualifiedOutside", sql: `WITH x AS (SELECT account_id, name FROM trees) SELECT name FROM x WHERE account_id = $1`},
	{name: "okCtePassThroughAliasRename", sql: `WITH x AS (SELECT account_id AS tenant, name FROM trees) SELECT name FROM x WHERE x.tenant = $1`},
	// decision: a CTE column list is an alias like any other.
	{name: "okCtePassThroughColumnListRename", sql: `WITH x (tenant, label) AS (SELECT account_id, name FROM trees) SELECT label FROM x WHERE tenant = $1`},
	{name: "okCtePassThroughGroupBy", sql: `WITH x AS (SELECT account_id, count(*) AS n FROM trees GROUP BY account_id) SELECT n FROM x WHERE x.account_id = $1`},
	{name: "okCtePassThroughDistinct", sql: `WITH x AS (SELECT DISTINCT account_id, name FROM trees) SELECT name FROM x WHERE x.account_id = $1`},
	// decision: * expands to plain columns, each passed through unchanged.
	{name: "okCtePassThroughStar", sql: `WITH x AS (SELECT * FROM trees) SELECT name FROM x WHERE x.account_id = $1`},
	{name: "okCtePassThroughForeignKeyJoin", sql: `WITH x AS (SELECT tree_id, title FROM nodes) SELECT x.title FROM trees t JOIN x ON x.tree_id = t.id WHERE t.account_id = $1`},
	{name: "okCteSharedKeyJoin", sql: `WITH x AS (SELECT account_id, title FROM step_library) SELECT x.title FROM trees t JOIN x ON x.account_id = t.account_id WHERE t.account_id = $1`},
	{name: "okCteChained", sql: `WITH a AS (SELECT account_id, id FROM trees), b AS (SELECT account_id, id FROM a) SELECT id FROM b WHERE account_id = $1`},
	{name: "okCteDataModifyingScoped", sql: `WITH d AS (DELETE FROM trees WHERE account_id = $1 RETURNING id) SELECT count(*) FROM d`},
	{name: "okCteUsedTwiceBothScoped", sql: `WITH x AS (SELECT account_id, id FROM trees) SELECT a.id FROM x a JOIN x b ON b.id = a.id WHERE a.account_id = $1 AND b.account_id = $1`},
	// Without RECURSIVE a CTE's body cannot see the CTE itself: the name
	// there is the table it shadows (found by FuzzCheck: a stack overflow).
	{name: "okCteBodyReadsTableItShadows", sql: `WITH trees AS (SELECT account_id, name FROM trees UNION SELECT account_id, title FROM step_library) SELECT name FROM trees WHERE account_id = $1`},
	// PostgreSQL rejects a self-reference in the non-recursive arm at plan
	// time; the checker must still terminate.
	{name: "okRecursiveSelfReferenceInBaseArm", sql: `WITH RECURSIVE r AS (SELECT 1 FROM r UNION SELECT 1) SELECT 1 FROM r`},
	{name: "badCteUnscopedBody", sql: `WITH x AS (SELECT id, name FROM trees) SELECT name FROM x`, want: []want{unscoped("trees", "")}},
	{name: "badCteExpressionOverKey", sql: `WITH x AS (SELECT account_id::text AS a, name FROM trees) SELECT name FROM x WHERE x.a = $1`, want: []want{unscoped("trees", "")}},
	{name: "badCteCoalesceOverKey", sql: `WITH x AS (SELECT coalesce(account_id, $2) AS account_id, name FROM trees) SELECT name FROM x WHERE x.account_id = $1`, want: []want{unscoped("trees", "")}},
	{name: "badCtePassThroughNotFilteredOutside", sql: `WITH x AS (SELECT account_id, name FROM trees) SELECT name FROM x WHERE x.name = $1`, want: []want{unscoped("trees", "")}},
	// decision: the finding names the base table reference inside the CTE.
	{name: "badCtePassThroughFilteredUnderOr", sql: `WITH x AS (SELECT account_id, name FROM trees) SELECT name FROM x WHERE x.account_id = $1 OR x.name = $2`, want: []want{orScope("trees", "")}},
	// decision: an unreferenced CTE body is checked like any statement.
	{name: "badCteUnreferencedUnscoped", sql: `WITH x AS (SELECT id FROM trees) SELECT 1`, want: []want{unscoped("trees", "")}},
	{name: "badCteDataModifyingUnscoped", sql: `WITH d AS (DELETE FROM trees WHERE id = $1 RETURNING id) SELECT count(*) FROM d`, want: []want{unscoped("trees", "")}},
	// decision: only a SELECT body passes keys through; a DELETE has already
	// deleted every tenant's rows before the outer filter runs.
	{name: "badCteDeleteReturningKeyFilteredOutside", sql: `WITH d AS (DELETE FROM trees RETURNING account_id, id) SELECT id FROM d WHERE account_id = $1`, want: []want{unscoped("trees", "")}},
	// Section 2.3: the RETURNING rows of a scoped data-modifying CTE are
	// scoped rows; nothing outside scopes its body.
	{name: "okCteUpdateReturningScopesForeignKeyJoin", sql: `WITH u AS (UPDATE entries SET read = true WHERE user_id = $1 RETURNING feed_id) SELECT f.title FROM u JOIN feeds f ON f.id = u.feed_id`},
	{name: "okCteDeleteReturningScopesForeignKeyJoin", sql: `WITH d AS (DELETE FROM entries WHERE user_id = $1 AND read RETURNING feed_id) SELECT f.title FROM feeds f JOIN d ON d.feed_id = f.id`},
	{name: "okCteUpdateReturningScopesChildTable", sql: `WITH u AS (UPDATE trees SET name = $2 WHERE account_id = $1 AND id = $3 RETURNING id) SELECT n.title FROM nodes n JOIN u ON n.tree_id = u.id`},
	{name: "okCteReturningAliasRename", sql: `WITH u AS (UPDATE entries SET read = true WHERE user_id = $1 RETURNING feed_id AS fid) SELECT f.title FROM u JOIN feeds f ON f.id = u.fid`},
	{name: "okCteReturningStar", sql: `WITH u AS (UPDATE entries SET read = true WHERE user_id = $1 RETURNING *) SELECT f.title FROM u JOIN feeds f ON f.id = u.feed_id`},
	{name: "okCteReturningSemiJoin", sql: `WITH u AS (UPDATE entries SET read = true WHERE user_id = $1 RETURNING feed_id) SELECT f.title FROM feeds f WHERE f.id IN (SELECT feed_id FROM u)`},
	// decision: an INSERT that satisfies the insert rule returns the
	// caller's tenant's rows, child rows included.
	{name: "okCteInsertReturningScopesForeignKeyJoin", sql: `WITH e AS (INSERT INTO entries (id, user_id, feed_id) VALUES ($1, $2, $3) RETURNING feed_id) SELECT f.title FROM e JOIN feeds f ON f.id = e.feed_id`},
	{name: "okCteInsertChildReturning", sql: `WITH n AS (INSERT INTO nodes (tree_id, title) VALUES ($1, $2) RETURNING id) SELECT nn.body FROM node_notes nn JOIN n ON nn.node_id = n.id`},
	{name: "badCteUpdateReturningUnscoped", sql: `WITH u AS (UPDATE entries SET read = true WHERE id = $1 RETURNING feed_id) SELECT f.title FROM u JOIN feeds f ON f.id = u.feed_id`, want: []want{unscoped("entries", ""), unscoped("feeds", "f")}},
	{name: "badCteDeleteReturningUnscoped", sql: `WITH d AS (DELETE FROM entries WHERE read RETURNING feed_id) SELECT f.title FROM feeds f JOIN d ON d.feed_id = f.id`, want: []want{unscoped("entries", ""), unscoped("feeds", "f")}},
	{name: "badCteReturningExpressionOverColumn", sql: `WITH u AS (UPDATE entries SET read = true WHERE user_id = $1 RETURNING coalesce(feed_id, $2) AS feed_id) SELECT f.title FROM u JOIN feeds f ON f.id = u.feed_id`, want: []want{unscoped("feeds", "f")}},
	{name: "badCteUpdateReturningKeyFilteredOutside", sql: `WITH u AS (UPDATE entries SET read = true RETURNING user_id, feed_id) SELECT f.title FROM u JOIN feeds f ON f.id = u.feed_id WHERE u.user_id = $1`, want: []want{unscoped("entries", ""), unscoped("feeds", "f")}},
	{name: "badCteInsertReturningLiteralKey", sql: `WITH e AS (INSERT INTO entries (id, user_id, feed_id) VALUES ($1, '00000000-0000-0000-0000-000000000001', $3) RETURNING feed_id) SELECT f.title FROM e JOIN feeds f ON f.id = e.feed_id`, want: []want{insertOn("entries"), unscoped("feeds", "f")}},
	{name: "badCteInsertReturningUnscopedConflictUpdate", sql: `WITH e AS (INSERT INTO entries (id, user_id, feed_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET read = EXCLUDED.read RETURNING feed_id) SELECT f.title FROM e JOIN feeds f ON f.id = e.feed_id`, want: []want{unscoped("entries", ""), unscoped("feeds", "f")}},
	{name: "badCteInsertReturningGlobalRows", sql: `WITH a AS (INSERT INTO accounts (id, name) VALUES ($1, $2) RETURNING id) SELECT u.email FROM users u JOIN a ON u.account_id = a.id`, want: []want{unscoped("users", "u")}},

	// Section 2.2: composite foreign keys, some of whose pairs are equated.
	{name: "okCompositeForeignKeyPairParentUniqueScopesChild", sql: `SELECT c.body FROM comments c JOIN posts p ON c.post_id = p.id WHERE p.account_id = $1`},
	{name: "okCompositeForeignKeyPairParentUniqueScopesParent", sql: `SELECT p.title FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.account_id = $1`},
	{name: "okCompositeForeignKeySameUniqueParent", sql: `SELECT c2.body FROM comments c1 JOIN comments c2 ON c2.post_id = c1.post_id WHERE c1.account_id = $1`},
	{name: "okCompositeForeignKeyAllPairs", sql: `SELECT l.label FROM card_labels l JOIN boards b ON l.board_id = b.id AND l.board_account = b.account_id WHERE b.account_id = $1`},
	{name: "okCompositeForeignKeyAllPairsChildToParent", sql: `SELECT b.name FROM boards b0 JOIN card_labels l ON l.board_id = b0.id AND l.board_account = b0.account_id JOIN boards b ON b.id = l.board_id AND b.account_id = l.board_account WHERE b0.account_id = $1`},
	{name: "okCompositeForeignKeyRowComparison", sql: `SELECT l.label FROM card_labels l JOIN boards b ON (l.board_id, l.board_account) = (b.id, b.account_id) WHERE b.account_id = $1`},
	{name: "badCompositeForeignKeyPairParentNotUnique", sql: `SELECT c.title FROM cards c JOIN boards b ON c.board_id = b.id WHERE b.account_id = $1`, want: []want{unscoped("cards", "c")}},
	{name: "badCompositeForeignKeyPairParentNotUniqueReverse", sql: `SELECT b.name FROM cards c JOIN boards b ON b.id = c.board_id WHERE c.account_id = $1`, want: []want{unscoped("boards", "b")}},
	{name: "badCompositeForeignKeyOnePairOfChild", sql: `SELECT l.label FROM card_labels l JOIN boards b ON l.board_id = b.id WHERE b.account_id = $1`, want: []want{unscoped("card_labels", "l")}},
	{name: "badCompositeForeignKeyOtherPairOfChild", sql: `SELECT l.label FROM card_labels l JOIN boards b ON l.board_account = b.account_id WHERE b.account_id = $1`, want: []want{unscoped("card_labels", "l")}},
	{name: "badCompositeForeignKeySameParentNotUnique", sql: `SELECT l.label FROM cards c JOIN card_labels l ON l.board_id = c.board_id WHERE c.account_id = $1`, want: []want{unscoped("card_labels", "l")}},
	{name: "badCompositeForeignKeyPairsFromTwoReferences", sql: `SELECT l.label FROM card_labels l JOIN boards b1 ON l.board_id = b1.id JOIN boards b2 ON l.board_account = b2.account_id WHERE b1.account_id = $1 AND b2.account_id = $1`, want: []want{unscoped("card_labels", "l")}},

	// Section 2.3: FROM subqueries.
	{name: "okFromSubqueryPassThrough", sql: `SELECT x.name FROM (SELECT account_id, name FROM trees) x WHERE x.account_id = $1`},
	{name: "okFromSubqueryScopedInside", sql: `SELECT x.name FROM (SELECT name FROM trees WHERE account_id = $1) x`},
	{name: "okFromSubqueryForeignKeyJoin", sql: `SELECT t.name, x.title FROM trees t JOIN (SELECT tree_id, title FROM nodes) x ON x.tree_id = t.id WHERE t.account_id = $1`},
	{name: "okFromSubqueryAliasRename", sql: `SELECT x.title FROM (SELECT tree_id AS tid, title FROM nodes) x JOIN trees t ON t.id = x.tid WHERE t.account_id = $1`},
	{name: "okFromSubqueryGroupBy", sql: `SELECT x.c FROM (SELECT tree_id, count(*) AS c FROM nodes GROUP BY tree_id) x JOIN trees t ON t.id = x.tree_id WHERE t.account_id = $1`},
	{name: "okFromSubqueryNested", sql: `SELECT y.name FROM (SELECT account_id, name FROM (SELECT account_id, name FROM trees) x) y WHERE y.account_id = $1`},
	{name: "okFromSubqueryJoinInside", sql: `SELECT x.title FROM (SELECT t.account_id, n.title FROM trees t JOIN nodes n ON n.tree_id = t.id) x WHERE x.account_id = $1`},
	{name: "badFromSubqueryUnscoped", sql: `SELECT x.name FROM (SELECT name FROM trees) x`, want: []want{unscoped("trees", "")}},
	{name: "badFromSubqueryExpressionOverKey", sql: `SELECT x.name FROM (SELECT lower(account_id::text) AS account_id, name FROM trees) x WHERE x.account_id = $1`, want: []want{unscoped("trees", "")}},
	{name: "badFromSubqueryAggregateOverKey", sql: `SELECT x.m FROM (SELECT max(account_id::text) AS m FROM trees) x WHERE x.m = $1`, want: []want{unscoped("trees", "")}},
	{name: "badFromSubqueryJoinInsideBrokenLink", sql: `SELECT x.title FROM (SELECT t.account_id, n.title FROM trees t JOIN nodes n ON n.title = t.name) x WHERE x.account_id = $1`, want: []want{unscoped("nodes", "n")}},

	// Section 2.4: set operations.
	{name: "okUnionBothArmsScoped", sql: `SELECT id FROM trees WHERE account_id = $1 UNION SELECT id FROM step_library WHERE account_id = $1`},
	{name: "okUnionGlobalArm", sql: `SELECT name FROM trees WHERE account_id = $1 UNION SELECT name FROM countries`},
	{name: "okExceptRightArmScoped", sql: `SELECT id FROM trees WHERE account_id = $1 EXCEPT SELECT n.tree_id FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $1`},
	{name: "okSetOpInDerivedPassesKeyEveryArm", sql: `SELECT x.name FROM (SELECT account_id, name FROM trees UNION ALL SELECT account_id, title FROM step_library) x WHERE x.account_id = $1`},
	{name: "okSetOpInDerivedEachArmScoped", sql: `SELECT x.name FROM (SELECT name FROM trees WHERE account_id = $1 UNION SELECT title FROM step_library WHERE account_id = $1) x`},
	{name: "okSetOpInCtePassesKeyEveryArm", sql: `WITH x AS (SELECT account_id, name FROM trees UNION SELECT account_id, title FROM step_library) SELECT name FROM x WHERE account_id = $1`},
	{name: "badUnionSecondArmUnscoped", sql: `SELECT id FROM trees WHERE account_id = $1 UNION ALL SELECT id FROM step_library`, want: []want{unscoped("step_library", "")}},
	{name: "badUnionFirstArmUnscoped", sql: `SELECT id FROM trees UNION ALL SELECT id FROM step_library WHERE account_id = $1`, want: []want{unscoped("trees", "")}},
	{name: "badUnionMiddleArmUnscoped", sql: `SELECT title FROM step_library WHERE account_id = $1 UNION SELECT name FROM trees UNION SELECT title FROM templates WHERE account_id = $1 OR account_id IS NULL`, want: []want{unscoped("trees", "")}},
	{name: "badUnionArmOrScope", sql: `SELECT id FROM trees WHERE account_id = $1 UNION SELECT id FROM step_library WHERE account_id = $1 OR title = $2`, want: []want{orScope("step_library", "")}},
	{name: "badExceptRightArmUnscoped", sql: `SELECT id FROM trees WHERE account_id = $1 EXCEPT SELECT tree_id FROM nodes`, want: []want{unscoped("nodes", "")}},
	{name: "badIntersectArmUnscoped", sql: `SELECT id FROM trees WHERE account_id = $1 INTERSECT SELECT tree_id FROM sessions`, want: []want{unscoped("sessions", "")}},
	// decision: the column passes through in both arms, so the outer
	// predicate filters each arm; it is a tenant predicate only for the arm
	// whose column is a tenant key (trees), not for step_library's id.
	{name: "badSetOpInDerivedKeyNotInEveryArm", sql: `SELECT x.name FROM (SELECT account_id, name FROM trees UNION ALL SELECT id, title FROM step_library) x WHERE x.account_id = $1`, want: []want{unscoped("step_library", "")}},

	// Section 3: UPDATE.
	{name: "okUpdateWhere", sql: `UPDATE trees SET name = $2 WHERE account_id = $1 AND id = $3`},
	{name: "okUpdateAlias", sql: `UPDATE trees AS t SET name = $2 WHERE t.account_id = $1`},
	{name: "okUpdateReturning", sql: `UPDATE trees SET name = $2 WHERE account_id = $1 RETURNING id, account_id`},
	{name: "okUpdateCurrentSetting", sql: `UPDATE step_library SET helpful_yes = helpful_yes + 1 WHERE id = $1 AND account_id = current_setting('app.account_id')::uuid`},
	{name: "okUpdateFromJoin", sql: `UPDATE nodes n SET title = $2 FROM trees t WHERE n.tree_id = t.id AND t.account_id = $1`},
	{name: "okUpdateWhereExistsOutward", sql: `UPDATE nodes n SET title = $2 WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id AND t.account_id = $1)`},
	{name: "okUpdateWhereInSemiJoin", sql: `UPDATE node_notes SET body = $2 WHERE node_id IN (SELECT n.id FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $1)`},
	{name: "okUpdateGlobal", sql: `UPDATE countries SET name = $2 WHERE code = $1`},
	{name: "badUpdateNoWhere", sql: `UPDATE trees SET name = $1`, want: []want{unscoped("trees", "")}},
	{name: "badUpdateWhereNonKey", sql: `UPDATE trees SET name = $1 WHERE id = $2`, want: []want{unscoped("trees", "")}},
	{name: "badUpdateAliasUnscoped", sql: `UPDATE trees t SET name = $2 WHERE t.id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badUpdateSetKeyIsNoPredicate", sql: `UPDATE trees SET account_id = $1 WHERE id = $2`, want: []want{unscoped("trees", "")}},
	{name: "badUpdateOrScope", sql: `UPDATE ai_sessions SET title = $3 WHERE user_id = $1 OR id = $2`, want: []want{orScope("ai_sessions", "")}},
	{name: "badUpdateFromUnscopedSource", sql: `UPDATE trees t SET name = sl.title FROM step_library sl WHERE t.account_id = $1 AND sl.id = $2`, want: []want{unscoped("step_library", "sl")}},
	{name: "badUpdateFromTargetUnscoped", sql: `UPDATE nodes n SET title = $2 FROM trees t WHERE n.title = t.name AND t.account_id = $1`, want: []want{unscoped("nodes", "n")}},
	{name: "badUpdateSetSubqueryUnscoped", sql: `UPDATE trees SET name = (SELECT title FROM step_library WHERE id = $2) WHERE account_id = $1`, want: []want{unscoped("step_library", "")}},

	// Section 3: DELETE.
	{name: "okDeleteWhere", sql: `DELETE FROM trees WHERE account_id = $1 AND id = $2`},
	{name: "okDeleteUsing", sql: `DELETE FROM nodes n USING trees t WHERE n.tree_id = t.id AND t.account_id = $1`},
	{name: "okDeleteChildExists", sql: `DELETE FROM node_notes nn WHERE EXISTS (SELECT 1 FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE n.id = nn.node_id AND t.account_id = $1)`},
	{name: "okDeleteReturning", sql: `DELETE FROM sessions WHERE user_id = $1 AND completed_at IS NULL RETURNING id`},
	{name: "okDeleteGlobal", sql: `DELETE FROM holidays`},
	{name: "badDeleteNoWhere", sql: `DELETE FROM trees`, want: []want{unscoped("trees", "")}},
	{name: "badDeleteWhereNonKey", sql: `DELETE FROM sessions WHERE id = $1`, want: []want{unscoped("sessions", "")}},
	{name: "badDeleteChildByForeignKeyParam", sql: `DELETE FROM node_notes WHERE node_id = $1`, want: []want{unscoped("node_notes", "")}},
	{name: "badDeleteOrScope", sql: `DELETE FROM templates WHERE account_id = $1 OR title = $2`, want: []want{orScope("templates", "")}},
	{name: "badDeleteUsingUnscopedSource", sql: `DELETE FROM trees t USING step_library sl WHERE t.account_id = $1 AND sl.title = t.name`, want: []want{unscoped("step_library", "sl")}},
	{name: "badDeleteUsingTargetUnscoped", sql: `DELETE FROM nodes n USING trees t WHERE n.title = t.name AND t.account_id = $1`, want: []want{unscoped("nodes", "n")}},

	// Section 3: INSERT.
	{name: "okInsertParam", sql: `INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3)`},
	{name: "okInsertCastParam", sql: `INSERT INTO trees (account_id, name) VALUES ($1::uuid, $2)`},
	{name: "okInsertCurrentSetting", sql: `INSERT INTO trees (account_id, name) VALUES (current_setting('app.account_id')::uuid, $1)`},
	{name: "okInsertReturning", sql: `INSERT INTO trees (account_id, name) VALUES ($1, $2) RETURNING id`},
	{name: "okInsertNoColumnListSchemaOrder", sql: `INSERT INTO trees VALUES ($1, $2, $3)`},
	{name: "okInsertMultiRowAllParams", sql: `INSERT INTO trees (name, account_id) VALUES ($1, $2), ($3, $2)`},
	// decision: one key column with a parameter is enough; an omitted second
	// key column is not "given" DEFAULT.
	{name: "okInsertOneOfTwoKeys", sql: `INSERT INTO ai_sessions (id, user_id, title) VALUES ($1, $2, $3)`},
	{name: "okInsertBothKeys", sql: `INSERT INTO ai_sessions (user_id, account_id, title) VALUES ($1, $2, $3)`},
	{name: "okInsertSharedRowsTableParam", sql: `INSERT INTO templates (account_id, title) VALUES ($1, $2)`},
	{name: "okInsertSelectScoped", sql: `INSERT INTO step_library (account_id, title) SELECT t.account_id, t.name FROM trees t WHERE t.account_id = $1`},
	// decision: a bind parameter in the SELECT's target list is a bind parameter.
	{name: "okInsertSelectParamKey", sql: `INSERT INTO step_library (account_id, title) SELECT $1, c.name FROM countries c`},
	{name: "okInsertValuesSubqueryScoped", sql: `INSERT INTO step_library (account_id, title) VALUES ($1, (SELECT name FROM trees WHERE account_id = $1 AND id = $2))`},
	{name: "okInsertChildForeignKeyParam", sql: `INSERT INTO nodes (id, tree_id, title) VALUES ($1, $2, $3)`},
	{name: "okInsertGrandchildForeignKeyParam", sql: `INSERT INTO node_notes (node_id, body) VALUES ($1, $2)`},
	{name: "okInsertGlobal", sql: `INSERT INTO countries (code, name) VALUES ('fr', 'France')`},
	{name: "okInsertGlobalDefaultValues", sql: `INSERT INTO holidays DEFAULT VALUES`},
	{name: "badInsertLiteralKey", sql: `INSERT INTO trees (account_id, name) VALUES ('00000000-0000-0000-0000-000000000001', $1)`, want: []want{insertOn("trees")}},
	{name: "badInsertNullKey", sql: `INSERT INTO trees (account_id, name) VALUES (NULL, $1)`, want: []want{insertOn("trees")}},
	{name: "badInsertDefaultKey", sql: `INSERT INTO trees (account_id, name) VALUES (DEFAULT, $1)`, want: []want{insertOn("trees")}},
	{name: "badInsertMissingKeyColumn", sql: `INSERT INTO trees (id, name) VALUES ($1, $2)`, want: []want{insertOn("trees")}},
	{name: "badInsertDefaultValues", sql: `INSERT INTO trees DEFAULT VALUES`, want: []want{insertOn("trees")}},
	{name: "badInsertNoColumnListLiteralKey", sql: `INSERT INTO trees VALUES ($1, '00000000-0000-0000-0000-000000000001', $2)`, want: []want{insertOn("trees")}},
	{name: "badInsertNoColumnListShortRow", sql: `INSERT INTO trees VALUES ($1)`, want: []want{insertOn("trees")}},
	// decision: one finding per INSERT, however many rows lack the key.
	{name: "badInsertMultiRowOneBad", sql: `INSERT INTO trees (name, account_id) VALUES ($1, $2), ($3, NULL)`, want: []want{insertOn("trees")}},
	{name: "badInsertOneOfTwoKeysLiteral", sql: `INSERT INTO ai_sessions (user_id, account_id, title) VALUES ($1, '00000000-0000-0000-0000-000000000001', $2)`, want: []want{insertOn("ai_sessions")}},
	// decision: an expression that may fall back to another value is not a
	// bind parameter.
	{name: "badInsertKeyFromExpression", sql: `INSERT INTO trees (account_id, name) VALUES (coalesce($1, gen_random_uuid()), $2)`, want: []want{insertOn("trees")}},
	// decision: a NULL key on a shared-rows table writes a row every tenant
	// sees; section 3 makes any NULL key an insert finding.
	{name: "badInsertSharedRowsNullKey", sql: `INSERT INTO templates (account_id, title) VALUES (NULL, $1)`, want: []want{insertOn("templates")}},
	// decision: the unscoped SELECT is the one finding; the key it supplies
	// is not reported again as insert.
	{name: "badInsertSelectUnscoped", sql: `INSERT INTO step_library (account_id, title) SELECT t.account_id, t.name FROM trees t WHERE t.id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badInsertSelectLiteralKey", sql: `INSERT INTO step_library (account_id, title) SELECT '00000000-0000-0000-0000-000000000001'::uuid, t.name FROM trees t WHERE t.account_id = $1`, want: []want{insertOn("step_library")}},
	{name: "badInsertValuesSubqueryUnscoped", sql: `INSERT INTO step_library (account_id, title) VALUES ($1, (SELECT name FROM trees WHERE id = $2))`, want: []want{unscoped("trees", "")}},
	// decision: a child row whose foreign key is not a bind parameter is an
	// insert finding, like a tenant row without its key.
	{name: "badInsertChildForeignKeyLiteral", sql: `INSERT INTO nodes (tree_id, title) VALUES ('00000000-0000-0000-0000-000000000001', $1)`, want: []want{insertOn("nodes")}},
	{name: "badInsertChildWithoutForeignKey", sql: `INSERT INTO nodes (id, title) VALUES ($1, $2)`, want: []want{insertOn("nodes")}},

	// Section 3: ON CONFLICT.
	{name: "okOnConflictDoNothing", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`},
	{name: "okOnConflictPrimaryKeyDoNothing", sql: `INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`},
	{name: "okOnConflictTargetWithKey", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (account_id, name) DO UPDATE SET slug = EXCLUDED.slug`},
	{name: "okOnConflictTargetWithUserKey", sql: `INSERT INTO step_ratings (id, user_id, step_id, session_id, was_helpful) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (step_id, user_id, session_id) DO UPDATE SET was_helpful = EXCLUDED.was_helpful`},
	{name: "okOnConflictOnConstraintWithKey", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT categories_account_name_key DO UPDATE SET slug = EXCLUDED.slug`},
	{name: "okOnConflictWhereKeyParam", sql: `INSERT INTO categories AS c (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE c.account_id = $1`},
	{name: "okOnConflictWhereKeyParamTableName", sql: `INSERT INTO session_ratings (account_id, user_id, session_id, tree_id, rating) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) DO UPDATE SET rating = EXCLUDED.rating WHERE session_ratings.user_id = $2`},
	{name: "okOnConflictWhereExcludedKeyFromParam", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE categories.account_id = EXCLUDED.account_id`},
	{name: "badOnConflictTargetWithoutKey", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name`, want: []want{unscoped("categories", "")}},
	{name: "badOnConflictOnConstraintWithoutKey", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT categories_slug_key DO UPDATE SET name = EXCLUDED.name`, want: []want{unscoped("categories", "")}},
	{name: "badOnConflictPrimaryKeyDoUpdate", sql: `INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`, want: []want{unscoped("trees", "")}},
	{name: "badOnConflictUniqueForeignKeyDoUpdate", sql: `INSERT INTO session_ratings (account_id, user_id, session_id, tree_id, rating) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) DO UPDATE SET rating = EXCLUDED.rating`, want: []want{unscoped("session_ratings", "")}},
	{name: "badOnConflictWhereNonKey", sql: `INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE trees.name <> EXCLUDED.name`, want: []want{unscoped("trees", "")}},
	// decision: EXCLUDED.key scopes only when the inserted key is a bind
	// parameter, so a literal key gives both findings.
	{name: "badOnConflictWhereExcludedKeyFromLiteral", sql: `INSERT INTO categories (account_id, name, slug) VALUES ('00000000-0000-0000-0000-000000000001', $1, $2) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE categories.account_id = EXCLUDED.account_id`, want: []want{insertOn("categories"), unscoped("categories", "")}},
	{name: "badOnConflictSetSubqueryUnscoped", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (account_id, name) DO UPDATE SET slug = (SELECT title FROM step_library WHERE id = $4)`, want: []want{unscoped("step_library", "")}},

	// Section 3: ON CONFLICT on a child table, OR in the DO UPDATE's WHERE,
	// constraints the schema does not know.
	{name: "okOnConflictChildForeignKeyFromParam", sql: `INSERT INTO tree_settings (tree_id, name, value) VALUES ($1, $2, $3) ON CONFLICT (tree_id, name) DO UPDATE SET value = EXCLUDED.value`},
	{name: "okOnConflictChildForeignKeyOnConstraint", sql: `INSERT INTO tree_settings (tree_id, name, value) VALUES ($1, $2, $3), ($1, $4, $5) ON CONFLICT ON CONSTRAINT tree_settings_pkey DO UPDATE SET value = EXCLUDED.value`},
	{name: "okOnConflictChildCompositeForeignKey", sql: `INSERT INTO card_labels (board_id, board_account, label) VALUES ($1, $2, $3) ON CONFLICT (board_id, board_account, label) DO UPDATE SET label = EXCLUDED.label`},
	// decision: both findings, as for a literal tenant key under EXCLUDED.
	{name: "badOnConflictChildForeignKeyFromLiteral", sql: `INSERT INTO tree_settings (tree_id, name, value) VALUES ('00000000-0000-0000-0000-000000000001', $1, $2) ON CONFLICT (tree_id, name) DO UPDATE SET value = EXCLUDED.value`, want: []want{insertOn("tree_settings"), unscoped("tree_settings", "")}},
	{name: "badOnConflictChildForeignKeyLiteralInOneRow", sql: `INSERT INTO tree_settings (tree_id, name, value) VALUES ($1, $2, $3), (gen_random_uuid(), $2, $3) ON CONFLICT (tree_id, name) DO UPDATE SET value = EXCLUDED.value`, want: []want{insertOn("tree_settings"), unscoped("tree_settings", "")}},
	{name: "badOnConflictChildTargetWithoutForeignKey", sql: `INSERT INTO nodes (id, tree_id, title) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title`, want: []want{unscoped("nodes", "")}},
	// decision: a composite foreign key confines the conflicting row only
	// when the conflict target holds every one of its columns.
	{name: "badOnConflictChildPartOfCompositeForeignKey", sql: `INSERT INTO card_labels (board_id, board_account, label) VALUES ($1, $2, $3) ON CONFLICT (board_id, label) DO UPDATE SET label = EXCLUDED.label`, want: []want{unscoped("card_labels", "")}},
	{name: "badOnConflictChildUnknownConstraint", sql: `INSERT INTO tree_settings (tree_id, name, value) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT tree_settings_tree_name_key DO UPDATE SET value = EXCLUDED.value`, want: []want{unscoped("tree_settings", "")}},
	{name: "badOnConflictUnknownConstraint", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT categories_account_slug_key DO UPDATE SET name = EXCLUDED.name`, want: []want{unscoped("categories", "")}},
	{name: "badOnConflictWhereKeyUnderOr", sql: `INSERT INTO categories AS t (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE t.account_id = EXCLUDED.account_id OR t.account_id IS NULL`, want: []want{orScope("categories", "t")}},
	{name: "badOnConflictWhereParamUnderOr", sql: `INSERT INTO categories (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE categories.account_id = $1 OR categories.name = $2`, want: []want{orScope("categories", "")}},
	// decision: on a shared-rows table the OR IS NULL form still lets a DO
	// UPDATE overwrite a shared row for every tenant: or-scope.
	{name: "badOnConflictWhereSharedRowsUnderOr", sql: `INSERT INTO templates AS t (id, account_id, title) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title WHERE t.account_id = EXCLUDED.account_id OR t.account_id IS NULL`, want: []want{orScope("templates", "t")}},
	{name: "okOnConflictWhereOrBesideKeyConjunct", sql: `INSERT INTO categories AS t (account_id, name, slug) VALUES ($1, $2, $3) ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE t.account_id = EXCLUDED.account_id AND (t.name IS NULL OR t.name <> EXCLUDED.name)`},

	// Section 3: several statements, DDL, SET and transaction control.
	{name: "okTwoStatementsBothScoped", sql: `SELECT id FROM trees WHERE account_id = $1; SELECT id FROM step_library WHERE account_id = $1`},
	{name: "okTransactionWrapped", sql: `BEGIN; UPDATE trees SET name = $2 WHERE account_id = $1; COMMIT`},
	{name: "badTwoStatementsSecondUnscoped", sql: `UPDATE trees SET name = $2 WHERE account_id = $1; DELETE FROM nodes WHERE id = $3`, want: []want{unscoped("nodes", "")}},
	{name: "badTwoStatementsBothUnscoped", sql: `SELECT id FROM trees; SELECT id FROM sessions`, want: []want{unscoped("trees", ""), unscoped("sessions", "")}},
	{name: "badTransactionWrappedUnscoped", sql: `BEGIN; DELETE FROM trees; COMMIT`, want: []want{unscoped("trees", "")}},
	{name: "okCreateTable", sql: `CREATE TABLE widgets (id int PRIMARY KEY, account_id uuid)`},
	{name: "okAlterTenantTable", sql: `ALTER TABLE trees ADD COLUMN color text`},
	{name: "okCreateIndexOnTenantTable", sql: `CREATE INDEX trees_name_idx ON trees (name)`},
	{name: "okDropTenantTable", sql: `DROP TABLE node_notes`},
	{name: "okSetLocal", sql: `SET LOCAL app.account_id = '00000000-0000-0000-0000-000000000001'`},
	{name: "okSetConfigCall", sql: `SELECT set_config('app.account_id', $1, true)`},
	{name: "okBegin", sql: `BEGIN`},
	{name: "okCommit", sql: `COMMIT`},
	{name: "okRollbackToSavepoint", sql: `SAVEPOINT s1; ROLLBACK TO SAVEPOINT s1`},

	// Global tables, no tables, unknown tables.
	{name: "okGlobalSelect", sql: `SELECT code, name FROM countries`},
	{name: "okGlobalAccountsByID", sql: `SELECT id, name FROM accounts WHERE id = $1`},
	{name: "okGlobalForeignKeyToGlobal", sql: `SELECT h.day FROM holidays h JOIN countries c ON c.code = h.country_code`},
	{name: "okGlobalOnlyUnion", sql: `SELECT code FROM countries UNION SELECT name FROM accounts`},
	{name: "okNoTables", sql: `SELECT 1`},
	{name: "okValuesOnly", sql: `VALUES (1), (2)`},
	{name: "okEmptyString", sql: ``},
	{name: "okOnlyComment", sql: `-- nothing here`},
	{name: "okUnknownTableIsGlobal", sql: `SELECT * FROM widgets`},
	{name: "badUnknownTableJoinedToUnscopedTenant", sql: `SELECT t.id FROM trees t JOIN widgets w ON w.tree_id = t.id`, want: []want{unscoped("trees", "t")}},

	// Section 2: name resolution, shadowing and literals.
	{name: "okTableAliasedAsOtherTableName", sql: `SELECT users.name FROM trees users WHERE users.account_id = $1`},
	{name: "badPredicateOnOtherReference", sql: `SELECT t.id FROM trees t JOIN users u ON u.id = $2 WHERE u.account_id = $1`, want: []want{unscoped("trees", "t")}},
	{name: "badInnerAliasShadowsOuter", sql: `SELECT t.id FROM trees t WHERE EXISTS (SELECT 1 FROM step_library t WHERE t.account_id = $1)`, want: []want{unscoped("trees", "t")}},
	{name: "okUnqualifiedKeyResolvesToInnerReference", sql: `SELECT n.id FROM nodes n WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id AND account_id = $1)`},
	{name: "okCteNamedLikeTenantTable", sql: `WITH trees AS (SELECT account_id, name FROM trees WHERE account_id = $1) SELECT name FROM trees`},
	{name: "okCteOverGlobalNamedLikeTenantTable", sql: `WITH trees AS (SELECT name FROM countries) SELECT name FROM trees`},
	{name: "badCteOverTenantNamedLikeGlobalTable", sql: `WITH countries AS (SELECT name FROM trees) SELECT name FROM countries`, want: []want{unscoped("trees", "")}},
	{name: "badSchemaQualifiedNameBypassesCte", sql: `WITH trees AS (SELECT 1 AS one) SELECT * FROM public.trees`, want: []want{unscoped("trees", "")}},
	{name: "okFromSubqueryAliasedLikeTenantTable", sql: `SELECT trees.name FROM (SELECT name FROM countries) trees`},
	{name: "badParamInsideStringLiteral", sql: `SELECT id FROM trees WHERE account_id = '$1'`, want: []want{unscoped("trees", "")}},
	{name: "badPredicateInDollarQuotedString", sql: `SELECT id FROM trees WHERE name = $$account_id = $1$$`, want: []want{unscoped("trees", "")}},
	{name: "badEqualsAnyLiteralArray", sql: `SELECT id FROM trees WHERE account_id = ANY('{00000000-0000-0000-0000-000000000001}')`, want: []want{unscoped("trees", "")}},
	{name: "badEqualsAnyArrayWithLiteral", sql: `SELECT id FROM trees WHERE account_id = ANY(ARRAY[$1, '00000000-0000-0000-0000-000000000001'::uuid])`, want: []want{unscoped("trees", "")}},
	{name: "okDoubleCastParam", sql: `SELECT id FROM trees WHERE account_id = $1::text::uuid`},
	{name: "okInnerJoinOnOwnPredicate", sql: `SELECT n.title FROM nodes n JOIN trees t ON t.id = n.tree_id AND t.account_id = $1`},
	{name: "badNotExistsWithOuterKeyInside", sql: `SELECT t.id FROM trees t WHERE NOT EXISTS (SELECT 1 FROM countries c WHERE t.account_id = $1)`, want: []want{unscoped("trees", "t")}},

	// Section 2.2: propagation never runs through global tables.
	{name: "badForeignKeyToGlobalReference", sql: `SELECT u.email FROM trees t JOIN countries c ON c.code = $2 JOIN users u ON u.country_code = c.code WHERE t.account_id = $1`, want: []want{unscoped("users", "u")}},
	{name: "badSameGlobalParentFromGlobalReference", sql: `SELECT u.email FROM holidays h JOIN users u ON u.country_code = h.country_code WHERE h.id = $1`, want: []want{unscoped("users", "u")}},
	// decision: same-parent propagation (rule 2) assumes the parent row
	// belongs to one tenant; two columns referencing a global parent
	// (countries) link rows of different tenants, so they propagate nothing.
	{name: "badSameGlobalParentBetweenTenantReferences", sql: `SELECT u2.email FROM users u1 JOIN users u2 ON u2.country_code = u1.country_code WHERE u1.account_id = $1`, want: []want{unscoped("users", "u2")}},
	{name: "okGlobalJoinedToScopedTenant", sql: `SELECT h.day FROM users u JOIN holidays h ON h.country_code = u.country_code WHERE u.account_id = $1`},

	// Section 2: subqueries of any kind, in any clause.
	{name: "badSubqueryInLimit", sql: `SELECT id FROM trees WHERE account_id = $1 LIMIT (SELECT count(*) FROM nodes)`, want: []want{unscoped("nodes", "")}},
	{name: "badSubqueryInOrderBy", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 ORDER BY (SELECT max(title) FROM step_library)`, want: []want{unscoped("step_library", "")}},
	{name: "okCorrelatedSubqueryInOrderBy", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 ORDER BY (SELECT count(*) FROM nodes n WHERE n.tree_id = t.id)`},
	{name: "badSubqueryInJoinOn", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.tree_id = t.id AND n.id IN (SELECT node_id FROM node_notes WHERE body = $2) AND n.title IN (SELECT title FROM step_library) WHERE t.account_id = $1`, want: []want{unscoped("step_library", "")}},
	// decision: x IN (SELECT y FROM r) depends only on the rows of r where
	// y = x, so its select-list equality scopes r inward as a join would.
	{name: "okSemiJoinSelectColumnScopesInner", sql: `SELECT n.title FROM trees t JOIN nodes n ON n.tree_id = t.id WHERE t.account_id = $1 AND n.id IN (SELECT node_id FROM node_notes)`},
	{name: "badSubqueryInHaving", sql: `SELECT t.name FROM trees t WHERE t.account_id = $1 GROUP BY t.name HAVING count(*) > (SELECT count(*) FROM step_library)`, want: []want{unscoped("step_library", "")}},
	{name: "badSubqueryInFunctionArgument", sql: `SELECT coalesce((SELECT title FROM step_library LIMIT 1), t.name) FROM trees t WHERE t.account_id = $1`, want: []want{unscoped("step_library", "")}},
	{name: "okSetOpInSemiJoinEveryArmPaired", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.id IN (SELECT tree_id FROM nodes UNION SELECT tree_id FROM sessions WHERE user_id = $2)`},
	{name: "badSetOpInSemiJoinArmUnscoped", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.name IN (SELECT title FROM nodes UNION SELECT title FROM step_library WHERE account_id = $1)`, want: []want{unscoped("nodes", "")}},
	{name: "badFunctionInFromDoesNotScope", sql: `SELECT t.name FROM trees t, unnest($1::uuid[]) AS ids(id) WHERE t.id = ids.id`, want: []want{unscoped("trees", "t")}},
	{name: "okFunctionInFromOnly", sql: `SELECT * FROM generate_series(1, 3)`},
	{name: "badWindowPartitionByKey", sql: `SELECT count(*) OVER (PARTITION BY account_id) FROM trees`, want: []want{unscoped("trees", "")}},
	{name: "badOnlyModifier", sql: `SELECT id FROM ONLY trees`, want: []want{unscoped("trees", "")}},
	{name: "okOnlyModifierScoped", sql: `SELECT id FROM ONLY trees WHERE account_id = $1`},
	{name: "badTableStatement", sql: `TABLE trees`, want: []want{unscoped("trees", "")}},
	{name: "badTableSample", sql: `SELECT id FROM trees TABLESAMPLE SYSTEM (10)`, want: []want{unscoped("trees", "")}},
	// decision (docs/tenant-scope.md): constructs the checker does not model
	// are reported, never passed silently, even with a key predicate.
	{name: "badTableSampleNotModelled", sql: `SELECT id FROM trees TABLESAMPLE SYSTEM (10) WHERE account_id = $1`, want: []want{unscoped("trees", "")}},
	{name: "okForUpdateOf", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 FOR UPDATE OF t`},
	{name: "okUpdateFromWithoutAliases", sql: `UPDATE nodes SET title = $2 FROM trees WHERE nodes.tree_id = trees.id AND trees.account_id = $1`},
	{name: "okInsertFromScopedCte", sql: `WITH s AS (SELECT account_id FROM trees WHERE account_id = $1 AND id = $2) INSERT INTO step_library (account_id, title) SELECT account_id, $3 FROM s`},
	{name: "badInsertFromUnscopedCte", sql: `WITH s AS (SELECT account_id FROM trees WHERE id = $1) INSERT INTO step_library (account_id, title) SELECT account_id, $2 FROM s`, want: []want{unscoped("trees", "")}},

	// More shapes where a name or a NULL could fool a checker.
	{name: "badCurrentSettingPrefixWithoutDot", sql: `SELECT id FROM trees WHERE account_id = current_setting('application_name')::uuid`, want: []want{unscoped("trees", "")}},
	{name: "badDerivedColumnRenamedToKeyName", sql: `SELECT x.name FROM (SELECT id AS account_id, name FROM trees) x WHERE x.account_id = $1`, want: []want{unscoped("trees", "")}},
	{name: "badCteColumnListRenamesNonKeyToKeyName", sql: `WITH x (account_id, name) AS (SELECT id, name FROM trees) SELECT name FROM x WHERE account_id = $1`, want: []want{unscoped("trees", "")}},
	{name: "badDerivedOuterJoinNullableNotPaired", sql: `SELECT x.title FROM (SELECT t.account_id, sl.title FROM trees t LEFT JOIN step_library sl ON sl.title = t.name) x WHERE x.account_id = $1`, want: []want{unscoped("step_library", "sl")}},
	{name: "badLeftJoinWhereKeyIsNullKeepsOuter", sql: `SELECT sl.title FROM step_library sl LEFT JOIN trees t ON t.account_id = sl.account_id AND t.account_id = $1 WHERE t.account_id IS NULL`, want: []want{unscoped("step_library", "sl")}},
	{name: "badLeftJoinWhereCoalesceKeepsOuter", sql: `SELECT sl.title FROM step_library sl LEFT JOIN trees t ON t.account_id = sl.account_id AND t.account_id = $1 WHERE coalesce(t.name, '') = $2`, want: []want{unscoped("step_library", "sl")}},
	// decision: a key copied from a global table's column is no tenant key
	// value: the SELECT has nothing to scope, yet it picks any account.
	{name: "badInsertSelectKeyFromGlobalTable", sql: `INSERT INTO step_library (account_id, title) SELECT a.id, $2 FROM accounts a WHERE a.name = $1`, want: []want{insertOn("step_library")}},
	// decision: every arm of an INSERT's SELECT must supply the key, as every
	// row of a multi-row VALUES must.
	{name: "badInsertSelectUnionArmLiteralKey", sql: `INSERT INTO step_library (account_id, title) SELECT $1, name FROM trees WHERE account_id = $1 UNION ALL SELECT '00000000-0000-0000-0000-000000000001'::uuid, 'x'`, want: []want{insertOn("step_library")}},

	// Statements the spec does not name that still read or change rows of
	// every tenant.
	// decision: EXPLAIN ANALYZE runs its statement, so it is checked.
	{name: "badExplainAnalyzeDelete", sql: `EXPLAIN ANALYZE DELETE FROM trees`, want: []want{unscoped("trees", "")}},
	// decision: a prepared statement is checked like the statement itself.
	{name: "badPrepareDelete", sql: `PREPARE del AS DELETE FROM trees`, want: []want{unscoped("trees", "")}},
	// decision: TRUNCATE deletes every tenant's rows; it is no DDL here.
	{name: "badTruncateTenantTable", sql: `TRUNCATE trees`, want: []want{unscoped("trees", "")}},
	{name: "okTruncateGlobalTable", sql: `TRUNCATE holidays`},
	// decision: COPY of a tenant table reads or writes every tenant's rows.
	{name: "badCopyTenantTable", sql: `COPY trees TO STDOUT`, want: []want{unscoped("trees", "")}},
	// decision: MERGE's target is updated like an UPDATE target.
	{name: "badMergeTarget", sql: `MERGE INTO trees t USING (SELECT $1::uuid AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = $2`, want: []want{unscoped("trees", "t")}},

	// Section 3: SQL that does not parse.
	{name: "badParseError", sql: `SELEC id FROM trees`, want: []want{{rule.Parse, "", ""}}},
	{name: "badParseErrorAfterValidStatement", sql: `SELECT id FROM trees; SELECT FROM WHERE`, want: []want{{rule.Parse, "", ""}}},
}

func TestCheck(t *testing.T) {
	c := testChecker(t)
	seen := make(map[string]bool, len(checkCases))
	for _, tc := range checkCases {
		require.False(t, seen[tc.name], "duplicate case name %s", tc.name)
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, strings.HasPrefix(tc.name, "ok"), len(tc.want) == 0, "ok cases want no findings, bad cases want some")
			var got []want
			for _, f := range c.Check(tc.sql).Findings {
				got = append(got, want{f.Rule, f.Table, f.Alias})
			}
			// ElementsMatch ignores order but counts duplicates.
			assert.ElementsMatch(t, tc.want, got, "sql: %s", tc.sql)
		})
	}
}

func TestCheckUnknownTables(t *testing.T) {
	c := testChecker(t)
	cases := []struct {
		name string
		sql  string
		want []string
	}{
		{name: "unknownTableListed", sql: `SELECT * FROM widgets`, want: []string{"widgets"}},
		{name: "unknownTablesSorted", sql: `SELECT 1 FROM widgets w JOIN gadgets g ON g.id = w.id`, want: []string{"gadgets", "widgets"}},
		// decision: each unknown table is listed once per SQL string.
		{name: "unknownTableListedOnce", sql: `SELECT * FROM widgets; SELECT * FROM widgets w2`, want: []string{"widgets"}},
		{name: "unknownTableSchemaQualified", sql: `SELECT * FROM audit.events`, want: []string{"audit.events"}},
		{name: "unknownTableBesideTenantTable", sql: `SELECT t.id FROM trees t JOIN widgets w ON w.tree_id = t.id WHERE t.account_id = $1`, want: []string{"widgets"}},
		{name: "unknownTableInSubquery", sql: `SELECT t.id FROM trees t WHERE t.account_id = $1 AND t.id IN (SELECT tree_id FROM widgets)`, want: []string{"widgets"}},
		{name: "cteNameIsNoTable", sql: `WITH x AS (SELECT account_id FROM trees) SELECT * FROM x WHERE account_id = $1`},
		{name: "knownTablesOnly", sql: `SELECT id FROM trees WHERE account_id = $1`},
		{name: "knownSchemaQualifiedTable", sql: `SELECT id FROM public.trees WHERE account_id = $1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Check(tc.sql)
			assert.Empty(t, res.Findings)
			assert.ElementsMatch(t, tc.want, res.UnknownTables)
			assert.True(t, sort.StringsAreSorted(res.UnknownTables), "unknown tables are sorted: %v", res.UnknownTables)
		})
	}
}

// parseErrorCases are SQL strings PostgreSQL rejects; each must give exactly
// one parse finding and never a panic (tenant-scope.md section 3).
var parseErrorCases = []struct {
	name string
	sql  string
	// offsetUnknown is set where PostgreSQL reports no position.
	offsetUnknown bool
}{
	{name: "misspelledKeyword", sql: `SELEC id FROM trees`},
	{name: "truncatedWhere", sql: `SELECT id FROM trees WHERE`},
	{name: "unterminatedString", sql: `SELECT id FROM trees WHERE name = 'abc`},
	{name: "unbalancedParenthesis", sql: `SELECT id FROM trees WHERE (account_id = $1`},
	{name: "badSecondStatement", sql: `SELECT id FROM trees WHERE account_id = $1; DELETE trees`},
	{name: "goFormatVerbLeftIn", sql: `SELECT id FROM trees WHERE account_id = %s`},
	{name: "unterminatedDollarQuote", sql: `SELECT $$abc`},
	{name: "invalidUTF8", sql: "SELECT \xff FROM trees", offsetUnknown: true},
}

func TestCheckParseError(t *testing.T) {
	c := testChecker(t)
	for _, tc := range parseErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			var res Result
			require.NotPanics(t, func() { res = c.Check(tc.sql) })
			require.Len(t, res.Findings, 1)
			f := res.Findings[0]
			assert.Equal(t, rule.Parse, f.Rule)
			assert.Empty(t, f.Table)
			if tc.offsetUnknown {
				assert.GreaterOrEqual(t, f.Offset, -1)
			} else {
				assert.GreaterOrEqual(t, f.Offset, 0)
			}
			assert.LessOrEqual(t, f.Offset, len(tc.sql))
			assert.NotEmpty(t, f.Message)
			assert.NotContains(t, f.Message, "\n")
		})
	}
}

func TestCheckMessages(t *testing.T) {
	c := testChecker(t)
	cases := []struct {
		name string
		sql  string
	}{
		{name: "unscopedWithAlias", sql: `SELECT s.id FROM sessions s WHERE s.id = $1`},
		{name: "unscopedWithoutAlias", sql: `DELETE FROM trees`},
		{name: "orScopeWithAlias", sql: `SELECT a.id FROM ai_sessions a WHERE a.user_id = $1 OR a.title ILIKE $2`},
		{name: "orScopeWithoutAlias", sql: `SELECT id FROM ai_sessions WHERE user_id = $1 OR title ILIKE $2`},
		{name: "insertWithoutKey", sql: `INSERT INTO trees (name) VALUES ($1)`},
		{name: "onConflictWithoutKey", sql: `INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`},
		{name: "selfJoin", sql: `SELECT a.id FROM trees a JOIN trees b ON b.name = a.name`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			findings := c.Check(tc.sql).Findings
			require.NotEmpty(t, findings)
			for _, f := range findings {
				assert.NotEmpty(t, f.Message)
				assert.NotContains(t, f.Message, "\n", "one line")
				assert.False(t, strings.HasSuffix(f.Message, "."), "no final period: %s", f.Message)
				assert.Contains(t, f.Message, f.Table, "names the table")
				if f.Alias != "" {
					assert.Contains(t, f.Message, "("+f.Alias+")", "names the alias")
				}
				if f.Rule != rule.Insert {
					// Subject first: the lower-case table name opens the line.
					r, _ := utf8.DecodeRuneInString(f.Message)
					assert.False(t, unicode.IsUpper(r), "lower-case: %s", f.Message)
					assert.True(t, strings.HasPrefix(f.Message, f.Table), "subject first: %s", f.Message)
				}
			}
		})
	}
}

// TestPolicy checks policy expressions as row-level security applies them:
// only tenant-context expressions are tenant values.
func TestPolicy(t *testing.T) {
	s := testSchema(t, schema.Options{})
	opts := DefaultOptions()
	opts.ContextOnly = true
	c := New(s, opts)
	tests := []struct {
		name  string
		table string
		expr  string
		want  rule.ID
	}{
		{name: "okTenantKeyEqualsContext", table: "trees", expr: `account_id = current_setting('app.account_id')::uuid`},
		{name: "okQualifiedByTableName", table: "trees", expr: `trees.account_id = current_setting('app.account_id')::uuid`},
		{name: "okChildThroughExists", table: "sessions", expr: `EXISTS (SELECT 1 FROM trees t WHERE t.id = tree_id AND t.account_id = current_setting('app.account_id')::uuid)`},
		{name: "badBindParameterIsNoContext", table: "trees", expr: `account_id = $1`, want: rule.Unscoped},
		{name: "badTrue", table: "trees", expr: `true`, want: rule.Unscoped},
		{name: "badOrTrue", table: "trees", expr: `account_id = current_setting('app.account_id')::uuid OR true`, want: rule.ORScope},
		{name: "okEveryOrArmConfines", table: "sessions", expr: `user_id = current_setting('app.user_id')::uuid OR EXISTS (SELECT 1 FROM trees t WHERE t.id = tree_id AND t.account_id = current_setting('app.account_id')::uuid)`},
		{name: "badOneOrArmOpen", table: "trees", expr: `account_id = current_setting('app.account_id')::uuid OR name = 'demo'`, want: rule.ORScope},
		{name: "badUndeclaredPredicate", table: "trees", expr: `is_member(account_id)`, want: rule.Unscoped},
		{name: "badChildExistsWithoutForeignKey", table: "sessions", expr: `EXISTS (SELECT 1 FROM trees t WHERE t.account_id = current_setting('app.account_id')::uuid)`, want: rule.Unscoped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts, err := pgparse.Parse("SELECT 1 WHERE " + tt.expr)
			require.NoError(t, err)
			tbl := s.Lookup("", tt.table)
			require.NotNil(t, tbl)
			f := c.Policy(tbl, pgparse.TreeOf(stmts[0].Node.GetSelectStmt().WhereClause), nil)
			if tt.want == "" {
				assert.Nil(t, f)
				return
			}
			require.NotNil(t, f)
			assert.Equal(t, tt.want, f.Rule)
		})
	}
}

// TestTenantPredicate checks configured tenant predicates in queries: a
// conjunct call on a tenant key scopes like key = $1, nothing else does.
func TestTenantPredicate(t *testing.T) {
	s := testSchema(t, schema.Options{})
	opts := DefaultOptions()
	opts.TenantPredicates = []PredicateFunc{{Name: "is_member", Arg: 0}}
	c := New(s, opts)
	tests := []struct {
		name, sql string
		want      []want
	}{
		{name: "okPredicateOnKey", sql: `SELECT id FROM trees WHERE app.is_member(account_id) AND id = $1`},
		{name: "okPredicateScopesChildThroughJoin", sql: `SELECT s.id FROM sessions s JOIN trees t ON t.id = s.tree_id WHERE is_member(t.account_id)`},
		{name: "badPredicateOnOtherColumn", sql: `SELECT id FROM trees WHERE is_member(id)`, want: []want{unscoped("trees", "")}},
		{name: "badPredicateUnderNot", sql: `SELECT id FROM trees WHERE NOT is_member(account_id)`, want: []want{unscoped("trees", "")}},
		{name: "badPredicateArgumentMissing", sql: `SELECT id FROM trees WHERE is_member()`, want: []want{unscoped("trees", "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []want
			for _, f := range c.Check(tt.sql).Findings {
				got = append(got, want{f.Rule, f.Table, f.Alias})
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestUnqualifiedNameOutsidePublic: a service whose migrations create its
// tables in a schema of their own (CREATE TABLE app.posts) and whose
// queries name them through the search_path (FROM posts) is checked
// against those tables; an unknown table would pass every such query.
func TestUnqualifiedNameOutsidePublic(t *testing.T) {
	s, err := schema.LoadSQL("m.sql", `CREATE SCHEMA app;
CREATE SCHEMA billing;
CREATE TABLE app.posts (id bigint PRIMARY KEY, account_id bigint NOT NULL);
CREATE TABLE app.invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL);
CREATE TABLE public.notes (id bigint PRIMARY KEY);
CREATE TABLE app.notes (id bigint PRIMARY KEY, account_id bigint NOT NULL);
`, schema.Options{})
	require.NoError(t, err)
	c := New(s, DefaultOptions())
	tests := []struct {
		name, sql string
		findings  int
		unknown   []string
	}{
		{"badUnqualifiedOnlyInOneSchema", "DELETE FROM posts WHERE id = $1", 1, []string{}},
		{"badUnqualifiedInsertOnlyInOneSchema", "INSERT INTO posts (id) VALUES ($1)", 1, []string{}},
		{"okUnqualifiedOnlyInOneSchemaScoped", "SELECT id FROM posts WHERE account_id = $1", 0, []string{}},
		{"okPublicWins", "SELECT id FROM notes", 0, []string{}},
		{"okAmbiguousStaysUnknown", "SELECT id FROM invoices", 0, []string{"invoices"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Check(tt.sql)
			assert.Len(t, res.Findings, tt.findings)
			assert.Equal(t, tt.unknown, res.UnknownTables)
		})
	}
}
