package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain points the result cache at a folder of the test process's own,
// so that tests neither read nor fill the user's cache.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tenantcheck-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv(cacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
