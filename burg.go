// Package burg holds the domain of Burg, a self-hosted community news blog:
// the types a reader, commenter, poster and moderator deal with, the rules
// that keep them valid, and the interfaces of the stores that keep them.
//
// It imports nothing of ours; adapters live under internal/ and cmd/burg
// wires them together.
package burg

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Error codes. Each maps to one HTTP status in internal/web.
const (
	ECONFLICT     = "conflict"     // the thing exists already
	EINTERNAL     = "internal"     // a fault of ours; its text is never shown
	EINVALID      = "invalid"      // bad input; the message says what
	ENOTFOUND     = "not_found"    // no such thing
	EFORBIDDEN    = "forbidden"    // known, but not allowed
	EUNAUTHORIZED = "unauthorized" // must log in first
	ETOOMANY      = "too_many"     // rate limited
	EUNAVAILABLE  = "unavailable"  // busy for now; try again shortly
)

// Error is a domain error: a code for programs and a message safe to show a
// person. Internal faults are wrapped errors without an *Error and show only
// a generic message.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("burg error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-safe message of err: that of the first
// *Error in its chain, or a generic one for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "Internal error."
	}
}

// Clock returns the current time. Stores and services take one so that
// tests control time.
type Clock func() time.Time

// DateLayout is the layout of a day in URLs and listings: 2006-01-02.
const DateLayout = "2006-01-02"

// MonthLayout is the layout of a month in archive URLs: 2006-01.
const MonthLayout = "2006-01"

// Clip shortens s to at most n runes, ending in "…" when it cut, for
// quoting what someone typed in a message. It never cuts a character in
// half.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
