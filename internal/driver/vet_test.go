package driver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// writeVetx writes a vetx file whose facts section holds facts bytes.
func writeVetx(t *testing.T, dir, name string, facts []byte) string {
	t.Helper()
	data := []byte(vetxMagic + "\x00\x00\x00\x00")
	data = append(data, byte(len(facts)), 0, 0, 0)
	data = append(data, facts...)
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// TestVetUnitCannotMatter pins which units go vet runs for facts alone
// are answered without the pass.
func TestVetUnitCannotMatter(t *testing.T) {
	dir := t.TempDir()
	noFacts := writeVetx(t, dir, "nofacts.vetx", nil)
	withFacts := writeVetx(t, dir, "facts.vetx", []byte("gob"))
	dbtx := filepath.Join(dir, "dbtx.go")
	require.NoError(t, os.WriteFile(dbtx, []byte("package dbtx\n\ntype DB interface{ Exec(q string, args ...any) error }\n"), 0o644))
	plain := filepath.Join(dir, "plain.go")
	require.NoError(t, os.WriteFile(plain, []byte("package plain\n\nfunc F() {}\n"), 0o644))
	dep := &analysis.Module{Path: "example.org/lib", Version: "v1.2.3"}

	tests := []struct {
		name  string
		unit  unitchecker.Config
		sinks []string
		want  bool
	}{
		{name: "okStandardImportingStandard", want: true, unit: unitchecker.Config{
			ImportPath: "net/http", ImportMap: map[string]string{"fmt": "fmt", "unsafe": "unsafe"}, Standard: map[string]bool{"fmt": true}}},
		{name: "okDependencyWithoutFactsBelow", want: true, unit: unitchecker.Config{
			ImportPath: "example.org/lib/plain", Module: dep, GoFiles: []string{plain},
			ImportMap: map[string]string{"example.org/lib/util": "example.org/lib/util", "strings": "strings"},
			Standard:  map[string]bool{"strings": true}, PackageVetx: map[string]string{"example.org/lib/util": noFacts}}},
		{name: "badDatabaseSQLItself", unit: unitchecker.Config{
			ImportPath: "database/sql", ImportMap: map[string]string{"fmt": "fmt"}, Standard: map[string]bool{"fmt": true}}},
		{name: "badImportsDatabaseSQL", unit: unitchecker.Config{
			ImportPath: "example.org/lib/store", Module: dep, GoFiles: []string{plain},
			ImportMap: map[string]string{"database/sql": "database/sql"}, Standard: map[string]bool{"database/sql": true}}},
		{name: "badImportsPgx", unit: unitchecker.Config{
			ImportPath: "example.org/lib/store", Module: dep, GoFiles: []string{plain},
			ImportMap: map[string]string{"github.com/jackc/pgx/v5": "github.com/jackc/pgx/v5"}, PackageVetx: map[string]string{"github.com/jackc/pgx/v5": noFacts}}},
		{name: "badImportWithFacts", unit: unitchecker.Config{
			ImportPath: "example.org/lib/store", Module: dep, GoFiles: []string{plain},
			ImportMap: map[string]string{"example.org/lib/db": "example.org/lib/db"}, PackageVetx: map[string]string{"example.org/lib/db": withFacts}}},
		{name: "badImportWithoutVetx", unit: unitchecker.Config{
			ImportPath: "example.org/lib/store", Module: dep, GoFiles: []string{plain},
			ImportMap: map[string]string{"example.org/lib/db": "example.org/lib/db"}}},
		{name: "badDeclaresQueryInterface", unit: unitchecker.Config{
			ImportPath: "example.org/lib/dbtx", Module: dep, GoFiles: []string{dbtx}}},
		{name: "badMainModule", unit: unitchecker.Config{
			ImportPath: "example.com/app/plain", Module: &analysis.Module{Path: "example.com/app"}, GoFiles: []string{plain}}},
		{name: "badConfiguredSinkPackage", sinks: []string{"example.org/lib/plain"}, unit: unitchecker.Config{
			ImportPath: "example.org/lib/plain", Module: dep, GoFiles: []string{plain}}},
		{name: "badImportsConfiguredSinkPackage", sinks: []string{"example.org/lib/client"}, unit: unitchecker.Config{
			ImportPath: "example.org/lib/plain", Module: dep, GoFiles: []string{plain},
			ImportMap: map[string]string{"example.org/lib/client": "example.org/lib/client"}, PackageVetx: map[string]string{"example.org/lib/client": noFacts}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.unit.VetxOnly, tt.unit.VetxOutput = true, filepath.Join(dir, "out.vetx")
			assert.Equal(t, tt.want, VetUnitCannotMatter(&tt.unit, tt.sinks))
		})
	}
	t.Run("badReportedUnit", func(t *testing.T) {
		unit := unitchecker.Config{ImportPath: "net/http", VetxOutput: filepath.Join(dir, "out.vetx")}
		assert.False(t, VetUnitCannotMatter(&unit, nil), "a unit whose diagnostics go vet prints runs the pass")
	})
}

// TestWriteTypesOnlyVetx answers two units, the second importing the
// first, and reads the second's types back as unitchecker would.
func TestWriteTypesOnlyVetx(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
		return path
	}
	base := unitchecker.Config{
		ImportPath: "example.org/lib/base", GoVersion: "go1.26",
		GoFiles:    []string{write("base.go", "package base\n\nimport \"strings\"\n\n// T is a type.\ntype T struct{ Name string }\n\nfunc (t T) Upper() string { return strings.ToUpper(t.Name) }\n\nconst Limit = 10\n")},
		ImportMap:  map[string]string{"strings": "strings"},
		VetxOutput: filepath.Join(dir, "base.vetx"),
	}
	// strings comes from a vetx file too: answer it first.
	stringsUnit := unitchecker.Config{
		ImportPath: "strings", GoVersion: "go1.26",
		GoFiles:    []string{write("strings.go", "package strings\n\nfunc ToUpper(s string) string { return s }\n")},
		VetxOutput: filepath.Join(dir, "strings.vetx"),
	}
	require.NoError(t, WriteTypesOnlyVetx(&stringsUnit))
	base.PackageVetx = map[string]string{"strings": stringsUnit.VetxOutput}
	require.NoError(t, WriteTypesOnlyVetx(&base))
	assert.True(t, vetxWithoutFacts(base.VetxOutput))

	user := unitchecker.Config{
		ImportPath: "example.org/lib/user", GoVersion: "go1.26",
		GoFiles:     []string{write("user.go", "package user\n\nimport \"example.org/lib/base\"\n\nvar names [base.Limit]string\n\nfunc Name(t base.T) string { return t.Upper() + names[0] }\n")},
		ImportMap:   map[string]string{"example.org/lib/base": "example.org/lib/base"},
		PackageVetx: map[string]string{"example.org/lib/base": base.VetxOutput},
		VetxOutput:  filepath.Join(dir, "user.vetx"),
	}
	require.NoError(t, WriteTypesOnlyVetx(&user), "the importer type-checks against the types written")

	broken := unitchecker.Config{
		ImportPath: "example.org/lib/broken", GoVersion: "go1.26",
		GoFiles:    []string{write("broken.go", "package broken\n\nvar X int = \"no\"\n")},
		VetxOutput: filepath.Join(dir, "broken.vetx"),
	}
	assert.Error(t, WriteTypesOnlyVetx(&broken), "a declaration that does not type-check is left to unitchecker")
	assert.NoFileExists(t, broken.VetxOutput)
}
