// Package constlib holds SQL in constants and variables.
package constlib

// ListTrees is a scoped query.
const ListTrees = "SELECT name FROM trees WHERE account_id = $1"

// AllTrees reads every account's trees.
const AllTrees = "SELECT name FROM trees"

// Select is a prefix shared by queries.
const Select = "SELECT title FROM sessions s"

// Nodes is assigned in this package only, so both values are known.
var Nodes = "SELECT label FROM nodes WHERE id = $1" // want Nodes:`values SELECT label FROM nodes WHERE id = \$1 \| SELECT label FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = \$1`

func init() {
	if len(Select) > 100 {
		Nodes = "SELECT label FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $1"
	}
}
