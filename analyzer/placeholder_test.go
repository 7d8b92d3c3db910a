package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamedToDollar(t *testing.T) {
	tests := []struct {
		name  string
		sigil byte
		in    string
		want  string
	}{
		{name: "atPaddedToSameLength", sigil: '@', in: "SELECT * FROM trees WHERE account_id = @account_id AND id = @id",
			want: "SELECT * FROM trees WHERE account_id = $1          AND id = $2 "},
		{name: "atReusedNameSameNumber", sigil: '@', in: "SELECT @a, @b, @a", want: "SELECT $1, $2, $1"},
		{name: "atOperatorsKept", sigil: '@', in: "SELECT @ -5, tsv @@ q, a @> b", want: "SELECT @ -5, tsv @@ q, a @> b"},
		{name: "atInStringLiteralKept", sigil: '@', in: "SELECT 'me@example.com', E'\\'@x', @y", want: "SELECT 'me@example.com', E'\\'@x', $1"},
		{name: "atInQuotedIdentifierKept", sigil: '@', in: `SELECT "@odd""@name" FROM t WHERE id = @id`, want: `SELECT "@odd""@name" FROM t WHERE id = $1 `},
		{name: "atInCommentsKept", sigil: '@', in: "SELECT 1 -- @a\n/* @b /* @c */ @d */ WHERE x = @e", want: "SELECT 1 -- @a\n/* @b /* @c */ @d */ WHERE x = $1"},
		{name: "atInDollarQuotedKept", sigil: '@', in: "SELECT $fn$ @a $fn$, $$@b$$, @c", want: "SELECT $fn$ @a $fn$, $$@b$$, $1"},
		{name: "atAfterDigitIsNotName", sigil: '@', in: "SELECT @1", want: "SELECT @1"},
		{name: "atManyParamsStillAligned", sigil: '@', in: "VALUES (@a, @b, @c, @d, @e, @f, @g, @h, @i, @jj, @kk)",
			want: "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
		{name: "colonParam", sigil: ':', in: "INSERT INTO trees (account_id, name) VALUES (:account_id, :name)",
			want: "INSERT INTO trees (account_id, name) VALUES ($1         , $2   )"},
		{name: "colonCastKept", sigil: ':', in: "SELECT :id::bigint, x::text", want: "SELECT $1 ::bigint, x::text"},
		{name: "colonAssignKept", sigil: ':', in: "SELECT f(a := :v)", want: "SELECT f(a := $1)"},
		{name: "colonDottedName", sigil: ':', in: "WHERE id = :user.id.", want: "WHERE id = $1      ."},
		{name: "colonInStringKept", sigil: ':', in: "SELECT '10:30', :t", want: "SELECT '10:30', $1"},
		{name: "colonDoesNotSplitWord", sigil: ':', in: "SELECT a$b, :x", want: "SELECT a$b, $1"},
		{name: "unknownSigilUnchanged", sigil: '#', in: "SELECT #x", want: "SELECT #x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := namedToDollar(tt.in, tt.sigil)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRebindQuestion(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "blankBeforeOperatorTaken", in: "SELECT * FROM trees WHERE account_id = ? AND id = ?",
			want: "SELECT * FROM trees WHERE account_id =$1 AND id =$2"},
		{name: "wordBeforeBlankGrows", in: "SELECT 1 LIMIT ?", want: "SELECT 1 LIMIT $1"},
		{name: "inListGrows", in: "WHERE id IN (?, ?)", want: "WHERE id IN ($1,$2)"},
		{name: "newlineNeverTaken", in: "x =\n?", want: "x =\n$1"},
		{name: "tenthParamTakesTwoBlanks", in: "VALUES (?,?,?,?,?,?,?,?,?,  ?)", want: "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"},
		{name: "inStringKept", in: "SELECT 'why?', \"q?\", ? -- ?\n", want: "SELECT 'why?', \"q?\",$1 -- ?\n"},
		{name: "jsonbOperatorsAreParameters", in: "WHERE tags ?| ?", want: "WHERE tags $1|$2"},
		{name: "bunNamedAndIndexed", in: "WHERE a = ?id AND b = ?0 AND c = ?id", want: "WHERE a = $1  AND b = $2 AND c = $1 "},
		{name: "dollarParamsKept", in: "SELECT $1, ?", want: "SELECT $1,$1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rebindQuestion(tt.in))
		})
	}
}

func TestNamedToQuestion(t *testing.T) {
	assert.Equal(t, "WHERE a = ?   AND b = ? ::text AND c = '?x'", namedToQuestion("WHERE a = :a1 AND b = :b::text AND c = '?x'"))
}

func TestPlaceholdersRewrite(t *testing.T) {
	assert.Equal(t, "WHERE a = $1", Dollar.rewrite("WHERE a = $1"))
	assert.Equal(t, "WHERE a =$1 AND b = $2", (Question | At).rewrite("WHERE a = ? AND b = @b"))
}
