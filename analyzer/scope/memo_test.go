package scope

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// TestCheckMemo: Check remembers each SQL text's result, and what it returns
// from the memo equals a fresh parse and check, for every spec case, from
// goroutines that share the checker as the analyzer's packages do.
func TestCheckMemo(t *testing.T) {
	c := testChecker(t)
	var sqls []string
	for _, tc := range checkCases {
		sqls = append(sqls, tc.sql)
	}
	for _, tc := range parseErrorCases {
		sqls = append(sqls, tc.sql)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, sql := range sqls {
				c.Check(sql)
			}
		}()
	}
	wg.Wait()
	for _, sql := range sqls {
		_, memoized := c.results.Load(sql)
		require.True(t, memoized, "sql: %s", sql)
		assert.Equal(t, c.check(sql), c.Check(sql), "sql: %s", sql)
	}
}

// TestCheckMemoResultIsTheCallersCopy: a caller that rewrites its result
// does not change what the next caller of the same text gets.
func TestCheckMemoResultIsTheCallersCopy(t *testing.T) {
	c := testChecker(t)
	sql := `SELECT t.id FROM trees t JOIN widgets w ON w.id = t.id`
	first := c.Check(sql)
	require.Len(t, first.Findings, 1)
	require.Equal(t, []string{"widgets"}, first.UnknownTables)
	first.Findings[0].Rule = rule.Parse
	first.UnknownTables[0] = "changed"
	again := c.Check(sql)
	assert.Equal(t, rule.Unscoped, again.Findings[0].Rule)
	assert.Equal(t, []string{"widgets"}, again.UnknownTables)
}

// TestCheckMemoBindingsAppendCopies: Bindings are shared with the memo, not
// copied per call, but clipped, so a caller that appends gets its own
// array and the next caller of the same text sees the memo's bindings.
func TestCheckMemoBindingsAppendCopies(t *testing.T) {
	c := testChecker(t)
	sql := `SELECT id FROM trees WHERE account_id = $1`
	first := c.Check(sql)
	require.Len(t, first.Bindings, 1)
	grown := append(first.Bindings, Binding{Param: 9, Table: "changed", Column: "changed"})
	grown[0].Param = 7
	again := c.Check(sql)
	assert.Equal(t, []Binding{{Param: 1, Table: "trees", Column: "account_id"}}, again.Bindings)
}
