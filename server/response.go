package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"plp/graph"
	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
)

// withoutNullData follows the GraphQL-over-HTTP spec for
// application/graphql-response+json: a request that fails before execution
// (status 4xx) answers with errors and no data entry. gqlgen writes
// "data": null there, so such responses (small, and only those) are
// buffered and the entry removed. It also follows the spec for the legacy
// application/json: a document that does not parse or validate, or
// variables that cannot be coerced, answer 200 there (gqlgen answers 422).
func withoutNullData(next http.Handler) http.Handler {
	next = legacyStatus(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept"), "application/graphql-response+json") {
			next.ServeHTTP(w, r)
			return
		}
		bw := &errorBuffer{ResponseWriter: w}
		next.ServeHTTP(bw, r)
		bw.flush()
	})
}

// legacyStatus answers 200 where gqlgen answers 422 in application/json
// (the spec's rule for the legacy media type: the errors are in the body).
// Multipart requests keep gqlgen's status: their errors are malformed
// requests, not GraphQL ones.
func legacyStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(legacyWriter{w}, r)
	})
}

type legacyWriter struct{ http.ResponseWriter }

func (l legacyWriter) WriteHeader(status int) {
	if ct := l.Header().Get("Content-Type"); status == http.StatusUnprocessableEntity && strings.HasPrefix(ct, "application/json") {
		status = http.StatusOK
	}
	l.ResponseWriter.WriteHeader(status)
}

func (l legacyWriter) Unwrap() http.ResponseWriter { return l.ResponseWriter }

type errorBuffer struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (b *errorBuffer) WriteHeader(status int) {
	b.status = status
	if status < 400 {
		b.ResponseWriter.WriteHeader(status)
	}
}

func (b *errorBuffer) Write(p []byte) (int, error) {
	if b.status >= 400 {
		return b.buf.Write(p)
	}
	return b.ResponseWriter.Write(p)
}

func (b *errorBuffer) Unwrap() http.ResponseWriter { return b.ResponseWriter }

func (b *errorBuffer) flush() {
	if b.status < 400 {
		return
	}
	body := b.buf.Bytes()
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) == nil && string(doc["data"]) == "null" {
		delete(doc, "data")
		if out, err := json.Marshal(doc); err == nil {
			body = out
		}
	}
	b.Header().Set("Content-Length", strconv.Itoa(len(body)))
	b.ResponseWriter.WriteHeader(b.status)
	_, _ = b.ResponseWriter.Write(body)
}

// statusOf is the HTTP status of each error code on the REST routes (every
// route but /query, whose GraphQL errors follow the GraphQL-over-HTTP
// spec). On these routes a limit is always the size of what was sent.
var statusOf = map[apperr.Code]int{
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.NotFound:        http.StatusNotFound,
	apperr.BadUserInput:    http.StatusBadRequest,
	apperr.Conflict:        http.StatusConflict,
	apperr.RateLimited:     http.StatusTooManyRequests,
	apperr.LimitExceeded:   http.StatusRequestEntityTooLarge,
	apperr.Internal:        http.StatusInternalServerError,
}

// writeError answers a REST route's request with err, before anything else
// is written: the status of err's code (statusOf; the code and message as
// the GraphQL API would give them, graph.Classify), and the body in the
// shape of a GraphQL error response ({"errors": [{"message", "extensions":
// {"code", "field"}}]}), so a client reads every refusal one way. 401 comes
// with WWW-Authenticate, 429 with Retry-After. An error with no code is
// INTERNAL: logged with the request id, which the generic message names,
// and never shown. A route that answers people with a page (unsubscribe)
// sets its Content-Type to text/html first and gets the message as a page.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	code, message, field := graph.Classify(err)
	if code == apperr.Internal {
		// The route's pattern, not its path: a path can hold a secret token.
		s.log.ErrorContext(ctx, "internal error", "route", r.Pattern, "err", err)
		message = fmt.Sprintf("Something went wrong on our side; it has been logged as request %s.", RequestID(ctx))
	}
	e := &apperr.Error{Code: code, Message: message, Field: field}
	if code != apperr.Internal {
		logRefusal(ctx, s.log, e, "route", r.Pattern)
	}
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	h := w.Header()
	switch code {
	case apperr.Unauthenticated:
		h.Set("WWW-Authenticate", `Bearer realm="plp"`)
	case apperr.RateLimited:
		if wait, ok := auth.RetryAfter(err); ok {
			h.Set("Retry-After", retryAfterSeconds(wait))
		}
	}
	if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		_ = errorPage.Execute(w, e.Message)
		return
	}
	writeRefusal(w, status, e)
}

// errorPage is writeError's answer on a route that serves pages.
var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>PLP</title></head>
<body style="font-family: sans-serif; max-width: 40em"><p>{{.}}</p></body></html>
`))

// retryAfterSeconds is a wait as Retry-After gives it: whole seconds,
// rounded up so a client that waits that long is let through.
func retryAfterSeconds(wait time.Duration) string {
	return strconv.Itoa(int(math.Ceil(wait.Seconds())))
}
