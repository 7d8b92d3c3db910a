package scope

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConjunct(t *testing.T) {
	tests := []struct {
		name, expr string
		want       bool
	}{
		{"okComparison", "e.user_id = $1", true},
		{"okSeveralConjuncts", "a = $1 AND b > 2", true},
		{"okParenthesizedOr", "(a = $1 OR b = $2)", true},
		{"okSubquery", "id IN (SELECT tree_id FROM nodes WHERE label = $2)", true},
		{"badTopLevelOr", "a = $1 OR b = $2", false},
		{"badEscapesParentheses", "a = 1) OR (b = 2", false},
		{"badCommentSwallowsTheRest", "a = $1 --", false},
		{"badNotSQL", "a = = 1", false},
		{"badEmpty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Conjunct(tt.expr))
		})
	}
}
