package pgparse

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// Why JSON: pg_query.Parse spends most of its time outside PostgreSQL's
// parser. Its C side packs the tree with protobuf-c, which recomputes the size
// of every sub-message at each level and scans all 252 fields of each Node's
// oneof (about 140 us of CPU for the benchmark's analytics query, where the
// same parse written as JSON takes about 37 us), and proto.Unmarshal then
// adds some 70 us more. parseTree reads pg_query's JSON output with the
// decoders generated from pg_query's descriptors into decode_gen.go, building
// the very tree pg_query.Parse builds (BenchmarkParseStandard,
// BenchmarkParseLean and BenchmarkCParseOnly measure the three).
//
// The JSON output loses one thing: it writes an Integer's value only when it
// is positive, so 0 and negative values both read as 0. The decoder restores
// the cases it can prove from the SQL text (an integer literal, a negated
// one, and the -1 of an unsized array bound) and reports any other such
// Integer as errAmbiguous, and parseTree then takes the protobuf path: 0.4%
// of the statements of PostgreSQL's regression tests, mostly DDL options.

//go:generate go run ./internal/gen -o decode_gen.go

// errAmbiguous reports an Integer whose value the JSON output dropped and the
// SQL text does not give back.
var errAmbiguous = errors.New("integer value lost in the parser's JSON output")

// parseTree parses sql into the tree pg_query.Parse returns, through the JSON
// output when it is lossless for sql and through protobuf otherwise.
func parseTree(sql string) (*pg_query.ParseResult, error) {
	if !utf8.ValidString(sql) {
		// proto.Unmarshal rejects invalid UTF-8 in strings; keep its verdict.
		return pg_query.Parse(sql)
	}
	js, err := parser.ParseToJSON(sql)
	if err != nil {
		return nil, err
	}
	tree, err := decodeJSON(js, sql)
	if err != nil {
		return pg_query.Parse(sql)
	}
	return tree, nil
}

// decodeJSON decodes js, pg_query's JSON output for sql, into a parse tree.
// Any shape the generated decoders do not expect is an error, never a guess.
func decodeJSON(js, sql string) (*pg_query.ParseResult, error) {
	d := decoder{s: js, sql: sql}
	tree := &pg_query.ParseResult{}
	d.fillParseResult(tree)
	if d.err == nil && d.i != len(d.s) {
		d.fail("trailing data")
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.lostInts != 0 {
		return nil, errAmbiguous
	}
	return tree, nil
}

// decoder reads one JSON document. Its methods never panic: the first problem
// is kept in err and ends every loop.
type decoder struct {
	s   string // the JSON text
	i   int    // read offset in s
	sql string // the parsed SQL, to restore Integer values
	err error

	// lostInts counts Integers read as 0 whose value may have been dropped.
	lostInts int
	// stack holds the elements of the node lists being read, so that each
	// list is allocated once, at its final length.
	stack []*pg_query.Node
	// zeroBound is 1 when sql may hold an array bound [0], -1 when it holds
	// none, 0 before the first look.
	zeroBound int
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = errors.New("decode parse tree json at offset " + strconv.Itoa(d.i) + ": " + what)
	}
	d.i = len(d.s)
}

// consume reads c. pg_query writes no white space between tokens, so the
// decoder does not skip any: JSON with white space fails to decode.
func (d *decoder) consume(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// objectStart reads the opening brace of an object and its first key; it
// returns "" for an empty object.
func (d *decoder) objectStart() string {
	if !d.consume('{') {
		d.fail("want an object")
		return ""
	}
	if d.consume('}') {
		return ""
	}
	return d.key()
}

// objectNext reads the separator after a member's value and the next key; it
// returns "" at the closing brace.
func (d *decoder) objectNext() string {
	if d.consume(',') {
		return d.key()
	}
	if !d.consume('}') {
		d.fail("want , or }")
	}
	return ""
}

// key reads a member's key and the colon after it. pg_query's keys are
// field and kind names: short, without escapes, so a plain loop finds the
// closing quote sooner than strings.IndexByte.
func (d *decoder) key() string {
	if !d.consume('"') {
		d.fail("want a key")
		return ""
	}
	start := d.i
	for d.i < len(d.s) && d.s[d.i] != '"' {
		d.i++
	}
	if d.i == start || d.i+1 >= len(d.s) || d.s[d.i+1] != ':' {
		d.fail("want a key and :")
		return ""
	}
	d.i += 2
	return d.s[start : d.i-2]
}

// arrayStart reads the opening bracket of an array and reports whether an
// element follows.
func (d *decoder) arrayStart() bool {
	if !d.consume('[') {
		d.fail("want an array")
		return false
	}
	return !d.consume(']')
}

// arrayNext reads the separator after an element and reports whether another
// follows.
func (d *decoder) arrayNext() bool {
	if d.consume(',') {
		return true
	}
	if !d.consume(']') {
		d.fail("want , or ]")
	}
	return false
}

// null reads a JSON null if one comes next.
func (d *decoder) null() bool {
	if strings.HasPrefix(d.s[d.i:], "null") {
		d.i += len("null")
		return true
	}
	return false
}

// str reads a string; null reads as "", as pg_query writes a NULL char * as
// null. Strings without escapes share the JSON text's memory.
func (d *decoder) str() string {
	if d.null() {
		return ""
	}
	if !d.consume('"') {
		d.fail("want a string")
		return ""
	}
	start := d.i
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case '"':
			d.i++
			return d.s[start : d.i-1]
		case '\\':
			return d.escaped(start)
		}
		d.i++
	}
	d.fail("unterminated string")
	return ""
}

// escaped finishes reading a string that began at start and holds escapes.
func (d *decoder) escaped(start int) string {
	var b strings.Builder
	b.WriteString(d.s[start:d.i])
	for d.i < len(d.s) {
		c := d.s[d.i]
		if c == '"' {
			d.i++
			return b.String()
		}
		if c != '\\' {
			b.WriteByte(c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.s) {
			break
		}
		e := d.s[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := d.hex4()
			if utf16.IsSurrogate(r) {
				if !strings.HasPrefix(d.s[d.i:], `\u`) {
					d.fail("lone surrogate")
					return ""
				}
				d.i += 2
				r = utf16.DecodeRune(r, d.hex4())
				if r == utf8.RuneError {
					d.fail("bad surrogate pair")
					return ""
				}
			}
			b.WriteRune(r)
		default:
			d.fail("bad escape")
			return ""
		}
	}
	d.fail("unterminated string")
	return ""
}

func (d *decoder) hex4() rune {
	if d.i+4 > len(d.s) {
		d.fail("short \\u escape")
		return 0
	}
	v, err := strconv.ParseUint(d.s[d.i:d.i+4], 16, 16)
	if err != nil {
		d.fail("bad \\u escape")
		return 0
	}
	d.i += 4
	return rune(v)
}

// number returns the text of a JSON integer.
func (d *decoder) number() string {
	start := d.i
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
	}
	return d.s[start:d.i]
}

func (d *decoder) int32() int32 {
	n := d.number()
	// Most numbers are short locations: read them without strconv.
	if len(n) > 0 && len(n) <= 9 && n[0] != '-' {
		v := int32(0)
		for i := 0; i < len(n); i++ {
			v = v*10 + int32(n[i]-'0')
		}
		return v
	}
	v, err := strconv.ParseInt(n, 10, 32)
	if err != nil {
		d.fail("bad int32")
	}
	return int32(v)
}

func (d *decoder) int64() int64 {
	v, err := strconv.ParseInt(d.number(), 10, 64)
	if err != nil {
		d.fail("bad int64")
	}
	return v
}

func (d *decoder) uint32() uint32 {
	v, err := strconv.ParseUint(d.number(), 10, 32)
	if err != nil {
		d.fail("bad uint32")
	}
	return uint32(v)
}

func (d *decoder) uint64() uint64 {
	v, err := strconv.ParseUint(d.number(), 10, 64)
	if err != nil {
		d.fail("bad uint64")
	}
	return v
}

func (d *decoder) bool() bool {
	switch {
	case strings.HasPrefix(d.s[d.i:], "true"):
		d.i += len("true")
		return true
	case strings.HasPrefix(d.s[d.i:], "false"):
		d.i += len("false")
		return false
	}
	d.fail("want a boolean")
	return false
}

// nodes reads a list of nodes; pg_query writes a NULL element as {}.
func (d *decoder) nodes() []*pg_query.Node {
	base := len(d.stack)
	for ok := d.arrayStart(); ok; ok = d.arrayNext() {
		n := d.node()
		d.stack = append(d.stack, n)
	}
	if len(d.stack) == base {
		return nil
	}
	out := make([]*pg_query.Node, len(d.stack)-base)
	copy(out, d.stack[base:])
	d.stack = d.stack[:base]
	return out
}

// decodeInteger reads an Integer, counting a missing value as lost: the JSON
// output writes ival only when it is positive.
func (d *decoder) decodeInteger() *pg_query.Integer {
	m := &pg_query.Integer{}
	d.fillInteger(m)
	return m
}

func (d *decoder) fillInteger(m *pg_query.Integer) {
	for k := d.objectStart(); k != ""; k = d.objectNext() {
		if k != "ival" {
			d.fail("unknown Integer field " + k)
			return
		}
		m.Ival = d.int32()
	}
	if m.Ival == 0 {
		d.lostInts++
	}
}

// fixAConst restores a constant's lost value from the SQL text at its
// location. The grammar folds a minus sign into the integer literal after it
// and moves the location to the sign, so a location at a digit is the
// literal 0, and a location at "-" followed by white space and a decimal
// literal is minus that literal. Anything else (a comment, parentheses, a
// second sign) stays lost.
func (d *decoder) fixAConst(m *pg_query.A_Const) {
	iv, ok := m.Val.(*pg_query.A_Const_Ival)
	if !ok || iv.Ival == nil || iv.Ival.Ival != 0 {
		return
	}
	loc := int(m.Location)
	if loc < 0 || loc >= len(d.sql) {
		return
	}
	switch c := d.sql[loc]; {
	case c >= '0' && c <= '9':
		d.lostInts--
	case c == '-':
		if v, ok := negatedLiteral(d.sql[loc+1:]); ok {
			iv.Ival.Ival = v
			d.lostInts--
		}
	}
}

// negatedLiteral reads minus the decimal integer literal at the start of
// rest, after white space, and reports whether there was one that the
// grammar reads as an integer.
func negatedLiteral(rest string) (int32, bool) {
	rest = strings.TrimLeft(rest, " \t\n\r\f\v")
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 || n < len(rest) && isLiteralByte(rest[n]) {
		return 0, false
	}
	v, err := strconv.ParseInt(rest[:n], 10, 32)
	if err != nil {
		return 0, false
	}
	return int32(-v), true
}

// isLiteralByte reports whether c may continue a numeric literal or an
// identifier glued to one (1.5, 1e3, 1_000, 0x1f, 1abc).
func isLiteralByte(c byte) bool {
	return c == '.' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// fixTypeName restores the -1 of unsized array bounds (int[], int ARRAY). A
// bound is an unsigned literal, so a lost one is -1 unless the text may hold
// a bound [0].
func (d *decoder) fixTypeName(m *pg_query.TypeName) {
	for _, b := range m.ArrayBounds {
		iv := b.GetInteger()
		if iv == nil || iv.Ival != 0 || d.mayHoldZeroBound() {
			continue
		}
		iv.Ival = -1
		d.lostInts--
	}
}

// mayHoldZeroBound reports whether some [ in the SQL text is followed, after
// white space, by a 0 or by what may start a comment.
func (d *decoder) mayHoldZeroBound() bool {
	if d.zeroBound == 0 {
		d.zeroBound = -1
		for i := 0; i < len(d.sql); i++ {
			if d.sql[i] != '[' {
				continue
			}
			j := i + 1
			for j < len(d.sql) && strings.IndexByte(" \t\n\r\f\v", d.sql[j]) >= 0 {
				j++
			}
			if j < len(d.sql) && (d.sql[j] == '0' || d.sql[j] == '/' || d.sql[j] == '-') {
				d.zeroBound = 1
				break
			}
		}
	}
	return d.zeroBound == 1
}
