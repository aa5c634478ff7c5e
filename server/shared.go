package server

import (
	"encoding/json"
	"net/http"

	"plp/internal/plan/sharing"
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
			s.writeError(w, r, err)
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
