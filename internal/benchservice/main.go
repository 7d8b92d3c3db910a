// Command benchservice is `make bench-service`: it measures the reference
// service's analytics endpoints against a faithful port of the original
// per-row query strategy, in the same run, on the same data.
//
//	go run ./internal/benchservice [-sessions 1000000] [-duration 20s]
//
// It starts a throwaway PostgreSQL from the local binaries (internal/pgtest,
// as the postgres OS user when run as root) tuned for a bulk load, creates
// and migrates a database, seeds it with `tenantcheck-demo seed`, then
// serves the API twice on loopback ports, from one pool whose statements
// are counted: with the service's analytics and with the per-row port
// (naive.go). Each analytics
// endpoint, on each implementation, gets Connections clients for Duration
// as a team admin of the first account; the flow endpoint asks for that
// account's busiest tree. It prints a Markdown table of queries per
// request (counted by the server, see serve.go), p50 and p95
// latency and the number of requests, and removes everything it started.
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the command's flags.
type options struct {
	Accounts, Users, Trees, Sessions int
	Seed                             uint64
	Duration                         time.Duration
	Connections                      int
	MaxRequests                      int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("benchservice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.Accounts, "accounts", 20, "accounts to seed")
	fs.IntVar(&o.Users, "users", 25, "users per account")
	fs.IntVar(&o.Trees, "trees", 30, "trees per account")
	fs.IntVar(&o.Sessions, "sessions", 1_000_000, "sessions to seed, spread over the accounts")
	fs.Uint64Var(&o.Seed, "seed", 42, "random seed of the data set")
	fs.DurationVar(&o.Duration, "duration", 20*time.Second, "load per endpoint and implementation")
	fs.IntVar(&o.Connections, "connections", 4, "concurrent clients")
	fs.IntVar(&o.MaxRequests, "max-requests", 0, "stop a load after this many requests (0: only the duration bounds it)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.Accounts < 1 || o.Users < 2 || o.Trees < 1 || o.Sessions < o.Accounts || o.Duration <= 0 || o.Connections < 1 || o.MaxRequests < 0 {
		return o, errors.New("-accounts, -trees, -connections must be at least 1, -users at least 2, -sessions at least -accounts, -duration positive, -max-requests not negative")
	}
	return o, nil
}

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "benchservice:", err)
		return 2
	}
	if err := bench(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "benchservice:", err)
		return 1
	}
	return 0
}

// bulkLoadSettings make the seed fast in a cluster that is thrown away:
// no durability (pgtest already turns fsync and synchronous_commit off),
// few checkpoints, memory for index builds and VACUUM, no autovacuum
// racing the COPY (seed runs VACUUM ANALYZE at the end). The shared
// buffers also hold the whole data set during the measurement.
var bulkLoadSettings = []string{
	"shared_buffers=1GB",
	"maintenance_work_mem=512MB",
	"work_mem=16MB",
	"wal_level=minimal",
	"max_wal_senders=0",
	"max_wal_size=8GB",
	"checkpoint_timeout=1h",
	"autovacuum=off",
}

func bench(ctx context.Context, o options, stdout, stderr io.Writer) error {
	work, err := os.MkdirTemp("", "bench-service-")
	if err != nil {
		return fmt.Errorf("create work folder: %w", err)
	}
	defer os.RemoveAll(work)
	progress := func(format string, args ...any) {
		fmt.Fprintf(stderr, "bench-service %s: %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
	}

	progress("building tenantcheck-demo")
	demo := filepath.Join(work, "tenantcheck-demo")
	if err := command(ctx, stderr, nil, goTool(), "build", "-o", demo, "github.com/resolutionflow/tenantcheck/cmd/tenantcheck-demo").Run(); err != nil {
		return fmt.Errorf("build tenantcheck-demo: %w", err)
	}

	progress("starting a throwaway PostgreSQL")
	cluster, err := pgtest.StartCluster(ctx, bulkLoadSettings...)
	if err != nil {
		return err
	}
	defer cluster.Stop()
	if err := createDatabase(ctx, cluster.URL(), "tenantcheck"); err != nil {
		return err
	}
	dbURL := cluster.DatabaseURL("tenantcheck")
	env := []string{"DATABASE_URL=" + dbURL, "LOG_LEVEL=warn"}
	if err := command(ctx, stderr, env, demo, "migrate").Run(); err != nil {
		return fmt.Errorf("tenantcheck-demo migrate: %w", err)
	}

	// serve logs in as a role that is neither owner nor superuser.
	login := []string{"LOGIN_PASSWORD=bench"}
	if err := command(ctx, stderr, append(env, login...), demo, "create-login", "tenantcheck_bench").Run(); err != nil {
		return fmt.Errorf("tenantcheck-demo create-login: %w", err)
	}
	serveURL := cluster.DatabaseURLAs("tenantcheck", "tenantcheck_bench", "bench")

	progress("seeding %d sessions across %d accounts (the longest step)", o.Sessions, o.Accounts)
	tokens := filepath.Join(work, "tokens.csv")
	seedStart := time.Now()
	err = command(ctx, stderr, env, demo, "seed", "-accounts", strconv.Itoa(o.Accounts), "-users", strconv.Itoa(o.Users),
		"-trees", strconv.Itoa(o.Trees), "-sessions", strconv.Itoa(o.Sessions), "-seed", strconv.FormatUint(o.Seed, 10),
		"-workers", strconv.Itoa(min(runtime.NumCPU(), o.Accounts)), "-tokens", tokens).Run()
	if err != nil {
		return fmt.Errorf("tenantcheck-demo seed: %w", err)
	}
	seedTook := time.Since(seedStart)
	admin, err := teamAdmin(tokens)
	if err != nil {
		return err
	}
	// The benchmark measures the team admin the seed wrote to its token
	// file: no request, no authenticated caller.
	//tenantcheck:cross-tenant the benchmark reads the account the seed chose, not a caller's
	facts, err := readFacts(ctx, dbURL, admin.account)
	if err != nil {
		return err
	}
	progress("seeded in %s: %d sessions, %d in the measured account", seedTook.Round(time.Second), facts.sessions, facts.accountSessions)

	srv, err := startServers(ctx, serveURL, slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	defer func() { _ = srv.stop() }()
	grouped, naive := srv.grouped, srv.naive
	client := &http.Client{
		Timeout:   2 * time.Minute,
		Transport: &http.Transport{MaxIdleConnsPerHost: o.Connections, DisableCompression: true},
	}
	for _, addr := range []string{grouped, naive} {
		if err := waitReady(ctx, client, "http://"+addr+"/readyz"); err != nil {
			return err
		}
	}

	implementations := []struct{ name, addr string }{{"grouped (this service)", grouped}, {"per-row port (original)", naive}}
	endpoints := []struct{ name, path string }{
		{"GET /api/v1/analytics/team?period=90d", "/api/v1/analytics/team?period=90d"},
		{"GET /api/v1/analytics/me?period=90d", "/api/v1/analytics/me?period=90d"},
		{"GET /api/v1/analytics/flows/{tree_id}?period=90d", "/api/v1/analytics/flows/" + facts.busiestTree.String() + "?period=90d"},
	}
	loadBefore := loadAverage()
	var rows []row
	for _, e := range endpoints {
		for _, impl := range implementations {
			l := load{URL: "http://" + impl.addr + e.path, Token: admin.token, Connections: o.Connections,
				Duration: o.Duration, MaxRequests: o.MaxRequests}
			// A few requests first, so that both implementations are
			// measured with warm caches and open connections.
			warm := l
			warm.Duration, warm.MaxRequests = o.Duration, 2*o.Connections
			if _, err := warm.run(ctx, client); err != nil {
				return fmt.Errorf("warm up: %w", err)
			}
			progress("%s on %s for %s", e.name, impl.name, o.Duration)
			res, err := l.run(ctx, client)
			if err != nil {
				return err
			}
			rows = append(rows, row{Endpoint: e.name, Implementation: impl.name, Result: res})
		}
	}

	fmt.Fprintf(stdout, "Data set: %d accounts, %d users, %d trees, %d sessions (seed %d, seeded in %s); measured as a team admin of an account with %d sessions, flow = its busiest tree (%d sessions).\n",
		o.Accounts, o.Accounts*o.Users, o.Accounts*o.Trees, facts.sessions, o.Seed, seedTook.Round(time.Second), facts.accountSessions, facts.busiestTreeSessions)
	fmt.Fprintf(stdout, "Machine: %s, %d CPUs, %s; load: %d concurrent clients, %s per row, client, server and database on the same machine; 1-minute load average %s before the measurements, %s after.\n\n",
		cpuModel(), runtime.NumCPU(), facts.version, o.Connections, o.Duration, loadBefore, loadAverage())
	writeTable(stdout, rows)
	return nil
}

// command runs name with the environment plus env, its output to stderr
// (progress for the person waiting).
func command(ctx context.Context, stderr io.Writer, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	return cmd
}

// goTool is the go command of the toolchain in use (GOROOT, which `go run`
// sets), else the one on PATH.
func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if path := filepath.Join(root, "bin", "go"); fileExists(path) {
			return path
		}
	}
	return "go"
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// createDatabase creates name on the cluster.
func createDatabase(ctx context.Context, url, name string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("connect to the cluster: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// user is one line of seed's -tokens CSV.
type user struct {
	account uuid.UUID
	token   string
}

// teamAdmin returns the first team admin in seed's tokens file
// (account_id,user_id,role,token with a header line).
func teamAdmin(path string) (user, error) {
	f, err := os.Open(path)
	if err != nil {
		return user{}, fmt.Errorf("open tokens: %w", err)
	}
	defer f.Close()
	records, err := csv.NewReader(bufio.NewReader(f)).ReadAll()
	if err != nil {
		return user{}, fmt.Errorf("read tokens %s: %w", path, err)
	}
	for i, r := range records {
		if i == 0 || len(r) != 4 || r[2] != "team_admin" {
			continue
		}
		account, err := uuid.Parse(r[0])
		if err != nil {
			return user{}, fmt.Errorf("%s:%d: account id: %w", path, i+1, err)
		}
		return user{account: account, token: r[3]}, nil
	}
	return user{}, fmt.Errorf("%s: no team_admin", path)
}

// facts describe the seeded data for the report.
type facts struct {
	sessions, accountSessions int
	busiestTree               uuid.UUID
	busiestTreeSessions       int
	version                   string
}

func readFacts(ctx context.Context, url string, account uuid.UUID) (facts, error) {
	var f facts
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return f, fmt.Errorf("connect to the seeded database: %w", err)
	}
	defer conn.Close(ctx)
	//tenantcheck:cross-tenant the benchmark reports the size of the whole data set
	if err := conn.QueryRow(ctx, `SELECT count(*), current_setting('server_version') FROM sessions`).Scan(&f.sessions, &f.version); err != nil {
		return f, fmt.Errorf("count sessions: %w", err)
	}
	f.version = "PostgreSQL " + f.version
	err = conn.QueryRow(ctx, `SELECT s.tree_id, count(*), (sum(count(*)) OVER ())::bigint
		FROM sessions s
		WHERE s.account_id = $1 AND s.started_at >= now() - interval '90 days'
		GROUP BY s.tree_id
		ORDER BY count(*) DESC, s.tree_id
		LIMIT 1`, account).Scan(&f.busiestTree, &f.busiestTreeSessions, &f.accountSessions)
	if err != nil {
		return f, fmt.Errorf("find the busiest tree of account %s: %w", account, err)
	}
	return f, nil
}

// waitReady polls url until it answers 200, for at most a minute.
func waitReady(ctx context.Context, client *http.Client, url string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("build request for %s: %w", url, err)
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s: %w", url, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// cpuModel names the processor from /proc/cpuinfo, or the architecture.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
				return strings.TrimSpace(value)
			}
		}
	}
	return runtime.GOARCH
}

// loadAverage is the 1-minute load average from /proc/loadavg: other work
// on the machine skews latencies, and the report should say how much.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	first, _, _ := strings.Cut(string(b), " ")
	return first
}
