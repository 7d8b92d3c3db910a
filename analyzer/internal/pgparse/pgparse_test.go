package pgparse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSplitsStatements(t *testing.T) {
	sql := "SELECT 1; UPDATE t SET a = 1"
	stmts, err := Parse(sql)
	require.NoError(t, err)
	require.Len(t, stmts, 2)
	assert.Equal(t, "SELECT 1", stmts[0].Text)
	assert.NotNil(t, stmts[0].Node.GetSelectStmt())
	assert.Equal(t, "UPDATE t SET a = 1", stmts[1].Text)
	assert.Equal(t, 9, stmts[1].Offset)
	assert.NotNil(t, stmts[1].Node.GetUpdateStmt())
}

func TestParseErrorCarriesOffset(t *testing.T) {
	tests := []struct {
		name, sql string
		offset    int
	}{
		{"errorAtKeyword", "SELECT * FORM trees", 9},
		{"errorAfterMultibyte", "SELECT 'é' FORM trees", 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.sql)
			var perr *Error
			require.ErrorAs(t, err, &perr)
			assert.Contains(t, perr.Message, "syntax error")
			assert.Equal(t, tt.offset, perr.Offset)
		})
	}
}

func TestFingerprintIgnoresConstants(t *testing.T) {
	a, err := Fingerprint("SELECT * FROM trees WHERE id = 1")
	require.NoError(t, err)
	b, err := Fingerprint("select *  from trees where id = 42")
	require.NoError(t, err)
	assert.Equal(t, a, b)
	_, err = Fingerprint("SELEC")
	assert.Error(t, err)
}

func TestWalkFindsNestedRelations(t *testing.T) {
	stmts, err := Parse("SELECT coalesce((SELECT max(x) FROM a), 0) FROM b JOIN c ON true WHERE f((SELECT 1 FROM d))")
	require.NoError(t, err)
	var names []string
	Walk(stmts[0].Node, func(n *Node) bool {
		if rv := n.GetRangeVar(); rv != nil {
			names = append(names, rv.Relname)
		}
		return true
	})
	assert.ElementsMatch(t, []string{"a", "b", "c", "d"}, names)
}
