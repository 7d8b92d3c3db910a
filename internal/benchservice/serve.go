package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/resolutionflow/tenantcheck/service"
	servicehttp "github.com/resolutionflow/tenantcheck/service/http"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

// servers are the two implementations the benchmark compares, served by
// this process on loopback ports from one pool (the service's pool
// configuration plus the query counter), so that both get the same
// connections, walls and checks as `tenantcheck-demo serve`.
type servers struct {
	// grouped and naive are the addresses of the service's analytics and
	// of the per-row port.
	grouped, naive string
	srvs           []*http.Server
	close          func()
}

// startServers opens the pool on url and starts both servers; every
// response carries queryCountHeader.
func startServers(ctx context.Context, url string, logger *slog.Logger) (*servers, error) {
	cfg, err := postgres.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.Tracer = queryCounter{}
	pool, err := postgres.OpenConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db := postgres.NewDB(pool)
	s := &servers{close: pool.Close}
	for _, impl := range []struct {
		addr      *string
		analytics service.AnalyticsService
	}{{&s.grouped, postgres.NewAnalyticsService(db)}, {&s.naive, &naiveAnalytics{db: db}}} {
		api := &servicehttp.Server{
			Auth:      postgres.NewAuthService(db),
			Ratings:   postgres.NewRatingService(db),
			Analytics: impl.analytics,
			Ready:     db.Ping,
			Logger:    logger,
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, errors.Join(fmt.Errorf("listen on a loopback port: %w", err), s.stop())
		}
		srv := &http.Server{Handler: countQueries(api.Handler()), ReadHeaderTimeout: 5 * time.Second}
		s.srvs = append(s.srvs, srv)
		*impl.addr = ln.Addr().String()
		go func() { _ = srv.Serve(ln) }()
	}
	return s, nil
}

// stop shuts both servers down, letting requests in flight finish, and
// closes the pool.
func (s *servers) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range s.srvs {
		errs = append(errs, srv.Shutdown(ctx))
	}
	s.close()
	return errors.Join(errs...)
}

// countQueries counts the statements of each request and reports them in
// queryCountHeader, set when the handler writes its status, after its
// queries ran.
func countQueries(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, count := withQueryCount(r.Context())
		h.ServeHTTP(&queryCountWriter{ResponseWriter: w, count: count}, r.WithContext(ctx))
	})
}

type queryCountWriter struct {
	http.ResponseWriter
	count *queryCount
	wrote bool
}

func (w *queryCountWriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		w.Header().Set(queryCountHeader, strconv.FormatInt(w.count.Load(), 10))
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
