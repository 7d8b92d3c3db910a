// Package pq is a minimal stub of github.com/lib/pq with the real
// signatures the analyzer's tests need.
package pq

// QuoteIdentifier quotes name for use as an identifier in a SQL statement.
func QuoteIdentifier(name string) string { return `"` + name + `"` }
