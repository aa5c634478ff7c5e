package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
	"plp/internal/platform/viewer"
)

// limitMutations applies the per-account budget of mutations
// (MutationRatePerAccount): each root field of a mutation operation costs
// one, so aliasing ten createGoal fields into one request costs ten. The
// limiter is in memory, per process (see auth.RateLimiter). It also keeps
// signIn apart: an operation that signs in does nothing else, because
// signIn runs outside the request's transaction (its failures must be
// counted even though it fails) and the rest would then run outside it too.
func limitMutations(limiter *auth.RateLimiter, log *slog.Logger) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx).Operation
		if op == nil || op.Operation != ast.Mutation {
			return next(ctx)
		}
		signIns, others := 0, 0
		for _, name := range rootFields(op.SelectionSet, 0) {
			switch name {
			case "__typename":
			case "signIn":
				signIns++
			default:
				others++
			}
		}
		if signIns > 0 && others > 0 {
			e := apperr.New(apperr.BadUserInput, "signIn must be the only field of its mutation: sign in first, then send the rest with the token.")
			logRefusal(ctx, log, e)
			return errorResponse(e)
		}
		v := viewer.FromContext(ctx)
		if v == nil || v.IsSystem() || others == 0 {
			return next(ctx)
		}
		if ok, wait := limiter.Allow(v.Key(), others); !ok {
			e := auth.TooMany("changes from this account", limiter.Rate(), wait)
			noteRetry(ctx, e.After)
			logRefusal(ctx, log, e.Err, "account", v.Key(), "fields", others)
			return errorResponse(e.Err)
		}
		return next(ctx)
	}
}

// onlySignIn reports whether an operation does nothing but sign in, so that
// it runs outside a transaction.
func onlySignIn(op *ast.OperationDefinition) bool {
	names := rootFields(op.SelectionSet, 0)
	signIn := false
	for _, n := range names {
		switch n {
		case "signIn", "changePassword":
			// Both count wrong passwords, which a rolled-back
			// transaction would forget.
			signIn = true
		case "__typename":
		default:
			return false
		}
	}
	return signIn
}

// rootFields lists the names of the fields an operation selects at its
// root, through fragments (whatever @skip or @include say).
func rootFields(set ast.SelectionSet, depth int) []string {
	if depth > 16 {
		return nil // a fragment cycle; validation has refused it already
	}
	var names []string
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			names = append(names, s.Name)
		case *ast.InlineFragment:
			names = append(names, rootFields(s.SelectionSet, depth+1)...)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				names = append(names, rootFields(s.Definition.SelectionSet, depth+1)...)
			}
		}
	}
	return names
}

// noticeRetries passes the wait of a refused sign-in (too many attempts, a
// locked account) to the Retry-After header, and logs the refusal.
func noticeRetries(log *slog.Logger) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		res, err := next(ctx)
		if err != nil {
			if wait, ok := auth.RetryAfter(err); ok {
				noteRetry(ctx, wait)
				if e, ok := apperr.As(err); ok {
					logRefusal(ctx, log, e, "field", graphql.GetFieldContext(ctx).Field.Name)
				}
			}
		}
		return res, err
	}
}

type retryKey struct{}

type retryNote struct {
	mu   sync.Mutex
	wait time.Duration
}

// noteRetry asks the HTTP response to carry Retry-After: wait.
func noteRetry(ctx context.Context, wait time.Duration) {
	if n, ok := ctx.Value(retryKey{}).(*retryNote); ok {
		n.mu.Lock()
		n.wait = max(n.wait, wait)
		n.mu.Unlock()
	}
}

// withRetryAfter answers a request refused for its rate with 429 Too Many
// Requests and Retry-After (in seconds), which HTTP clients and proxies
// understand without reading the GraphQL errors.
func withRetryAfter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWebsocket(r) {
			next.ServeHTTP(w, r)
			return
		}
		note := &retryNote{}
		rw := &retryWriter{ResponseWriter: w, note: note}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), retryKey{}, note)))
	})
}

type retryWriter struct {
	http.ResponseWriter
	note    *retryNote
	written bool
}

func (w *retryWriter) WriteHeader(status int) {
	if w.written {
		return
	}
	w.written = true
	w.note.mu.Lock()
	wait := w.note.wait
	w.note.mu.Unlock()
	if wait > 0 {
		w.Header().Set("Retry-After", retryAfterSeconds(wait))
		status = http.StatusTooManyRequests
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *retryWriter) Write(p []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

func (w *retryWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
