// Package clock carries the current time on a context, so rules that depend
// on it (an active guardianship, an expired request, a row's created_at) can
// be tested at any date: the server puts its injected clock on every
// request, jobs and commands theirs.
package clock

import (
	"context"
	"testing"
	"time"
)

type ctxKey struct{}

// NewContext returns ctx whose clock is now.
func NewContext(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, ctxKey{}, now)
}

// Now returns the time on ctx's clock. With no clock on ctx it returns the
// wall clock, except in a test binary, where it panics: a test that reaches
// the wall clock by accident would pass today and fail on another date, so
// every test sets the clock it means (the test server's, or NewContext).
func Now(ctx context.Context) time.Time {
	if now, ok := ctx.Value(ctxKey{}).(func() time.Time); ok && now != nil {
		return now()
	}
	if testing.Testing() {
		panic("clock.Now: no clock on the context. Tests set one: run through the test server " +
			"(apitest.Server.Clock is on every request), or wrap the context with clock.NewContext.")
	}
	return time.Now()
}
