package server

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"plp/apperr"
	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/resource"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/storage"
)

// fileHandler serves GET /files/evidence/{id}: the uploaded file of a
// piece of evidence, to whoever may read the evidence (its privacy policy,
// on the viewer that withViewer puts on the request; the read is recorded
// in the audit trail by ent's read interceptor). Refusals are JSON in the
// shape of GraphQL errors: 401 UNAUTHENTICATED without a valid token, 404
// NOT_FOUND for evidence the viewer cannot see (as for an unknown ID) or
// that has no file. The file is sent with the type sniffed at upload,
// never inline-sniffed by the browser, and as an attachment named after
// the evidence.
func (s *Server) fileHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !s.signedIn(w, r) {
			return
		}
		ev, err := s.db.Client.Evidence.Query().
			Where(evidence.ID(pulid.ID(r.PathValue("id")))).
			Select(evidence.FieldTitle, evidence.FieldBlobKey, evidence.FieldContentType, evidence.FieldStudentID).
			Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				err = apperr.New(apperr.NotFound, "Nothing found with that ID: it does not exist or you cannot see it.")
			}
			s.refuseExport(w, r, err)
			return
		}
		if ev.BlobKey == "" {
			s.refuseExport(w, r, apperr.New(apperr.NotFound, "This evidence has no file."))
			return
		}
		name, ascii := downloadName(ev.Title, storage.Extension(ev.ContentType))
		s.sendStored(w, r, ev.BlobKey, ev.ContentType, name, ascii, "evidence", string(ev.ID))
	})
}

// coverHandler serves GET /files/cover/{studentID}: the cover image of a
// student's home page, to whoever may read the student's record (its
// privacy policy, as for Student.coverImageURL), refused as fileHandler
// refuses: 401 without a valid token, 404 for a student the viewer cannot
// see or who has no cover image.
func (s *Server) coverHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !s.signedIn(w, r) {
			return
		}
		st, err := s.db.Client.Student.Query().
			Where(student.ID(pulid.ID(r.PathValue("studentID")))).
			Select(student.FieldCoverImageKey, student.FieldCoverImageType).
			Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				err = apperr.New(apperr.NotFound, "Nothing found with that ID: it does not exist or you cannot see it.")
			}
			s.refuseExport(w, r, err)
			return
		}
		if st.CoverImageKey == "" {
			s.refuseExport(w, r, apperr.New(apperr.NotFound, "This student's home has no cover image."))
			return
		}
		ext := storage.Extension(st.CoverImageType)
		s.sendStored(w, r, st.CoverImageKey, st.CoverImageType, "cover"+ext, "cover"+ext, "cover of student", string(st.ID))
	})
}

// resourceFileHandler serves GET /files/resources/{resourceID}: the file
// attached to an implementation resource, to whoever may read the resource
// (its privacy policy: the school's members), refused as fileHandler
// refuses: 401 without a valid token, 404 for a resource the viewer cannot
// see or that has no file. It is sent as an attachment under the name it
// was uploaded with (cleaned when it was stored).
func (s *Server) resourceFileHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !s.signedIn(w, r) {
			return
		}
		res, err := s.db.Client.Resource.Query().
			Where(resource.ID(pulid.ID(r.PathValue("resourceID")))).
			Select(resource.FieldTitle, resource.FieldFileKey, resource.FieldFileName, resource.FieldFileType).
			Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				err = apperr.New(apperr.NotFound, "Nothing found with that ID: it does not exist or you cannot see it.")
			}
			s.refuseExport(w, r, err)
			return
		}
		if res.FileKey == "" {
			s.refuseExport(w, r, apperr.New(apperr.NotFound, "This resource has no file: it is a link (Resource.url)."))
			return
		}
		ext := storage.Extension(res.FileType)
		base := strings.TrimSuffix(res.FileName, ext)
		name, ascii := downloadName(base, ext)
		if strings.TrimSpace(base) == "" {
			name, ascii = downloadName(res.Title, ext)
		}
		s.sendStored(w, r, res.FileKey, res.FileType, name, ascii, "resource", string(res.ID))
	})
}

// sendStored sends the stored file under key with the type sniffed at
// upload, never inline-sniffed or run by the browser, as an attachment
// named name (ascii for clients that take no UTF-8 name). what and id name
// the file's owner in log lines.
func (s *Server) sendStored(w http.ResponseWriter, r *http.Request, key, contentType, name, ascii, what, id string) {
	ctx := r.Context()
	rd, err := s.Files.Reader(ctx, key)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			s.log.ErrorContext(ctx, "stored file missing", what, id, "key", key)
			err = apperr.New(apperr.NotFound, "The file of this %s is missing.", what)
		}
		s.refuseExport(w, r, err)
		return
	}
	defer rd.Close()
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.FormatInt(rd.Size(), 10))
	h.Set("Content-Disposition", attachment(name, ascii))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := io.Copy(s.streamWriter(w), rd); err != nil {
		s.log.WarnContext(ctx, "file download cut short", what, id, "err", err)
	}
}

// downloadName is the file name of a download: the evidence's title with
// only letters, digits and a few safe marks (others become single spaces),
// at most 80 characters, and the extension of the file's type; and the
// same in ASCII for clients that take no UTF-8 name.
func downloadName(title, ext string) (string, string) {
	clean := func(ascii bool) string {
		var b strings.Builder
		space := false
		for _, r := range strings.TrimSpace(title) {
			ok := unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_()+,", r)
			if ascii && r > unicode.MaxASCII {
				ok = false
			}
			if !ok {
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		}
		name := b.String()
		if rs := []rune(name); len(rs) > 80 {
			name = strings.TrimSpace(string(rs[:80]))
		}
		if name == "" {
			name = "evidence"
		}
		return name + ext
	}
	return clean(false), clean(true)
}
