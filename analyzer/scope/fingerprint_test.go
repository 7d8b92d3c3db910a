package scope_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

func TestFingerprint(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{name: "okConstantsAndSpacingIgnored", a: "SELECT * FROM trees WHERE id = 1", b: "select *\n  from trees where id = 42", same: true},
		{name: "okUnparsableSpacingIgnored", a: "SELEC  name FROM trees", b: "selec name\nfrom trees", same: true},
		{name: "badDifferentTables", a: "SELECT * FROM trees", b: "SELECT * FROM sessions", same: false},
		{name: "badUnparsableDifferentText", a: "SELEC name FROM trees", b: "SELEC name FROM sessions", same: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := scope.Fingerprint(tt.a), scope.Fingerprint(tt.b)
			assert.NotEmpty(t, a)
			assert.Equal(t, tt.same, a == b, "%s vs %s", a, b)
		})
	}
}
