package server

import (
	"net/http"
	"time"

	"plp/internal/platform/clock"
)

// withClock puts the server's clock on every request, for rules that depend
// on the time (an active guardianship, an expired partnership) and for the
// rows it writes (created_at): the configured one, or the wall clock.
func withClock(now func() time.Time, next http.Handler) http.Handler {
	if now == nil {
		now = time.Now
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(clock.NewContext(r.Context(), now)))
	})
}
