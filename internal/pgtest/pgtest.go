// Package pgtest gives each test its own real PostgreSQL database with the
// service's migrations applied: the cluster named by DATABASE_URL, or a
// throwaway cluster started from the local binaries; the migrations run once
// per test binary into a template that every test database is cloned from.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// then call New in each test.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/resolutionflow/tenantcheck/migrations"
)

// AppRole is the login role tests connect as: a member of tenantcheck_app,
// neither superuser nor BYPASSRLS, so row-level security applies to it.
const AppRole = "tenantcheck_test"

// appPassword lets the app role log in over TCP on clusters that ask for a
// password; it guards only throwaway test data.
const appPassword = "tenantcheck_test"

// DB is one test's database.
type DB struct {
	// Name is the database name.
	Name string
	// App is a pool connected as AppRole, subject to row-level security:
	// what the service gets.
	App *pgxpool.Pool
	// Admin is a superuser pool on the same database, for fixtures.
	Admin *pgxpool.Pool
	// AppURL and AdminURL connect to this database as each role.
	AppURL, AdminURL string
}

// env is what every test of one binary shares: the cluster and the
// migrated template database.
type env struct {
	srv      *server // nil when DATABASE_URL names the cluster
	adminURL string  // connects to the cluster's maintenance database
	template string
}

var (
	setupOnce sync.Once
	shared    *env
	setupErr  error
	mainRan   bool
)

// Main runs the package's tests and then drops the template and stops the
// throwaway cluster, if either was created. The cluster starts lazily, on
// the first call of New.
func Main(m *testing.M) {
	mainRan = true
	code := m.Run()
	if shared != nil {
		if err := shared.close(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// New creates a database for t from the migrated template, connects both
// pools, and drops it when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	return newDB(t, true)
}

// NewEmpty is New without the migrations: a database as CREATE DATABASE
// makes it, for tests of the migrations themselves.
func NewEmpty(t testing.TB) *DB {
	t.Helper()
	return newDB(t, false)
}

func newDB(t testing.TB, migrated bool) *DB {
	t.Helper()
	if !mainRan {
		t.Fatal("pgtest: call pgtest.Main(m) from TestMain")
	}
	setupOnce.Do(func() { shared, setupErr = setup(context.Background()) })
	if setupErr != nil {
		t.Fatalf("pgtest: %v", setupErr)
	}
	ctx := context.Background()
	template := ""
	if migrated {
		template = shared.template
	}
	db, err := shared.newDB(ctx, template)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		db.App.Close()
		db.Admin.Close()
		if err := shared.dropDatabase(context.Background(), db.Name); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return db
}

func setup(ctx context.Context) (*env, error) {
	e := &env{adminURL: os.Getenv("DATABASE_URL")}
	if e.adminURL == "" {
		srv, err := startServer(ctx)
		if err != nil {
			return nil, err
		}
		e.srv, e.adminURL = srv, srv.url
	}
	e.template = "pgtest_template_" + randomSuffix()
	if err := e.createTemplate(ctx); err != nil {
		_ = e.close()
		return nil, err
	}
	return e, nil
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// createTemplate creates and migrates the template database, then makes
// sure the app role exists (migrations create tenantcheck_app, the group it
// joins).
func (e *env) createTemplate(ctx context.Context) error {
	if err := e.createDatabase(ctx, e.template, ""); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, withDatabase(e.adminURL, e.template, "", ""))
	if err != nil {
		return fmt.Errorf("connect to template %s: %w", e.template, err)
	}
	defer conn.Close(ctx)
	if err := migrations.Migrate(ctx, conn); err != nil {
		return fmt.Errorf("migrate template %s: %w", e.template, err)
	}
	return createAppRole(ctx, conn)
}

// createAppRole creates AppRole, a login role of the service.
func createAppRole(ctx context.Context, conn *pgx.Conn) error {
	return migrations.CreateLogin(ctx, conn, AppRole, appPassword)
}

// NewLoginRole creates a login role for the rest of t, with attributes
// appended to CREATE ROLE (such as "NOCREATEROLE IN ROLE tenantcheck_app"),
// and returns its name and a URL that connects to db as it. When t ends,
// what the role owns in db passes to the superuser and the role is dropped.
func (db *DB) NewLoginRole(t testing.TB, attributes string) (name, url string) {
	t.Helper()
	ctx := context.Background()
	name = "pgtest_role_" + randomSuffix()
	role := pgx.Identifier{name}.Sanitize()
	if _, err := db.Admin.Exec(ctx, "CREATE ROLE "+role+" LOGIN PASSWORD '"+appPassword+"' "+attributes); err != nil {
		t.Fatalf("pgtest: create role %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := db.Admin.Exec(ctx, "REASSIGN OWNED BY "+role+" TO CURRENT_USER; DROP OWNED BY "+role+"; DROP ROLE "+role); err != nil {
			t.Errorf("pgtest: drop role %s: %v", name, err)
		}
	})
	return name, withDatabase(db.AdminURL, db.Name, name, appPassword)
}

func (e *env) newDB(ctx context.Context, template string) (*DB, error) {
	name := "pgtest_" + randomSuffix()
	if err := e.createDatabase(ctx, name, template); err != nil {
		return nil, err
	}
	db := &DB{
		Name:     name,
		AdminURL: withDatabase(e.adminURL, name, "", ""),
		AppURL:   withDatabase(e.adminURL, name, AppRole, appPassword),
	}
	var err error
	if db.Admin, err = pgxpool.New(ctx, db.AdminURL); err != nil {
		_ = e.dropDatabase(ctx, name)
		return nil, fmt.Errorf("connect to %s as admin: %w", name, err)
	}
	if db.App, err = pgxpool.New(ctx, db.AppURL); err != nil {
		db.Admin.Close()
		_ = e.dropDatabase(ctx, name)
		return nil, fmt.Errorf("connect to %s as %s: %w", name, AppRole, err)
	}
	return db, nil
}

// withDatabase rewrites a postgres:// URL to name another database and,
// when user is not empty, another user and password.
func withDatabase(rawURL, database, user, password string) string {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// A keyword/value connection string: later keywords win.
		s := rawURL + " dbname=" + database
		if user != "" {
			s += " user=" + user + " password=" + password
		}
		return s
	}
	u.Path = "/" + database
	if user != "" {
		u.User = url.UserPassword(user, password)
	}
	return u.String()
}

// createDatabase creates name, cloned from template when it is not empty.
func (e *env) createDatabase(ctx context.Context, name, template string) error {
	conn, err := pgx.Connect(ctx, e.adminURL)
	if err != nil {
		return fmt.Errorf("connect to the cluster: %w", err)
	}
	defer conn.Close(ctx)
	sql := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize()
	if template != "" {
		sql += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// dropDatabase drops name, ending any session still connected to it.
func (e *env) dropDatabase(ctx context.Context, name string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, e.adminURL)
	if err != nil {
		return fmt.Errorf("connect to the cluster: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// close drops the template from a shared cluster, or stops and removes the
// throwaway one (which takes its databases with it).
func (e *env) close() error {
	if e.srv != nil {
		e.srv.stop()
		e.srv.remove()
		return nil
	}
	return e.dropDatabase(context.Background(), e.template)
}
