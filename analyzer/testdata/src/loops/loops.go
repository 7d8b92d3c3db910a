package loops

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

type row struct{ name string }

// okValuesListGrownInLoop: every row's key is a bind parameter; the text of
// zero iterations ("... VALUES ") does not parse and is left out.
func insertMany(ctx context.Context, pool *pgxpool.Pool, rows []row) {
	q := "INSERT INTO trees (account_id, name) VALUES "
	var args []any
	for i, r := range rows {
		if i > 0 {
			q += ", "
		}
		q += fmt.Sprintf("($%d, $%d)", 2*i+1, 2*i+2)
		args = append(args, 1, r.name)
	}
	pool.Exec(ctx, q, args...)
}

// A VALUES list whose key is a literal in every row.
func insertLiteral(ctx context.Context, pool *pgxpool.Pool, rows []row) {
	q := "INSERT INTO trees (account_id, name) VALUES "
	for i := range rows {
		if i > 0 {
			q += ","
		}
		q += "(7, $" + strconv.Itoa(i+1) + ")"
	}
	pool.Exec(ctx, q) // want `INSERT into trees sets account_id from a literal, NULL or DEFAULT`
}

// OR conditions grown in a loop leak from the second iteration on.
func orLoop(ctx context.Context, pool *pgxpool.Pool, names []string) {
	q := "SELECT name FROM trees WHERE account_id = $1"
	for range names {
		q += " OR name = $2"
	}
	pool.Query(ctx, q) // want `trees is scoped only under OR`
}

// okAndConditionsInLoop: every iteration adds an AND conjunct.
func andLoop(ctx context.Context, pool *pgxpool.Pool, names []string) {
	conds := []string{"account_id = $1"}
	for _, n := range names {
		if n == "" {
			continue
		}
		conds = append(conds, "name = $2")
	}
	pool.Query(ctx, "SELECT name FROM trees WHERE "+strings.Join(conds, " AND "))
}

// okBuilder: a strings.Builder is followed like +=.
func builder(ctx context.Context, pool *pgxpool.Pool, cols []string) {
	var b strings.Builder
	b.WriteString("SELECT id")
	for range cols {
		b.WriteString(", name")
	}
	fmt.Fprintf(&b, " FROM trees WHERE account_id = $%d", 1)
	pool.Query(ctx, b.String())
}

// A bytes.Buffer that forgets the tenant.
func buffer(ctx context.Context, pool *pgxpool.Pool) {
	buf := new(bytes.Buffer)
	buf.WriteString("SELECT title FROM sessions")
	buf.WriteByte(' ')
	buf.WriteString("WHERE id = $1")
	pool.Query(ctx, buf.String()) // want `sessions is not scoped`
}

// okClosedSetOfColumns: the loop variable takes each constant of the list.
func columns(ctx context.Context, pool *pgxpool.Pool) {
	for _, col := range []string{"name", "id"} {
		pool.Query(ctx, "SELECT "+col+" FROM trees WHERE account_id = $1")
	}
}

// okEmptyListGuarded: the ids of zero iterations make "IN ()", which does
// not parse; the code returns before it on an empty list.
func inList(ctx context.Context, pool *pgxpool.Pool, names []string) {
	var ids []string
	for i := range names {
		ids = append(ids, "$"+strconv.Itoa(i+2))
	}
	pool.Query(ctx, "SELECT name FROM trees WHERE account_id = $1 AND name IN ("+strings.Join(ids, ", ")+")")
}

var keyColumns = map[string]string{"trees": "account_id", "sessions": "user_id"}

// okRangeOverMapOfConstants: each key of a map of constants, as convoy's
// key rotation ranges over its tables.
func purge(ctx context.Context, pool *pgxpool.Pool) {
	for table := range keyColumns {
		pool.Exec(ctx, "DELETE FROM "+table+" WHERE id = $1 AND account_id = $2 AND user_id = $3")
	}
}
