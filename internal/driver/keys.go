package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/packages"
)

// goEnv is the part of the go command's environment that decides which
// files build and what the standard library's types are.
type goEnv struct {
	GOVERSION, GOOS, GOARCH, GOFLAGS, CGO_ENABLED, GOEXPERIMENT, GOROOT string
}

// readGoEnv asks the go command in dir for its environment.
func readGoEnv(dir string) (goEnv, error) {
	cmd := exec.Command("go", "env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT", "GOROOT")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return goEnv{}, fmt.Errorf("go env: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var env goEnv
	if err := json.Unmarshal(out, &env); err != nil {
		return goEnv{}, fmt.Errorf("go env: %w", err)
	}
	return env, nil
}

// keyer computes each package's cache key: a hash of the salt (the tool,
// the configuration and the go environment), the package's path, its
// content and its imports' keys, so that a change anywhere below a package
// changes its key. The content of a package of a main module, or of a
// module replaced by a folder, is its files; that of a module dependency
// is its module's path and version; the standard library's is the go
// environment, already in the salt.
type keyer struct {
	salt []byte
	memo map[*packages.Package][sha256.Size]byte
}

func newKeyer(salt []byte, env goEnv) (*keyer, error) {
	h := sha256.New()
	h.Write(salt)
	if err := json.NewEncoder(h).Encode(env); err != nil {
		return nil, err
	}
	return &keyer{salt: h.Sum(nil), memo: make(map[*packages.Package][sha256.Size]byte)}, nil
}

func (k *keyer) key(p *packages.Package) ([sha256.Size]byte, error) {
	if key, ok := k.memo[p]; ok {
		return key, nil
	}
	h := sha256.New()
	h.Write(k.salt)
	writeString(h, p.PkgPath)
	switch mod := moduleVersion(p); {
	case isStandard(p):
		writeString(h, "std")
	case mod != "":
		writeString(h, mod)
	default:
		for _, name := range p.GoFiles {
			data, err := os.ReadFile(name)
			if err != nil {
				return [sha256.Size]byte{}, fmt.Errorf("hash %s: %w", name, err)
			}
			writeString(h, filepath.Base(name))
			writeString(h, string(data))
		}
	}
	paths := make([]string, 0, len(p.Imports))
	for path := range p.Imports {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	for _, path := range paths {
		// A standard package's content is the go environment, already in
		// the salt, and its import follows from the importer's files or
		// version. Leaving it out keeps the key of a cgo package the same
		// whether or not go list reports the imports cgo adds.
		if isStandard(p.Imports[path]) {
			continue
		}
		dep, err := k.key(p.Imports[path])
		if err != nil {
			return [sha256.Size]byte{}, err
		}
		writeString(h, path)
		h.Write(dep[:])
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	k.memo[p] = key
	return key, nil
}

// moduleVersion returns "path@version" for a package of a versioned module
// dependency, and "" for a main module's package or a module replaced by a
// folder, whose files must be read.
func moduleVersion(p *packages.Package) string {
	m := p.Module
	if m == nil || m.Main {
		return ""
	}
	if m.Replace != nil {
		m = m.Replace
	}
	if m.Version == "" {
		return ""
	}
	return m.Path + "@" + m.Version
}

// writeString writes s with its length, so that one string's end is never
// read as the next one's start.
func writeString(h hash.Hash, s string) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}
