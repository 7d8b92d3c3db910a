package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// sinkEntry is one function that sends SQL, as -list-sinks prints it: a
// sink (database/sql, pgx, an interface of their shape, the config's) or a
// wrapper the pass found, with the number of calls in the packages
// analysed.
type sinkEntry struct {
	// Function is the name as types.Func.FullName prints it.
	Function string `json:"function"`
	// Kind is "wrapper" or "sink".
	Kind string `json:"kind"`
	// SQL says how the arguments become SQL: {1} is the second argument
	// (receiver not counted), spliced into the wrapper's text.
	SQL string `json:"sql"`
	// File and Line locate a wrapper's declaration; empty for a sink.
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
	Calls int    `json:"calls"`
}

// writeSinks prints the sinks and wrappers, wrappers first, each group by
// function name.
func writeSinks(w io.Writer, format string, list []sinkEntry) error {
	slices.SortFunc(list, func(a, b sinkEntry) int {
		return cmp.Or(-cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Function, b.Function))
	})
	if format == "json" {
		if list == nil {
			list = []sinkEntry{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Sinks []sinkEntry `json:"sinks"`
		}{list})
	}
	for _, s := range list {
		where := ""
		if s.File != "" {
			where = fmt.Sprintf(" (%s:%d)", s.File, s.Line)
		}
		if _, err := fmt.Fprintf(w, "%s %s%s: SQL %s, %s\n", s.Kind, s.Function, where, s.SQL, plural(s.Calls, "call")); err != nil {
			return err
		}
	}
	return nil
}
