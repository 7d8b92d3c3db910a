package service

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// TokenPrefix marks the service's bearer tokens, so that a leaked one is
// recognisable by secret scanners.
const TokenPrefix = "tc_"

// NewToken returns a new opaque bearer token and the hash to store for it:
// the database never holds a usable token.
func NewToken() (token string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux (and panics rather than returning short reads)
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the SHA-256 of token, as api_tokens.token_hash stores it. A
// plain hash suffices because tokens carry 256 random bits: there is
// nothing to guess, so no need for a slow password hash.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
