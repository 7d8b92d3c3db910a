package driver

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// Cache keeps, per analyzed package, the facts its pass exported and its
// result, keyed by the package's key (see keys.go). A run writes the
// entries it computed as one pack file: creating a file per package cost a
// first run half a second at 500 packages (docs/performance.md). Each
// entry in a pack carries a checksum, so an entry that is truncated, half
// written by a concurrent run or altered reads as a miss: it is recomputed,
// never trusted. When packs pile up, a run writes every entry it holds into
// one pack and removes the others.
type Cache struct {
	dir string

	once    sync.Once
	bodies  map[[sha256.Size]byte][]byte
	packs   []string
	damaged bool

	mu      sync.Mutex
	pending []packed
	// used are the keys this run found, which a merge keeps.
	used map[[sha256.Size]byte]bool
}

// packed is one entry of a pack: its key and its gob encoding.
type packed struct {
	key  [sha256.Size]byte
	body []byte
}

// maxPacks is how many packs a run reads before it merges them.
const maxPacks = 8

// packPrefix names the pack files in the cache folder.
const packPrefix = "pack-"

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

// load reads every pack of the folder once. A pack that cannot be read,
// or whose records stop making sense, keeps the entries before the damage.
func (c *Cache) load() {
	c.bodies = make(map[[sha256.Size]byte][]byte)
	names, err := filepath.Glob(filepath.Join(c.dir, packPrefix+"*"))
	if err != nil {
		return
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			c.damaged = true
			continue
		}
		c.packs = append(c.packs, name)
		if !c.readPack(data) {
			c.damaged = true
		}
	}
}

// A pack is a sequence of records: the key, the body's length (8 bytes,
// big-endian), the body's SHA-256 and the body.
const recordHeader = sha256.Size + 8 + sha256.Size

// readPack adds the intact records of data; it reports false when a record
// is damaged.
func (c *Cache) readPack(data []byte) bool {
	for len(data) > 0 {
		if len(data) < recordHeader {
			return false
		}
		var key [sha256.Size]byte
		copy(key[:], data)
		n := binary.BigEndian.Uint64(data[sha256.Size:])
		sum := data[sha256.Size+8 : recordHeader]
		data = data[recordHeader:]
		if n > uint64(len(data)) {
			return false
		}
		body := data[:n]
		data = data[n:]
		if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
			return false
		}
		c.bodies[key] = body
	}
	return true
}

// get returns the entry stored under key, or false when there is none that
// reads back intact.
func (c *Cache) get(key [sha256.Size]byte) (*entry, bool) {
	c.once.Do(c.load)
	body, ok := c.bodies[key]
	if !ok {
		return nil, false
	}
	var e entry
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&e); err != nil || e.Result == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.used == nil {
		c.used = make(map[[sha256.Size]byte]bool)
	}
	c.used[key] = true
	return &e, true
}

// put keeps e under key, to be written by flush.
func (c *Cache) put(key [sha256.Size]byte, e *entry) error {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(e); err != nil {
		return fmt.Errorf("encode the cache entry: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, packed{key: key, body: body.Bytes()})
	return nil
}

// flush writes the entries put in this run as one pack. When the folder
// holds many packs or a damaged one, the pack also takes the entries this
// run found in the others, which are removed: entries no run asks for any
// more go with them, so the folder does not grow without end. A cache that cannot be
// written only costs the next run its speed, so the error is for the
// caller to ignore or report.
func (c *Cache) flush() error {
	c.once.Do(c.load)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pending) == 0 {
		return nil
	}
	merge := len(c.packs) >= maxPacks || c.damaged
	var buf bytes.Buffer
	written := make(map[[sha256.Size]byte]bool)
	add := func(key [sha256.Size]byte, body []byte) {
		if written[key] {
			return
		}
		written[key] = true
		sum := sha256.Sum256(body)
		buf.Write(key[:])
		buf.Write(binary.BigEndian.AppendUint64(nil, uint64(len(body))))
		buf.Write(sum[:])
		buf.Write(body)
	}
	for _, p := range c.pending {
		add(p.key, p.body)
	}
	if merge {
		for key := range c.used {
			add(key, c.bodies[key])
		}
	}
	var name [8]byte
	if _, err := rand.Read(name[:]); err != nil {
		return err
	}
	path := filepath.Join(c.dir, packPrefix+hex.EncodeToString(name[:]))
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if merge {
		for _, old := range c.packs {
			os.Remove(old)
		}
		c.packs, c.damaged = nil, false
	}
	// The entries just written serve this process too.
	c.packs = append(c.packs, path)
	for _, p := range c.pending {
		c.bodies[p.key] = p.body
	}
	c.pending = nil
	return nil
}
