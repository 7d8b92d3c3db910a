package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedFileIsCurrent fails when decode_gen.go is not what the
// generator writes for the pg_query_go version in go.mod: run go generate in
// analyzer/internal/pgparse.
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := source()
	require.NoError(t, err)
	got, err := os.ReadFile("../../decode_gen.go")
	require.NoError(t, err)
	assert.True(t, string(want) == string(got), "decode_gen.go is stale: run go generate in analyzer/internal/pgparse")
}
