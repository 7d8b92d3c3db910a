package pgxnamed // want package:"sends SQL"

// The package passes pgx v5 named arguments, directly and through a wrapper.

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func named(ctx context.Context, pool *pgxpool.Pool, tx pgx.Tx, account, id int64) {
	// okNamedScoped: @account_id is a bind parameter.
	pool.Query(ctx, "SELECT name FROM trees WHERE account_id = @account_id AND id = @id", pgx.NamedArgs{"account_id": account, "id": id})
	tx.QueryRow(ctx, "SELECT name FROM trees WHERE account_id = @account_id", pgx.StrictNamedArgs{"account_id": account})
	args := pgx.NamedArgs{"account_id": account}
	tx.Exec(ctx, "DELETE FROM trees WHERE account_id = @account_id", args)
	// okNamedInsert: the tenant key receives @account_id, a bind parameter.
	pool.Exec(ctx, "INSERT INTO trees (id, account_id, name) VALUES (@id, @account_id, @name)", pgx.NamedArgs{"id": id, "account_id": account, "name": "x"})
	pool.Query(ctx, "SELECT name FROM trees WHERE id = @id", pgx.NamedArgs{"id": id})                  // want `trees is not scoped`
	pool.Exec(ctx, "INSERT INTO trees (id, name) VALUES (@id, @name)", pgx.NamedArgs{"id": id})        // want `INSERT into trees sets no tenant key: add account_id with a bind parameter`
	tx.Query(ctx, "SELECT title FROM sessions WHERE title = '@user_id'", pgx.NamedArgs{"user_id": id}) // want `sessions is not scoped`
}

func notNamed(ctx context.Context, pool *pgxpool.Pool, account int64) {
	// badAtWithoutNamedArgs: without NamedArgs pgx sends @account_id as
	// written, PostgreSQL's prefix operator on a column.
	pool.Query(ctx, "SELECT name FROM trees WHERE account_id = @account_id", account) // want `trees is not scoped`
}

type store struct{ pool *pgxpool.Pool }

func (s *store) query(ctx context.Context, sql string, args ...any) { // want query:`wrapper \[\{1\}\]`
	s.pool.Query(ctx, sql, args...)
}

func throughWrapper(ctx context.Context, s *store, account int64) {
	// okNamedThroughWrapper: the wrapper forwards NamedArgs to pgx.
	s.query(ctx, "SELECT name FROM trees WHERE account_id = @account_id", pgx.NamedArgs{"account_id": account})
	s.query(ctx, "SELECT name FROM trees WHERE name = @name", pgx.NamedArgs{"name": "x"}) // want `trees is not scoped`
}
