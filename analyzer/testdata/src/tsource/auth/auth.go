// Package auth is the tenant source of the tsource tests: the principal a
// request was authenticated as (configured as tenant_sources).
package auth

import "context"

// Principal is the authenticated caller.
type Principal struct {
	AccountID int64
	Name      string
}

type key struct{}

// FromContext returns the principal of the request.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(key{}).(*Principal)
	return p
}

// AccountID returns the authenticated account.
func AccountID(ctx context.Context) int64 { return FromContext(ctx).AccountID }
