package main

import (
	"bytes"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCacheFlagLine reads usage output as the flag package prints it, the
// way tenantcheck -h does.
func TestCacheFlagLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags func(*flag.FlagSet)
		want  bool
	}{
		{"okBoolCacheFlag", func(fs *flag.FlagSet) {
			fs.Bool("cache", true, "reuse per-package results")
			fs.Bool("fail", false, "exit 1 on findings")
		}, true},
		{"okCacheFlagLastLine", func(fs *flag.FlagSet) {
			fs.Bool("cache", true, "")
		}, true},
		{"badOnlyLongerName", func(fs *flag.FlagSet) {
			fs.String("cache-dir", "", "where the cache lives")
		}, false},
		{"badNoCacheFlag", func(fs *flag.FlagSet) {
			fs.String("schema", "migrations", "schema `path`; see -cache in docs")
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("tenantcheck", flag.ContinueOnError)
			tc.flags(fs)
			var out bytes.Buffer
			fs.SetOutput(&out)
			fs.PrintDefaults()
			assert.Equal(t, tc.want, cacheFlagLine.Match(out.Bytes()), "usage:\n%s", out.String())
		})
	}
}
