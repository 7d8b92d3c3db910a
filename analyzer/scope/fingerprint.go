package scope

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// Fingerprint identifies a query by its shape, so that baselines and SARIF
// fingerprints survive edits that change only constants, white space or
// comments: PostgreSQL's own query fingerprint when sql parses, otherwise a
// hash of the text with runs of white space collapsed and case folded, so
// that a query that does not parse still has a stable identity.
func Fingerprint(sql string) string {
	if fp, err := pgparse.Fingerprint(sql); err == nil {
		return fp
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.Join(strings.Fields(sql), " "))))
	return "text:" + hex.EncodeToString(sum[:8])
}
