package store // want package:"sends SQL"

// The store binds tenant keys from its parameters: its exported methods
// carry key-parameter facts, so that the handlers package traces the
// values its callers pass.

import (
	"context"
	"database/sql"
)

type Store struct{ db *sql.DB }

// List binds account positionally.
func (s *Store) List(ctx context.Context, account int64) (*sql.Rows, error) { // want List:"tenant key param 1 is account_id"
	return s.db.QueryContext(ctx, `SELECT id, name FROM trees WHERE account_id = $1`, account)
}

// Search binds account through an args slice built in the function.
func (s *Store) Search(ctx context.Context, name string, account int64) (*sql.Rows, error) { // want Search:"tenant key param 2 is account_id"
	args := []any{name}
	q := `SELECT id FROM trees WHERE name = $1 AND account_id = $2`
	args = append(args, account)
	return s.db.QueryContext(ctx, q, args...)
}

// Rename binds account through an unexported helper: the fact is on
// Rename, the exported entry point.
func (s *Store) Rename(ctx context.Context, account int64, id int64, name string) error { // want Rename:"tenant key param 1 is account_id"
	return s.update(ctx, account, id, name)
}

func (s *Store) update(ctx context.Context, account, id int64, name string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE trees SET name = $3 WHERE account_id = $1 AND id = $2`, account, id, name)
	return err
}

// Create inserts a row whose key is the caller's.
func Create(ctx context.Context, db *sql.DB, account int64, name string) error { // want Create:"tenant key param 2 is account_id"
	_, err := db.ExecContext(ctx, `INSERT INTO trees (account_id, name) VALUES ($1, $2)`, account, name)
	return err
}

// CreateTreeParams is an sqlc-style parameter struct: only its Account
// field becomes the key (a convoy lesson: the other fields are not traced).
type CreateTreeParams struct {
	Name    string
	Account int64
}

// CreateTree binds arg.Account, a field of a struct parameter.
func (s *Store) CreateTree(ctx context.Context, arg CreateTreeParams) error { // want CreateTree:"tenant key param 1 field 1 is account_id"
	_, err := s.db.ExecContext(ctx, `INSERT INTO trees (name, account_id) VALUES ($1, $2)`, arg.Name, arg.Account)
	return err
}
