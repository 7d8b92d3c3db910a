package driver

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"
)

// TestPlan decides on a graph built by hand: a main module whose store
// imports a wrapper package, a package of SQL text and third-party
// libraries; a command that reaches no SQL; libraries that reach it
// through a driver or through a query-shaped interface, and others that
// only look as if they might.
func TestPlan(t *testing.T) {
	main := &packages.Module{Path: "example.com/app", Main: true}
	lib := &packages.Module{Path: "example.org/lib", Version: "v1.0.0"}
	dir := t.TempDir()
	dbtxFile := filepath.Join(dir, "dbtx.go")
	require.NoError(t, os.WriteFile(dbtxFile, []byte("package dbtx\n\ntype DBTX interface {\n\tQuery(q string, args ...any) (any, error)\n}\n"), 0o644))
	protoFile := filepath.Join(dir, "proto.go")
	require.NoError(t, os.WriteFile(protoFile, []byte("package proto\n\ntype Message interface {\n\tGet(field string) any\n\tRange(f func(args ...any))\n}\n"), 0o644))
	loggerFile := filepath.Join(dir, "logger.go")
	require.NoError(t, os.WriteFile(loggerFile, []byte("package logger\n\n// Query( in a comment is not a method.\ntype Logger interface {\n\tPrintf(format string, args ...any)\n}\n"), 0o644))

	graph := map[string]*packages.Package{}
	pkg := func(path string, mod *packages.Module, files []string, imports ...string) *packages.Package {
		p := &packages.Package{PkgPath: path, Module: mod, GoFiles: files, Imports: map[string]*packages.Package{}}
		for _, imp := range imports {
			p.Imports[imp] = graph[imp]
		}
		graph[path] = p
		return p
	}
	pkg("strings", nil, nil)
	pkg("fmt", nil, nil, "strings")
	pkg("flag", nil, nil)
	pkg("database/sql/driver", nil, nil)
	pkg("database/sql", nil, nil, "database/sql/driver", "strings")
	pkg("github.com/jackc/pgx/v5", &packages.Module{Path: "github.com/jackc/pgx/v5", Version: "v5.7.0"}, nil, "fmt")
	pkg("example.org/lib/sqlutil", lib, nil, "database/sql")
	pkg("example.org/lib/dbtx", lib, []string{dbtxFile})
	pkg("example.org/lib/logger", lib, []string{loggerFile})
	pkg("example.org/lib/util", lib, nil, "strings")
	pkg("example.org/lib/uuid", lib, nil, "database/sql/driver")
	pkg("example.org/lib/proto", lib, []string{protoFile})
	pkg("example.org/lib/usesdbtx", lib, nil, "example.org/lib/dbtx")
	pkg("example.com/app/text", main, nil)
	pkg("example.com/app/queries", main, nil, "example.com/app/text")
	pkg("example.com/app/unused", main, nil, "fmt")
	pkg("example.com/app/db", main, nil, "database/sql", "example.org/lib/sqlutil")
	store := pkg("example.com/app/store", main, nil, "example.com/app/db", "example.com/app/queries",
		"example.org/lib/util", "example.org/lib/usesdbtx", "example.org/lib/logger", "github.com/jackc/pgx/v5",
		"example.org/lib/uuid", "example.org/lib/proto")
	cli := pkg("example.com/app/cli", main, nil, "flag", "example.com/app/unused")

	pl := newPlan([]*packages.Package{store, cli}, nil)

	var analyzed []string
	for p := range pl.analyzed {
		analyzed = append(analyzed, p.PkgPath)
	}
	slices.Sort(analyzed)
	assert.Equal(t, []string{
		"example.com/app/cli",      // a root
		"example.com/app/db",       // imports database/sql
		"example.com/app/queries",  // in the main module, imported by store
		"example.com/app/store",    // a root
		"example.com/app/text",     // in the main module, imported by queries
		"example.org/lib/dbtx",     // declares a query-shaped interface
		"example.org/lib/sqlutil",  // imports database/sql
		"example.org/lib/usesdbtx", // imports dbtx
	}, analyzed, "not the drivers, the standard library, lib/util, lib/logger, lib/uuid (database/sql/driver only), "+
		"lib/proto (Get takes no variadic parameter) or app/unused (imported only by a root that reaches no SQL)")
	assert.True(t, pl.reach[store])
	assert.False(t, pl.reach[cli])
}

// TestPlanSinkPackage makes a package that imports no driver reach SQL by
// importing a configured sink's package.
func TestPlanSinkPackage(t *testing.T) {
	mod := &packages.Module{Path: "example.org/client", Version: "v0.1.0"}
	sink := &packages.Package{PkgPath: "example.org/client/db", Module: mod}
	user := &packages.Package{PkgPath: "example.org/client/users", Module: mod, Imports: map[string]*packages.Package{"example.org/client/db": sink}}
	root := &packages.Package{PkgPath: "example.com/app", Module: &packages.Module{Main: true}, Imports: map[string]*packages.Package{"example.org/client/users": user}}

	assert.False(t, newPlan([]*packages.Package{root}, nil).analyzed[user])
	pl := newPlan([]*packages.Package{root}, []string{"example.org/client/db"})
	assert.True(t, pl.analyzed[user])
	assert.True(t, pl.analyzed[sink], "a configured sink's package is analyzed: it can hold wrappers")
}

// TestIsDriver pins which paths are drivers.
func TestIsDriver(t *testing.T) {
	for path, want := range map[string]bool{
		"database/sql":                    true,
		"database/sql/driver":             true,
		"database/sqlite":                 false,
		"github.com/jackc/pgx/v5/pgxpool": true,
		"github.com/jackc/pgx/v4":         true,
		"github.com/jmoiron/sqlx":         true,
		"github.com/lib/pq":               false, // a database/sql driver: its importers reach SQL through database/sql
		"gorm.io/gorm":                    true,
		"gorm.io/gormx":                   false,
		"github.com/uptrace/bun/dialect":  true,
		"example.com/app/db":              false,
	} {
		assert.Equal(t, want, isDriver(path), path)
	}
}
