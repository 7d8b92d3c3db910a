// Package indirectlib hands out a *sqlx.DB.
package indirectlib

import "github.com/jmoiron/sqlx"

// Database gives its users the driver.
type Database interface{ GetDB() *sqlx.DB }
