package tandem

import (
	"errors"
	"fmt"
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
