package schema

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// Load builds the schema from path: a .sql file, or a folder whose *.sql
// files are applied in file-name order as migrations. Only the "up" part of a
// goose or tern migration is applied. Errors in the SQL name the file and
// line (migrations/002_x.sql:7: ...).
func Load(path string, opts Options) (*Schema, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read schema %s: %w", path, err)
	}
	files := []string{path}
	if info.IsDir() {
		if files, err = sqlFiles(path); err != nil {
			return nil, err
		}
	}
	l := newLoader()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read schema %s: %w", f, err)
		}
		if err := l.apply(f, string(data)); err != nil {
			return nil, err
		}
	}
	return l.classify(opts)
}

// LoadSQL builds the schema from sql as if it were one migration file called
// name; name only appears in error messages.
func LoadSQL(name, sql string, opts Options) (*Schema, error) {
	l := newLoader()
	if err := l.apply(name, sql); err != nil {
		return nil, err
	}
	return l.classify(opts)
}

// sqlFiles lists the *.sql files directly in dir, sorted by name: migration
// tools apply them in that order, so the schema is rebuilt in that order too.
func sqlFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read schema %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("read schema %s: no .sql files in the folder", dir)
	}
	sort.Strings(names)
	files := make([]string, len(names))
	for i, n := range names {
		files[i] = filepath.Join(dir, n)
	}
	return files, nil
}

// source is one file's SQL, with what is needed to turn byte offsets into
// line numbers for error messages.
type source struct {
	name string
	text string
}

// errorf formats an error located at the byte offset of the source.
func (s *source) errorf(offset int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", s.name, s.line(offset), fmt.Sprintf(format, args...))
}

// line returns the 1-based line of the byte offset.
func (s *source) line(offset int) int {
	if offset < 0 {
		offset = 0
	}
	if offset > len(s.text) {
		offset = len(s.text)
	}
	return strings.Count(s.text[:offset], "\n") + 1
}

// Markers of the migration tools whose files hold both directions. Only the
// up part describes the schema after the migration.
const (
	gooseUp     = "-- +goose Up"
	gooseDown   = "-- +goose Down"
	ternDivider = "---- create above / drop below ----"
	// sql-migrate and dbmate.
	sqlMigrateUp   = "-- +migrate Up"
	sqlMigrateDown = "-- +migrate Down"
	dbmateUp       = "-- migrate:up"
	dbmateDown     = "-- migrate:down"
)

// upSection returns sql with everything that is not part of the forward
// migration blanked out: a goose file's text outside "-- +goose Up" ...
// "-- +goose Down" (sql-migrate's "-- +migrate Up" and dbmate's
// "-- migrate:up" alike), a tern file's text below its divider, and psql
// meta-commands such as the \restrict lines of recent pg_dump versions.
// Blanking instead of cutting keeps byte offsets, and so line numbers, equal
// to the file's.
func upSection(sql string) string {
	b := []byte(sql)
	lines := splitLines(sql)
	upAt, downAt := -1, len(sql)
	for _, ln := range lines {
		text := strings.TrimSpace(sql[ln.start:ln.end])
		switch {
		case (strings.HasPrefix(text, gooseUp) || strings.HasPrefix(text, sqlMigrateUp) || strings.HasPrefix(text, dbmateUp)) && upAt < 0:
			upAt = ln.end
		case strings.HasPrefix(text, gooseDown), strings.HasPrefix(text, sqlMigrateDown), strings.HasPrefix(text, dbmateDown), text == ternDivider:
			if ln.start < downAt {
				downAt = ln.start
			}
		case strings.HasPrefix(sql[ln.start:ln.end], `\`):
			blank(b, ln.start, ln.end)
		}
	}
	if upAt > downAt {
		upAt = -1
	}
	if upAt >= 0 {
		blank(b, 0, upAt)
	}
	blank(b, downAt, len(b))
	return string(b)
}

type lineSpan struct{ start, end int }

// splitLines returns the byte span of each line of s, without its newline.
func splitLines(s string) []lineSpan {
	var out []lineSpan
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, lineSpan{start, i})
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, lineSpan{start, len(s)})
	}
	return out
}

// blank replaces b[from:to] with spaces, keeping newlines.
func blank(b []byte, from, to int) {
	for i := from; i < to; i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

// apply parses one file and applies its statements in order.
func (l *loader) apply(name, sql string) error {
	if err := checkText(name, sql); err != nil {
		return err
	}
	src := &source{name: name, text: upSection(sql)}
	// The length first, so that two files cannot hash as their
	// concatenation.
	fmt.Fprintf(l.text, "%d:", len(src.text))
	l.text.Write([]byte(src.text))
	stmts, err := pgparse.Parse(src.text)
	if err != nil {
		var perr *pgparse.Error
		if errors.As(err, &perr) {
			return src.errorf(perr.Offset, "%s", perr.Message)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, st := range stmts {
		at := stmtStart(src.text, st.Offset)
		l.pos = Pos{File: name, Line: src.line(at)}
		l.directive = leadingDirective(src, st.Offset, at)
		if err := l.statement(src, st.Node, at); err != nil {
			return err
		}
	}
	return nil
}

// checkText rejects a file that is not text: PostgreSQL's parser stops at
// a NUL byte, so a binary or UTF-16 file would load as an empty or
// truncated migration, and its tables would be missing in silence.
func checkText(name, sql string) error {
	src := &source{name: name, text: sql}
	if i := strings.IndexByte(sql, 0); i >= 0 {
		return src.errorf(i, "not a text file: NUL byte at offset %d; a migration must be SQL text (UTF-8)", i)
	}
	if !utf8.ValidString(sql) {
		i := 0
		for i < len(sql) {
			r, size := utf8.DecodeRuneInString(sql[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return src.errorf(i, "not a text file: invalid UTF-8 at offset %d; a migration must be SQL text (UTF-8)", i)
	}
	return nil
}

// stmtStart skips the white space and comments that PostgreSQL counts as
// part of a statement, so that errors point at the statement's first line.
func stmtStart(s string, offset int) int {
	for offset < len(s) {
		switch {
		case s[offset] == ' ' || s[offset] == '\t' || s[offset] == '\n' || s[offset] == '\r' || s[offset] == ';':
			offset++
		case strings.HasPrefix(s[offset:], "--"):
			nl := strings.IndexByte(s[offset:], '\n')
			if nl < 0 {
				return len(s)
			}
			offset += nl + 1
		case strings.HasPrefix(s[offset:], "/*"):
			end := strings.Index(s[offset+2:], "*/")
			if end < 0 {
				return len(s)
			}
			offset += end + 4
		default:
			return offset
		}
	}
	return offset
}
