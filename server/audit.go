package server

import (
	"net/http"

	"plp/internal/platform/audit"
)

// withAudit puts the audit recorder and the request id on every request, so
// reads, changes and sign-ins anywhere below are recorded against it.
func withAudit(rec *audit.Recorder, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := audit.WithRequest(audit.NewContext(r.Context(), rec), RequestID(r.Context()))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
