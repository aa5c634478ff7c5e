package server

import (
	"encoding/json"
	"net/http"

	"plp/internal/plan/sharing"
	"plp/internal/platform/apperr"
)

// sharedHandler serves GET /shared/{token}: the one collection a secret
// share link opens, read-only, to anyone holding the link (no sign-in).
// The link is looked up by the token's hash as the system; an unknown,
// revoked, not yet started or ended link answers 404 NOT_FOUND, the same
// for all. Every view is an audit event of the collection's student (READ,
// no actor). The answer is never cached or indexed.
func (s *Server) sharedHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Referrer-Policy", "no-referrer")
		v, err := sharing.ViewByToken(r.Context(), s.db.Client, r.PathValue("token"))
		if err != nil {
			e, ok := apperr.As(err)
			if !ok {
				s.log.ErrorContext(r.Context(), "share link view failed", "err", err)
				writeRefusal(w, http.StatusInternalServerError,
					apperr.New(apperr.Internal, "Something went wrong on our side; it has been logged as request %s.", RequestID(r.Context())))
				return
			}
			status := http.StatusNotFound
			if e.Code != apperr.NotFound {
				status = http.StatusInternalServerError
			}
			writeRefusal(w, status, e)
			return
		}
		h.Set("Content-Type", "application/json")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		if err := json.NewEncoder(w).Encode(v); err != nil {
			s.log.WarnContext(r.Context(), "share link view cut short", "err", err)
		}
	})
}
