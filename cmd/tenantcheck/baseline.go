package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
)

// baselineVersion is the format version -write-baseline records; a file of
// another version is refused rather than misread.
const baselineVersion = 1

// baseline is the -baseline file: the findings a codebase accepted on the
// day it turned on -fail, so that CI fails on new findings only while the
// backlog burns down. Entries are keyed by what survives unrelated edits
// (file, enclosing function, rule, table, query fingerprint), not by line,
// and counted, so that two identical findings in one function need two
// recorded occurrences.
type baseline struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

// baselineEntry is one key and how many findings it accepts.
type baselineEntry struct {
	baselineKey
	Count int `json:"count"`
}

// baselineKey identifies a finding independently of its line and column.
type baselineKey struct {
	File     string `json:"file"`
	Function string `json:"function"`
	Rule     string `json:"rule"`
	Table    string `json:"table"`
	// Fingerprint is scope.Fingerprint of the query, empty for findings
	// without one (directives).
	Fingerprint string `json:"fingerprint"`
}

func keyOf(f finding) baselineKey {
	return baselineKey{File: f.File, Function: f.Func, Rule: f.Rule, Table: f.Table, Fingerprint: f.Fingerprint}
}

func compareKeys(a, b baselineKey) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Function, b.Function),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Table, b.Table),
		cmp.Compare(a.Fingerprint, b.Fingerprint),
	)
}

// newBaseline records findings, sorted by key so that the file diffs well
// in review.
func newBaseline(findings []finding) *baseline {
	counts := make(map[baselineKey]int)
	for _, f := range findings {
		counts[keyOf(f)]++
	}
	b := &baseline{Version: baselineVersion, Findings: []baselineEntry{}}
	for k, n := range counts {
		b.Findings = append(b.Findings, baselineEntry{baselineKey: k, Count: n})
	}
	slices.SortFunc(b.Findings, func(x, y baselineEntry) int { return compareKeys(x.baselineKey, y.baselineKey) })
	return b
}

// write saves the baseline to path, replacing what was there: findings
// fixed since the last write drop out.
func (b *baseline) write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return fmt.Errorf("write baseline %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write baseline %s: %w", path, err)
	}
	return nil
}

// readBaseline loads the baseline at path. A malformed file is an error
// naming the file, and the line where the JSON decoder locates the problem.
func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b baseline
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", jsonLocation(path, data, err), err)
	}
	if dec.More() {
		return nil, fmt.Errorf("read baseline %s: text after the baseline object", path)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("read baseline %s: version %d, want %d (rewrite it with -write-baseline)", path, b.Version, baselineVersion)
	}
	for i, e := range b.Findings {
		if e.Count < 1 || e.File == "" || e.Rule == "" {
			return nil, fmt.Errorf("read baseline %s: entry %d needs a file, a rule and a count of at least 1", path, i+1)
		}
	}
	return &b, nil
}

// jsonLocation is "path:line" when err carries an offset into data, and
// path otherwise.
func jsonLocation(path string, data []byte, err error) string {
	var offset int64 = -1
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 || offset > int64(len(data)) {
		return path
	}
	return fmt.Sprintf("%s:%d", path, 1+bytes.Count(data[:offset], []byte("\n")))
}

// filter returns the findings the baseline does not account for, in their
// order, and how many it did. Each recorded occurrence absorbs one finding
// with its key.
func (b *baseline) filter(findings []finding) ([]finding, int) {
	left := make(map[baselineKey]int, len(b.Findings))
	for _, e := range b.Findings {
		left[e.baselineKey] += e.Count
	}
	var kept []finding
	absorbed := 0
	for _, f := range findings {
		k := keyOf(f)
		if left[k] > 0 {
			left[k]--
			absorbed++
			continue
		}
		kept = append(kept, f)
	}
	return kept, absorbed
}
