package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"plp/internal/partner/credential"
	"plp/internal/platform/apperr"
)

// maxCredentialBytes bounds a credential posted for verification: a VC-JWT
// of an endorsement is a few kilobytes.
const maxCredentialBytes = 64 << 10

// jwksHandler serves GET /.well-known/jwks.json: the public keys that
// endorsement credentials are signed with, retired ones included so older
// credentials still verify. Public, and cacheable for a short while (a
// rotation shows within five minutes).
func (s *Server) jwksHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		set, err := s.Credentials.JWKS(r.Context(), s.db.Client)
		if err != nil {
			s.writeError(w, r, fmt.Errorf("read JWKS: %w", err))
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		_ = json.NewEncoder(w).Encode(set)
	})
}

// verifyHandler serves POST /credentials/verify: anyone holding an
// endorsement credential (a VC-JWT) posts it, as the raw token or as JSON
// {"credential": "<jwt>"}, and hears 200 with {"status": "valid" |
// "revoked" | "tampered", "reason", "id", "kid", "credential"}. A body that
// holds no credential at all is 400 BAD_USER_INPUT.
func (s *Server) verifyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCredentialBytes))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.writeError(w, r, apperr.New(apperr.LimitExceeded, "A credential is at most %d bytes.", maxCredentialBytes))
			return
		}
		if err != nil {
			s.writeError(w, r, apperr.New(apperr.BadUserInput, "Could not read the request body."))
			return
		}
		token := strings.TrimSpace(string(body))
		if strings.HasPrefix(token, "{") {
			var in struct {
				Credential string `json:"credential"`
			}
			if err := json.Unmarshal(body, &in); err != nil {
				s.writeError(w, r, apperr.New(apperr.BadUserInput, "The body is not valid JSON: send the JWT, or {\"credential\": \"<jwt>\"}."))
				return
			}
			token = strings.TrimSpace(in.Credential)
		}
		if token == "" {
			s.writeError(w, r, apperr.New(apperr.BadUserInput, "Send the credential: the JWT as the body, or {\"credential\": \"<jwt>\"}."))
			return
		}
		res, err := credential.Verify(r.Context(), s.db.Client, token)
		if err != nil {
			s.writeError(w, r, fmt.Errorf("verify credential: %w", err))
			return
		}
		writeJSON(w, http.StatusOK, res)
	})
}
