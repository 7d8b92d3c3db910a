package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/resolutionflow/tenantcheck/service"
)

// MaxBodyBytes is the largest request body accepted; larger ones get 413.
const MaxBodyBytes = 64 << 10

// decodeBody decodes exactly one JSON object of at most MaxBodyBytes into
// v, a pointer to a struct. It is the one place request bodies are read,
// and it is stricter than encoding/json, which matches field names without
// regard to case, keeps the last of duplicate keys and stores invalid
// UTF-8 and lone surrogates as U+FFFD: a body that two JSON parsers could
// read differently is refused (422), never guessed at.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return service.Errorf(service.ETOOLARGE, "request body is larger than %d bytes", MaxBodyBytes)
	}
	if err != nil {
		return fmt.Errorf("read request body: %w", err)
	}
	if err := checkJSON(raw, reflect.TypeOf(v).Elem()); err != nil {
		return service.Errorf(service.EINVALID, "invalid JSON body: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return service.Errorf(service.EINVALID, "invalid JSON body: %v", err)
	}
	return nil
}

// checkJSON refuses raw unless it is one JSON value of valid UTF-8 whose
// strings hold no NUL and no lone surrogate escape, whose objects repeat
// no key, and whose keys are exactly the JSON names of t's fields where t
// is a struct.
func checkJSON(raw []byte, t reflect.Type) error {
	if !utf8.Valid(raw) {
		return errors.New("body is not valid UTF-8")
	}
	if err := checkEscapes(raw); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := checkValue(dec, t); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// checkEscapes scans the string literals of raw for the \u escapes that
// encoding/json would silently turn into something else: \u0000 (which
// PostgreSQL text cannot hold) and a surrogate that is not half of a pair
// (which becomes U+FFFD). Syntax errors are left to the decoder.
func checkEscapes(raw []byte) error {
	inString := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString && i+1 < len(raw):
			i++
			if raw[i] != 'u' {
				continue
			}
			r, ok := hex4(raw, i+1)
			i += 4
			switch {
			case !ok:
				return nil // malformed escape: the decoder reports it
			case r == 0:
				return errors.New(`strings must not contain NUL (\u0000)`)
			case utf16.IsSurrogate(r):
				low, ok := hex4(raw, i+3)
				if r >= 0xdc00 || !ok || !bytes.HasPrefix(raw[i+1:], []byte(`\u`)) || utf16.DecodeRune(r, low) == utf8.RuneError {
					return fmt.Errorf(`strings must be valid UTF-8: lone surrogate \u%04x`, r)
				}
				i += 6
			}
		}
	}
	return nil
}

// hex4 reads the four hex digits of a \u escape starting at raw[i].
func hex4(raw []byte, i int) (rune, bool) {
	if i+4 > len(raw) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(raw[i:i+4]), 16, 32)
	return rune(n), err == nil
}

// checkValue reads one value from dec, checking the keys of every object
// in it against t (nil where any value may come).
func checkValue(dec *json.Decoder, t reflect.Type) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('{'):
		return checkObject(dec, t)
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for dec.More() {
			if err := checkValue(dec, elem); err != nil {
				return err
			}
		}
		_, err = dec.Token()
		return err
	}
	return nil
}

// checkObject reads the members of an object whose '{' dec has read. For a
// struct t a key must be one of its fields' JSON names, case included.
func checkObject(dec *json.Decoder, t reflect.Type) error {
	var fields map[string]reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = jsonFields(t)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string) // an object key is always a string token
		if seen[key] {
			return fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		var ft reflect.Type
		if fields != nil {
			var known bool
			if ft, known = fields[key]; !known {
				return fmt.Errorf("unknown field %q%s", key, caseHint(fields, key))
			}
		}
		if err := checkValue(dec, ft); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// caseHint names the field key differs from only in case, if any.
func caseHint(fields map[string]reflect.Type, key string) string {
	for name := range fields {
		if strings.EqualFold(name, key) {
			return fmt.Sprintf(" (field names are case-sensitive: %q)", name)
		}
	}
	return ""
}

// jsonFields maps the JSON names of t's exported fields to their types.
// Types that decode themselves from a JSON string (uuid.UUID) map to nil.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

// queryParams parses the request's query string strictly: every pair is
// name=value with a non-empty, correctly escaped value, every name is one
// of allowed and appears once. net/url would skip a malformed pair (and
// one with a semicolon) and keep going, so ?period=%zz silently became
// the default period.
func queryParams(r *http.Request, allowed ...string) (map[string]string, error) {
	params := map[string]string{}
	if r.URL.RawQuery == "" {
		return params, nil
	}
	for pair := range strings.SplitSeq(r.URL.RawQuery, "&") {
		rawName, rawValue, ok := strings.Cut(pair, "=")
		if !ok {
			return nil, service.Errorf(service.EINVALID, "malformed query parameter %q: want name=value", pair)
		}
		name, errName := url.QueryUnescape(rawName)
		value, errValue := url.QueryUnescape(rawValue)
		if errName != nil || errValue != nil || !utf8.ValidString(name+value) || strings.ContainsRune(name+value, 0) {
			return nil, service.Errorf(service.EINVALID, "malformed query parameter %q: bad escape or invalid UTF-8", pair)
		}
		switch {
		case !slices.Contains(allowed, name):
			return nil, service.Errorf(service.EINVALID, "unknown query parameter %q (allowed: %s)", name, allowedList(allowed))
		case value == "":
			return nil, service.Errorf(service.EINVALID, "query parameter %q has no value", name)
		}
		if _, dup := params[name]; dup {
			return nil, service.Errorf(service.EINVALID, "query parameter %q given twice", name)
		}
		params[name] = value
	}
	return params, nil
}

func allowedList(allowed []string) string {
	if len(allowed) == 0 {
		return "none"
	}
	return strings.Join(allowed, ", ")
}
