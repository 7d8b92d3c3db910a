// Package indirectuse imports no driver, yet calls one through the type
// another package returns: its queries are checked all the same.
package indirectuse

import (
	"context"

	"indirectlib"
)

func count(ctx context.Context, d indirectlib.Database) {
	var n int
	d.GetDB().GetContext(ctx, &n, "SELECT count(*) FROM trees") // want `trees is not scoped`
}
