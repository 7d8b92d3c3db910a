package migrations_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

// TestFeedbackStepMustBeInSessionTree writes step_ratings directly in SQL,
// past the service, as the superuser and as the application role: the
// database itself refuses feedback on a step outside the session's tree,
// and refuses to move a session or edit a tree in a way that would leave
// such feedback behind.
func TestFeedbackStepMustBeInSessionTree(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	acme, eng := w.Acme, w.Acme.Engineer
	otherTree := insertTree(t, db, acme.ID, acme.Loose.String())
	const insert = `INSERT INTO step_ratings (account_id, user_id, step_id, session_id, was_helpful) VALUES ($1, $2, $3, $4, true)`
	const insertTwo = `INSERT INTO step_ratings (account_id, user_id, step_id, session_id, was_helpful) VALUES ($1, $2, $3, $4, true), ($1, $2, $5, $4, true)`

	tests := []struct {
		name    string
		asApp   bool // as the application role with the engineer's tenant settings, else as the superuser
		sql     string
		args    []any
		wantErr bool
	}{
		{"okStepOfTheTree", false, insert, []any{acme.ID, eng.ID, acme.Steps[2], eng.Completed}, false},
		{"okStepOfTheTreeAsApp", true, insert, []any{acme.ID, eng.ID, acme.Steps[2], eng.InProgress}, false},
		{"okStepNotVisitedButInTree", false, insert, []any{acme.ID, eng.ID, acme.Steps[2], acme.Other.InProgress}, false},
		{"badLooseStep", false, insert, []any{acme.ID, eng.ID, acme.Loose, eng.Completed}, true},
		{"badLooseStepAsApp", true, insert, []any{acme.ID, eng.ID, acme.Loose, eng.Completed}, true},
		{"badOneOfTwoRows", false, insertTwo, []any{acme.ID, eng.ID, acme.Steps[0], eng.Completed, acme.Loose}, true},
		{"badMoveFeedbackToLooseStep", false, `UPDATE step_ratings SET step_id = $1 WHERE account_id = $2 AND session_id = $3`,
			[]any{acme.Loose, acme.ID, eng.Completed}, true},
		{"badDropStepFromTree", false, `UPDATE trees SET structure = '{"id": "` + acme.Steps[0].String() + `", "title": "only the root", "children": []}' WHERE account_id = $1 AND id = $2`,
			[]any{acme.ID, acme.Tree}, true},
		{"okMoveSessionWithoutFeedback", false, `UPDATE sessions SET tree_id = $1 WHERE account_id = $2 AND id = $3`,
			[]any{otherTree, acme.ID, acme.Admin.Completed}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.asApp {
				//tenantcheck:cross-tenant each case writes around the handler to show the triggers hold in the database
				err = execAsTenant(ctx, db.App, acme.ID.String(), eng.ID.String(), tt.sql, tt.args...)
			} else {
				//tenantcheck:cross-tenant each case writes around the handler, as the admin, to show the triggers hold in the database
				_, err = db.Admin.Exec(ctx, tt.sql, tt.args...)
			}
			if !tt.wantErr {
				require.NoError(t, err)
				return
			}
			var pgErr *pgconn.PgError
			require.ErrorAs(t, err, &pgErr)
			assert.Equal(t, "23503", pgErr.Code, "foreign_key_violation")
			assert.Equal(t, "step_ratings_step_in_tree", pgErr.ConstraintName)
			assert.Contains(t, pgErr.Message, "is not in the tree of session")
		})
	}

	// Moving a session with feedback to another tree is refused before
	// this rule is asked: migration 007 refuses any move of such a session.
	//tenantcheck:cross-tenant writes around the handler, as the admin, to show the triggers hold in the database
	_, err := db.Admin.Exec(ctx, `UPDATE sessions SET tree_id = $1 WHERE account_id = $2 AND id = $3`, otherTree, acme.ID, eng.Completed)
	var pgErr *pgconn.PgError
	require.ErrorAs(t, err, &pgErr)
	assert.Equal(t, "23001", pgErr.Code, "restrict_violation")

	var rows int
	require.NoError(t, db.Admin.QueryRow(ctx, `SELECT count(*) FROM step_ratings WHERE account_id = $1 AND step_id = $2`, acme.ID, acme.Loose).Scan(&rows))
	assert.Zero(t, rows, "no feedback on the loose step got in")
}

// insertTree stores a one-node tree whose root is step and returns its id.
func insertTree(t *testing.T, db *pgtest.DB, account any, step string) string {
	t.Helper()
	var id string
	require.NoError(t, db.Admin.QueryRow(context.Background(), `INSERT INTO trees (account_id, name, structure)
		VALUES ($1, 'other flow', jsonb_build_object('id', $2::text, 'title', 'loose', 'children', '[]'::jsonb)) RETURNING id::text`,
		account, step).Scan(&id))
	return id
}

// execAsTenant runs sql in a transaction of pool with the tenant settings
// the service sets.
func execAsTenant(ctx context.Context, pool *pgxpool.Pool, account, user, sql string, args ...any) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('app.account_id', $1, true), set_config('app.user_id', $2, true)`, account, user); err != nil {
			return fmt.Errorf("set tenant: %w", err)
		}
		_, err := tx.Exec(ctx, sql, args...)
		return err
	})
}
