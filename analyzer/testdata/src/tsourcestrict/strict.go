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
