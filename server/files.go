package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode"

	"plp/ent/evidence"
	"plp/ent/resource"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/storage"
)

// storedFile is what a file route sends: the blob under key, its type
// sniffed at upload, the download's name (ascii for clients that take no
// UTF-8 name), and its owner (what, id) for log lines.
type storedFile struct {
	key, contentType, name, ascii string
	what, id                      string
}

// fileRoute serves GET on a stored file of a record, to whoever may read
// the record: lookup reads it through its privacy policy, on the viewer
// that withViewer puts on the request (ent's read interceptor records the
// read in the audit trail). Refusals (writeError): 401 UNAUTHENTICATED
// without a valid token, 404 NOT_FOUND for a record the viewer cannot see
// (as for an unknown ID), or, with noFile as the message, one that has no
// file. The file is sent with the type sniffed
// at upload, never inline-sniffed or run by the browser, as an attachment.
func (s *Server) fileRoute(param, noFile string, lookup func(context.Context, pulid.ID) (storedFile, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.signedIn(w, r) {
			return
		}
		f, err := lookup(r.Context(), pulid.ID(r.PathValue(param)))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if f.key == "" {
			s.writeError(w, r, apperr.New(apperr.NotFound, "%s", noFile))
			return
		}
		s.sendStored(w, r, f)
	})
}

// fileHandler serves GET /files/evidence/{id}: the uploaded file of a
// piece of evidence, named after the evidence.
func (s *Server) fileHandler() http.Handler {
	return s.fileRoute("id", "This evidence has no file.", func(ctx context.Context, id pulid.ID) (storedFile, error) {
		ev, err := s.db.Client.Evidence.Query().Where(evidence.ID(id)).
			Select(evidence.FieldTitle, evidence.FieldBlobKey, evidence.FieldContentType, evidence.FieldStudentID).
			Only(ctx)
		if err != nil {
			return storedFile{}, err
		}
		name, ascii := downloadName(ev.Title, storage.Extension(ev.ContentType))
		return storedFile{key: ev.BlobKey, contentType: ev.ContentType, name: name, ascii: ascii, what: "evidence", id: string(ev.ID)}, nil
	})
}

// coverHandler serves GET /files/cover/{studentID}: the cover image of a
// student's home page, to whoever may read the student's record (as for
// Student.coverImageURL).
func (s *Server) coverHandler() http.Handler {
	return s.fileRoute("studentID", "This student's home has no cover image.", func(ctx context.Context, id pulid.ID) (storedFile, error) {
		st, err := s.db.Client.Student.Query().Where(student.ID(id)).
			Select(student.FieldCoverImageKey, student.FieldCoverImageType).
			Only(ctx)
		if err != nil {
			return storedFile{}, err
		}
		name := "cover" + storage.Extension(st.CoverImageType)
		return storedFile{key: st.CoverImageKey, contentType: st.CoverImageType, name: name, ascii: name, what: "cover of student", id: string(st.ID)}, nil
	})
}

// resourceFileHandler serves GET /files/resources/{resourceID}: the file
// attached to an implementation resource, to the school's members (its
// privacy policy), under the name it was uploaded with (cleaned when it
// was stored), or its title when that name was nothing but an extension.
func (s *Server) resourceFileHandler() http.Handler {
	return s.fileRoute("resourceID", "This resource has no file: it is a link (Resource.url).", func(ctx context.Context, id pulid.ID) (storedFile, error) {
		res, err := s.db.Client.Resource.Query().Where(resource.ID(id)).
			Select(resource.FieldTitle, resource.FieldFileKey, resource.FieldFileName, resource.FieldFileType).
			Only(ctx)
		if err != nil {
			return storedFile{}, err
		}
		ext := storage.Extension(res.FileType)
		base := strings.TrimSuffix(res.FileName, ext)
		if strings.TrimSpace(base) == "" {
			base = res.Title
		}
		name, ascii := downloadName(base, ext)
		return storedFile{key: res.FileKey, contentType: res.FileType, name: name, ascii: ascii, what: "resource", id: string(res.ID)}, nil
	})
}

// sendStored sends f, never inline-sniffed or run by the browser, as an
// attachment.
func (s *Server) sendStored(w http.ResponseWriter, r *http.Request, f storedFile) {
	ctx := r.Context()
	rd, err := s.Files.Reader(ctx, f.key)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			s.log.ErrorContext(ctx, "stored file missing", f.what, f.id, "key", f.key)
			err = apperr.New(apperr.NotFound, "The file of this %s is missing.", f.what)
		}
		s.writeError(w, r, err)
		return
	}
	defer rd.Close()
	contentType := f.contentType
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", attachment(f.name, f.ascii))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	// The key is the file's hash: a strong validator for If-Range.
	h.Set("ETag", `"`+strings.TrimPrefix(f.key, storage.KeyPrefix)+`"`)
	// ServeContent answers Range requests (206, or 416 for a range past
	// the end), HEAD and Content-Length, so a player can seek in a video
	// or audio file; the reader seeks by asking the bucket for a range, so
	// a part of a file in S3 is all that is fetched.
	out := &errWriter{ResponseWriter: s.streamWriter(w)}
	http.ServeContent(out, r, "", time.Time{}, rd)
	if out.err != nil {
		s.log.WarnContext(ctx, "file download cut short", f.what, f.id, "err", out.err)
	}
}

// errWriter keeps the first write error, which ServeContent does not
// return.
type errWriter struct {
	http.ResponseWriter
	err error
}

func (c *errWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
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
