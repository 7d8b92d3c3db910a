package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
	"github.com/resolutionflow/tenantcheck/service"
	"github.com/resolutionflow/tenantcheck/service/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestOpenRunsAsAppRole opens the pool the way the service does and checks
// the second wall: without tenant settings an unscoped query sees nothing,
// also after RESET ROLE undoes the service's SET ROLE (the login role is
// not an owner, so forced row-level security binds it too).
func TestOpenRunsAsAppRole(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	pool, err := postgres.Open(ctx, db.AppURL)
	require.NoError(t, err)
	defer pool.Close()
	pgtest.NewWorld(t, db)
	conn, err := pool.Acquire(ctx)
	require.NoError(t, err)
	defer conn.Release()
	tests := []struct {
		name     string
		setup    string
		wantUser string
	}{
		{"okAsAppRole", `SELECT 1`, postgres.AppRole},
		{"okResetRoleStillBound", `RESET ROLE`, pgtest.AppRole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Exec(ctx, tt.setup)
			require.NoError(t, err)
			var user string
			var sessions int
			require.NoError(t, conn.QueryRow(ctx, `SELECT current_user, (SELECT count(*) FROM sessions)`).Scan(&user, &sessions)) //tenantcheck:cross-tenant deliberately unscoped: without tenant settings row-level security must hide every row
			assert.Equal(t, tt.wantUser, user)
			assert.Zero(t, sessions)
		})
	}
}

// TestOpenRefusesWithoutBothWalls checks that the service does not start
// when its login role could skip row-level security or when a table does
// not force it, and names the role or the table.
func TestOpenRefusesWithoutBothWalls(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		setup   func(t *testing.T, db *pgtest.DB) string
		wantErr string
	}{
		{"badSuperuserLogin", func(t *testing.T, db *pgtest.DB) string { return db.AdminURL }, "is or may become a superuser or BYPASSRLS role"},
		{"badBypassRLSLogin", func(t *testing.T, db *pgtest.DB) string {
			_, url := db.NewLoginRole(t, "BYPASSRLS IN ROLE tenantcheck_app")
			return url
		}, "is or may become a superuser or BYPASSRLS role"},
		{"badOwnerLogin", func(t *testing.T, db *pgtest.DB) string {
			owner, url := db.NewLoginRole(t, "IN ROLE tenantcheck_app")
			_, err := db.Admin.Exec(context.Background(), `ALTER TABLE trees OWNER TO `+pgx.Identifier{owner}.Sanitize())
			require.NoError(t, err)
			return url
		}, "owns (or is a member of the owner of) trees"},
		{"badTableNotForced", func(t *testing.T, db *pgtest.DB) string {
			_, err := db.Admin.Exec(context.Background(), `ALTER TABLE step_ratings NO FORCE ROW LEVEL SECURITY`)
			require.NoError(t, err)
			return db.AppURL
		}, "tables without forced row-level security: step_ratings"},
		{"badTableWithoutRowLevelSecurity", func(t *testing.T, db *pgtest.DB) string {
			_, err := db.Admin.Exec(context.Background(), `ALTER TABLE categories DISABLE ROW LEVEL SECURITY`)
			require.NoError(t, err)
			return db.AppURL
		}, "tables without forced row-level security: categories"},
		{"badMigrationMissing", func(t *testing.T, db *pgtest.DB) string {
			_, err := db.Admin.Exec(context.Background(), `UPDATE public.schema_version SET version = version - 1`)
			require.NoError(t, err)
			return db.AppURL
		}, "run migrate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := pgtest.New(t)
			pool, err := postgres.Open(ctx, tt.setup(t, db))
			if pool != nil {
				pool.Close()
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	auth := postgres.NewAuthService(postgres.NewDB(db.App))
	expired := db.Token(t, w.Acme.Engineer, time.Now().Add(-time.Minute))

	tests := []struct {
		name     string
		token    string
		want     service.Caller
		wantCode string
	}{
		{"okValidToken", w.Acme.Engineer.Token, w.Acme.Engineer.Caller(), ""},
		{"okOtherAccountTokenGivesItsOwnCaller", w.Globex.Admin.Token, w.Globex.Admin.Caller(), ""},
		{"badMissingToken", "", service.Caller{}, service.EUNAUTHORIZED},
		{"badUnknownToken", "tc_unknown", service.Caller{}, service.EUNAUTHORIZED},
		{"badExpiredToken", expired, service.Caller{}, service.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := auth.Authenticate(ctx, tt.token)
			assert.Equal(t, tt.wantCode, service.ErrorCode(err))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRateSession(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	ratings := postgres.NewRatingService(postgres.NewDB(db.App))
	eng := w.Acme.Engineer
	_, err := ratings.RateSession(ctx, eng.Caller(), w.Acme.Other.Completed, service.RatingInput{Rating: 4})
	require.Equal(t, service.ENOTFOUND, service.ErrorCode(err), "precondition: other user's session")

	tests := []struct {
		name     string
		caller   *pgtest.User
		session  uuid.UUID
		in       service.RatingInput
		wantCode string
	}{
		{"okCompletedOwnSession", eng, eng.Completed, service.RatingInput{Rating: 5, Comment: "fixed it"}, ""},
		{"badAlreadyRated", eng, eng.Completed, service.RatingInput{Rating: 3}, service.ECONFLICT},
		{"badNotCompleted", eng, eng.InProgress, service.RatingInput{Rating: 3}, service.EBADREQUEST},
		{"badRatingOutOfRange", eng, w.Acme.Admin.Completed, service.RatingInput{Rating: 6}, service.EINVALID},
		{"badCommentTooLong", eng, w.Acme.Admin.Completed, service.RatingInput{Rating: 2, Comment: string(make([]rune, 501))}, service.EINVALID},
		{"badOtherUserOfAccount", eng, w.Acme.Admin.Completed, service.RatingInput{Rating: 2}, service.ENOTFOUND},
		{"badOtherAccountSession", eng, w.Globex.Engineer.Completed, service.RatingInput{Rating: 2}, service.ENOTFOUND},
		{"badUnknownSession", eng, uuid.New(), service.RatingInput{Rating: 2}, service.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ratings.RateSession(ctx, tt.caller.Caller(), tt.session, tt.in)
			assert.Equal(t, tt.wantCode, service.ErrorCode(err))
			if tt.wantCode != "" {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tt.session, got.SessionID)
			assert.Equal(t, w.Acme.Tree, got.TreeID)
			assert.Equal(t, tt.in.Rating, got.Rating)
			assert.NotEqual(t, uuid.Nil, got.ID)
		})
	}

	var foreign int
	require.NoError(t, db.Admin.QueryRow(ctx, `SELECT count(*) FROM session_ratings r WHERE r.account_id = $1`, w.Globex.ID).Scan(&foreign))
	assert.Zero(t, foreign, "no rating written to the other account")
}

func TestRateSessionConcurrentlyRatesOnce(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	ratings := postgres.NewRatingService(postgres.NewDB(db.App))
	eng := w.Acme.Engineer

	const n = 12
	codes := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := ratings.RateSession(ctx, eng.Caller(), eng.Completed, service.RatingInput{Rating: 1 + i%5})
			codes[i] = service.ErrorCode(err)
		})
	}
	wg.Wait()
	counts := map[string]int{}
	for _, c := range codes {
		counts[c]++
	}
	assert.Equal(t, map[string]int{"": 1, service.ECONFLICT: n - 1}, counts)
}

func TestGiveStepFeedback(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	ratings := postgres.NewRatingService(postgres.NewDB(db.App))
	eng := w.Acme.Engineer
	step := w.Acme.Steps[1]
	yes, no := true, false

	tests := []struct {
		name        string
		step        uuid.UUID
		in          service.FeedbackInput
		wantCode    string
		wantCreated bool
		wantYes     int
		wantNo      int
	}{
		{"okFirstAnswer", step, service.FeedbackInput{SessionID: eng.Completed, WasHelpful: &yes}, "", true, 1, 0},
		{"okChangedAnswer", step, service.FeedbackInput{SessionID: eng.Completed, WasHelpful: &no}, "", false, 0, 1},
		{"okRepeatedAnswer", step, service.FeedbackInput{SessionID: eng.Completed, WasHelpful: &no}, "", false, 0, 1},
		{"okOtherSessionCountsAgain", step, service.FeedbackInput{SessionID: eng.InProgress, WasHelpful: &yes}, "", true, 1, 1},
		{"badMissingAnswer", step, service.FeedbackInput{SessionID: eng.Completed}, service.EINVALID, false, 0, 0},
		{"badMissingSession", step, service.FeedbackInput{WasHelpful: &yes}, service.EINVALID, false, 0, 0},
		{"badOtherAccountStep", w.Globex.Steps[1], service.FeedbackInput{SessionID: eng.Completed, WasHelpful: &yes}, service.ENOTFOUND, false, 0, 0},
		{"badOtherAccountSession", step, service.FeedbackInput{SessionID: w.Globex.Engineer.Completed, WasHelpful: &yes}, service.ENOTFOUND, false, 0, 0},
		{"badOtherUserSession", step, service.FeedbackInput{SessionID: w.Acme.Other.Completed, WasHelpful: &yes}, service.ENOTFOUND, false, 0, 0},
		{"badUnknownStep", uuid.New(), service.FeedbackInput{SessionID: eng.Completed, WasHelpful: &yes}, service.ENOTFOUND, false, 0, 0},
		{"badStepNotInSessionTree", w.Acme.Loose, service.FeedbackInput{SessionID: eng.Completed, WasHelpful: &yes}, service.EINVALID, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ratings.GiveStepFeedback(ctx, eng.Caller(), tt.step, tt.in)
			assert.Equal(t, tt.wantCode, service.ErrorCode(err))
			if tt.wantCode != "" {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tt.wantCreated, got.Created)
			assert.Equal(t, tt.wantYes, got.HelpfulYes)
			assert.Equal(t, tt.wantNo, got.HelpfulNo)
		})
	}

	var yesCount, noCount int
	require.NoError(t, db.Admin.QueryRow(ctx, `SELECT sl.helpful_yes, sl.helpful_no FROM step_library sl WHERE sl.account_id = $1 AND sl.id = $2`,
		w.Globex.ID, w.Globex.Steps[1]).Scan(&yesCount, &noCount))
	assert.Zero(t, yesCount+noCount, "the other account's step is untouched")
}

// TestGiveStepFeedbackCountsStayExact has every user of an account answer
// the same step on all their sessions concurrently, several times with
// changing answers, then compares the step's counts with its rows.
func TestGiveStepFeedbackCountsStayExact(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	ratings := postgres.NewRatingService(postgres.NewDB(db.App))
	step := w.Acme.Steps[0]

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for _, u := range []*pgtest.User{w.Acme.Admin, w.Acme.Engineer, w.Acme.Other} {
		for _, session := range []uuid.UUID{u.Completed, u.InProgress} {
			for round := range 4 {
				wg.Go(func() {
					helpful := round%2 == 0
					_, err := ratings.GiveStepFeedback(ctx, u.Caller(), step, service.FeedbackInput{SessionID: session, WasHelpful: &helpful})
					errs <- err
				})
			}
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var yes, no, rowsYes, rowsNo int
	require.NoError(t, db.Admin.QueryRow(ctx, `SELECT sl.helpful_yes, sl.helpful_no,
		(SELECT count(*) FROM step_ratings r WHERE r.account_id = $1 AND r.step_id = $2 AND r.was_helpful),
		(SELECT count(*) FROM step_ratings r WHERE r.account_id = $1 AND r.step_id = $2 AND NOT r.was_helpful)
		FROM step_library sl WHERE sl.account_id = $1 AND sl.id = $2`, w.Acme.ID, step).Scan(&yes, &no, &rowsYes, &rowsNo))
	assert.Equal(t, 6, rowsYes+rowsNo, "one row per user and session")
	assert.Equal(t, rowsYes, yes)
	assert.Equal(t, rowsNo, no)
}

// TestReadTenantBatch checks what ReadTenantBatch promises without a
// BEGIN, in every pgx query mode a DATABASE_URL can choose
// (default_query_exec_mode): its queries see the caller's tenant only and
// cannot write, and nothing of it is left on the connection for its next
// borrower (the pool has one connection, so the next query runs on the
// same one).
func TestReadTenantBatch(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := pgtest.NewWorld(t, db)
	caller := w.Acme.Engineer.Caller()
	modes := []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe,
		pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol}
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, err := postgres.ParseConfig(db.AppURL)
			require.NoError(t, err)
			cfg.MaxConns = 1
			cfg.ConnConfig.DefaultQueryExecMode = mode
			pool, err := postgres.OpenConfig(ctx, cfg)
			require.NoError(t, err)
			defer pool.Close()
			store := postgres.NewDB(pool)

			var accounts []uuid.UUID
			var account, readOnly string
			err = store.ReadTenantBatch(ctx, caller, func(b *pgx.Batch) {
				//tenantcheck:cross-tenant deliberately unscoped: row-level security must leave only the caller's account
				b.Queue(`SELECT DISTINCT s.account_id FROM sessions s`).Query(func(rows pgx.Rows) error {
					var err error
					accounts, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
					return err
				})
				b.Queue(`SELECT current_setting('app.account_id'), current_setting('transaction_read_only')`).QueryRow(func(row pgx.Row) error {
					return row.Scan(&account, &readOnly)
				})
			})
			require.NoError(t, err)
			assert.Equal(t, []uuid.UUID{w.Acme.ID}, accounts)
			assert.Equal(t, w.Acme.ID.String(), account)
			assert.Equal(t, "on", readOnly)

			ranAfterWrite := false
			err = store.ReadTenantBatch(ctx, caller, func(b *pgx.Batch) {
				b.Queue(`UPDATE sessions SET outcome = 'escalated' WHERE account_id = $1`, caller.AccountID)
				b.Queue(`SELECT 1`).QueryRow(func(row pgx.Row) error {
					ranAfterWrite = row.Scan(new(int)) == nil
					return nil
				})
			})
			var pgErr *pgconn.PgError
			require.ErrorAs(t, err, &pgErr)
			assert.Equal(t, "25006", pgErr.Code, "read_only_sql_transaction")
			assert.False(t, ranAfterWrite, "the failed write aborts the rest of the batch")

			guarded := false
			forbidden := service.Errorf(service.EFORBIDDEN, "a check queued first")
			err = store.ReadTenantBatch(ctx, caller, func(b *pgx.Batch) {
				b.Queue(`SELECT 1`).QueryRow(func(pgx.Row) error { return forbidden })
				b.Queue(`SELECT 1`).QueryRow(func(pgx.Row) error { guarded = true; return nil })
			})
			assert.ErrorIs(t, err, forbidden)
			assert.False(t, guarded, "a failed check stops the callbacks after it")

			var leftAccount, leftReadOnly string
			require.NoError(t, pool.QueryRow(ctx, `SELECT current_setting('app.account_id', true), current_setting('transaction_read_only')`).Scan(&leftAccount, &leftReadOnly))
			assert.Empty(t, leftAccount)
			assert.Equal(t, "off", leftReadOnly)
		})
	}
}
