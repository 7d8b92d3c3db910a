package pgparse

import (
	"errors"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
)

// requireSameTree asserts that the JSON decoder builds exactly the tree
// pg_query.Parse builds for sql, or reports errAmbiguous; it returns whether
// the decoder gave a tree.
func requireSameTree(t *testing.T, name, sql string) bool {
	t.Helper()
	want, err := pg_query.Parse(sql)
	require.NoError(t, err, "%s: %q", name, sql)
	js, err := parser.ParseToJSON(sql)
	require.NoError(t, err, "%s: %q", name, sql)
	got, err := decodeJSON(js, sql)
	if errors.Is(err, errAmbiguous) {
		return false
	}
	require.NoError(t, err, "%s: %q\njson: %s", name, sql, js)
	require.Truef(t, proto.Equal(want, got), "%s: %q\nwant: %s\ngot:  %s", name, sql,
		prototext.Format(want), prototext.Format(got))
	return true
}

func TestDecodeMatchesProtobufOnCorpus(t *testing.T) {
	entries := corpus(t)
	require.Greater(t, len(entries), 300, "the harvest found too little SQL")
	decoded := 0
	for _, e := range entries {
		if requireSameTree(t, e.name, e.sql) {
			decoded++
		}
		tree, err := parseTree(e.sql)
		require.NoError(t, err)
		want, err := pg_query.Parse(e.sql)
		require.NoError(t, err)
		assert.True(t, proto.Equal(want, tree), "%s: %q", e.name, e.sql)
	}
	t.Logf("%d of %d corpus texts decoded from JSON, the rest through protobuf", decoded, len(entries))
	// Integers that JSON loses are rare in queries: most of the corpus must
	// take the fast path, or the benchmark measures the wrong thing.
	assert.Greater(t, decoded, len(entries)*9/10)
}

// TestDecodeLostIntegers covers the values pg_query's JSON output drops
// (Integers that are 0 or negative): restored when the SQL text proves them,
// otherwise the protobuf path.
func TestDecodeLostIntegers(t *testing.T) {
	tests := []struct {
		name, sql string
		decoded   bool
	}{
		{"okZeroLiteral", "SELECT 0, coalesce(a, 0) FROM t LIMIT 0", true},
		{"okHexZeroLiteral", "SELECT 0x0", true},
		{"okUnsizedArrayCast", "SELECT * FROM t WHERE id = ANY($1::uuid[])", true},
		{"okArrayKeyword", "SELECT $1::int ARRAY, $2::text[][]", true},
		{"okSizedArray", "SELECT $1::int[3]", true},
		{"okSubscriptBesideUnsizedArray", "SELECT a[1], $1::int[] FROM t", true},
		{"okNegativeLiteral", "SELECT -1", true},
		{"okNegativeSpacedLiteral", "SELECT - 7 FROM t WHERE a > -\n2147483647", true},
		{"okNegativeAfterMinus", "SELECT 2- -1", true},
		{"okDoubleNegationIsPositive", "SELECT - -1", true},
		{"okNegativeZero", "SELECT -0", true},
		{"okNegativeOutOfIntRangeIsFloat", "SELECT -2147483648", true},
		{"okNegativeLeadingZeros", "SELECT -007", true},
		{"fallbackNegativeHexLiteral", "SELECT -0x1F", false},
		{"fallbackNegativeUnderscoreLiteral", "SELECT -1_000", false},
		{"fallbackNegativeParenthesized", "SELECT -(1)", false},
		{"fallbackCommentAfterMinus", "SELECT -/* one */1", false},
		{"fallbackTripleNegation", "SELECT - - -1", false},
		{"fallbackZeroBound", "SELECT $1::int[0]", false},
		{"fallbackZeroSubscriptBesideUnsizedArray", "SELECT a[0], $1::int[] FROM t", false},
		{"fallbackCommentInBound", "SELECT $1::int[/* size */]", false},
		{"fallbackNegativeOption", "CREATE SEQUENCE s INCREMENT -1", false},
		{"fallbackZeroOption", "CREATE SEQUENCE s START 0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.decoded, requireSameTree(t, tt.name, tt.sql))
			want, err := pg_query.Parse(tt.sql)
			require.NoError(t, err)
			got, err := parseTree(tt.sql)
			require.NoError(t, err)
			assert.True(t, proto.Equal(want, got))
		})
	}
}

func TestParseTreeKeepsParserVerdicts(t *testing.T) {
	tests := []struct{ name, sql string }{
		{"badSyntax", "SELECT * FORM trees"},
		{"badInvalidUTF8InLiteral", "SELECT '\xff'"},
		{"okEmpty", ""},
		{"okEscapes", "SELECT 'tab\there \"q\" \\ é 😀 <>', E'\\x01\\u0002'"},
		{"okOnlyComment", "-- nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, wantErr := pg_query.Parse(tt.sql)
			got, err := parseTree(tt.sql)
			if wantErr != nil {
				require.Error(t, err)
				assert.Equal(t, wantErr.Error(), err.Error())
				return
			}
			require.NoError(t, err)
			assert.True(t, proto.Equal(want, got), "want %v\ngot  %v", want, got)
		})
	}
}

func TestDecodeRejectsUnexpectedJSON(t *testing.T) {
	tests := []struct{ name, js string }{
		{"badUnknownField", `{"version":1,"stmts":[],"extra":1}`},
		{"badUnknownKind", `{"stmts":[{"stmt":{"NoSuchStmt":{}}}]}`},
		{"badTwoKinds", `{"stmts":[{"stmt":{"SelectStmt":{},"UpdateStmt":{}}}]}`},
		{"badEnumValue", `{"stmts":[{"stmt":{"SelectStmt":{"op":"SETOP_NOPE"}}}]}`},
		{"badTruncated", `{"version":160001,"stmts":[{"stmt":{"SelectStmt":{`},
		{"badTrailingData", `{"version":1}{}`},
		{"badIntOverflow", `{"version":99999999999}`},
		{"badLoneSurrogate", `{"stmts":[{"stmt":{"String":{"sval":"\ud800"}}}]}`},
		{"badAnalyzedOnlyField", `{"stmts":[{"stmt":{"SubPlan":{"startup_cost":1.5}}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeJSON(tt.js, "")
			require.Error(t, err)
			assert.NotErrorIs(t, err, errAmbiguous)
		})
	}
}

// FuzzDecodeEqual checks the JSON decoder against pg_query.Parse on
// arbitrary SQL: the same tree, or the same parser error.
func FuzzDecodeEqual(f *testing.F) {
	for _, e := range corpus(f) {
		f.Add(e.sql)
	}
	f.Add("SELECT -1, 0, $1::int[], a[0] FROM t")
	f.Add("SELECT E'\\u00e9\\n', U&'\\0041'")
	f.Fuzz(func(t *testing.T, sql string) {
		want, wantErr := pg_query.Parse(sql)
		got, err := parseTree(sql)
		if wantErr != nil {
			require.Error(t, err, "%q", sql)
			assert.Equal(t, wantErr.Error(), err.Error(), "%q", sql)
			return
		}
		require.NoError(t, err, "%q", sql)
		require.True(t, proto.Equal(want, got), "%q", sql)
		js, err := parser.ParseToJSON(sql)
		require.NoError(t, err, "%q", sql)
		lean, err := decodeJSON(js, sql)
		if errors.Is(err, errAmbiguous) {
			return
		}
		require.NoError(t, err, "%q\njson: %s", sql, js)
		require.True(t, proto.Equal(want, lean), "%q\nwant: %v\ngot:  %v", sql, want, lean)
	})
}
