package server

import (
	"net/http"

	"plp/internal/conference/live"
)

// withSlotChanges lets the domain announce changes of slot availability
// made by the request (see package availability).
func withSlotChanges(n live.Notifier, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(live.NewContext(r.Context(), n)))
	})
}
