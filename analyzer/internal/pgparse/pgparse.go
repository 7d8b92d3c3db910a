// Package pgparse is the only importer of the PostgreSQL parser: it turns SQL
// text into parse trees and parser failures into errors that carry an offset.
//
// The rest of tenantcheck reads the trees through the type aliases in
// nodes.go, so swapping or upgrading the parser touches this package alone.
// pg_query_go builds PostgreSQL's own C parser, so this package needs cgo.
package pgparse

import (
	"errors"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// Statement is one top-level statement of a parsed SQL string.
type Statement struct {
	// Node is the statement's parse tree.
	Node *Node
	// Offset is the byte offset of the statement in the parsed string.
	Offset int
	// Text is the statement's own SQL text, without the separating semicolon.
	Text string
}

// Error is a parser failure. Offset is the 0-based byte offset in the parsed
// string where PostgreSQL gave up, or -1 when the parser did not say.
type Error struct {
	Message string
	Offset  int
}

func (e *Error) Error() string { return e.Message }

// Parse parses sql, which may hold several statements, with PostgreSQL's own
// grammar. A syntax error is returned as *Error.
func Parse(sql string) ([]Statement, error) {
	tree, err := parseTree(sql)
	if err != nil {
		return nil, convertError(sql, err)
	}
	stmts := make([]Statement, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		start := int(raw.StmtLocation)
		end := len(sql)
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		if start < 0 || start > len(sql) || end > len(sql) || end < start {
			start, end = 0, len(sql)
		}
		stmts = append(stmts, Statement{Node: raw.Stmt, Offset: start, Text: strings.TrimSpace(sql[start:end])})
	}
	return stmts, nil
}

// Fingerprint returns PostgreSQL's query fingerprint of sql: equal for queries
// that differ only in constants, white space and comments.
func Fingerprint(sql string) (string, error) {
	fp, err := pg_query.Fingerprint(sql)
	if err != nil {
		return "", convertError(sql, err)
	}
	return fp, nil
}

// convertError maps the parser's error to *Error. The parser's Cursorpos is a
// 1-based character position in the query (its Lineno is a line of
// PostgreSQL's C source, useless to us).
func convertError(sql string, err error) error {
	var perr *parser.Error
	if !errors.As(err, &perr) {
		return &Error{Message: err.Error(), Offset: -1}
	}
	offset := -1
	if perr.Cursorpos > 0 {
		offset = byteOffset(sql, perr.Cursorpos-1)
	}
	return &Error{Message: perr.Message, Offset: offset}
}

// byteOffset converts a 0-based character index into a byte offset of s.
func byteOffset(s string, chars int) int {
	n := 0
	for i := range s {
		if n == chars {
			return i
		}
		n++
	}
	return len(s)
}
