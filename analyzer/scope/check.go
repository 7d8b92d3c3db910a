package scope

import (
	"errors"
	"fmt"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// Check parses sql (one or more statements) and returns every finding.
// SQL that does not parse yields one parse finding, never an error.
func (c *Checker) Check(sql string) Result {
	stmts, err := pgparse.Parse(sql)
	if err != nil {
		return Result{Findings: []Finding{parseFinding(sql, err)}}
	}
	_ = stmts
	return Result{}
}

// parseFinding reports a parser error with an excerpt of the SQL near it.
func parseFinding(sql string, err error) Finding {
	var perr *pgparse.Error
	if !errors.As(err, &perr) {
		return Finding{Rule: rule.Parse, Message: fmt.Sprintf("SQL does not parse: %v", err), Offset: -1}
	}
	msg := fmt.Sprintf("SQL does not parse: %s", perr.Message)
	if perr.Offset >= 0 {
		msg += fmt.Sprintf(" at %q", excerpt(sql, perr.Offset))
	}
	return Finding{Rule: rule.Parse, Message: msg, Offset: perr.Offset}
}

// excerpt returns up to 30 bytes of sql around offset, on rune boundaries.
func excerpt(sql string, offset int) string {
	start, end := offset-10, offset+20
	if start < 0 {
		start = 0
	}
	if end > len(sql) {
		end = len(sql)
	}
	for start > 0 && !runeStart(sql[start]) {
		start--
	}
	for end < len(sql) && !runeStart(sql[end]) {
		end++
	}
	return sql[start:end]
}

func runeStart(b byte) bool { return b&0xC0 != 0x80 }
