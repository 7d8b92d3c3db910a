package driver

import (
	"go/token"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// TestPortableClearsEveryPosition fails when analyzer.Result gains a field
// that holds a token.Pos outside Findings, Exceptions and Wrappers: the cache would
// keep a number that means nothing in the next run's FileSet. Convert the
// new field in portable, then list it here.
func TestPortableClearsEveryPosition(t *testing.T) {
	converted := map[string]bool{"Findings": true, "Exceptions": true, "Wrappers": true}
	res := reflect.TypeOf(analyzer.Result{})
	for i := range res.NumField() {
		f := res.Field(i)
		if converted[f.Name] {
			continue
		}
		assert.False(t, holdsPos(f.Type, map[reflect.Type]bool{}), "analyzer.Result.%s holds a token.Pos: convert it in portable", f.Name)
	}
}

func holdsPos(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == reflect.TypeOf(token.NoPos) {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		if t.Kind() == reflect.Map && holdsPos(t.Key(), seen) {
			return true
		}
		return holdsPos(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsPos(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// TestPortable converts a result with a finding, a directive and a
// registry entry: positions become file, line and column, the embedded
// fields keep no token.Pos, and the counts carry over.
func TestPortable(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("/src/store.go", -1, 100)
	file.SetLinesForContent([]byte("package store\n\nfunc f() {\n\tdb.Query(q)\n}\n"))
	pos := file.Pos(27) // db.Query
	res := &analyzer.Result{
		Findings: []analyzer.Finding{{Pos: pos, End: pos + 3, Rule: rule.Unscoped, Table: "projects", Message: "projects is not scoped", Func: "store.f", Query: "SELECT 1",
			Related: []analysis.RelatedInformation{{Pos: file.Pos(15), Message: "the query is assigned here"}}}},
		Queries:       2,
		Unresolved:    1,
		Suppressed:    1,
		Exceptions:    []analyzer.Exception{{Pos: pos, Func: "store.f", Reason: "why"}, {Func: "store.g", Reason: "registry"}},
		UnknownTables: []string{"audit_log"},
	}

	got := portable(fset, res)

	require.Len(t, got.Findings, 1)
	f := got.Findings[0]
	assert.Equal(t, Position{File: "/src/store.go", Line: 4, Column: 2}, f.Pos)
	assert.Equal(t, Position{File: "/src/store.go", Line: 4, Column: 5}, f.End)
	assert.Equal(t, token.NoPos, f.Finding.Pos)
	assert.Equal(t, token.NoPos, f.Finding.End)
	assert.Nil(t, f.Finding.Related)
	assert.Equal(t, []Related{{Pos: Position{File: "/src/store.go", Line: 3, Column: 1}, Message: "the query is assigned here"}}, f.Related)
	assert.Equal(t, "projects is not scoped", f.Message)
	assert.Equal(t, "store.f", f.Func)
	require.Len(t, got.Exceptions, 2)
	assert.Equal(t, Position{File: "/src/store.go", Line: 4, Column: 2}, got.Exceptions[0].Pos)
	assert.False(t, got.Exceptions[1].Pos.IsValid(), "a registry entry has no position")
	assert.Equal(t, token.NoPos, got.Exceptions[0].Exception.Pos)
	assert.Nil(t, got.Result.Findings)
	assert.Nil(t, got.Result.Exceptions)
	assert.Equal(t, 2, got.Queries)
	assert.Equal(t, 1, got.Unresolved)
	assert.Equal(t, 1, got.Suppressed)
	assert.Equal(t, []string{"audit_log"}, got.UnknownTables)
}
