package service

import (
	"errors"
	"fmt"
)

// Error codes: each maps to one HTTP status in service/http, and nowhere
// else decides what a caller learns about a failure.
const (
	EBADREQUEST   = "bad_request"  // well-formed, but the object is not in a state that allows it
	ECONFLICT     = "conflict"     // the action was already done
	EFORBIDDEN    = "forbidden"    // authenticated, but the role does not allow it
	EINTERNAL     = "internal"     // a bug or an outage; the message is not shown
	EINVALID      = "invalid"      // the input does not validate
	ENOTFOUND     = "not_found"    // absent, or not the caller's: never say which
	ETOOLARGE     = "too_large"    // the request body is over the limit
	EUNAUTHORIZED = "unauthorized" // missing, unknown or expired credentials
	EUNAVAILABLE  = "unavailable"  // the database is down or restarting: retry shortly
)

// Error is an error the caller may see: a code and a human message.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for
// any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the *Error in err's chain, or a
// generic text for any other error so that internals never reach a caller.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
