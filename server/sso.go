package server

import (
	"net/http"
	"time"

	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
)

// SessionCookie is the cookie that carries a browser's session token.
const SessionCookie = "plp_session"

// ssoStartHandler sends the browser to the school's OpenID provider
// (GET /sso/{provider}/start).
func (s *Server) ssoStartHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := auth.WithClientAddress(r.Context(), clientAddress(r, s.cfg.ClientIPHeader))
		to, err := s.Auth.StartSSO(ctx, pulid.ID(r.PathValue("provider")))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, to, http.StatusFound)
	})
}

// ssoCallbackHandler is where the provider sends the browser back
// (GET /sso/callback?state=...&code=...): it signs in, sets the session
// cookie and goes to the home page. Refusals are the REST errors, each with
// its own message.
func (s *Server) ssoCallbackHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := auth.WithClientAddress(r.Context(), clientAddress(r, s.cfg.ClientIPHeader))
		q := r.URL.Query()
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if e := q.Get("error"); e != "" {
			s.writeError(w, r, ssoProviderError(e, q.Get("error_description")))
			return
		}
		ses, err := s.Auth.FinishSSO(ctx, q.Get("state"), q.Get("code"), r.UserAgent())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: ses.Token, Path: "/",
			MaxAge: int(s.Auth.TTL / time.Second), HttpOnly: true, Secure: s.cfg.Production, SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
}

// ssoProviderError is the refusal when the provider sends an error back
// (the person cancelled, or the provider refused the client).
func ssoProviderError(code, description string) error {
	if description == "" {
		description = code
	}
	return apperr.New(apperr.Unauthenticated, "The provider did not sign you in (%s): start again, or ask your school.", description)
}
