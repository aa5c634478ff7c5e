// Package clock carries the current time on a context, so rules that depend
// on it (an active guardianship, an expired request) can be tested at any
// date: the server puts its injected clock on every request, jobs theirs.
package clock

import (
	"context"
	"time"
)

type ctxKey struct{}

// NewContext returns ctx whose clock is now.
func NewContext(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, ctxKey{}, now)
}

// Now returns the time on ctx's clock, or the wall clock when ctx has none.
func Now(ctx context.Context) time.Time {
	if now, ok := ctx.Value(ctxKey{}).(func() time.Time); ok && now != nil {
		return now()
	}
	return time.Now()
}
