package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// TestRun runs the command in process on the txtar modules under testdata
// and compares its stdout and stderr with testdata/golden/<case>.txtar.
func TestRun(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		// wd is the folder under the fixture to run in, "" for its root.
		wd   string
		args []string
		want int
		// stdout and stderr are fragments the output must contain, so that
		// each case states what it is about beyond its golden file.
		stdout, stderr string
	}{
		{name: "warnModeExitsZero", fixture: "app", want: exitOK,
			stderr: "tenantcheck: warning: table audit_log is not in the schema; treated as global"},
		{name: "failModeExitsOne", fixture: "app", args: []string{"-fail"}, want: exitFindings},
		{name: "jsonFindingsSorted", fixture: "app", args: []string{"-format", "json"}, want: exitOK},
		{name: "rulesKeepOnlyOrScope", fixture: "app", args: []string{"-fail", "-rules", "or-scope"}, want: exitFindings},
		{name: "tenantColumnsOverride", fixture: "app", args: []string{"-tenant-columns", "org_id"}, want: exitOK},
		{name: "explicitPackage", fixture: "app", args: []string{"-fail", "./store"}, want: exitFindings},
		{name: "cleanFailModeExitsZero", fixture: "clean", args: []string{"-fail"}, want: exitOK},
		{name: "cleanJSONHasEmptyFindings", fixture: "clean", args: []string{"-format", "json"}, want: exitOK,
			stdout: `"findings": []`},
		{name: "helpExitsZero", fixture: "clean", args: []string{"-h"}, want: exitOK,
			stderr: "  parse          PostgreSQL's parser rejects the SQL\n"},
		{name: "badFlagExitsTwo", fixture: "clean", args: []string{"-no-such-flag"}, want: exitError,
			stderr: "flag provided but not defined: -no-such-flag"},
		{name: "badFormatExitsTwo", fixture: "clean", args: []string{"-format", "xml"}, want: exitError,
			stderr: `unknown -format "xml"`},
		{name: "badConfigNamesFileAndLine", fixture: "badconfig", want: exitError,
			stderr: ".tenantcheck.yml:3"},
		{name: "badSchemaNamesFileAndLine", fixture: "badschema", want: exitError,
			stderr: "001_schema.sql:3"},
		{name: "missingSchemaPathExitsTwo", fixture: "clean", args: []string{"-schema", "no/such/folder"}, want: exitError,
			stderr: "no/such/folder"},
		{name: "packageDoesNotCompile", fixture: "broken", want: exitError,
			stderr: "store/store.go:5"},
		{name: "patternMatchesNothing", fixture: "clean", args: []string{"./nothing/..."}, want: exitError},
		{name: "sarifFindings", fixture: "app", args: []string{"-format", "sarif"}, want: exitOK,
			stdout: `"partialFingerprints"`},
		{name: "sarifNoFindings", fixture: "clean", args: []string{"-format", "sarif"}, want: exitOK,
			stdout: `"results": []`},
		{name: "githubAnnotations", fixture: "app", args: []string{"-fail", "-format", "github"}, want: exitFindings,
			stdout: "::error file=store/store.go,line=22,col=53,title=tenantcheck unscoped::projects is not scoped"},
		{name: "githubNoFindings", fixture: "clean", args: []string{"-format", "github"}, want: exitOK,
			stdout: "::notice title=tenantcheck::0 findings"},
		{name: "listExceptionsText", fixture: "exceptions", args: []string{"-fail", "-list-exceptions"}, want: exitOK,
			stdout: "purge/purge.go:18:2: example.com/jobs/purge.Count: billing counts the projects of every account [directive]"},
		{name: "listExceptionsJSON", fixture: "exceptions", args: []string{"-list-exceptions", "-format", "json"}, want: exitOK,
			stdout: `"used": false`},
		{name: "listExceptionsNone", fixture: "clean", args: []string{"-list-exceptions", "-format", "json"}, want: exitOK,
			stdout: `"exceptions": []`},
		{name: "listSinksText", fixture: "wrappers", args: []string{"-fail", "-list-sinks"}, want: exitOK,
			stdout: "wrapper (*example.com/wrappers/db.DB).Rows (db/db.go:13): SQL {1}, 2 calls"},
		{name: "listSinksJSON", fixture: "wrappers", args: []string{"-list-sinks", "-format", "json"}, want: exitOK,
			stdout: `"function": "(*database/sql.DB).QueryContext"`},
		{name: "listSinksRejectsSARIF", fixture: "clean", args: []string{"-list-sinks", "-format", "sarif"}, want: exitError,
			stderr: "-list-sinks prints text or json"},
		{name: "rlsText", fixture: "rls", args: []string{"-fail"}, want: exitFindings,
			stdout: "migrations/003_cleanup.sql:1:1: notes has no permissive policy for role app left after this DROP POLICY notes_tenant"},
		{name: "rlsJSON", fixture: "rls", args: []string{"-format", "json"}, want: exitOK,
			stdout: `"file": "migrations/001_schema.sql"`},
		{name: "rlsSARIF", fixture: "rls", args: []string{"-format", "sarif"}, want: exitOK,
			stdout: `"ruleId": "rls"`},
		{name: "rlsGitHub", fixture: "rls", args: []string{"-format", "github"}, want: exitOK,
			stdout: "::error file=migrations/002_row_level_security.sql,line=8,col=1,title=tenantcheck rls::tasks policy tasks_tenant"},
		{name: "rlsListExceptions", fixture: "rls", args: []string{"-list-exceptions"}, want: exitOK,
			stdout: "migrations/002_row_level_security.sql:15:1: policy projects_directory on projects: the project directory lists every account's project names [migration]"},
		{name: "rlsLeftOutByRules", fixture: "rls", args: []string{"-fail", "-rules", "unscoped,or-scope"}, want: exitOK},
		{name: "noSchemaFoundExitsTwo", fixture: "noschema", args: []string{"-fail"}, want: exitError,
			stderr: "tenantcheck: no schema found: looked in "},
		{name: "noSchemaFoundFromPackageFolder", fixture: "noschema", wd: "store", args: []string{"-fail", "."}, want: exitError,
			stderr: "point -schema at the migrations folder or schema file"},
		{name: "schemaFlagRelativeToModuleRoot", fixture: "noschema", wd: "store", args: []string{"-fail", "-schema", "database/posts.sql", "."}, want: exitFindings,
			stdout: "store.go:11:45: posts is not scoped"},
		{name: "emptySchemaFlagNotes", fixture: "noschema", args: []string{"-fail", "-schema", ""}, want: exitOK,
			stderr: `tenantcheck: note: no schema (-schema ""): every table is treated as global`},
		{name: "schemaWithoutTablesExitsTwo", fixture: "notables", args: []string{"-fail"}, want: exitError,
			stderr: "schema migrations (found at the module root) defines no table"},
		{name: "schemaFoundInDBMigrations", fixture: "dbmigrations", args: []string{"-fail"}, want: exitFindings,
			stdout: "store/store.go:11:45: posts is not scoped"},
		{name: "packageFolderFindsSchema", fixture: "dbmigrations", wd: "store", args: []string{"-fail"}, want: exitFindings,
			stdout: "comments/comments.go:16:48: comments is not scoped"},
		{name: "packageFolderDotPattern", fixture: "dbmigrations", wd: "store", args: []string{"-fail", "."}, want: exitFindings,
			stdout: "store.go:11:45: posts is not scoped"},
		{name: "relatedText", fixture: "branches", want: exitOK,
			stdout: "(in 2 of its 3 possible texts) [unscoped]\n\tstore/store.go:11:2: the query is assigned here\n\tstore/store.go:15:3: the query is assigned here\n"},
		{name: "relatedJSON", fixture: "branches", args: []string{"-format", "json"}, want: exitOK,
			stdout: `"related": [`},
		{name: "relatedSARIF", fixture: "branches", args: []string{"-format", "sarif"}, want: exitOK,
			stdout: `"relatedLocations": [`},
		{name: "squirrelCensusText", fixture: "squirrel", want: exitOK,
			stderr: "(4 queries: 3 checked, 1 unresolved; 0 suppressed)"},
		{name: "squirrelCensusJSON", fixture: "squirrel", args: []string{"-format", "json"}, want: exitOK,
			stdout: `"queries": 4,`},
		{name: "copyFromCensusText", fixture: "copyfrom", want: exitOK,
			stderr: "(4 queries: 3 checked, 1 unresolved; 0 suppressed)"},
		{name: "copyFromCensusJSON", fixture: "copyfrom", args: []string{"-format", "json"}, want: exitOK,
			stdout: `"query": "INSERT INTO \"public\".\"posts\" (\"id\", \"title\") VALUES ($1, $2)"`},
		{name: "ormCensusText", fixture: "orm", want: exitOK,
			stderr: "(5 queries: 1 checked, 4 unresolved; 1 suppressed)"},
		{name: "ormCensusJSON", fixture: "orm", args: []string{"-format", "json"}, want: exitOK,
			stdout: `"unresolved": 4,`},
		{name: "ormCensusSARIF", fixture: "orm", args: []string{"-format", "sarif"}, want: exitOK,
			stdout: `"unresolved": 4`},
		{name: "ormListSinks", fixture: "orm", args: []string{"-list-sinks"}, want: exitOK,
			stdout: "sink (*gorm.io/gorm.DB).First: SQL written by gorm's query builder (not checked), 1 call"},
		{name: "listExceptionsRejectsSARIF", fixture: "clean", args: []string{"-list-exceptions", "-format", "sarif"}, want: exitError,
			stderr: "-list-exceptions prints text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden, err := filepath.Abs(filepath.Join("testdata", "golden", tt.name+".txtar"))
			require.NoError(t, err)
			dir := extract(t, filepath.Join("testdata", tt.fixture+".txtar"))
			t.Chdir(filepath.Join(dir, tt.wd))

			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)

			assert.Equal(t, tt.want, code, "exit status; stderr:\n%s", stderr.String())
			assert.Contains(t, stdout.String(), tt.stdout)
			assert.Contains(t, stderr.String(), tt.stderr)
			checkGolden(t, golden, dir, stdout.String(), stderr.String())
		})
	}
}

// extract writes the files of the txtar archive at path into a new
// temporary folder and returns that folder.
func extract(t *testing.T, path string) string {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	require.NoError(t, err)
	fsys, err := txtar.FS(ar)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, fsys))
	return dir
}

// checkGolden compares the command's output with the golden archive at
// path, or rewrites it under -update. The fixture folder is written $WORK
// so the files do not depend on where the test ran.
func checkGolden(t *testing.T, path, dir, stdout, stderr string) {
	t.Helper()
	got := txtar.Format(&txtar.Archive{Files: []txtar.File{
		{Name: "stdout", Data: []byte(strings.ReplaceAll(stdout, dir, "$WORK"))},
		{Name: "stderr", Data: []byte(strings.ReplaceAll(stderr, dir, "$WORK"))},
	}})
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create the golden file")
	assert.Equal(t, string(want), string(got))
}

// TestSeedApp checks the end-to-end fixture: the analytics port in
// testdata/seedapp must yield exactly its four known leaks (three queries,
// one handler taking the account from the request) and the rls finding on
// the table whose migration forgot its policy.
func TestSeedApp(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	expected := filepath.Join(root, "testdata", "seedapp", "expected.json")
	t.Chdir(root)

	var stdout, stderr bytes.Buffer
	code := run([]string{"-fail", "-format", "json", "-schema", "testdata/seedapp/migrations", "-config", "testdata/seedapp/.tenantcheck.yml", "./testdata/seedapp/..."}, &stdout, &stderr)

	require.Equal(t, exitFindings, code, "exit status; stderr:\n%s", stderr.String())
	assert.Empty(t, stderr.String(), "the seed schema knows every table the seed queries")
	if *update {
		require.NoError(t, os.WriteFile(expected, stdout.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(expected)
	require.NoError(t, err, "run with -update to create expected.json")
	assert.Equal(t, string(want), stdout.String())
}

// TestGoVet builds the command and runs it under go vet -vettool on the
// fixtures: the protocol hand-off works, the shared flags pass through both
// unprefixed and in go vet's -tenantcheck.<flag> form, the default
// ./migrations is found at the module root although go vet starts the tool
// in the package's folder, db/migrations is found from a package folder
// with positions relative to it, and wrapper facts cross packages.
func TestGoVet(t *testing.T) {
	bin := buildTool(t)

	tests := []struct {
		name    string
		fixture string
		// wd is the folder under the fixture go vet runs in, "" for its
		// root.
		wd       string
		flags    []string
		want     []string
		wantNone []string
	}{
		{name: "defaultColumns", fixture: "app",
			want: []string{
				"store.go:22:53: projects is not scoped",
				"store.go:28:48: projects is scoped only under OR",
			},
			wantNone: []string{"store.go:35", "notes"}},
		{name: "tenantColumnsFlag", fixture: "app", flags: []string{"-tenant-columns=org_id"},
			want:     []string{"store.go:42:53: notes is not scoped"},
			wantNone: []string{"store.go:22", "store.go:28"}},
		{name: "prefixedTenantColumnsFlag", fixture: "app", flags: []string{"-tenantcheck.tenant-columns=org_id"},
			want:     []string{"store.go:42:53: notes is not scoped"},
			wantNone: []string{"store.go:22", "store.go:28"}},
		{name: "prefixedRulesFlag", fixture: "app", flags: []string{"-tenantcheck.rules=or-scope"},
			want:     []string{"store.go:28:48: projects is scoped only under OR"},
			wantNone: []string{"store.go:22"}},
		{name: "wrapperInAnotherPackage", fixture: "wrappers",
			want:     []string{"store/store.go:18:39: projects is not scoped"},
			wantNone: []string{"db/db.go", "store.go:14"}},
		{name: "schemaFoundFromPackageFolder", fixture: "dbmigrations", wd: "store",
			want: []string{
				"\ncomments/comments.go:16:48: comments is not scoped",
				"\nstore.go:11:45: posts is not scoped",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, filepath.Join("testdata", tt.fixture+".txtar"))
			out := "\n" + goVet(t, bin, filepath.Join(dir, tt.wd), tt.flags...)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
			for _, w := range tt.wantNone {
				assert.NotContains(t, out, w)
			}
		})
	}
}

// TestGoVetSchemaChange runs go vet twice on one module with a migration
// edited in between: go vet caches results by package, tool identity and
// flags, so only the schema digest in the tool's -V=full answer makes the
// second run see the change.
func TestGoVetSchemaChange(t *testing.T) {
	bin := buildTool(t)
	dir := extract(t, filepath.Join("testdata", "app.txtar"))
	migration := filepath.Join(dir, "migrations", "001_schema.sql")

	out := goVet(t, bin, dir)
	require.Contains(t, out, "store.go:22:53: projects is not scoped")
	require.NotContains(t, out, "notes is not scoped")

	// notes becomes a tenant table: its unscoped read is a new finding.
	sql, err := os.ReadFile(migration)
	require.NoError(t, err)
	changed := strings.Replace(string(sql), "org_id bigint NOT NULL", "account_id bigint NOT NULL", 1)
	require.NotEqual(t, string(sql), changed)
	require.NoError(t, os.WriteFile(migration, []byte(changed), 0o644))

	out = goVet(t, bin, dir)
	assert.Contains(t, out, "store.go:42:53: notes is not scoped")
	assert.Contains(t, out, "store.go:22:53: projects is not scoped")
}

// buildTool builds the command into a temporary folder and returns its path.
func buildTool(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tenantcheck")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// goVet runs go vet -vettool=bin with flags on ./... in dir, requires the
// exit status of a run with findings, and returns its output.
func goVet(t *testing.T, bin, dir string, flags ...string) string {
	t.Helper()
	args := append([]string{"vet", "-vettool=" + bin}, flags...)
	vet := exec.Command("go", append(args, "./...")...)
	vet.Dir = dir
	out, err := vet.CombinedOutput()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "go vet must fail on findings: %v\n%s", err, out)
	require.Equal(t, 1, exit.ExitCode(), "go vet output:\n%s", out)
	return string(out)
}

// TestIsVetInvocation pins which command lines go to unitchecker.
func TestIsVetInvocation(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want bool
	}{
		{name: "versionQuery", args: []string{"-V=full"}, want: true},
		{name: "flagsQuery", args: []string{"-flags"}, want: true},
		{name: "unitConfig", args: []string{"/tmp/go-build1/b001/vet.cfg"}, want: true},
		{name: "unitConfigAfterFlags", args: []string{"-schema=migrations", "-rules=unscoped", "vet.cfg"}, want: true},
		{name: "noArguments", args: nil, want: false},
		{name: "packagePattern", args: []string{"./..."}, want: false},
		{name: "configAfterPackage", args: []string{"./store", "vet.cfg"}, want: false},
		{name: "flagsWithPackages", args: []string{"-flags", "./..."}, want: false},
		{name: "otherVersionQuery", args: []string{"-V"}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, isVetInvocation(tt.args))
		})
	}
}
