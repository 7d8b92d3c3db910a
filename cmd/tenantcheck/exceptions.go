package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/rls"
	"github.com/resolutionflow/tenantcheck/internal/driver"
)

// exception is one justified cross-tenant exception as -list-exceptions
// prints it for security review (tenant-scope.md section 5): a
// //tenantcheck:cross-tenant directive that covers a query, an entry of
// the config's cross_tenant registry, or a -- tenantcheck:cross-tenant
// comment in a migration that exempts a table or policy from rule rls.
type exception struct {
	// Kind is "directive", "registry" or "migration"; Function names the
	// exempted table or policy for the last.
	Kind string `json:"kind"`
	// File is the Go file of a directive, or the config file of a
	// registry entry; Line and Column are 0 for registry entries.
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Function string `json:"function"`
	Reason   string `json:"reason"`
	// Used is false for a registry entry that covered no query in the
	// packages analysed: it approves nothing today but would approve the
	// next query written in that function.
	Used bool `json:"used"`
}

// directiveException converts a directive the pass found at pos.
func directiveException(pos driver.Position, wd string, e analyzer.Exception) exception {
	return exception{
		Kind: "directive", File: relativePath(wd, pos.File), Line: pos.Line, Column: pos.Column,
		Function: e.Func, Reason: e.Reason, Used: true,
	}
}

// migrationExceptions lists the tenantcheck:cross-tenant comments of the
// migrations that exempt a table or a policy from the rls rule.
func migrationExceptions(es []rls.Exemption, wd string) []exception {
	var out []exception
	for _, e := range es {
		what := "table " + e.Table
		if e.Policy != "" {
			what = "policy " + e.Policy + " on " + e.Table
		}
		out = append(out, exception{
			Kind: "migration", File: relativePath(wd, e.Directive.Pos.File), Line: e.Directive.Pos.Line, Column: 1,
			Function: what, Reason: e.Directive.Reason, Used: e.Used,
		})
	}
	return out
}

// registryExceptions lists every registry entry of the configuration read
// from path, used or not: a reviewer approves the registry as a whole.
func registryExceptions(approvals []analyzer.Approval, path string, used map[string]bool) []exception {
	lines := registryLines(path)
	var out []exception
	for i, a := range approvals {
		e := exception{Kind: "registry", File: path, Function: a.Func, Reason: a.Reason, Used: used[a.Func]}
		if i < len(lines) {
			e.Line, e.Column = lines[i][0], lines[i][1]
		}
		out = append(out, e)
	}
	return out
}

// registryLines returns the line and column of each cross_tenant entry of
// the config file at path, in order. The config package has already
// validated the file, so a file that cannot be read again here only costs
// the positions.
func registryLines(path string) [][2]int {
	data, err := os.ReadFile(path)
	if path == "" || err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "cross_tenant" {
			continue
		}
		var lines [][2]int
		for _, item := range root.Content[i+1].Content {
			lines = append(lines, [2]int{item.Line, item.Column})
		}
		return lines
	}
	return nil
}

// sortExceptions orders exceptions by file, line and column.
func sortExceptions(es []exception) {
	slices.SortFunc(es, func(a, b exception) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}

// writeExceptions prints the exception report in the text or json format.
// Text is one line per exception, "file:line:col: function: reason
// [kind]", as compilers print positions, so that editors can jump to it.
func writeExceptions(w io.Writer, format string, es []exception) error {
	if format == "json" {
		doc := struct {
			Exceptions []exception `json:"exceptions"`
		}{Exceptions: es}
		if doc.Exceptions == nil {
			doc.Exceptions = []exception{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	}
	for _, e := range es {
		loc := e.File
		if e.Line > 0 {
			loc = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
		}
		kind := e.Kind
		if !e.Used {
			kind += ", unused"
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s [%s]\n", loc, e.Function, e.Reason, kind); err != nil {
			return err
		}
	}
	return nil
}
