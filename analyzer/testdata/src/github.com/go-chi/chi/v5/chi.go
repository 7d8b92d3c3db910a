// Package chi is a stub of github.com/go-chi/chi/v5 with the real
// signatures the tests use.
package chi

import "net/http"

// URLParam returns the route parameter key of r.
func URLParam(r *http.Request, key string) string { return "" }
