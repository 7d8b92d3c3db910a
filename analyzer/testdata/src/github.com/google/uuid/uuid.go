// Package uuid is a stub of github.com/google/uuid with the real
// signatures the tests use.
package uuid

// UUID is a 128-bit identifier.
type UUID [16]byte

// Parse decodes s into a UUID.
func Parse(s string) (UUID, error) { return UUID{}, nil }

// String returns the canonical text form of u.
func (u UUID) String() string { return "" }
