package sqlxsink // want package:"sends SQL"

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type tree struct {
	ID        int64  `db:"id"`
	AccountID int64  `db:"account_id"`
	Name      string `db:"name"`
}

func methods(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, conn *sqlx.Conn, account int64) {
	var out []tree
	var one tree
	db.Select(&out, "SELECT name FROM trees WHERE id = $1", 1) // want `trees is not scoped`
	db.Get(&one, "SELECT name FROM trees WHERE id = $1", 1)    // want `trees is not scoped`
	db.Queryx("SELECT title FROM sessions")                    // want `sessions is not scoped`
	db.QueryRowx("SELECT label FROM nodes WHERE id = $1", 1)   // want `nodes is not scoped`
	db.MustExec("DELETE FROM trees WHERE id = $1", 1)          // want `trees is not scoped`
	db.Preparex("UPDATE trees SET name = $1")                  // want `trees is not scoped`
	db.SelectContext(ctx, &out, "SELECT name FROM trees")      // want `trees is not scoped`
	db.GetContext(ctx, &one, "SELECT name FROM trees")         // want `trees is not scoped`
	db.QueryxContext(ctx, "SELECT name FROM trees")            // want `trees is not scoped`
	db.QueryRowxContext(ctx, "SELECT name FROM trees")         // want `trees is not scoped`
	db.MustExecContext(ctx, "DELETE FROM trees")               // want `trees is not scoped`
	db.PreparexContext(ctx, "SELECT name FROM trees")          // want `trees is not scoped`
	tx.Select(&out, "SELECT name FROM trees")                  // want `trees is not scoped`
	tx.Get(&one, "SELECT name FROM trees")                     // want `trees is not scoped`
	tx.Queryx("SELECT name FROM trees")                        // want `trees is not scoped`
	tx.QueryRowx("SELECT name FROM trees")                     // want `trees is not scoped`
	tx.MustExec("DELETE FROM trees")                           // want `trees is not scoped`
	tx.Preparex("SELECT name FROM trees")                      // want `trees is not scoped`
	tx.GetContext(ctx, &one, "SELECT name FROM trees")         // want `trees is not scoped`
	conn.SelectContext(ctx, &out, "SELECT name FROM trees")    // want `trees is not scoped`
	conn.QueryRowxContext(ctx, "SELECT name FROM trees")       // want `trees is not scoped`
	sqlx.Select(db, &out, "SELECT name FROM trees")            // want `trees is not scoped`
	sqlx.Get(tx, &one, "SELECT name FROM trees")               // want `trees is not scoped`
	sqlx.GetContext(ctx, db, &one, "SELECT name FROM trees")   // want `trees is not scoped`
	sqlx.MustExec(db, "DELETE FROM trees")                     // want `trees is not scoped`
	sqlx.Preparex(db, "SELECT name FROM trees")                // want `trees is not scoped`
	// okPromotedFromDatabaseSQL: (*sqlx.DB).Query is (*sql.DB).Query, already a sink.
	db.Query("SELECT name FROM trees WHERE account_id = $1", account)
	db.Exec("DELETE FROM trees WHERE id = $1", 1)     // want `trees is not scoped`
	tx.QueryRowContext(ctx, "SELECT name FROM trees") // want `trees is not scoped`
	// okScoped: every sqlx sink checks its SQL argument, not the destination.
	db.Select(&out, "SELECT name FROM trees WHERE account_id = $1", account)
	tx.GetContext(ctx, &one, "SELECT name FROM trees WHERE account_id = $1 AND id = $2", account, 1)
	sqlx.SelectContext(ctx, conn, &out, "SELECT name FROM trees WHERE account_id = $1", account)
}

// interfaces: code written against sqlx.Queryer or sqlx.Ext.
func interfaces(q sqlx.Queryer, e sqlx.ExtContext, ctx context.Context) {
	q.Queryx("SELECT name FROM trees")                // want `trees is not scoped`
	q.QueryRowx("SELECT name FROM trees")             // want `trees is not scoped`
	e.QueryxContext(ctx, "SELECT name FROM trees")    // want `trees is not scoped`
	e.QueryRowxContext(ctx, "SELECT name FROM trees") // want `trees is not scoped`
	q.Query("SELECT name FROM trees")                 // want `trees is not scoped`
	e.ExecContext(ctx, "DELETE FROM trees")           // want `trees is not scoped`
}

func named(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, t tree) {
	// okNamedKey: :account_id is a bind parameter, not a column named account_id.
	db.NamedExec("INSERT INTO trees (id, account_id, name) VALUES (:id, :account_id, :name)", t)
	db.NamedQuery("SELECT name FROM trees WHERE account_id = :account_id AND id = :id", t)
	tx.NamedExecContext(ctx, "UPDATE trees SET name = :name WHERE account_id = :account_id", t)
	sqlx.NamedExec(db, "DELETE FROM trees WHERE account_id = :account_id", t)
	// okNamedCast: ::bigint is a cast, not a parameter.
	db.NamedQueryContext(ctx, "SELECT name FROM trees WHERE account_id = :account_id::bigint", t)
	db.NamedExec("INSERT INTO trees (id, name) VALUES (:id, :name)", t)                   // want `INSERT into trees sets no tenant key: add account_id with a bind parameter`
	db.NamedQuery("SELECT name FROM trees WHERE id = :id", t)                             // want `trees is not scoped`
	db.PrepareNamed("SELECT name FROM trees WHERE name = :name")                          // want `trees is not scoped`
	tx.NamedQuery("SELECT name FROM trees WHERE id = :id", t)                             // want `trees is not scoped`
	sqlx.NamedQueryContext(ctx, db, "SELECT name FROM trees WHERE name = :account_id", t) // want `trees is not scoped`
	tx.PrepareNamedContext(ctx, "UPDATE trees SET name = :name")                          // want `trees is not scoped`
}

func rebind(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, account int64, ids []int64) error {
	// okRebind: ? becomes $1 before the check.
	db.Query(db.Rebind("SELECT name FROM trees WHERE account_id = ?"), account)
	tx.Select(nil, tx.Rebind("SELECT name FROM trees WHERE account_id = ? AND id = ?"), account, 1)
	db.Exec(sqlx.Rebind(sqlx.DOLLAR, "DELETE FROM trees WHERE account_id = ?"), account)
	db.Exec(sqlx.Rebind(sqlx.BindType(db.DriverName()), "DELETE FROM trees WHERE account_id = ?"), account)
	db.Query(db.Rebind("SELECT name FROM trees WHERE id = ?"), 1) // want `trees is not scoped`
	// okIn: sqlx.In returns its query with the ? of slices repeated.
	q, args, err := sqlx.In("SELECT name FROM trees WHERE id IN (?) AND account_id = ?", ids, account)
	if err != nil {
		return err
	}
	q = db.Rebind(q)
	db.Select(nil, q, args...)
	bad, args, err := sqlx.In("SELECT name FROM trees WHERE id IN (?)", ids)
	if err != nil {
		return err
	}
	db.SelectContext(ctx, nil, db.Rebind(bad), args...) // want `trees is not scoped`
	// badQuestionWithoutRebind: PostgreSQL cannot parse ?.
	db.Select(nil, q+" AND name = ?", args...) // want `syntax error`
	return nil
}

func namedThenBound(db *sqlx.DB, tx *sqlx.Tx, t tree) error {
	// okNamedRebind: sqlx.Named makes :name a ?, Rebind a $n.
	q, args, err := sqlx.Named("SELECT name FROM trees WHERE account_id = :account_id", t)
	if err != nil {
		return err
	}
	db.Select(nil, db.Rebind(q), args...)
	// okBindNamed: BindNamed makes :name a $n for PostgreSQL.
	var bound string
	bound, args, err = tx.BindNamed("DELETE FROM trees WHERE account_id = :account_id", t)
	if err != nil {
		return err
	}
	tx.MustExec(bound, args...)
	other, args, err := sqlx.BindNamed(sqlx.DOLLAR, "SELECT name FROM trees WHERE name = :name", t)
	if err != nil {
		return err
	}
	db.Select(nil, other, args...) // want `trees is not scoped`
	// badNamedWithoutRebind: PostgreSQL cannot parse the ? that Named leaves.
	db.Select(nil, q, args...) // want `syntax error`
	return nil
}

// extRebind is written against sqlx.ExtContext, as repositories that take
// either a DB or a Tx are.
func extRebind(ctx context.Context, e sqlx.ExtContext, account int64) {
	e.QueryxContext(ctx, e.Rebind("SELECT name FROM trees WHERE account_id = ?"), account)
	e.ExecContext(ctx, e.Rebind("DELETE FROM trees WHERE id = ?"), 1) // want `trees is not scoped`
}

// repo rebinds what its callers write with ?: a wrapper all the same.
type repo struct{ db *sqlx.DB }

func (r *repo) get(dest any, q string, args ...any) error { // want get:`wrapper \[\{1\}\]`
	return r.db.Get(dest, r.db.Rebind(q), args...)
}

func (r *repo) callers(account int64) {
	// okWrapperRebinds: the caller's ? become $n before the check.
	r.get(nil, "SELECT name FROM trees WHERE account_id = ? AND id = ?", account, 1)
	r.get(nil, "SELECT name FROM trees WHERE id = ?", 1) // want `trees is not scoped`
}
