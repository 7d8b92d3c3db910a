package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/resolutionflow/tenantcheck/service"
	servicehttp "github.com/resolutionflow/tenantcheck/service/http"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// shutdownTimeout bounds how long in-flight requests may take to finish
// after SIGTERM.
const shutdownTimeout = 30 * time.Second

// QueryCountHeader carries, with -count-queries, the number of statements
// a request sent to PostgreSQL (BEGIN and COMMIT aside).
const QueryCountHeader = "X-Query-Count"

// serveOptions are serve's flags, both for the service benchmark (make
// bench-service); production runs use neither.
type serveOptions struct {
	// NaiveListen, when set, serves the same API with the per-row
	// analytics (postgres.NaiveAnalyticsService) on a second, loopback
	// address.
	NaiveListen string
	// CountQueries adds QueryCountHeader to every response.
	CountQueries bool
}

func parseServeFlags(args []string, stderr io.Writer) (serveOptions, error) {
	var o serveOptions
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.NaiveListen, "naive-listen", "", "also serve the API with the slow per-row analytics, the benchmark's reference, on this loopback address")
	fs.BoolVar(&o.CountQueries, "count-queries", false, "add an "+QueryCountHeader+" header with the statements each request sent")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.NaiveListen != "" {
		host, _, err := net.SplitHostPort(o.NaiveListen)
		if err != nil {
			return o, fmt.Errorf("-naive-listen %q: %w", o.NaiveListen, err)
		}
		// The per-row analytics are a benchmark's reference, slow on
		// purpose: never offer them beyond this machine.
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return o, fmt.Errorf("-naive-listen %q: must be a loopback address such as 127.0.0.1:8081", o.NaiveListen)
		}
	}
	return o, nil
}

// serve runs the API until ctx ends, then stops accepting connections and
// waits for in-flight requests before closing the pool.
func serve(ctx context.Context, cfg config, o serveOptions) error {
	pool, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	db := postgres.NewDB(pool)
	if err := db.Ping(ctx); err != nil {
		return fmt.Errorf("reach the database: %w", err)
	}
	servers := []*listener{{addr: cfg.ListenAddr, msg: "listening", analytics: postgres.NewAnalyticsService(db)}}
	if o.NaiveListen != "" {
		servers = append(servers, &listener{addr: o.NaiveListen, msg: "listening with per-row analytics", analytics: postgres.NewNaiveAnalyticsService(db)})
	}
	served := make(chan error, len(servers))
	for _, l := range servers {
		api := &servicehttp.Server{
			Auth:      postgres.NewAuthService(db),
			Ratings:   postgres.NewRatingService(db),
			Analytics: l.analytics,
			Ready:     db.Ping,
			Logger:    cfg.Logger,
		}
		handler := api.Handler()
		if o.CountQueries {
			handler = countQueries(handler)
		}
		l.srv = &http.Server{
			Handler:           handler,
			ReadHeaderTimeout: 5 * time.Second,
			MaxHeaderBytes:    servicehttp.MaxHeaderBytes,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      60 * time.Second,
			IdleTimeout:       2 * time.Minute,
			// Requests keep running during shutdown: their context must not
			// end with ctx.
			BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		}
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			return errors.Join(fmt.Errorf("listen on %s: %w", l.addr, err), shutdown(servers))
		}
		cfg.Logger.Info(l.msg, "addr", ln.Addr().String())
		go func() { served <- l.srv.Serve(servicehttp.JSONErrorListener(ln)) }()
	}

	select {
	case err := <-served:
		return errors.Join(fmt.Errorf("serve: %w", err), shutdown(servers))
	case <-ctx.Done():
	}
	cfg.Logger.Info("shutting down: finishing in-flight requests", "timeout", shutdownTimeout.String())
	if err := shutdown(servers); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	for range servers {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
	}
	cfg.Logger.Info("stopped")
	return nil
}

// listener is one address serve answers on, with the analytics behind it.
type listener struct {
	addr, msg string
	analytics service.AnalyticsService
	srv       *http.Server
}

// shutdown stops every started server, each letting its in-flight
// requests finish within shutdownTimeout.
func shutdown(servers []*listener) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var errs []error
	for _, l := range servers {
		if l.srv != nil {
			errs = append(errs, l.srv.Shutdown(ctx))
		}
	}
	return errors.Join(errs...)
}

// countQueries counts the statements of each request (on pools from
// postgres.Open) and reports them in QueryCountHeader, set when the
// handler writes its status, after its queries ran.
func countQueries(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, count := postgres.CountQueries(r.Context())
		h.ServeHTTP(&queryCountWriter{ResponseWriter: w, count: count}, r.WithContext(ctx))
	})
}

type queryCountWriter struct {
	http.ResponseWriter
	count *postgres.QueryCount
	wrote bool
}

func (w *queryCountWriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		w.Header().Set(QueryCountHeader, strconv.FormatInt(w.count.Load(), 10))
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *queryCountWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *queryCountWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
