// Package use sends SQL through configured sinks.
package use

import "configsink/db"

func use(c *db.Client) {
	c.Run("purge", "DELETE FROM sessions") // want `sessions is not scoped`
	db.Exec("DELETE FROM trees")           // want `trees is not scoped`
	// okConfigSinkScoped: section 2 rule 1.
	db.Exec("DELETE FROM trees WHERE account_id = $1")
}
