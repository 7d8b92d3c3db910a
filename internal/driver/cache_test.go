package driver

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/resolutionflow/tenantcheck/analyzer"
)

// testEntry is an entry whose result counts n queries.
func testEntry(n int) *entry {
	return &entry{Result: &Result{Result: analyzer.Result{Queries: n}}}
}

func packs(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, packPrefix+"*"))
	require.NoError(t, err)
	return names
}

// TestCacheOnePackPerRun writes the entries of a run as one file, which the
// next run (a new Cache on the same folder) reads back.
func TestCacheOnePackPerRun(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCache(dir)
	require.NoError(t, err)
	for i := range 3 {
		require.NoError(t, c.put(sha256.Sum256([]byte{byte(i)}), testEntry(i)))
	}
	require.NoError(t, c.flush())
	assert.Len(t, packs(t, dir), 1, "one file for the run's three entries")

	next, err := OpenCache(dir)
	require.NoError(t, err)
	for i := range 3 {
		e, ok := next.get(sha256.Sum256([]byte{byte(i)}))
		require.True(t, ok, "entry %d", i)
		assert.Equal(t, i, e.Result.Queries)
	}
	_, ok := next.get(sha256.Sum256([]byte("absent")))
	assert.False(t, ok)
}

// TestCacheTruncatedPackKeepsTheIntactEntries cuts a pack inside its last
// record: the records before it still read, the cut one is a miss, and the
// next flush replaces the damaged pack.
func TestCacheTruncatedPackKeepsTheIntactEntries(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCache(dir)
	require.NoError(t, err)
	first, second := sha256.Sum256([]byte("first")), sha256.Sum256([]byte("second"))
	require.NoError(t, c.put(first, testEntry(1)))
	require.NoError(t, c.put(second, testEntry(2)))
	require.NoError(t, c.flush())
	pack := packs(t, dir)[0]
	data, err := os.ReadFile(pack)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(pack, data[:len(data)-3], 0o644))

	next, err := OpenCache(dir)
	require.NoError(t, err)
	_, ok := next.get(first)
	assert.True(t, ok, "the record before the damage")
	_, ok = next.get(second)
	assert.False(t, ok, "the truncated record")
	require.NoError(t, next.put(second, testEntry(2)))
	require.NoError(t, next.flush())
	names := packs(t, dir)
	require.Len(t, names, 1, "the damaged pack is merged away")
	assert.NotEqual(t, pack, names[0])

	last, err := OpenCache(dir)
	require.NoError(t, err)
	for _, key := range [][sha256.Size]byte{first, second} {
		_, ok := last.get(key)
		assert.True(t, ok)
	}
}

// TestCacheMergesManyPacks: past maxPacks packs, a run writes one pack with
// its new entries and the ones it found, and removes the rest, so entries
// nobody asks for any more leave the folder.
func TestCacheMergesManyPacks(t *testing.T) {
	dir := t.TempDir()
	for i := range maxPacks {
		c, err := OpenCache(dir)
		require.NoError(t, err)
		require.NoError(t, c.put(sha256.Sum256([]byte{byte(i)}), testEntry(i)))
		require.NoError(t, c.flush())
	}
	require.Len(t, packs(t, dir), maxPacks)

	c, err := OpenCache(dir)
	require.NoError(t, err)
	kept := sha256.Sum256([]byte{0})
	_, ok := c.get(kept)
	require.True(t, ok)
	added := sha256.Sum256([]byte("new"))
	require.NoError(t, c.put(added, testEntry(9)))
	require.NoError(t, c.flush())
	assert.Len(t, packs(t, dir), 1)

	next, err := OpenCache(dir)
	require.NoError(t, err)
	for _, key := range [][sha256.Size]byte{kept, added} {
		_, ok := next.get(key)
		assert.True(t, ok, "an entry the run used or wrote")
	}
	_, ok = next.get(sha256.Sum256([]byte{1}))
	assert.False(t, ok, "an entry no run asked for is dropped")
}
