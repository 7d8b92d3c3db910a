package pgtest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/service"
)

// World is a small, fixed data set for the service's tests: two accounts
// that look alike, so a test can act as one tenant and check that nothing
// of the other shows.
type World struct {
	Acme, Globex *Account
}

// Account is one tenant of a World.
type Account struct {
	ID   uuid.UUID
	Name string
	// Admin is a team_admin; Engineer and Other are engineers.
	Admin, Engineer, Other *User
	Tree                   uuid.UUID
	TreeName               string
	// Steps are the tree's steps, root first, a chain.
	Steps [3]uuid.UUID
	// Loose is a step of the account's library that is in no tree.
	Loose uuid.UUID
}

// User is one user of an Account, with a valid token and two sessions of
// the Account's tree: Completed (resolved, through all three steps) and
// InProgress (stopped at the second step).
type User struct {
	ID, AccountID         uuid.UUID
	Name                  string
	Role                  service.Role
	Token                 string
	Completed, InProgress uuid.UUID
}

// Caller is the user as a service.Caller.
func (u *User) Caller() service.Caller {
	return service.Caller{AccountID: u.AccountID, UserID: u.ID}
}

// NewWorld fills db with two accounts, acme and globex, through the admin
// pool.
func NewWorld(t testing.TB, db *DB) *World {
	t.Helper()
	return &World{Acme: db.newAccount(t, "acme"), Globex: db.newAccount(t, "globex")}
}

func (db *DB) newAccount(t testing.TB, name string) *Account {
	t.Helper()
	ctx := context.Background()
	a := &Account{Name: name, TreeName: name + " printer flow"}
	require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO accounts (name) VALUES ($1) RETURNING id`, name).Scan(&a.ID))
	for i := range a.Steps {
		require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO step_library (account_id, title) VALUES ($1, $2) RETURNING id`,
			a.ID, name+" step "+string(rune('A'+i))).Scan(&a.Steps[i]))
	}
	require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO step_library (account_id, title) VALUES ($1, $2) RETURNING id`,
		a.ID, name+" loose step").Scan(&a.Loose))
	structure := map[string]any{"id": a.Steps[0], "title": name + " step A", "children": []any{
		map[string]any{"id": a.Steps[1], "title": name + " step B", "children": []any{
			map[string]any{"id": a.Steps[2], "title": name + " step C", "children": []any{}},
		}},
	}}
	doc, err := json.Marshal(structure)
	require.NoError(t, err)
	require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO trees (account_id, name, structure) VALUES ($1, $2, $3) RETURNING id`,
		a.ID, a.TreeName, doc).Scan(&a.Tree))
	a.Admin = db.newUser(t, a, name+" admin", service.RoleTeamAdmin)
	a.Engineer = db.newUser(t, a, name+" engineer", service.RoleEngineer)
	a.Other = db.newUser(t, a, name+" other engineer", service.RoleEngineer)
	return a
}

func (db *DB) newUser(t testing.TB, a *Account, name string, role service.Role) *User {
	t.Helper()
	ctx := context.Background()
	u := &User{AccountID: a.ID, Name: name, Role: role}
	require.NoError(t, db.Admin.QueryRow(ctx, `INSERT INTO users (account_id, email, name, role) VALUES ($1, $2, $3, $4) RETURNING id`,
		a.ID, uuid.NewString()+"@example.com", name, role).Scan(&u.ID))
	u.Token = db.Token(t, u, time.Now().Add(time.Hour))
	now := time.Now()
	u.Completed = db.Session(t, u, a.Tree, now.Add(-2*time.Hour), now.Add(-90*time.Minute), service.OutcomeResolved, a.Steps[:]...)
	u.InProgress = db.Session(t, u, a.Tree, now.Add(-time.Hour), time.Time{}, "", a.Steps[:2]...)
	return u
}

// Token stores a new token for u that expires at expires and returns it.
func (db *DB) Token(t testing.TB, u *User, expires time.Time) string {
	t.Helper()
	token, hash := service.NewToken()
	_, err := db.Admin.Exec(context.Background(), `INSERT INTO api_tokens (account_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
		u.AccountID, u.ID, hash, expires)
	require.NoError(t, err)
	return token
}

// Session stores a session of u on tree through steps; a zero completed
// leaves it in progress (and outcome must then be empty).
func (db *DB) Session(t testing.TB, u *User, tree uuid.UUID, started, completed time.Time, outcome string, steps ...uuid.UUID) uuid.UUID {
	t.Helper()
	decisions, err := json.Marshal(steps)
	require.NoError(t, err)
	var done *time.Time
	var out *string
	if !completed.IsZero() {
		done, out = &completed, &outcome
	}
	var id uuid.UUID
	require.NoError(t, db.Admin.QueryRow(context.Background(), `INSERT INTO sessions (account_id, user_id, tree_id, started_at, completed_at, outcome, decisions)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		u.AccountID, u.ID, tree, started, done, out, decisions).Scan(&id))
	return id
}
