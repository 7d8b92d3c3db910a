package analyzer

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// Bind parameters written in a driver's style become PostgreSQL's $n before
// the scope check, so that "account_id = @account_id" scopes a query as
// "account_id = $1" does instead of reading @account_id as the prefix
// operator @ on a column. Only what the scope checker sees changes: every
// parameter is a bind parameter whatever its number, and a name used twice
// gets the same number as the driver gives it.
//
// A placeholder is recognised outside string literals ('...', E'...',
// $tag$...$tag$), quoted identifiers and comments, where PostgreSQL would
// read it as code. Every ? there is a parameter, ?| and ?& included: the
// drivers that take ? (sqlx Rebind, GORM, bun) replace each one, so a jsonb
// ? operator cannot reach PostgreSQL through them anyway. bun's ?name and ?0
// are one parameter each. For :name (sqlx) a double colon is PostgreSQL's
// cast, left as written, and := is kept. @name and :name start with a
// letter or an underscore.
//
// The rewrite keeps byte offsets where it can, so that findings still point
// inside the string literal: a longer name is padded with spaces ("@id" ->
// "$1 "), and a ? takes the room of blanks before it when an operator, not
// a word, precedes them ("id = ?" -> "id =$1"; "LIMIT ?" must grow).

// rewrite returns sql with p's placeholders as $n.
func (p Placeholders) rewrite(sql string) string {
	if p == Dollar {
		return sql
	}
	return bindParams(sql, p)
}

// namedToDollar rewrites the named parameters introduced by sigil (':' for
// sqlx, '@' for pgx) as $n.
func namedToDollar(sql string, sigil byte) string {
	switch sigil {
	case ':':
		return bindParams(sql, Colon)
	case '@':
		return bindParams(sql, At)
	}
	return sql
}

// rebindQuestion rewrites ? parameters as $1, $2, ... as sqlx's Rebind to
// DOLLAR does.
func rebindQuestion(sql string) string {
	return bindParams(sql, Question)
}

// namedToQuestion rewrites :name parameters as ?, as sqlx.Named does.
func namedToQuestion(sql string) string {
	return replaceParams(sql, Colon, func(string) string { return "?" })
}

// bindParams rewrites every placeholder of the styles in p as $n.
func bindParams(sql string, p Placeholders) string {
	numbers := make(map[string]int)
	next := 0
	return replaceParams(sql, p, func(key string) string {
		if key != "" {
			if n, ok := numbers[key]; ok {
				return "$" + strconv.Itoa(n)
			}
		}
		next++
		if key != "" {
			numbers[key] = next
		}
		return "$" + strconv.Itoa(next)
	})
}

// replaceParams replaces every placeholder of the styles in p by what
// number returns for its key ("" for an anonymous ?).
func replaceParams(sql string, p Placeholders, number func(key string) string) string {
	var out []byte
	for i := 0; i < len(sql); {
		if end := skipVerbatim(sql, i); end > i {
			out = append(out, sql[i:end]...)
			i = end
			continue
		}
		end, key, ok := placeholderAt(sql, i, p)
		if !ok {
			out = append(out, sql[i])
			i++
			continue
		}
		repl := number(key)
		if short := len(repl) - (end - i); short > 0 {
			out = takeBlanks(out, short)
		}
		out = append(out, repl...)
		if pad := (end - i) - len(repl); pad > 0 {
			out = append(out, strings.Repeat(" ", pad)...)
		}
		i = end
	}
	return string(out)
}

// placeholderAt reports a placeholder of a style in p starting at sql[i]:
// its end and the key that numbers it ("" for a fresh number).
func placeholderAt(sql string, i int, p Placeholders) (end int, key string, ok bool) {
	c := sql[i]
	switch {
	case c == '?' && p&Question != 0:
		end = i + 1
		for end < len(sql) && isNameByte(sql[end]) {
			end++
		}
		if end == i+1 {
			return end, "", true
		}
		return end, sql[i:end], true
	case c == '@' && p&At != 0, c == ':' && p&Colon != 0:
		if i+1 >= len(sql) || !isNameStart(sql[i+1]) {
			return 0, "", false
		}
		end = i + 2
		for end < len(sql) && (isNameByte(sql[end]) || c == ':' && sql[end] == '.' && end+1 < len(sql) && isNameByte(sql[end+1])) {
			end++
		}
		return end, sql[i:end], true
	}
	return 0, "", false
}

// takeBlanks removes up to n spaces or tabs from the end of out when what
// precedes them is not part of a word or number, which $n would join.
func takeBlanks(out []byte, n int) []byte {
	k := len(out)
	for k > 0 && len(out)-k < n && (out[k-1] == ' ' || out[k-1] == '\t') {
		k--
	}
	if k == len(out) || k > 0 && (isNameByte(out[k-1]) || out[k-1] == '$' || out[k-1] >= 0x80) {
		return out
	}
	return out[:k]
}

// skipVerbatim returns the end of the token at sql[i] that must be copied
// as written: a string literal, a quoted identifier, a dollar-quoted string,
// a comment, a word (so that a$1 or a:b inside one is not split), a $n or a
// run of colons. It returns i when none starts there.
func skipVerbatim(sql string, i int) int {
	c := sql[i]
	at := func(j int) byte {
		if j < len(sql) {
			return sql[j]
		}
		return 0
	}
	switch {
	case (c == 'e' || c == 'E') && at(i+1) == '\'':
		return quoted(sql, i+2, '\'', true)
	case c == '\'':
		return quoted(sql, i+1, '\'', false)
	case c == '"':
		return quoted(sql, i+1, '"', false)
	case c == '-' && at(i+1) == '-':
		if nl := strings.IndexByte(sql[i:], '\n'); nl >= 0 {
			return i + nl + 1
		}
		return len(sql)
	case c == '/' && at(i+1) == '*':
		return blockComment(sql, i)
	case c == '$':
		if at(i+1) >= '0' && at(i+1) <= '9' {
			j := i + 1
			for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
				j++
			}
			return j
		}
		return dollarQuoted(sql, i)
	case c == ':' && at(i+1) == ':':
		j := i
		for j < len(sql) && sql[j] == ':' {
			j++
		}
		return j
	case c == ':' && at(i+1) == '=':
		return i + 2
	case isNameStart(c) || c >= 0x80:
		j := i + 1
		for j < len(sql) && (isNameByte(sql[j]) || sql[j] == '$' || sql[j] >= 0x80) {
			j++
		}
		return j
	}
	return i
}

// quoted returns the end of a literal or identifier whose body starts at
// i, closed by q (doubled q is an escaped q; in E'...' a backslash escapes
// the next byte). An unterminated one runs to the end.
func quoted(sql string, i int, q byte, backslash bool) int {
	for i < len(sql) {
		switch {
		case backslash && sql[i] == '\\':
			i += 2
		case sql[i] == q && i+1 < len(sql) && sql[i+1] == q:
			i += 2
		case sql[i] == q:
			return i + 1
		default:
			i++
		}
	}
	return len(sql)
}

// blockComment returns the end of the /* */ comment at i; they nest.
func blockComment(sql string, i int) int {
	depth := 0
	for i < len(sql)-1 {
		switch {
		case sql[i] == '/' && sql[i+1] == '*':
			depth++
			i += 2
		case sql[i] == '*' && sql[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(sql)
}

// dollarQuoted returns the end of the $tag$...$tag$ string at i, or i when
// no tag starts there.
func dollarQuoted(sql string, i int) int {
	j := i + 1
	for j < len(sql) && isNameByte(sql[j]) {
		j++
	}
	if j >= len(sql) || sql[j] != '$' {
		return i
	}
	tag := sql[i : j+1]
	if end := strings.Index(sql[j+1:], tag); end >= 0 {
		return j + 1 + end + len(tag)
	}
	return len(sql)
}

func isNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9'
}

// namedArgs is At when arg, the argument after a sink's SQL, is a pgx
// NamedArgs or StrictNamedArgs map: pgx then reads @name as a parameter.
func (c *checker) namedArgs(arg ast.Expr) Placeholders {
	if arg == nil {
		return Dollar
	}
	named, ok := types.Unalias(c.pass.TypesInfo.TypeOf(arg)).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "github.com/jackc/pgx/v5" {
		return Dollar
	}
	switch named.Obj().Name() {
	case "NamedArgs", "StrictNamedArgs":
		return At
	}
	return Dollar
}

// forwardedNamedArgs is At when a wrapper call passes a pgx NamedArgs
// argument, which the wrapper can only be forwarding to its sink.
func (c *checker) forwardedNamedArgs(call *ast.CallExpr) Placeholders {
	for _, arg := range call.Args {
		if c.namedArgs(arg) == At {
			return At
		}
	}
	return Dollar
}
