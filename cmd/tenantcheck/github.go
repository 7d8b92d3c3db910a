package main

import (
	"fmt"
	"io"
	"strings"
)

// githubAnnotationLimit is how many annotations of one level GitHub Actions
// shows per step; the rest exist only in the log.
const githubAnnotationLimit = 10

// githubFormatter prints GitHub Actions workflow commands: one ::error or
// ::warning annotation per finding, which GitHub shows on the pull
// request's diff, then a ::notice with the total and the findings as plain
// text in a collapsed group, because GitHub drops annotations beyond the
// first ten of each level in a step.
type githubFormatter struct{}

func (githubFormatter) format(stdout, stderr io.Writer, rep report) error {
	var b strings.Builder
	for _, f := range rep.findings {
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n",
			ruleLevel(f.Rule), escapeProperty(f.File), f.Line, f.Column,
			escapeProperty("tenantcheck "+f.Rule), escapeData(f.Message))
	}
	total := plural(len(rep.findings), "finding")
	if len(rep.findings) > githubAnnotationLimit {
		total += fmt.Sprintf(" (GitHub shows at most %d annotations of each level per step; see the full list in the log)", githubAnnotationLimit)
	}
	fmt.Fprintf(&b, "::notice title=tenantcheck::%s\n", escapeData(total))
	if len(rep.findings) > 0 {
		b.WriteString("::group::tenantcheck findings\n")
		for _, f := range rep.findings {
			fmt.Fprintf(&b, "%s:%d:%d: %s [%s]\n", f.File, f.Line, f.Column, f.Message, f.Rule)
		}
		b.WriteString("::endgroup::\n")
	}
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stderr, "tenantcheck: %s\n", summary(rep))
	return err
}

// escapeData escapes a workflow command's message as the runner expects
// (actions/toolkit, packages/core/src/command.ts): % and line breaks.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value: as a message,
// plus the ":" and "," that separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
