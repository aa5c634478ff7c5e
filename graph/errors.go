package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"plp/ent"
	"plp/ent/privacy"
	"plp/internal/platform/apperr"
)

// RequestIDFunc returns the request id of a context, for error messages
// and logs; the server sets it.
type RequestIDFunc func(context.Context) string

// ErrorPresenter turns every error into one a client can act on: a
// extensions.code from DESIGN.md's list and a message for people. Errors
// the code does not recognise are logged with the request id and shown as
// INTERNAL, without their text, which may hold data or internals.
func ErrorPresenter(log *slog.Logger, requestID RequestIDFunc) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		code, message, field := classify(err, gqlErr)
		if code != apperr.Internal {
			// A refusal, not a fault: worth a line for whoever debugs a client.
			log.InfoContext(ctx, "request refused", "code", code, "err", err, "path", gqlErr.Path.String())
		}
		if code == apperr.Internal {
			log.ErrorContext(ctx, "internal error", "err", err, "path", gqlErr.Path.String())
			message = fmt.Sprintf("Something went wrong on our side; it has been logged as request %s.", requestID(ctx))
		}
		gqlErr.Message = message
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		gqlErr.Extensions["code"] = string(code)
		if field != "" {
			gqlErr.Extensions["field"] = field
		}
		return gqlErr
	}
}

// Recover turns a panic in a resolver into an INTERNAL error and a log line.
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", p, "stack", string(debug.Stack()))
		return fmt.Errorf("panic: %v", p)
	}
}

// Classify is the code, message and input field the API answers err with,
// as the error presenter gives them: the REST routes (package server)
// answer with it too, so an error reads the same on every path. INTERNAL
// comes with no message: the caller logs err and says where to find it.
func Classify(err error) (code apperr.Code, message, field string) {
	return classify(err, &gqlerror.Error{})
}

func classify(err error, gqlErr *gqlerror.Error) (apperr.Code, string, string) {
	if e, ok := apperr.As(err); ok {
		return e.Code, e.Message, e.Field
	}
	var (
		validation *ent.ValidationError
		constraint *ent.ConstraintError
		notFound   *ent.NotFoundError
	)
	switch {
	case errors.As(err, &validation):
		field := apperr.FieldName(validation.Name)
		return apperr.BadUserInput, fmt.Sprintf("%s %s.", field, describe(validation.Unwrap())), field
	case errors.As(err, &notFound), ent.IsNotSingular(err):
		return apperr.NotFound, "Nothing found with that ID: it does not exist or you cannot see it.", ""
	case errors.As(err, &constraint):
		return constraintError(constraint)
	case errors.Is(err, privacy.Deny):
		return apperr.Forbidden, "You are not allowed to do that.", ""
	}
	if strings.HasPrefix(gqlErr.Message, "json request body could not be decoded") {
		return apperr.BadUserInput, maskBody(gqlErr.Message), ""
	}
	// Errors gqlgen raises itself: a query that does not parse or validate,
	// or a variable of the wrong type. Its messages are written for clients.
	if code, ok := gqlErr.Extensions["code"].(string); ok {
		switch code {
		case "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT":
			if name, ok := notAnInt(gqlErr); ok {
				return apperr.BadUserInput, fmt.Sprintf("$%s must be a whole number (an Int), from -2147483648 to 2147483647.", name), name
			}
			return apperr.BadUserInput, maskBody(gqlErr.Message), ""
		case "NOT_FOUND": // entgql's node lookups
			return apperr.NotFound, "Nothing found with that ID: it does not exist or you cannot see it.", ""
		case "COMPLEXITY_LIMIT_EXCEEDED":
			return apperr.LimitExceeded, gqlErr.Message, ""
		case "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED":
			return apperr.BadUserInput, gqlErr.Message, ""
		}
	}
	// gqlgen decodes arguments into Go values before any resolver runs; a
	// value a scalar cannot take (a date that is not RFC 3339, a cursor that
	// is not one) comes back as a *gqlerror.Error wrapping the decoder's
	// error, on the path of the argument.
	var decode *gqlerror.Error
	if errors.As(err, &decode) && decode.Err != nil && isDecodeError(decode.Err) {
		return inputError(decode)
	}
	if errors.As(err, &decode) && decode.Err == nil && len(gqlErr.Locations) > 0 {
		// An input coercion error at a location in the query.
		return apperr.BadUserInput, maskBody(gqlErr.Message), ""
	}
	return apperr.Internal, "", ""
}

// notAnInt recognises gqlparser's error for a variable of type Int given
// a number that is not an integer ("cannot use value 0 as Int", for 1.5),
// and returns the variable's name.
func notAnInt(e *gqlerror.Error) (string, bool) {
	if len(e.Path) != 2 || e.Path[0] != ast.PathName("variable") || !strings.HasPrefix(e.Message, "cannot use value ") || !strings.HasSuffix(e.Message, " as Int") {
		return "", false
	}
	name, ok := e.Path[1].(ast.PathName)
	return string(name), ok
}

// isDecodeError recognises the errors of the decoders of PLP's scalars and
// enums, so that nothing else (a database error on the same path) is taken
// for bad input.
func isDecodeError(err error) bool {
	var (
		parseErr *time.ParseError
		numErr   *strconv.NumError
	)
	if errors.As(err, &parseErr) || errors.As(err, &numErr) {
		return true
	}
	msg := err.Error()
	for _, sign := range []string{"cannot decode cursor", "is not a valid", "must be a string", "is not a string", "is not an int", "an ID must be", "RFC3339"} {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}

// inputError describes an argument that could not be decoded.
func inputError(e *gqlerror.Error) (apperr.Code, string, string) {
	field := ""
	for i := len(e.Path) - 1; i >= 0; i-- {
		if name, ok := e.Path[i].(ast.PathName); ok {
			field = string(name)
			break
		}
	}
	var parseErr *time.ParseError
	switch {
	case errors.As(e.Err, &parseErr):
		return apperr.BadUserInput, fmt.Sprintf("%s must be a time in RFC 3339 format, like 2026-11-23T14:00:00Z.", field), field
	case strings.Contains(e.Err.Error(), "cursor"):
		return apperr.BadUserInput, fmt.Sprintf("%s is not a cursor from this API: use a startCursor or endCursor from a page.", field), field
	}
	return apperr.BadUserInput, fmt.Sprintf("%s is not valid: %s.", field, e.Err.Error()), field
}

// maskBody removes a copy of the request body that gqlgen's decoder puts in
// its error message: the body can hold a student's data.
func maskBody(msg string) string {
	if strings.HasPrefix(msg, "json request body could not be decoded") {
		return "The request body is not valid JSON: send {\"query\": \"...\", \"variables\": {...}}."
	}
	return msg
}

func constraintError(err *ent.ConstraintError) (apperr.Code, string, string) {
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "foreign key") {
		return apperr.BadUserInput, "The input refers to a record that does not exist.", ""
	}
	return apperr.Conflict, "That conflicts with an existing record (for example, the same email or the same link twice).", ""
}

// describe rewrites ent's built-in validator messages for people.
func describe(err error) string {
	if err == nil {
		return "is not valid"
	}
	// ent wraps the validator's own error in "ent: validator failed for
	// field ...": keep only the innermost message.
	for inner := errors.Unwrap(err); inner != nil; inner = errors.Unwrap(err) {
		err = inner
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "greater than the required length"):
		return "is too long"
	case strings.Contains(msg, "less than the required length"), strings.Contains(msg, "empty"):
		return "must not be empty"
	case strings.Contains(msg, "out of range"):
		return "is out of range"
	case strings.Contains(msg, "invalid enum value"):
		return "is not one of the allowed values"
	}
	return msg
}
