package server

import (
	"net/http"
	"strings"

	"plp/internal/conference/booking"
)

// calendarHandler serves GET /calendar/{token}.ics: a person's conferences
// as an iCalendar feed that calendar apps subscribe to, without signing in:
// the secret token is the credential, revocable with revokeCalendarFeed. An
// unknown or revoked token answers 404, the same for both.
func (s *Server) calendarHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Referrer-Policy", "no-referrer")
		token := strings.TrimSuffix(r.PathValue("token"), ".ics")
		cal, err := booking.Feed(r.Context(), s.db.Client, token)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h.Set("Content-Type", "text/calendar; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		if _, err := w.Write([]byte(cal)); err != nil {
			s.log.WarnContext(r.Context(), "calendar feed cut short", "err", err)
		}
	})
}
