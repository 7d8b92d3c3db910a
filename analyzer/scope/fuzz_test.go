package scope

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// FuzzCheck feeds the checker arbitrary SQL, seeded with the spec-derived
// table, because the analyzer runs it on every string that reaches a sink:
// it must never panic, and every finding must name a known rule and, unless
// the SQL did not parse, the table it is about. It calls check, past the
// memo of Check, so that millions of distinct inputs keep no results.
func FuzzCheck(f *testing.F) {
	for _, tc := range checkCases {
		f.Add(tc.sql)
	}
	for _, tc := range parseErrorCases {
		f.Add(tc.sql)
	}
	f.Add("\x00")
	f.Add("SET")
	c := testChecker(f)
	f.Fuzz(func(t *testing.T, sql string) {
		var res Result
		require.NotPanics(t, func() { res = c.check(sql) }, "sql: %q", sql)
		for _, fd := range res.Findings {
			assert.True(t, rule.Known(fd.Rule), "unknown rule %q for sql %q", fd.Rule, sql)
			if fd.Rule != rule.Parse {
				assert.NotEmpty(t, fd.Table, "finding %+v without a table for sql %q", fd, sql)
			}
			assert.GreaterOrEqual(t, fd.Offset, -1, "sql: %q", sql)
			assert.LessOrEqual(t, fd.Offset, len(sql), "sql: %q", sql)
		}
	})
}
