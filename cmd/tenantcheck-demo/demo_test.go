package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoRefusesBusyPorts runs scripts/demo.sh (make demo) with the API
// port, then the database port, taken, and checks that it stops with a
// message naming the variable to change before writing tokens.csv or
// starting anything.
func TestDemoRefusesBusyPorts(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { busy.Close() })
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	free := freeLoopbackPort(t)
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	tokens := filepath.Join(root, "tokens.csv")
	before, statErr := os.Stat(tokens)

	tests := []struct {
		name, listenAddr, pgPort, want string
	}{
		{"badListenAddrInUse", "127.0.0.1:" + busyPort, free, "127.0.0.1:" + busyPort + " is already in use"},
		{"badDatabasePortInUse", "127.0.0.1:" + free, busyPort, "port " + busyPort + " for the demo's PostgreSQL is already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("bash", filepath.Join(root, "scripts", "demo.sh"))
			cmd.Env = append(os.Environ(), "LISTEN_ADDR="+tt.listenAddr, "DEMO_PG_PORT="+tt.pgPort, "DATABASE_URL=")
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, string(out))
			assert.Equal(t, 1, exit.ExitCode())
			assert.Contains(t, string(out), tt.want)
			assert.NotContains(t, string(out), "migrations applied")
		})
	}
	after, err := os.Stat(tokens)
	if statErr != nil {
		assert.True(t, os.IsNotExist(err), "tokens.csv was created")
	} else {
		require.NoError(t, err)
		assert.Equal(t, before.ModTime(), after.ModTime(), "tokens.csv was rewritten")
	}
}

// freeLoopbackPort returns a port nothing listens on (a moment ago).
func freeLoopbackPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	require.NoError(t, l.Close())
	return port
}
