package dbtx // want package:"sends SQL"

import (
	"context"
	"database/sql"
)

// DBTX is what sqlc generates.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	PrepareContext(context.Context, string) (*sql.Stmt, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

// Queries wraps a DBTX.
type Queries struct{ db DBTX }

const listSessions = `-- name: ListSessions :many
SELECT id, title FROM sessions
`

const listTrees = `-- name: ListTrees :many
SELECT id, name FROM trees WHERE account_id = $1
`

func (q *Queries) ListSessions(ctx context.Context) (*sql.Rows, error) {
	return q.db.QueryContext(ctx, listSessions) // want `sessions is not scoped`
}

// okSqlcScoped: section 2 rule 1.
func (q *Queries) ListTrees(ctx context.Context, account int64) (*sql.Rows, error) { // want ListTrees:"tenant key param 1 is account_id"
	return q.db.QueryContext(ctx, listTrees, account)
}

// querier is a hand-written interface without context.
type querier interface {
	Exec(query string, args ...any) (sql.Result, error)
}

func purge(db querier) {
	db.Exec("DELETE FROM nodes") // want `nodes is not scoped`
}

// Handler is an in-house interface over sqlx, as soft-serve's: its Get and
// Select take a destination before the SQL, and its Rebind is sqlx's.
type Handler interface {
	Rebind(string) string
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func repos(ctx context.Context, h Handler, account int64) {
	var names []string
	h.SelectContext(ctx, &names, "SELECT name FROM trees WHERE id = $1", 1) // want `trees is not scoped`
	// okHandlerScoped: the destination is not the SQL.
	h.GetContext(ctx, &names, "SELECT name FROM trees WHERE account_id = $1", account)
	// okRebindShaped: Rebind(string) string turns ? into $n.
	h.ExecContext(ctx, h.Rebind("DELETE FROM trees WHERE account_id = ? AND id = ?"), account, 1)
	h.ExecContext(ctx, h.Rebind("DELETE FROM trees WHERE id = ?;"), 1) // want `trees is not scoped`
}
