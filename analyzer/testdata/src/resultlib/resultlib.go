// Package resultlib builds SQL in functions whose results importers resolve.
package resultlib

import "fmt"

// ListTrees returns the query for one account's trees, ordered by column.
func ListTrees(order string) string { // want ListTrees:`returns 0:\[SELECT name FROM trees WHERE account_id = \$1 ORDER BY \{0\}\]`
	return "SELECT name FROM trees WHERE account_id = $1 ORDER BY " + order
}

// TreeByID forgets the tenant.
func TreeByID() string { // want TreeByID:`returns 0:\[SELECT name FROM trees WHERE id = \$1\]`
	return "SELECT name FROM trees WHERE id = $1"
}

// Filtered returns a query and its arguments; every return is resolvable.
func Filtered(byUser bool) (q string, args []any) { // want Filtered:`returns 0:\[SELECT title FROM sessions WHERE user_id = \$1 \| SELECT title FROM sessions\]`
	if byUser {
		q = "SELECT title FROM sessions WHERE user_id = $1"
		return q, []any{1}
	}
	q = "SELECT title FROM sessions"
	return
}

// Page formats a limit known only at run time.
func Page(limit int) string { // want Page:`returns 0:\[SELECT name FROM trees WHERE account_id = \$1 LIMIT 1\]`
	return fmt.Sprintf("SELECT name FROM trees WHERE account_id = $1 LIMIT %d", limit)
}
