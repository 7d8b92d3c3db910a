package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// Cache keeps, per analyzed package, the facts its pass exported and its
// result, in files of one folder named by the package's key (see
// keys.go). An entry that is missing, unreadable, truncated, half written
// by a concurrent run or altered reads as a miss: a checksum over the
// content guards it, so a corrupt entry is recomputed, never trusted. The
// checksum is also why an entry is written in place, without a temporary
// file and a rename, and why the folder is flat: each file created costs
// the first run (docs/performance.md).
type Cache struct {
	dir string
}

// OpenCache returns the cache kept in dir, creating the folder.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open the cache: %w", err)
	}
	return &Cache{dir: dir}, nil
}

// entry is what the cache keeps for one package.
type entry struct {
	Facts  []cachedFact
	Result *Result
}

// cachedFact is a fact about an object of the package, named by its
// objectpath, or about the package itself when Object is empty.
type cachedFact struct {
	Object objectpath.Path
	Fact   analysis.Fact
}

// registerFacts tells gob the concrete fact types that cachedFact.Fact
// holds. gob.Register accepts the same type twice under the same name.
func registerFacts(a *analysis.Analyzer) {
	for _, f := range a.FactTypes {
		gob.Register(f)
	}
}

func (c *Cache) path(key [sha256.Size]byte) string {
	name := hex.EncodeToString(key[:])
	return filepath.Join(c.dir, name+"-p")
}

// get returns the entry stored under key, or false when there is none that
// reads back intact.
func (c *Cache) get(key [sha256.Size]byte) (*entry, bool) {
	data, err := os.ReadFile(c.path(key))
	if err != nil || len(data) < sha256.Size {
		return nil, false
	}
	sum, body := data[:sha256.Size], data[sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, false
	}
	var e entry
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&e); err != nil || e.Result == nil {
		return nil, false
	}
	return &e, true
}

// put stores e under key. A cache that cannot be written only costs the
// next run its speed, so the error is for the caller to ignore or report.
func (c *Cache) put(key [sha256.Size]byte, e *entry) error {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(e); err != nil {
		return fmt.Errorf("encode the cache entry: %w", err)
	}
	sum := sha256.Sum256(body.Bytes())
	return os.WriteFile(c.path(key), append(sum[:], body.Bytes()...), 0o644)
}
