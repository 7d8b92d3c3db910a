package analyzer

import (
	"strconv"
	"strings"
)

// part is a piece of a SQL template: literal text when Param is negative,
// otherwise the string argument at index Param of the call (not counting a
// receiver).
type part struct {
	Lit   string
	Param int
}

// template is how one possible SQL string is built from a call's arguments.
type template struct {
	Parts []part
	// Guards are the tests of the function's string parameters on the path
	// that builds this text: a call whose argument fails one cannot
	// produce it.
	Guards []guard
}

// guard is a test "parameter Param == Value" (or != when Equal is false)
// that a branch of a wrapper took, as in
//
//	col := "tenant_id"
//	if table == "tenants" { col = "id" }
//
// where only the call with table "tenants" builds the text with id.
type guard struct {
	Param int
	Value string
	Equal bool
}

// holds reports whether the guard can be true for an argument whose
// possible texts are vals: unknown texts (holes) can be anything.
func (g guard) holds(vals []value) bool {
	for _, v := range vals {
		if v.hasHoles() || v.elems != nil || (v.text() == g.Value) == g.Equal {
			return true
		}
	}
	return false
}

// wrapperUse is one SQL string a wrapper sends: each template is one possible
// way the wrapper builds it.
type wrapperUse struct {
	Templates []template
	// Placeholders are the rewrites the callers' text needs before it is
	// checked: the style of the sink the wrapper calls (sqlx's :name), or
	// the ? a Rebind inside the wrapper turns into $n.
	Placeholders Placeholders
	// Copy marks the INSERT a CopyFrom's rows amount to, table name from
	// the callers: their findings are worded for CopyFrom.
	Copy bool
}

// wrapperFact marks a function whose string parameters become the SQL of a
// sink (tenant-scope.md section 4, "Wrappers"), in the manner of printf's
// wrapper facts: callers are checked with their arguments spliced in. Its
// content is built in source order, so it is deterministic.
type wrapperFact struct {
	Uses []wrapperUse
	// Unbounded marks a wrapper whose SQL has no finite set of templates,
	// such as a recursive one that appends to its parameter.
	Unbounded bool
	// BindArgs is 1 + the index of the parameter whose elements the
	// wrapper forwards as its sink's bind arguments (args... passed on),
	// 0 when it forwards none: the tenant-source rule maps $n to the
	// callers' arguments through it.
	BindArgs int
}

func (*wrapperFact) AFact() {}

func (f *wrapperFact) String() string {
	var b strings.Builder
	b.WriteString("wrapper")
	if f.Unbounded {
		b.WriteString(" unbounded")
	}
	for _, u := range f.Uses {
		b.WriteString(" [" + alternatives(u.Templates) + "]")
	}
	if f.BindArgs > 0 {
		b.WriteString(" args {" + strconv.Itoa(f.BindArgs-1) + "}")
	}
	return b.String()
}

// alternatives renders templates as "a | b".
func alternatives(ts []template) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, " | ")
}

// describe says how the wrapper's parameters become SQL, one template per
// SQL string it sends: "{1}", "SELECT name FROM trees WHERE {1}".
func (f *wrapperFact) describe() string {
	if f.Unbounded {
		return "without a finite set of texts"
	}
	var uses []string
	for _, u := range f.Uses {
		uses = append(uses, alternatives(u.Templates))
	}
	return strings.Join(uses, "; ")
}

// String renders the template with its parameters as {0}, {1}...
func (t template) String() string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Param < 0 {
			b.WriteString(p.Lit)
			continue
		}
		b.WriteString("{")
		b.WriteString(strconv.Itoa(p.Param))
		b.WriteString("}")
	}
	for _, g := range t.Guards {
		op := " == "
		if !g.Equal {
			op = " != "
		}
		b.WriteString(" if {" + strconv.Itoa(g.Param) + "}" + op + strconv.Quote(g.Value))
	}
	return b.String()
}

// varFact records every value an exported package-level string variable can
// hold, when each of its assignments in its package is resolvable. Other
// packages resolve the variable from the fact alone: assignments to it
// outside its own package are not seen.
type varFact struct {
	Values []string
}

func (*varFact) AFact() {}

func (f *varFact) String() string { return "values " + strings.Join(f.Values, " | ") }

// sqlFact marks a package that declares SQL wrappers or query-shaped
// interfaces, so that its importers are checked even when they import
// neither database/sql nor pgx.
type sqlFact struct{}

func (*sqlFact) AFact() {}

func (*sqlFact) String() string { return "sends SQL" }

// resultFact records how the string results of an exported function are
// built from its string parameters, when every return is resolvable
// (tenant-scope.md section 4, function results): importers instantiate the
// templates with their arguments.
type resultFact struct {
	Results []resultTemplates
}

// resultTemplates are the possible texts of the result at Index.
type resultTemplates struct {
	Index     int
	Templates []template
}

func (*resultFact) AFact() {}

func (f *resultFact) String() string {
	var b strings.Builder
	b.WriteString("returns")
	for _, r := range f.Results {
		b.WriteString(" " + strconv.Itoa(r.Index) + ":[" + alternatives(r.Templates) + "]")
	}
	return b.String()
}
