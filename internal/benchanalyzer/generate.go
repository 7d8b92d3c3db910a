package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// The synthetic module's schema: 100 tables, as a service of that size has
// them (tenant-scope.md section 1). accounts is global; tenant_NN carry
// account_id; child_NN reach a tenant table through a foreign key only;
// global_NN are reference data that need no scope.
const (
	tenantTables = 60
	childTables  = 30
	globalTables = 9
)

// queryKinds is the number of query shapes genQuery cycles through.
const queryKinds = 10

// unscopedEvery makes one query in that many deliberately unscoped, so the
// benchmark also pays for building findings, as on real code.
const unscopedEvery = 50

// modulePath is the synthetic module's import path.
const modulePath = "example.com/benchapp"

// synthetic describes a generated module.
type synthetic struct {
	Dir      string
	Packages int
	// Queries counts the calls that send SQL, in the query packages:
	// Packages times the queries per package.
	Queries int
	// Unscoped counts the queries written without a tenant predicate.
	Unscoped int
}

// pgxRequirement is what the synthetic module takes from this repository's
// module: the go directive, the requirements that provide pgx v5's
// packages (the versions this repository builds with, so the module
// cache already holds them) and their go.sum lines.
type pgxRequirement struct {
	GoVersion string
	Modules   []string // "path version", pgx first
	Sum       []byte
}

// readPGXRequirement reads the requirement from the module rooted at root.
func readPGXRequirement(root string) (pgxRequirement, error) {
	var req pgxRequirement
	gomod := filepath.Join(root, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		return req, fmt.Errorf("read %s: %w", gomod, err)
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			req.GoVersion = v
			break
		}
	}
	if req.GoVersion == "" {
		return req, fmt.Errorf("read %s: no go directive", gomod)
	}
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}",
		"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/pgxpool")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return req, fmt.Errorf("list the modules of pgx v5 in %s: %w: %s", root, err, strings.TrimSpace(stderr.String()))
	}
	paths := map[string]bool{}
	for line := range strings.Lines(string(out)) {
		mod := strings.TrimSpace(line)
		if mod == "" || slices.Contains(req.Modules, mod) {
			continue
		}
		path, _, _ := strings.Cut(mod, " ")
		paths[path] = true
		if path == "github.com/jackc/pgx/v5" {
			req.Modules = append([]string{mod}, req.Modules...)
		} else {
			req.Modules = append(req.Modules, mod)
		}
	}
	if len(req.Modules) == 0 || !strings.HasPrefix(req.Modules[0], "github.com/jackc/pgx/v5 ") {
		return req, fmt.Errorf("%s does not require github.com/jackc/pgx/v5", gomod)
	}
	gosum := filepath.Join(root, "go.sum")
	f, err := os.Open(gosum)
	if err != nil {
		return req, fmt.Errorf("read %s: %w", gosum, err)
	}
	defer f.Close()
	var sum bytes.Buffer
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		path, _, _ := strings.Cut(sc.Text(), " ")
		if paths[path] {
			sum.WriteString(sc.Text() + "\n")
		}
	}
	if err := sc.Err(); err != nil {
		return req, fmt.Errorf("read %s: %w", gosum, err)
	}
	req.Sum = sum.Bytes()
	return req, nil
}

// generate writes a module of packages query packages with perPackage
// queries each into dir, which must exist and be empty.
func generate(dir string, req pgxRequirement, packages, perPackage int) (synthetic, error) {
	mod := synthetic{Dir: dir, Packages: packages, Queries: packages * perPackage}
	var gomod strings.Builder
	fmt.Fprintf(&gomod, "module %s\n\ngo %s\n\nrequire %s\n", modulePath, req.GoVersion, req.Modules[0])
	if len(req.Modules) > 1 {
		gomod.WriteString("\nrequire (\n")
		for _, m := range req.Modules[1:] {
			fmt.Fprintf(&gomod, "\t%s // indirect\n", m)
		}
		gomod.WriteString(")\n")
	}
	files := map[string][]byte{
		"go.mod":                        []byte(gomod.String()),
		"go.sum":                        req.Sum,
		"migrations/001.sql":            []byte(schemaSQL()),
		"internal/store/store.go":       []byte(storeSource),
		"internal/sqlconst/sqlconst.go": []byte(sqlconstSource()),
	}
	for p := range packages {
		for first := 0; first < perPackage; first += queriesPerFile {
			var body bytes.Buffer
			for q := first; q < min(first+queriesPerFile, perPackage); q++ {
				if unscoped := genQuery(&body, p, q, p*perPackage+q); unscoped {
					mod.Unscoped++
				}
			}
			formatted, err := format.Source(queryFile(pkgName(p), body.Bytes()))
			if err != nil {
				return mod, fmt.Errorf("format the generated package %s: %w", pkgName(p), err)
			}
			files[fmt.Sprintf("feature/%s/q%03d.go", pkgName(p), first/queriesPerFile)] = formatted
		}
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return mod, fmt.Errorf("write the synthetic module: %w", err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return mod, fmt.Errorf("write the synthetic module: %w", err)
		}
	}
	return mod, nil
}

// queriesPerFile keeps the generated files at the size of hand-written
// data-access files.
const queriesPerFile = 25

func pkgName(p int) string { return fmt.Sprintf("p%03d", p) }

// schemaSQL returns migrations/001.sql.
func schemaSQL() string {
	var b strings.Builder
	b.WriteString("CREATE TABLE accounts (\n\tid bigint PRIMARY KEY,\n\tname text NOT NULL\n);\n\n")
	for t := 1; t <= tenantTables; t++ {
		fmt.Fprintf(&b, "CREATE TABLE tenant_%02d (\n\tid bigint PRIMARY KEY,\n\taccount_id bigint NOT NULL REFERENCES accounts (id),\n\tname text NOT NULL,\n\tnote text,\n\tcreated_at timestamptz NOT NULL DEFAULT now()\n);\n\n", t)
	}
	for c := 1; c <= childTables; c++ {
		fmt.Fprintf(&b, "CREATE TABLE child_%02d (\n\tid bigint PRIMARY KEY,\n\tparent_id bigint NOT NULL REFERENCES tenant_%02d (id),\n\tname text NOT NULL\n);\n\n", c, c)
	}
	for g := 1; g <= globalTables; g++ {
		fmt.Fprintf(&b, "CREATE TABLE global_%02d (\n\tid bigint PRIMARY KEY,\n\tcode text NOT NULL UNIQUE,\n\tname text NOT NULL\n);\n\n", g)
	}
	return b.String()
}

// storeSource is the shared package of wrappers every query package calls:
// their SQL parameter reaches a sink unchanged, so tenantcheck checks the
// callers' SQL (tenant-scope.md section 4).
const storeSource = `// Package store holds the wrappers the feature packages send SQL through.
package store

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Select runs q on pool.
func Select(ctx context.Context, pool *pgxpool.Pool, q string, args ...any) (pgx.Rows, error) {
	return pool.Query(ctx, q, args...)
}

// Exec runs q on db.
func Exec(ctx context.Context, db *sql.DB, q string, args ...any) (sql.Result, error) {
	return db.ExecContext(ctx, q, args...)
}
`

// sqlconstSource returns the package of query constants that the feature
// packages share.
func sqlconstSource() string {
	var b strings.Builder
	b.WriteString("// Package sqlconst holds queries shared by the feature packages.\npackage sqlconst\n\nconst (\n")
	for t := 1; t <= tenantTables; t++ {
		fmt.Fprintf(&b, "\tTenantName%02d = `SELECT name FROM tenant_%02d WHERE account_id = $1 AND id = $2`\n", t, t)
	}
	for c := 1; c <= childTables; c++ {
		fmt.Fprintf(&b, "\tChildNames%02d = `SELECT c.id, c.name FROM child_%02d c JOIN tenant_%02d t ON t.id = c.parent_id WHERE t.account_id = $1 AND t.id = $2`\n", c, c, c)
	}
	b.WriteString(")\n")
	return b.String()
}

// queryFile returns the source of a file of package pkg with body, the
// query functions, importing what body uses.
func queryFile(pkg string, body []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n\n\t\"github.com/jackc/pgx/v5/pgxpool\"\n\n", pkg)
	for _, local := range []string{"sqlconst", "store"} {
		if bytes.Contains(body, []byte(local+".")) {
			fmt.Fprintf(&b, "\t\"%s/internal/%s\"\n", modulePath, local)
		}
	}
	b.WriteString(")\n\n")
	b.Write(body)
	return b.Bytes()
}

// genQuery writes query q of package p, the n-th of the module, as one
// function with one call that sends SQL, and reports whether it left the
// query unscoped. The shape cycles with n; most texts carry an sqlc-style
// name comment, so they are distinct as on real code, except the shared
// constants.
func genQuery(b *bytes.Buffer, p, q, n int) bool {
	name := fmt.Sprintf("P%03dQ%03d", p, q)
	tag := fmt.Sprintf("-- name: %s\n", name)
	tenant := n%tenantTables + 1
	child := n%childTables + 1
	global := n%globalTables + 1
	fmt.Fprintf(b, "// %s sends query %d of package %s.\nfunc %s(ctx context.Context, pool *pgxpool.Pool, db *sql.DB, acct, id int64) error {\n", name, q, pkgName(p), name)
	defer b.WriteString("}\n\n")
	if n%unscopedEvery == unscopedEvery/2 {
		// Deliberately unscoped: any tenant's row with that id.
		fmt.Fprintf(b, "rows, err := pool.Query(ctx, `%sSELECT id, name FROM tenant_%02d WHERE id = $1`, id)\n%s", tag, tenant, closeRows)
		return true
	}
	switch n % queryKinds {
	case 0: // a constant literal at a pgx call
		fmt.Fprintf(b, "rows, err := pool.Query(ctx, `%sSELECT id, name FROM tenant_%02d WHERE account_id = $1 AND id > $2 ORDER BY id`, acct, id)\n%s", tag, tenant, closeRows)
	case 1: // a local constant at a database/sql call
		fmt.Fprintf(b, "const q = `%sSELECT name FROM tenant_%02d WHERE account_id = $1 AND id = $2`\nvar name string\nreturn db.QueryRowContext(ctx, q, acct, id).Scan(&name)\n", tag, tenant)
	case 2: // a constant of another package at a pgx call
		fmt.Fprintf(b, "var name string\nreturn pool.QueryRow(ctx, sqlconst.TenantName%02d, acct, id).Scan(&name)\n", tenant)
	case 3: // a child table through the pgx wrapper
		fmt.Fprintf(b, "rows, err := store.Select(ctx, pool, `%sSELECT c.id, c.name FROM child_%02d c JOIN tenant_%02d t ON t.id = c.parent_id WHERE t.account_id = $1 AND c.id = $2`, acct, id)\n%s", tag, child, child, closeRows)
	case 4: // built on two branches, at a database/sql call
		fmt.Fprintf(b, "var q string\nif id%%2 == 0 {\nq = `%sSELECT id, name FROM tenant_%02d WHERE account_id = $1 ORDER BY created_at DESC`\n} else {\nq = `%sSELECT id, name FROM tenant_%02d WHERE account_id = $1 ORDER BY id`\n}\nrows, err := db.QueryContext(ctx, q, acct)\n%s", tag, tenant, tag, tenant, closeSQLRows)
	case 5: // an UPDATE at a pgx call
		fmt.Fprintf(b, "_, err := pool.Exec(ctx, `%sUPDATE tenant_%02d SET note = $3 WHERE account_id = $1 AND id = $2`, acct, id, %q)\nreturn err\n", tag, tenant, name)
	case 6: // an INSERT at a database/sql call
		fmt.Fprintf(b, "_, err := db.ExecContext(ctx, `%sINSERT INTO tenant_%02d (id, account_id, name) VALUES ($2, $1, $3)`, acct, id, %q)\nreturn err\n", tag, tenant, name)
	case 7: // a global table, which needs no scope
		fmt.Fprintf(b, "var code string\nreturn pool.QueryRow(ctx, `%sSELECT code FROM global_%02d WHERE id = $1`, id).Scan(&code)\n", tag, global)
	case 8: // a DELETE through the database/sql wrapper
		fmt.Fprintf(b, "_, err := store.Exec(ctx, db, `%sDELETE FROM tenant_%02d WHERE account_id = $1 AND id = $2`, acct, id)\nreturn err\n", tag, tenant)
	default: // a constant of another package on a child table, at a database/sql call
		fmt.Fprintf(b, "rows, err := db.QueryContext(ctx, sqlconst.ChildNames%02d, acct, id)\n%s", child, closeSQLRows)
	}
	return false
}

// closeRows and closeSQLRows end a function after a pgx or a database/sql
// query that returned rows, err.
const (
	closeRows    = "if err != nil {\nreturn err\n}\nrows.Close()\nreturn rows.Err()\n"
	closeSQLRows = "if err != nil {\nreturn err\n}\ndefer rows.Close()\nreturn rows.Err()\n"
)
