package pgtest

import "context"

// Cluster is a throwaway PostgreSQL cluster outside any test: the one New
// uses, handed to programs such as the service benchmark that need a real
// server for minutes and must not leave it behind.
type Cluster struct {
	srv *server
}

// StartCluster initialises and starts a cluster from the local binaries on
// a free port of 127.0.0.1 (as the postgres OS user when run as root),
// with durability off. settings are extra name=value server settings,
// such as "shared_buffers=512MB" for a bulk load.
func StartCluster(ctx context.Context, settings ...string) (*Cluster, error) {
	srv, err := startServer(ctx, settings...)
	if err != nil {
		return nil, err
	}
	return &Cluster{srv: srv}, nil
}

// URL connects to the cluster's postgres database as the postgres
// superuser (trust authentication, loopback only).
func (c *Cluster) URL() string { return c.srv.url }

// DatabaseURL connects to database name as the postgres superuser.
func (c *Cluster) DatabaseURL(name string) string { return withDatabase(c.srv.url, name, "", "") }

// DatabaseURLAs connects to database name as user with password.
func (c *Cluster) DatabaseURLAs(name, user, password string) string {
	return withDatabase(c.srv.url, name, user, password)
}

// Stop shuts the cluster down and removes its folder, data included.
func (c *Cluster) Stop() {
	c.srv.stop()
	c.srv.remove()
}
