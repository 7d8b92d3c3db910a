package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	servicehttp "github.com/resolutionflow/tenantcheck/service/http"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// shutdownTimeout bounds how long in-flight requests may take to finish
// after SIGTERM.
const shutdownTimeout = 30 * time.Second

// parseServeFlags checks serve's arguments: it has no flags but -h, and a
// stray argument is refused rather than ignored.
func parseServeFlags(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// serve runs the API until ctx ends, then stops accepting connections and
// waits for in-flight requests before closing the pool.
func serve(ctx context.Context, cfg config) error {
	pool, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	db := postgres.NewDB(pool)
	if err := db.Ping(ctx); err != nil {
		return fmt.Errorf("reach the database: %w", err)
	}
	api := &servicehttp.Server{
		Auth:      postgres.NewAuthService(db),
		Ratings:   postgres.NewRatingService(db),
		Analytics: postgres.NewAnalyticsService(db),
		Ready:     db.Ping,
		Logger:    cfg.Logger,
	}
	srv := &http.Server{
		Handler:           api.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		MaxHeaderBytes:    servicehttp.MaxHeaderBytes,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// Requests keep running during shutdown: their context must not
		// end with ctx.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	cfg.Logger.Info("listening", "addr", ln.Addr().String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(servicehttp.JSONErrorListener(ln)) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	cfg.Logger.Info("shutting down: finishing in-flight requests", "timeout", shutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	cfg.Logger.Info("stopped")
	return nil
}
