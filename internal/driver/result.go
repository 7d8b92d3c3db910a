package driver

import (
	"go/token"

	"github.com/resolutionflow/tenantcheck/analyzer"
)

// Result is an analyzer.Result that outlives its token.FileSet, so that the
// cache can keep it: every position is a file, line and column. The
// embedded analyzer.Result carries the fields that hold no position, so a
// new count or list added to the pass's result is cached and reported
// without a change here; its Findings, Exceptions and Wrappers are always
// empty, replaced by the fields of the same name below.
type Result struct {
	analyzer.Result
	Findings   []Finding
	Exceptions []Exception
	Wrappers   []Wrapper
}

// Position is a token.Position without its offset.
type Position struct {
	File         string
	Line, Column int
}

// IsValid reports whether p names a place in a file.
func (p Position) IsValid() bool { return p.Line > 0 }

// Finding is an analyzer.Finding whose Pos, End and Related are
// Positions; the embedded finding's own are zero and nil.
type Finding struct {
	analyzer.Finding
	Pos, End Position
	Related  []Related
}

// Related is one analysis.RelatedInformation of a finding.
type Related struct {
	Pos     Position
	Message string
}

// Exception is an analyzer.Exception whose Pos is a Position, the zero one
// for a registry entry.
type Exception struct {
	analyzer.Exception
	Pos Position
}

// Wrapper is an analyzer.Wrapper whose Pos is a Position.
type Wrapper struct {
	analyzer.Wrapper
	Pos Position
}

// portable converts the pass's result for a package read through fset.
// It is the one place that knows which fields of analyzer.Result hold
// positions (TestPortableClearsEveryPosition guards it).
func portable(fset *token.FileSet, r *analyzer.Result) *Result {
	out := &Result{Result: *r}
	out.Result.Findings, out.Result.Exceptions, out.Result.Wrappers = nil, nil, nil
	for _, f := range r.Findings {
		pf := Finding{Finding: f, Pos: position(fset, f.Pos), End: position(fset, f.End)}
		for _, r := range f.Related {
			pf.Related = append(pf.Related, Related{Pos: position(fset, r.Pos), Message: r.Message})
		}
		pf.Finding.Pos, pf.Finding.End, pf.Finding.Related = token.NoPos, token.NoPos, nil
		out.Findings = append(out.Findings, pf)
	}
	for _, e := range r.Exceptions {
		pe := Exception{Exception: e, Pos: position(fset, e.Pos)}
		pe.Exception.Pos = token.NoPos
		out.Exceptions = append(out.Exceptions, pe)
	}
	for _, w := range r.Wrappers {
		pw := Wrapper{Wrapper: w, Pos: position(fset, w.Pos)}
		pw.Wrapper.Pos = token.NoPos
		out.Wrappers = append(out.Wrappers, pw)
	}
	return out
}

func position(fset *token.FileSet, pos token.Pos) Position {
	if !pos.IsValid() {
		return Position{}
	}
	p := fset.Position(pos)
	return Position{File: p.Filename, Line: p.Line, Column: p.Column}
}
