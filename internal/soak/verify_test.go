package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestVerifyFindsBrokenPromises fabricates each kind of broken promise
// next to writes that kept theirs, and checks that verify names exactly
// the broken ones.
func TestVerifyFindsBrokenPromises(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	users, err := newWorld(ctx, db.Admin, options{Clients: 2, Accounts: 1, Sessions: 4})
	require.NoError(t, err)
	u := users[1]
	tree := u.SessionTree[u.Sessions[0]]
	step := u.TreeSteps[tree][0]
	exec := func(sql string, args ...any) {
		t.Helper()
		//tenantcheck:cross-tenant the test fabricates each broken promise as the database admin, to show the verifier finds it
		_, err := db.Admin.Exec(ctx, sql, args...)
		require.NoError(t, err)
	}
	rate := func(i int, comment string) {
		exec(`INSERT INTO session_ratings (account_id, user_id, session_id, tree_id, rating, comment) VALUES ($1, $2, $3, $4, 4, $5)`,
			u.Account, u.ID, u.Sessions[i], u.SessionTree[u.Sessions[i]], comment)
	}
	rate(0, "kept")
	rate(1, "failed but landed")
	rate(2, "never sent")
	exec(`INSERT INTO step_ratings (account_id, user_id, step_id, session_id, was_helpful) VALUES ($1, $2, $3, $4, false)`,
		u.Account, u.ID, step, u.Sessions[0])
	// The counter says yes although the row says no.
	exec(`UPDATE step_library SET helpful_yes = 1 WHERE account_id = $1 AND id = $2`, u.Account, step)

	records := []record{
		{Endpoint: epRate, Status: http.StatusCreated, Write: &write{User: u, Session: u.Sessions[0], Rating: 4, Comment: "kept"}},
		{Endpoint: epRate, Status: http.StatusServiceUnavailable, Write: &write{User: u, Session: u.Sessions[1], Rating: 4, Comment: "failed but landed"}},
		{Endpoint: epRate, Status: http.StatusCreated, Write: &write{User: u, Session: u.Sessions[3], Rating: 2, Comment: "acknowledged but lost"}},
		{Endpoint: epFeedback, Status: http.StatusCreated, Write: &write{User: u, Session: u.Sessions[0], Step: step, Helpful: true}},
		{Endpoint: epFeedback, Status: 0, Write: &write{User: u, Session: u.Sessions[0], Step: step, Helpful: false}},
		{Endpoint: epFeedback, Status: http.StatusOK, Write: &write{User: u, Session: u.Sessions[1], Step: step, Helpful: true}},
		{Endpoint: epMe, Status: http.StatusOK},
	}
	v, err := verify(ctx, db.Admin, users, records)
	require.NoError(t, err)
	assert.Equal(t, 4, v.Acknowledged)
	assert.Equal(t, 2, v.Ambiguous)
	assert.Equal(t, 1, v.AmbiguousLanded)
	assert.ElementsMatch(t, []string{
		`acknowledged rating "acknowledged but lost" is missing`,
		`rating "never sent" was stored but never sent`,
		"acknowledged feedback on step " + step.String() + " in session " + u.Sessions[1].String() + " is missing",
		"1 steps' helpful_yes/helpful_no differ from their feedback rows",
	}, v.Problems, "the failed answer after the acknowledged one may have landed: false is a possible answer")
}
