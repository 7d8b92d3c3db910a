package main

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/config"
)

// go vet caches each package's result under a key made of the package, the
// vet flags and the tool's identity, which it reads once per run from the
// tool's answer to -V=full, asked in the folder go vet runs in and without
// the vet flags. The migrations are in none of these, so a schema change
// alone would replay stale results. tenantcheck therefore folds a digest of
// every file that can hold a schema or a configuration into its identity:
// each *.sql file of the module and each *.yml or *.yaml file whose name
// contains "tenantcheck". A -schema or -config flag names its file only by
// path, but the file lies in the module, so it is covered; files outside
// the module are not (docs/integrations.md says so).

// printVetVersion answers -V=full in the format cmd/go parses (its toolID
// in cmd/go/internal/work/buildid.go): "<name> version devel ...
// buildID=<id>", where the id is a hash of the executable, as unitchecker
// prints it, and of the schema digest of the module around dir.
func printVetVersion(w io.Writer, exe, dir string) error {
	h := sha256.New()
	if err := hashFile(h, exe); err != nil {
		return fmt.Errorf("hash the executable %s: %w", exe, err)
	}
	root := dir
	if r, ok := config.ModuleRoot(dir); ok {
		root = r
	}
	digest, err := schemaDigest(root)
	if err != nil {
		return err
	}
	h.Write(digest)
	_, err = fmt.Fprintf(w, "%s version devel tenantcheck-schema=%x buildID=%x\n", exe, digest[:6], h.Sum(nil))
	return err
}

// schemaDigest hashes the path and contents of every file under root that
// can hold a schema or tenantcheck's configuration (isSchemaInput), in the
// lexical order of filepath.WalkDir, so that equal trees give equal digests.
// Hidden folders, vendor and node_modules are skipped: Go ignores them too,
// and walking them would only slow every go vet run.
func schemaDigest(root string) ([]byte, error) {
	h := sha256.New()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !isSchemaInput(name) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		h.Write([]byte(filepath.ToSlash(rel)))
		h.Write([]byte{0})
		return hashFile(h, path)
	})
	if err != nil {
		return nil, fmt.Errorf("digest the schema under %s: %w", root, err)
	}
	return h.Sum(nil), nil
}

// isSchemaInput reports whether a file named name can feed the analysis
// besides the Go code: a migration or pg_dump file, or a tenantcheck
// configuration file (.tenantcheck.yml and its variants).
func isSchemaInput(name string) bool {
	if strings.HasSuffix(name, ".sql") {
		return true
	}
	ext := filepath.Ext(name)
	return (ext == ".yml" || ext == ".yaml") && strings.Contains(name, "tenantcheck")
}

// hashFile writes the length and contents of the file at path to h; the
// length keeps one file's end from being read as the next one's start.
func hashFile(h hash.Hash, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if err := binary.Write(h, binary.BigEndian, info.Size()); err != nil {
		return err
	}
	n, err := io.Copy(h, f)
	if err != nil {
		return err
	}
	if n != info.Size() {
		return errors.New("file changed while it was read")
	}
	return nil
}
