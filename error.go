package tandem

import (
	"errors"
	"fmt"
	"time"
)

// Error codes, mapped to HTTP statuses in one table in the web layer.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EGONE         = "gone" // existed, but is out of use for good
	ELIMITED      = "rate_limited"
)

// Error is a domain error: a code for programs, a translation key for people
// and, for invalid input, the field at fault. Internal details never go in it.
type Error struct {
	Code  string
	Key   string // i18n key of a safe, user-facing message
	Field string // JSON/form field name for EINVALID, if any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("tandem: %s: %s (%s)", e.Code, e.Key, e.Field)
	}
	return fmt.Sprintf("tandem: %s: %s", e.Code, e.Key)
}

// Invalid returns an EINVALID error about one field.
func Invalid(field, key string) *Error { return &Error{Code: EINVALID, Key: key, Field: field} }

// NotFound returns an ENOTFOUND error.
func NotFound(key string) *Error { return &Error{Code: ENOTFOUND, Key: key} }

// Errorf returns an error with a code and key.
func Errorf(code, key string) *Error { return &Error{Code: code, Key: key} }

// ErrorCode returns the code of a domain error, EINTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorKey returns the message key of a domain error, or the generic
// internal-error key for any other error.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return "error.internal"
}

// ErrorField returns the field named by a domain error, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// LimitedError refuses a write that came too fast (ELIMITED): it may be
// sent again after Wait. Rule names the limit that refused it.
type LimitedError struct {
	Wait time.Duration
	Rule string
}

var errLimited = &Error{Code: ELIMITED, Key: "error.rate_limited"}

func (e *LimitedError) Error() string {
	return fmt.Sprintf("tandem: rate limited by %s, retry after %v", e.Rule, e.Wait)
}

// Unwrap makes a LimitedError an ELIMITED Error to ErrorCode and ErrorKey.
func (e *LimitedError) Unwrap() error { return errLimited }

// RetryAfter is how long a refused write must wait, in whole seconds rounded
// up (at least one); 0 when err is no LimitedError.
func RetryAfter(err error) int {
	var e *LimitedError
	if !errors.As(err, &e) {
		return 0
	}
	return max(1, int((e.Wait+time.Second-1)/time.Second))
}
