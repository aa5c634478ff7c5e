// Package apperr is the one error type that crosses from the domain to the
// API: a code a client can branch on and a message a person can act on.
// Anything else that reaches a client is reported as INTERNAL and logged.
package apperr

import (
	"errors"
	"fmt"
	"strings"
)

// Code is an error class; its text is GraphQL's extensions.code.
type Code string

// The codes of DESIGN.md's outside contract.
const (
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	NotFound        Code = "NOT_FOUND"
	BadUserInput    Code = "BAD_USER_INPUT"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	LimitExceeded   Code = "LIMIT_EXCEEDED"
	Internal        Code = "INTERNAL"
)

// Error is an error meant for the client.
type Error struct {
	Code    Code
	Message string
	// Field is the input field at fault, as the client spelled it, if any.
	Field string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// New returns an error with the code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a BAD_USER_INPUT error for one input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// CodeOf returns the code of err, or INTERNAL when err carries none.
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}

// FieldName turns a column or ent field name ("target_date", or
// "Goal.student_id") into the GraphQL input name a client sent
// ("targetDate", "studentID").
func FieldName(column string) string {
	if i := strings.LastIndexByte(column, '.'); i >= 0 {
		column = column[i+1:]
	}
	var b strings.Builder
	upper := false
	for _, r := range column {
		switch {
		case r == '_':
			upper = true
		case upper:
			b.WriteString(strings.ToUpper(string(r)))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	if strings.HasSuffix(s, "Id") {
		s = strings.TrimSuffix(s, "Id") + "ID"
	}
	return s
}
