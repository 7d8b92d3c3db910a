package main

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/resolutionflow/tenantcheck/analyzer/config"
	"github.com/resolutionflow/tenantcheck/internal/driver"
)

// cacheEnv names a folder that replaces the default cache folder,
// tenantcheck under os.UserCacheDir (docs/cli.md): tests and CI jobs point
// it at a folder of their own.
const cacheEnv = "TENANTCHECK_CACHE"

// openCache opens the result cache and returns it with the salt that keys
// its entries besides the Go code. A cache that cannot be opened, or a salt
// that cannot be computed, leaves the run uncached (nil) rather than
// failing it: the cache only saves time.
func openCache(settings config.Settings, inputs config.Inputs, wd string) (*driver.Cache, []byte) {
	dir := os.Getenv(cacheEnv)
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, nil
		}
		dir = filepath.Join(base, "tenantcheck")
	}
	salt, err := cacheSalt(settings, inputs, wd)
	if err != nil {
		return nil, nil
	}
	cache, err := driver.OpenCache(dir)
	if err != nil {
		return nil, nil
	}
	return cache, salt
}

// cacheSalt hashes what the pass's results depend on besides the Go code:
// the tool itself (its executable, as its go vet identity does, vetid.go),
// the settings, the working folder, and the contents of the schema and the
// configuration file they resolve to.
func cacheSalt(settings config.Settings, inputs config.Inputs, wd string) ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	if err := hashFile(h, exe); err != nil {
		return nil, err
	}
	for _, s := range []string{wd, settings.Schema, settings.TenantColumns, settings.ConfigFile, settings.Rules} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, path := range []string{inputs.Schema, inputs.Config} {
		if path == "" {
			continue
		}
		if !filepath.IsAbs(path) {
			path = filepath.Join(wd, path)
		}
		err := filepath.WalkDir(path, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			h.Write([]byte(name))
			h.Write([]byte{0})
			return hashFile(h, name)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return h.Sum(nil), nil
}
