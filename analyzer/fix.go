package analyzer

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// The suggested fixes, offered only where the edit is mechanical and its
// result is what the finding asks for.

// removeDirective is the fix for a directive that suppresses nothing:
// delete it with the blanks before it, and with its whole line when it
// stands alone there.
func (c *checker) removeDirective(d *directive) []analysis.SuggestedFix {
	pos, end := d.comment.Pos(), d.comment.End()
	if tf := c.pass.Fset.File(pos); tf != nil {
		if src, err := c.pass.ReadFile(tf.Name()); err == nil && tf.Size() == len(src) {
			lineStart := tf.Offset(tf.LineStart(tf.Line(pos)))
			start, stop := tf.Offset(pos), tf.Offset(end)
			for start > lineStart && strings.ContainsRune(" \t", rune(src[start-1])) {
				start--
			}
			if start == lineStart && stop < len(src) && src[stop] == '\n' {
				stop++
			}
			pos, end = tf.Pos(start), tf.Pos(stop)
		}
	}
	return []analysis.SuggestedFix{{
		Message:   "remove the directive",
		TextEdits: []analysis.TextEdit{{Pos: pos, End: end}},
	}}
}

// parenthesizeArg is the fix for an or-scope finding on a wrapper call
// whose string literal argument, spliced after the wrapper's tenant
// conjunct, holds an OR that escapes it:
//
//	db.Trees(ctx, "name = $1 OR name = $2") // SELECT ... WHERE account_id = $3 AND {1}
//
// It wraps the literal's content in parentheses, and only when the text
// built that way has no finding at all: the check proves the edit.
func (c *checker) parenthesizeArg(f scope.Finding, text string, span *litSpan, ph Placeholders) []analysis.SuggestedFix {
	if f.Rule != rule.ORScope || span == nil || span.base == 0 || span.base+span.n > len(text) {
		// No single literal, or the literal is the whole query: nothing
		// of the wrapper's is outside it.
		return nil
	}
	alt := text[:span.base] + "(" + text[span.base:span.base+span.n] + ")" + text[span.base+span.n:]
	if len(c.scope().Check(ph.rewrite(alt)).Findings) > 0 {
		return nil
	}
	end := span.pos + token.Pos(span.n)
	return []analysis.SuggestedFix{{
		Message: "parenthesize the condition so that its OR stays inside the wrapper's tenant conjunct",
		TextEdits: []analysis.TextEdit{
			{Pos: span.pos, End: span.pos, NewText: []byte("(")},
			{Pos: end, End: end, NewText: []byte(")")},
		},
	}}
}
