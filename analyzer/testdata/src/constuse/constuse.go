// Package constuse sends SQL from another package's constants.
package constuse

import (
	"context"
	"database/sql"

	"constlib"
)

const where = " WHERE s.user_id = $1"

var byTree = constlib.Select + " WHERE s.tree_id = $1"

func use(ctx context.Context, db *sql.DB) {
	// okConstant: section 2 rule 1.
	db.QueryContext(ctx, constlib.ListTrees, 1)
	db.QueryContext(ctx, constlib.AllTrees)          // want `trees is not scoped`
	db.QueryContext(ctx, constlib.Select+" LIMIT 1") // want `sessions \(s\) is not scoped`
	// okConcatenation: section 2 rule 1, the key predicate comes from the local constant.
	db.QueryContext(ctx, constlib.Select+where, 1)
	db.QueryContext(ctx, byTree, 1)         // want `sessions \(s\) is not scoped: .*scope it$`
	db.QueryContext(ctx, constlib.Nodes, 1) // want `nodes is not scoped`
}
