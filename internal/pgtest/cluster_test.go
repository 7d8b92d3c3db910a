package pgtest_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/internal/pgtest"
)

func TestStartCluster(t *testing.T) {
	ctx := context.Background()
	c, err := pgtest.StartCluster(ctx, "work_mem=12MB", "maintenance_work_mem=70MB")
	require.NoError(t, err)
	dir := ""
	t.Cleanup(func() {
		c.Stop()
		if dir != "" {
			_, err := os.Stat(dir)
			assert.True(t, os.IsNotExist(err), "cluster folder %s left behind", dir)
		}
	})

	tests := []struct {
		name, setting, want string
	}{
		{"okExtraSettingApplied", "work_mem", "12MB"},
		{"okSecondExtraSettingApplied", "maintenance_work_mem", "70MB"},
		{"okDurabilityOff", "fsync", "off"},
		{"okLoopbackOnly", "listen_addresses", "127.0.0.1"},
	}
	conn, err := pgx.Connect(ctx, c.DatabaseURL("postgres"))
	require.NoError(t, err)
	defer conn.Close(ctx)
	require.NoError(t, conn.QueryRow(ctx, `SELECT current_setting('data_directory')`).Scan(&dir))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			require.NoError(t, conn.QueryRow(ctx, `SELECT current_setting($1)`, tt.setting).Scan(&got))
			assert.Equal(t, tt.want, got)
		})
	}
}
