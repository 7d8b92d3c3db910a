package trx // want package:"sends SQL"

// A data-access type whose methods compact the statement for debug logs
// before sending it, as real services write them.

import (
	"context"
	"database/sql"
	"log"
	"strings"
)

var compact = strings.NewReplacer("\t", "", "\n", " ")

// Trx runs statements in one transaction.
type Trx struct {
	ctx     context.Context
	tx      *sql.Tx
	verbose bool
}

// Execute compacts the statement in debug mode: a wrapper all the same, its
// callers are checked with their SQL as written.
func (t *Trx) Execute(command string, args ...any) (int64, error) { // want Execute:`wrapper \[\{0\}\]`
	if t.verbose {
		command = compact.Replace(command)
		log.Printf("sql: %s", command)
	}
	res, err := t.tx.ExecContext(t.ctx, command, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Select trims the statement first.
func (t *Trx) Select(query string, args ...any) (*sql.Rows, error) { // want Select:`wrapper \[\{0\}\]`
	return t.tx.QueryContext(t.ctx, strings.TrimSpace(query), args...)
}

// annotate is a transform the analyzer does not know.
func annotate(q string) string {
	if len(q) > 0 && q[0] == '/' {
		return q
	}
	return "/* trx */ " + q[1:]
}

// Annotated goes through annotate: still a wrapper, with one finding here.
func (t *Trx) Annotated(query string, args ...any) error { // want Annotated:`wrapper \[\{0\}\]`
	_, err := t.tx.ExecContext(t.ctx, annotate(query), args...) // want `the SQL passed to \(\*sql.Tx\).ExecContext goes through trx.annotate \(trx.go:51\), which tenantcheck does not know keeps the statement: its callers are checked with their SQL as written`
	return err
}

func (t *Trx) callers(id, account int64) {
	t.Execute("DELETE FROM trees WHERE id = $1", id) // want `trees is not scoped`
	// okWrapperThroughReplacer: section 2 rule 1, the caller's SQL as written.
	t.Execute(`DELETE FROM trees
		WHERE account_id = $1 AND id = $2`, account, id)
	t.Select("  SELECT name FROM trees WHERE id = $1", id)           // want `trees is not scoped`
	t.Annotated("UPDATE trees SET name = $1 WHERE id = $2", "x", id) // want `trees is not scoped`
	// okWrapperThroughUnknownTransform: the caller is still checked.
	t.Annotated("UPDATE trees SET name = $1 WHERE account_id = $2", "x", account)
}
