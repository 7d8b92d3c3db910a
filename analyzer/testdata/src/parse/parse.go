// Package parse sends SQL that PostgreSQL rejects.
package parse

import (
	"context"
	"database/sql"
)

func broken(ctx context.Context, db *sql.DB) {
	db.QueryContext(ctx, "SELEC name FROM trees")                        // want `SQL does not parse: syntax error at or near "SELEC", in "SELEC name FROM trees"`
	db.ExecContext(ctx, "UPDATE trees SET name = WHERE account_id = $1") // want `SQL does not parse: syntax error at or near "WHERE"`
}
