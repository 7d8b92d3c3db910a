package http

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// MaxHeaderBytes bounds a request's header block (http.Server's
// MaxHeaderBytes); a larger one is 431 with a JSON body through
// JSONErrorListener.
const MaxHeaderBytes = 32 << 10

// JSONErrorListener wraps ln so that the errors net/http answers before
// any handler runs (431 for oversized headers, 400 for a malformed request
// line or header) carry the API's JSON error body instead of text/plain:
// clients then parse one error format for every answer.
//
// net/http writes such an answer to the raw connection in one Write, as
// "HTTP/1.1 <status>" + its fixed plain-text headers + "<status>[: detail]",
// and closes the connection; the wrapper recognises exactly that shape.
// Handlers never produce it, because every API answer is application/json.
func JSONErrorListener(ln net.Listener) net.Listener { return jsonErrorListener{ln} }

type jsonErrorListener struct{ net.Listener }

func (l jsonErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &jsonErrorConn{Conn: c}, nil
}

type jsonErrorConn struct{ net.Conn }

// plainErrorHeaders are the headers net/http puts between the status line
// and the body of the errors it writes itself.
const plainErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

func (c *jsonErrorConn) Write(b []byte) (int, error) {
	rewritten, ok := jsonError(b)
	if !ok {
		return c.Conn.Write(b)
	}
	if _, err := c.Conn.Write(rewritten); err != nil {
		return 0, err
	}
	return len(b), nil
}

// CloseWrite keeps the half-close net/http uses after an error answer
// (so the client reads it before the connection resets).
func (c *jsonErrorConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// jsonError turns one of net/http's plain-text error answers into the same
// status with a JSON error body.
func jsonError(b []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(b, []byte("HTTP/1.1 "))
	if !ok {
		return nil, false
	}
	statusLine, body, ok := bytes.Cut(rest, []byte(plainErrorHeaders))
	if !ok || !bytes.HasPrefix(body, statusLine) {
		return nil, false
	}
	codeText, _, _ := strings.Cut(string(statusLine), " ")
	status, err := strconv.Atoi(codeText)
	if err != nil || status < 400 {
		return nil, false
	}
	var e errorBody
	e.Error.Code = errorCodeOf(status)
	e.Error.Message = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(string(body), string(statusLine)), ":"))
	if e.Error.Message == "" {
		e.Error.Message = strings.ToLower(http.StatusText(status))
	}
	doc, _ := json.Marshal(e) // strings only: cannot fail
	doc = append(doc, '\n')
	var out bytes.Buffer
	out.WriteString("HTTP/1.1 " + string(statusLine) + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
		strconv.Itoa(len(doc)) + "\r\n\r\n")
	out.Write(doc)
	return out.Bytes(), true
}

// errorCodeOf names the statuses net/http answers by itself.
func errorCodeOf(status int) string {
	switch status {
	case http.StatusRequestHeaderFieldsTooLarge:
		return "header_too_large"
	case http.StatusBadRequest:
		return "bad_request"
	}
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
}
