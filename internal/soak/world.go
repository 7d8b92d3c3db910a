package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/resolutionflow/tenantcheck/service"
)

// stepsPerAccount and treesPerAccount shape each account: tree k holds the
// steps 2k to 2k+3, so neighbouring trees share steps, as trees built from
// one step library do.
const (
	stepsPerAccount = 6
	treesPerAccount = 2
)

// user is one client's identity and what it may write to.
type user struct {
	Account, ID uuid.UUID
	Admin       bool
	Token       string
	Trees       []uuid.UUID
	// Sessions are the user's completed sessions, none rated, and
	// SessionTree the tree of each.
	Sessions    []uuid.UUID
	SessionTree map[uuid.UUID]uuid.UUID
	// TreeSteps lists the steps of each tree of the account.
	TreeSteps map[uuid.UUID][]uuid.UUID
}

// newWorld creates accounts, users (the first of each account a team
// admin), trees and completed sessions through the superuser pool, one
// user for each client, spread over the accounts.
func newWorld(ctx context.Context, admin *pgxpool.Pool, o options) ([]*user, error) {
	users := make([]*user, 0, o.Clients)
	accounts := make([]*user, o.Accounts) // each account's first user, to copy its trees from
	for i := range o.Clients {
		a := i % o.Accounts
		u := &user{SessionTree: map[uuid.UUID]uuid.UUID{}}
		if accounts[a] == nil {
			if err := newAccount(ctx, admin, fmt.Sprintf("soak account %02d", a+1), u); err != nil {
				return nil, err
			}
			u.Admin = true
			accounts[a] = u
		} else {
			u.Account, u.Trees, u.TreeSteps = accounts[a].Account, accounts[a].Trees, accounts[a].TreeSteps
		}
		if err := newUser(ctx, admin, u, i, o.Sessions); err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}

func newAccount(ctx context.Context, admin *pgxpool.Pool, name string, u *user) error {
	if err := admin.QueryRow(ctx, `INSERT INTO accounts (name) VALUES ($1) RETURNING id`, name).Scan(&u.Account); err != nil {
		return fmt.Errorf("insert account: %w", err)
	}
	steps := make([]uuid.UUID, stepsPerAccount)
	for i := range steps {
		if err := admin.QueryRow(ctx, `INSERT INTO step_library (account_id, title) VALUES ($1, $2) RETURNING id`,
			u.Account, fmt.Sprintf("step %d", i+1)).Scan(&steps[i]); err != nil {
			return fmt.Errorf("insert step: %w", err)
		}
	}
	u.TreeSteps = map[uuid.UUID][]uuid.UUID{}
	for k := range treesPerAccount {
		chain := steps[2*k : 2*k+4]
		var id uuid.UUID
		if err := admin.QueryRow(ctx, `INSERT INTO trees (account_id, name, structure) VALUES ($1, $2, $3) RETURNING id`,
			u.Account, fmt.Sprintf("flow %d", k+1), structure(chain)).Scan(&id); err != nil {
			return fmt.Errorf("insert tree: %w", err)
		}
		u.Trees = append(u.Trees, id)
		u.TreeSteps[id] = chain
	}
	return nil
}

// structure is a tree document whose nodes are steps, each the only
// child of the one before.
func structure(steps []uuid.UUID) []byte {
	var node map[string]any
	for i := len(steps) - 1; i >= 0; i-- {
		children := []any{}
		if node != nil {
			children = append(children, node)
		}
		node = map[string]any{"id": steps[i], "title": fmt.Sprintf("step %d", i+1), "children": children}
	}
	doc, _ := json.Marshal(node) // maps of strings and uuids: cannot fail
	return doc
}

// newUser stores u with a token and n completed sessions, alternating
// between the account's trees and spread over the last days.
func newUser(ctx context.Context, admin *pgxpool.Pool, u *user, i, n int) error {
	role := service.RoleEngineer
	if u.Admin {
		role = service.RoleTeamAdmin
	}
	if err := admin.QueryRow(ctx, `INSERT INTO users (account_id, email, name, role) VALUES ($1, $2, $3, $4) RETURNING id`,
		u.Account, fmt.Sprintf("soak%02d@example.com", i+1), fmt.Sprintf("soak user %02d", i+1), role).Scan(&u.ID); err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	token, hash := service.NewToken()
	if _, err := admin.Exec(ctx, `INSERT INTO api_tokens (account_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
		u.Account, u.ID, hash); err != nil {
		return fmt.Errorf("insert token: %w", err)
	}
	u.Token = token
	decisions := make([][]byte, len(u.Trees))
	for k, tree := range u.Trees {
		decisions[k], _ = json.Marshal(u.TreeSteps[tree]) // uuids: cannot fail
	}
	rows, err := admin.Query(ctx, `INSERT INTO sessions (account_id, user_id, tree_id, started_at, completed_at, outcome, decisions)
		SELECT $1, $2, ($3::uuid[])[1 + g % 2], now() - g * interval '7 minutes', now() - g * interval '7 minutes' + interval '5 minutes',
		       'resolved', ($4::jsonb[])[1 + g % 2]
		FROM generate_series(1, $5) g
		RETURNING id, tree_id`, u.Account, u.ID, u.Trees, decisions, n)
	if err != nil {
		return fmt.Errorf("insert sessions: %w", err)
	}
	var id, tree uuid.UUID
	_, err = pgx.ForEachRow(rows, []any{&id, &tree}, func() error {
		u.Sessions = append(u.Sessions, id)
		u.SessionTree[id] = tree
		return nil
	})
	if err != nil {
		return fmt.Errorf("insert sessions: %w", err)
	}
	return nil
}
