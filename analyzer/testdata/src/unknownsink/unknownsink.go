package unknownsink

import (
	"context"
	"log"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Executor is a data-access interface whose shape the analyzer does not
// recognize as a sink: no context, no ...any after the SQL.
type Executor interface {
	Execute(q string, args []any) error
}

type store struct {
	ex   Executor
	pool *pgxpool.Pool
	orm  ORM
}

// ORM takes MySQL-minded SQL that an in-house layer rewrites.
type ORM interface {
	Run(q string, args ...int64) error
}

func describe(q string) string { return "-- " + q }

func note(s string) {}

func (s *store) run(ctx context.Context) {
	s.ex.Execute("DELETE FROM trees WHERE id = $1", []any{1}) // want `SQL reaches \(unknownsink.Executor\).Execute 2 times, which tenantcheck does not know sends SQL: add it under sinks in .tenantcheck.yml`
	q := "UPDATE trees SET name = $1 WHERE account_id = $2"
	s.ex.Execute(q, []any{"x", 1})
	// okGlobalTablesOnly: nothing of a tenant's is passed.
	s.ex.Execute("SELECT name FROM countries", nil)
	// okStandardLibrary, okBuildsText, okProse: not sends.
	log.Printf("SELECT name FROM trees WHERE id = %d", 1)
	describe("SELECT name FROM trees")
	note("select the trees")
	s.pool.Query(ctx, "SELECT name FROM trees WHERE account_id = $1", 1)
	s.orm.Run("delete from `trees` where account_id=? and id=?", 1, 2) // want `SQL reaches \(unknownsink.ORM\).Run once`
}
