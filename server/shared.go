package server

import (
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"plp/internal/plan/sharing"
	"plp/internal/platform/storage"
)

// sharedHandler serves GET /shared/{token}: the one collection a secret
// share link opens, read-only, to anyone holding the link (no sign-in).
// A browser (Accept naming text/html and not application/json) gets the
// web app's page, which reads the same view through the API
// (Query.sharedCollection); any other client gets the view as JSON.
// The link is looked up by the token's hash as the system; an unknown,
// revoked, not yet started or ended link answers 404 NOT_FOUND, the same
// for all. Every view is an audit event of the collection's student (READ,
// no actor). The answer is never cached or indexed.
func (s *Server) sharedHandler(page http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Referrer-Policy", "no-referrer")
		h.Add("Vary", "Accept")
		if wantsHTML(r) {
			page.ServeHTTP(w, r)
			return
		}
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

// wantsHTML reports whether the client asks for a page: Accept names
// text/html and does not name application/json. No Accept, */* or JSON
// keep the JSON answer that API clients have always had.
func wantsHTML(r *http.Request) bool {
	html, json := false, false
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		t, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || params["q"] == "0" {
			continue
		}
		switch t {
		case "text/html":
			html = true
		case "application/json":
			json = true
		}
	}
	return html && !json
}

// sharedFileHandler serves GET /shared/{token}/files/{n}: the file of the
// n-th piece of evidence of a shared collection (SharedEvidence.fileURL),
// to anyone holding the link while it opens; otherwise 404 NOT_FOUND, as
// for the view.
func (s *Server) sharedFileHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Referrer-Policy", "no-referrer")
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil {
			n = 0
		}
		f, err := sharing.FileByToken(r.Context(), s.db.Client, r.PathValue("token"), n)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		name, ascii := downloadName(f.Title, storage.Extension(f.ContentType))
		s.sendStored(w, r, storedFile{key: f.Key, contentType: f.ContentType, name: name, ascii: ascii, what: "shared evidence", id: r.PathValue("n")})
	})
}
