package server

import (
	"net/http"

	"plp/availability"
)

// withSlotChanges lets the domain announce changes of slot availability
// made by the request (see package availability).
func withSlotChanges(n availability.Notifier, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(availability.NewContext(r.Context(), n)))
	})
}
