// Package batch queues queries in a pgx.Batch.
package batch

import (
	"github.com/jackc/pgx/v5"
)

func queue(b *pgx.Batch, account int64) {
	b.Queue("UPDATE trees SET name = $1", "x") // want `trees is not scoped`
	// okBatchScoped: section 2 rule 1.
	b.Queue("UPDATE trees SET name = $1 WHERE account_id = $2", "x", account)
}
