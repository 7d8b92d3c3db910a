// Command soak is `make soak`: a bounded loopback load on the reference
// service with one PostgreSQL restart in the middle, then a check in the
// database that every acknowledged write is there exactly once and nothing
// else is.
//
//	go run ./internal/soak [-duration 60s] [-clients 8] [-accounts 4]
//
// It starts a throwaway PostgreSQL from the local binaries (internal/pgtest),
// migrates a database, creates the accounts (one user per client, the first
// of each account a team admin, with completed sessions to rate), and
// serves the API in-process on a loopback port as a role subject to
// row-level security. Each client sends requests one after another: 20%
// ratings of its next unrated session, 30% step feedback, 50% analytics.
// At -restart-at PostgreSQL is stopped (fast shutdown) and started again
// on the same port. After the load it prints requests/s, p50/p95/p99 per
// endpoint, the failed requests by status and the recovery time, then
// verifies the database; it exits 1 when a promise was broken: a write
// acknowledged but missing or doubled, a row nobody asked for, a drifted
// counter, a 500, an ERROR in the service's log, or no recovery.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	servicehttp "github.com/resolutionflow/tenantcheck/service/http"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the command's flags.
type options struct {
	Duration, RestartAt time.Duration
	Clients, Accounts   int
	Sessions            int
	Seed                uint64
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&o.Duration, "duration", 60*time.Second, "length of the load")
	fs.DurationVar(&o.RestartAt, "restart-at", -1, "when to restart PostgreSQL, from the start of the load (default: half of -duration)")
	fs.IntVar(&o.Clients, "clients", 8, "concurrent clients, each a user of its own")
	fs.IntVar(&o.Accounts, "accounts", 4, "accounts the clients are spread over")
	fs.IntVar(&o.Sessions, "sessions", 2000, "completed sessions per user")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed of the request mix")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.RestartAt < 0 {
		o.RestartAt = o.Duration / 2
	}
	if o.Duration <= 0 || o.RestartAt >= o.Duration || o.Accounts < 1 || o.Clients < o.Accounts || o.Sessions < 1 {
		return o, errors.New("-duration must be positive and after -restart-at, -accounts at least 1, -clients at least -accounts, -sessions at least 1")
	}
	return o, nil
}

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "soak:", err)
		return 2
	}
	ok, err := soak(ctx, o, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "soak:", err)
		return 1
	}
	if !ok {
		return 1
	}
	return 0
}

// restart is when PostgreSQL went away and came back; At is Stopped
// counted from the start of the load.
type restart struct {
	Stopped, Ready time.Time
	At             time.Duration
}

func soak(ctx context.Context, o options, stdout, stderr io.Writer) (bool, error) {
	progress := func(format string, args ...any) {
		fmt.Fprintf(stderr, "soak %s: %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
	}
	progress("starting a throwaway PostgreSQL")
	cluster, err := pgtest.StartCluster(ctx)
	if err != nil {
		return false, err
	}
	defer cluster.Stop()
	appURL, err := cluster.NewAppDatabase(ctx, "soak")
	if err != nil {
		return false, err
	}
	admin, err := pgxpool.New(ctx, cluster.DatabaseURL("soak"))
	if err != nil {
		return false, fmt.Errorf("connect as superuser: %w", err)
	}
	defer admin.Close()
	users, err := newWorld(ctx, admin, o)
	if err != nil {
		return false, err
	}
	progress("%d accounts, %d users, %d sessions each", o.Accounts, len(users), o.Sessions)

	logs := &levelCounter{}
	addr, stopServer, err := startService(ctx, appURL, slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return false, err
	}
	defer stopServer()

	progress("load: %d clients for %s, PostgreSQL restart at +%s", o.Clients, o.Duration, o.RestartAt)
	transport := &http.Transport{MaxIdleConnsPerHost: o.Clients, DisableCompression: true}
	defer transport.CloseIdleConnections()
	httpClient := &http.Client{Timeout: 30 * time.Second, Transport: transport}
	start := time.Now()
	deadline := start.Add(o.Duration)
	perClient := make([][]record, len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		c := &client{id: i + 1, user: u, base: "http://" + addr, http: httpClient, rng: rand.New(rand.NewPCG(o.Seed, uint64(i)))}
		wg.Go(func() { perClient[i] = c.run(ctx, deadline) })
	}
	var rs restart
	var restartErr error
	select {
	case <-time.After(o.RestartAt):
		progress("restarting PostgreSQL")
		rs.Stopped = time.Now()
		rs.At = rs.Stopped.Sub(start)
		_, restartErr = cluster.Restart(ctx)
		rs.Ready = time.Now()
	case <-ctx.Done():
	}
	wg.Wait()
	elapsed := time.Since(start)
	if restartErr != nil {
		return false, restartErr
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	records := slices.Concat(perClient...)

	progress("verifying the database")
	v, err := verify(ctx, admin, users, records)
	if err != nil {
		return false, err
	}
	return report(stdout, o, records, elapsed, rs, v, logs), nil
}

// startService serves the API in-process on a free loopback port, the way
// `tenantcheck-demo serve` does, and returns its address and a function
// that stops it.
func startService(ctx context.Context, appURL string, logger *slog.Logger) (string, func(), error) {
	pool, err := postgres.Open(ctx, appURL)
	if err != nil {
		return "", nil, err
	}
	db := postgres.NewDB(pool)
	api := &servicehttp.Server{
		Auth:      postgres.NewAuthService(db),
		Ratings:   postgres.NewRatingService(db),
		Analytics: postgres.NewAnalyticsService(db),
		Ready:     db.Ping,
		Logger:    logger,
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pool.Close()
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: api.Handler(), ReadHeaderTimeout: 5 * time.Second, MaxHeaderBytes: servicehttp.MaxHeaderBytes}
	go func() { _ = srv.Serve(servicehttp.JSONErrorListener(ln)) }()
	return ln.Addr().String(), func() {
		_ = srv.Close()
		pool.Close()
	}, nil
}
