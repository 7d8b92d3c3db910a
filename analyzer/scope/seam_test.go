package scope

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// TestExportedAPIHoldsNoParserNode pins the parser seam: no exported
// method, field or result reachable from the scope checker or the schema
// has a type of pg_query_go, so that a package outside analyzer/ cannot
// build on the parser's tree (a parse tree crosses as pgparse.Tree, which
// only analyzer/ can open).
func TestExportedAPIHoldsNoParserNode(t *testing.T) {
	const parser = "github.com/pganalyze/pg_query_go"
	seen := map[reflect.Type]bool{}
	var leaks []string
	var visit func(typ reflect.Type, path string)
	visit = func(typ reflect.Type, path string) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		named := typ
		for named.Kind() == reflect.Pointer {
			named = named.Elem()
		}
		if strings.HasPrefix(named.PkgPath(), parser) {
			leaks = append(leaks, path+": "+typ.String())
			return
		}
		for i := 0; i < typ.NumMethod(); i++ {
			m := typ.Method(i)
			for j := 0; j < m.Type.NumIn(); j++ {
				visit(m.Type.In(j), path+"."+m.Name+"()")
			}
			for j := 0; j < m.Type.NumOut(); j++ {
				visit(m.Type.Out(j), path+"."+m.Name+"()")
			}
		}
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			visit(typ.Elem(), path)
		case reflect.Map:
			visit(typ.Key(), path)
			visit(typ.Elem(), path)
		case reflect.Struct:
			for i := 0; i < typ.NumField(); i++ {
				if f := typ.Field(i); f.IsExported() {
					visit(f.Type, path+"."+f.Name)
				}
			}
		}
	}
	visit(reflect.TypeOf(&Checker{}), "scope.Checker")
	visit(reflect.TypeOf(&schema.Schema{}), "schema.Schema")
	assert.Empty(t, leaks)
	assert.True(t, seen[reflect.TypeOf(schema.View{})], "the walk reaches schema.View through Schema.View")
	assert.True(t, seen[reflect.TypeOf(schema.Policy{})], "the walk reaches schema.Policy through the tables")
}
