package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSchemaDigest pins which edits change the tool's identity under go
// vet: those to files that can hold a schema or tenantcheck's settings.
func TestSchemaDigest(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		changes bool
	}{
		{name: "changedMigrationChangesDigest", file: "migrations/001_schema.sql", changes: true},
		{name: "newDumpElsewhereChangesDigest", file: "db/schema.sql", changes: true},
		{name: "changedConfigChangesDigest", file: ".tenantcheck.yml", changes: true},
		{name: "renamedConfigChangesDigest", file: "ci/tenantcheck.yaml", changes: true},
		{name: "goFileKeepsDigest", file: "store/store.go", changes: false},
		{name: "otherYAMLKeepsDigest", file: ".github/workflows/ci.yml", changes: false},
		{name: "hiddenFolderKeepsDigest", file: ".cache/dump.sql", changes: false},
		{name: "vendorKeepsDigest", file: "vendor/example.com/x/schema.sql", changes: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "go.mod", "module example.com/app\n")
			write(t, root, "migrations/001_schema.sql", "CREATE TABLE t (account_id bigint);\n")
			write(t, root, ".tenantcheck.yml", "rules: [unscoped]\n")
			before, err := schemaDigest(root)
			require.NoError(t, err)

			write(t, root, tt.file, "-- changed\n")
			after, err := schemaDigest(root)
			require.NoError(t, err)
			assert.Equal(t, tt.changes, !bytes.Equal(before, after))
		})
	}
}

// TestPrintVetVersion checks the -V=full line against the form cmd/go
// parses, from a package folder below the module root.
func TestPrintVetVersion(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.mod", "module example.com/app\n")
	write(t, root, "migrations/001_schema.sql", "CREATE TABLE t (account_id bigint);\n")
	exe := write(t, root, "bin/tenantcheck", "not really an executable")
	pkg := filepath.Join(root, "store")
	require.NoError(t, os.MkdirAll(pkg, 0o755))

	var first, second bytes.Buffer
	require.NoError(t, printVetVersion(&first, exe, pkg))
	write(t, root, "migrations/002_more.sql", "CREATE TABLE u (user_id bigint);\n")
	require.NoError(t, printVetVersion(&second, exe, pkg))

	line := regexp.MustCompile(`^(\S+) version devel tenantcheck-schema=[0-9a-f]{12} buildID=([0-9a-f]{64})\n$`)
	m1, m2 := line.FindStringSubmatch(first.String()), line.FindStringSubmatch(second.String())
	require.NotNil(t, m1, first.String())
	require.NotNil(t, m2, second.String())
	assert.Equal(t, exe, m1[1])
	assert.NotEqual(t, m1[2], m2[2], "a new migration changes the build ID")
}

// write creates the file rel under root with content and returns its path.
func write(t *testing.T, root, rel, content string) string {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}
