// Command tenantcheck-demo runs the reference service: an analytics and
// ratings API whose every query tenantcheck proves confined to one tenant,
// with row-level security behind it.
//
//	tenantcheck-demo migrate            apply migrations/ to DATABASE_URL
//	tenantcheck-demo create-login NAME  create the login role serve uses
//	tenantcheck-demo seed [flags]       generate a realistic data set
//	tenantcheck-demo serve [flags]      run the HTTP API on LISTEN_ADDR
//
// Configuration comes from the environment: DATABASE_URL, LISTEN_ADDR and
// LOG_LEVEL (debug, info, warn, error), with defaults for a local
// PostgreSQL.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/jackc/pgx/v5"

	"github.com/resolutionflow/tenantcheck/migrations"
)

// Defaults, for a PostgreSQL on this machine such as
// `docker run -e POSTGRES_PASSWORD=postgres -p 5432:5432 postgres`
// with a database created by `createdb tenantcheck`.
const (
	defaultDatabaseURL = "postgres://postgres:postgres@localhost:5432/tenantcheck?sslmode=disable"
	defaultListenAddr  = "127.0.0.1:8080"
	defaultLogLevel    = "info"
)

const usage = `usage: tenantcheck-demo <command> [flags]

commands:
  migrate   apply the migrations to DATABASE_URL (as the tables' owner)
  create-login NAME
            create or reset login role NAME (password: LOGIN_PASSWORD) for
            serve, a member of tenantcheck_app (as a role with CREATEROLE)
  seed      generate accounts, users, trees, sessions and ratings (-h for flags)
  serve     run the HTTP API on LISTEN_ADDR

environment:
  DATABASE_URL  ` + defaultDatabaseURL + `
  LISTEN_ADDR   ` + defaultListenAddr + `
  LOG_LEVEL     ` + defaultLogLevel + ` (debug, info, warn, error)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is the environment, defaults applied.
type config struct {
	DatabaseURL string
	ListenAddr  string
	Logger      *slog.Logger
}

func loadConfig(getenv func(string) string, stderr io.Writer) (config, error) {
	c := config{
		DatabaseURL: orDefault(getenv("DATABASE_URL"), defaultDatabaseURL),
		ListenAddr:  orDefault(getenv("LISTEN_ADDR"), defaultListenAddr),
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(orDefault(getenv("LOG_LEVEL"), defaultLogLevel))); err != nil {
		return c, fmt.Errorf("LOG_LEVEL: %w", err)
	}
	c.Logger = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	return c, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// run is the whole command, in-process for tests: it returns the exit
// status (0 success, 1 failure, 2 usage or configuration error). ctx ends
// on SIGINT or SIGTERM.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "tenantcheck-demo:", err)
		return 2
	}
	switch args[0] {
	case "migrate":
		err = migrate(ctx, cfg, stdout)
	case "create-login":
		if len(args) != 2 || getenv("LOGIN_PASSWORD") == "" {
			fmt.Fprintf(stderr, "tenantcheck-demo create-login: want one role name and its password in LOGIN_PASSWORD\n%s", usage)
			return 2
		}
		err = createLogin(ctx, cfg, args[1], getenv("LOGIN_PASSWORD"), stdout)
	case "seed":
		var opts seedOptions
		if opts, err = parseSeedFlags(args[1:], stderr); err != nil {
			fmt.Fprintln(stderr, "tenantcheck-demo seed:", err)
			return 2
		}
		err = seed(ctx, cfg, opts, stdout)
	case "serve":
		if err = parseServeFlags(args[1:], stderr); err != nil {
			fmt.Fprintln(stderr, "tenantcheck-demo serve:", err)
			return 2
		}
		err = serve(ctx, cfg)
	default:
		fmt.Fprintf(stderr, "tenantcheck-demo: unknown command %q\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "tenantcheck-demo %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func migrate(ctx context.Context, cfg config, stdout io.Writer) error {
	return withConn(ctx, cfg, func(conn *pgx.Conn) error {
		if err := migrations.Migrate(ctx, conn); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "migrations applied: the database is at version %d\n", migrations.Latest())
		return nil
	})
}

// createLogin makes the role serve logs in as: neither owner nor
// superuser, so that row-level security binds it whatever it runs.
func createLogin(ctx context.Context, cfg config, name, password string, stdout io.Writer) error {
	return withConn(ctx, cfg, func(conn *pgx.Conn) error {
		if err := migrations.CreateLogin(ctx, conn, name, password); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "login role %s ready: serve with it in DATABASE_URL\n", name)
		return nil
	})
}

// withConn runs fn on one connection to DATABASE_URL.
func withConn(ctx context.Context, cfg config, fn func(*pgx.Conn) error) error {
	conn, err := pgx.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("connect to DATABASE_URL: %w", err)
	}
	defer conn.Close(context.Background())
	return fn(conn)
}
