package server

import (
	"net/http"
	"net/url"
	"time"

	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
	"plp/internal/records/export"
)

// exportHandler serves GET /export/students/{id}: the student's whole plan
// as a zip (package export), for the student at 18 or over, a current
// guardian, or an admin of the student's school. It needs the viewer that
// withViewer puts on the request.
//
// Refusals (writeError): 401 UNAUTHENTICATED, 404 NOT_FOUND (also for a
// student of another school, as for an unknown ID), 403 FORBIDDEN. The
// plan is read and checked before the first byte, so a refusal or a
// database error is never half a zip.
func (s *Server) exportHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !s.signedIn(w, r) {
			return
		}
		exp, err := export.Load(ctx, s.db.Client, pulid.ID(r.PathValue("id")))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", attachment(exp.Filename(), exp.ASCIIFilename()))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return // no zip, so nothing disclosed and nothing to record
		}
		if err := exp.WriteZip(ctx, s.Files, s.streamWriter(w)); err != nil {
			// The status is sent; the zip ends without its directory,
			// so the client cannot take it for a whole one.
			s.log.ErrorContext(ctx, "export failed while streaming", "student", r.PathValue("id"), "err", err)
		}
	})
}

// attachment is a Content-Disposition for a file: the ASCII name every
// client understands and, when it differs, the UTF-8 one (RFC 6266 and
// 5987). Both names are letters, digits, dashes and dots only.
func attachment(name, ascii string) string {
	if ascii == name {
		return `attachment; filename="` + name + `"`
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(name)
}

// streamWriter lets a long download outlive the server's WriteTimeout,
// which bounds whole responses: each write moves the deadline on by
// WriteTimeout, so a client that keeps reading gets the whole zip, and
// one that stops is still cut off.
func (s *Server) streamWriter(w http.ResponseWriter) http.ResponseWriter {
	if s.cfg.WriteTimeout <= 0 {
		return w
	}
	return &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), timeout: s.cfg.WriteTimeout}
}

type deadlineWriter struct {
	http.ResponseWriter
	rc       *http.ResponseController
	timeout  time.Duration
	extended time.Time
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	// Moving the deadline once a second is plenty, and cheaper than on
	// every 4 KB write.
	if now := time.Now(); now.Sub(d.extended) > time.Second {
		_ = d.rc.SetWriteDeadline(now.Add(d.timeout))
		d.extended = now
	}
	return d.ResponseWriter.Write(p)
}

// signedIn reports whether the request has a viewer; if not, it refuses the
// request with 401 and the reason sign-in failed (as GraphQL errors would).
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request) bool {
	ctx := r.Context()
	if viewer.FromContext(ctx) != nil {
		return true
	}
	err, _ := ctx.Value(authErrorKey{}).(error)
	if err == nil {
		err = apperr.New(apperr.Unauthenticated, "Sign in first: call signIn and send Authorization: Bearer <token>.")
	}
	s.writeError(w, r, err)
	return false
}
