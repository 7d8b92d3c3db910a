package unresolved // want package:"sends SQL"

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

type store struct {
	pool  *pgxpool.Pool
	query string
}

func (s *store) buildQuery() string { return s.query }

func (s *store) field(ctx context.Context) {
	s.pool.Query(ctx, s.query) // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Query: built from field query, which this package never sets`
}

func (s *store) call(ctx context.Context) {
	q := s.buildQuery()
	s.pool.Query(ctx, q) // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Query: built from the result of buildQuery, field query, which this package never sets$`
}

func (s *store) format(ctx context.Context, f string) {
	s.pool.Exec(ctx, fmt.Sprintf(f, 1)) // want `cannot resolve the SQL passed to \(\*pgxpool.Pool\).Exec: built from a non-constant format in fmt.Sprintf`
}

func (s *store) sliceParam(ctx context.Context, conds []string) {
	s.pool.Query(ctx, "SELECT name FROM trees WHERE "+strings.Join(conds, " AND ")) // want `built from parameter conds of sliceParam`
}

func (s *store) literalParam(ctx context.Context) {
	run := func(q string) {
		s.pool.Query(ctx, q) // want `built from parameter q of a function literal`
	}
	run("SELECT 1")
}

func (s *store) address(ctx context.Context) {
	q := "SELECT 1"
	p := &q
	*p = "SELECT name FROM trees"
	s.pool.Query(ctx, q) // want `built from variable q, whose address is taken`
}

func (s *store) tooMany(ctx context.Context, a, b, c, d, e, f, g bool) {
	q := "SELECT name FROM trees WHERE account_id = $1"
	for _, on := range []bool{a, b, c, d, e, f, g} {
		_ = on
	}
	if a {
		q += " AND a"
	}
	if b {
		q += " AND b"
	}
	if c {
		q += " AND c"
	}
	if d {
		q += " AND d"
	}
	if e {
		q += " AND e"
	}
	if f {
		q += " AND f"
	}
	if g {
		q += " AND g"
	}
	s.pool.Query(ctx, q) // want `built from more than 64 possible values`
}

// run is a wrapper: its callers are checked with their SQL spliced in.
func (s *store) run(ctx context.Context, q string) { // want run:`wrapper \[\{1\}\]`
	s.pool.Exec(ctx, q)
}

func (s *store) callsWrapper(ctx context.Context) {
	s.run(ctx, s.query) // want `cannot resolve the SQL passed to \(\*unresolved.store\).run: built from field query, which this package never sets`
}
