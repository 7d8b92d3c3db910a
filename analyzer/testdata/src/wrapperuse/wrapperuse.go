// Package wrapperuse calls the wrappers of wrapperlib.
package wrapperuse

import (
	"context"

	"wrapperlib"
)

func use(ctx context.Context, db *wrapperlib.DB) {
	db.Exec(ctx, "DELETE FROM nodes WHERE id = $1", 1)    // want `nodes is not scoped`
	db.Trees(ctx, "id = $1", 1)                           // want `trees is not scoped`
	wrapperlib.Count(ctx, db, "sessions", "tree_id = $1") // want `sessions is not scoped`
	db.Sessions(ctx, "s.title = $1")                      // want `sessions \(s\) is not scoped`
	// okWrapperScoped: section 2 rule 1, the caller's condition scopes trees.
	db.Trees(ctx, "account_id = $1 AND id = $2", 1, 2)
	// okWrapperGlobal: section 1, countries is global.
	wrapperlib.Count(ctx, db, "countries", "code = $1")
}
