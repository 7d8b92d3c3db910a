package tsourcestrict // want package:"sends SQL"

// These queries run with strict_sources: a tenant key whose value is
// neither a tenant source nor request input is reported too.

import (
	"context"
	"database/sql"

	"tsource/auth"
)

type Store struct{ db *sql.DB }

var defaultAccount int64 = 7

// badPackageVariable binds a package variable.
func (s *Store) badPackageVariable(ctx context.Context) {
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = $1`, defaultAccount) // want `account_id is bound to a value of unknown origin \(package variable defaultAccount at strict.go:15\), neither the authenticated tenant nor the request`
}

// purge is called by nothing in its package: its parameter has no known
// origin.
func (s *Store) purge(ctx context.Context, account int64) {
	s.db.ExecContext(ctx, `DELETE FROM trees WHERE account_id = $1`, account) // want `unknown origin \(parameter account of purge at strict.go:24, which nothing in its package calls\)`
}

// okSource binds the configured source.
func (s *Store) okSource(ctx context.Context) {
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = $1`, auth.AccountID(ctx))
}

// List leaves its parameter to its callers in other packages (a fact).
func (s *Store) List(ctx context.Context, account int64) { // want List:"tenant key param 1 is account_id"
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = $1`, account)
}

// okReadByAQuery: a key read by a query is the tenant's, since that query
// is checked for scope itself (a lesson from the reference service's
// per-row analytics).
func (s *Store) okReadByAQuery(ctx context.Context) {
	var account int64
	_ = s.db.QueryRowContext(ctx, `SELECT account_id FROM trees WHERE account_id = $1 AND id = $2`, auth.AccountID(ctx), 1).Scan(&account)
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = $1`, account)
}

// ranking is called through a function value: its callers are the calls of
// that type (the reference service's rankings).
type ranking func(ctx context.Context, s *Store, account int64)

func topTrees(ctx context.Context, s *Store, account int64) {
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = $1 ORDER BY name LIMIT 10`, account)
}

func (s *Store) okThroughFunctionValue(ctx context.Context) {
	var r ranking = topTrees
	r(ctx, s, auth.AccountID(ctx))
}

// handlers keeps functions that a dispatcher elsewhere calls (fider's
// bus.AddHandler): their parameters' origin is unknown.
var handlers []any

type deleteCmd struct{ Account int64 }

func handleDelete(ctx context.Context, s *Store, c *deleteCmd) {
	s.db.ExecContext(ctx, `DELETE FROM trees WHERE account_id = $1`, c.Account) // want `unknown origin \(parameter c of handleDelete at strict.go:66, a function passed as a value whose calls tenantcheck does not see\)`
}

func init() { handlers = append(handlers, handleDelete) }

// okCollectedFromAQuery: keys a query read, collected in a map, then in a
// slice through a range and append (the soak tool's verifier).
func (s *Store) okCollectedFromAQuery(ctx context.Context) {
	seen := map[int64]bool{}
	rows, _ := s.db.QueryContext(ctx, `SELECT account_id FROM trees WHERE account_id = $1`, auth.AccountID(ctx))
	for rows.Next() {
		var a int64
		_ = rows.Scan(&a)
		seen[a] = true
	}
	list := make([]int64, 0, len(seen))
	for a := range seen {
		list = append(list, a)
	}
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = ANY($1)`, list)
}

// badAppendedVariable: one element of the list is a package variable.
func (s *Store) badAppendedVariable(ctx context.Context) {
	list := []int64{auth.AccountID(ctx)}
	list = append(list, defaultAccount)
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = ANY($1)`, list) // want `unknown origin \(package variable defaultAccount at strict.go:15\)`
}

type account struct{ ID int64 }

// load fills a.ID with a query's row.
func (s *Store) load(ctx context.Context, a *account) error {
	return s.db.QueryRowContext(ctx, `SELECT account_id FROM trees WHERE account_id = $1 LIMIT 1`, auth.AccountID(ctx)).Scan(&a.ID)
}

// okFilledByAHelper: a helper of the package scans the key into the
// struct it is handed (the soak tool's world).
func (s *Store) okFilledByAHelper(ctx context.Context) {
	a := &account{}
	_ = s.load(ctx, a)
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = $1`, a.ID)
}

// window builds the arguments of its queries (the reference service's
// analytics, merged later: an element of a slice a method returns, captured
// by a closure and passed to a helper's []any parameter).
type window struct{ since int64 }

func (w window) args(account int64, key ...any) []any {
	return append([]any{account, w.since}, key...)
}

func countTrees(ctx context.Context, s *Store, args []any) {
	s.db.QueryContext(ctx, `SELECT count(*) FROM trees WHERE account_id = $1 AND id > $2`, args...)
}

func (s *Store) okArgsFromAMethod(ctx context.Context, w window) {
	args := w.args(auth.AccountID(ctx), 3)
	run := func() { countTrees(ctx, s, args) }
	run()
}
