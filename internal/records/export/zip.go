package export

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"plp/ent/auditevent"
	"plp/internal/platform/audit"
)

// Notes on evidence files (File.Note).
const (
	noteNoFiles  = "Files are not included in this export; this is the file's description."
	noteUnread   = "The file could not be read from storage, so it is not included; ask the school for it."
	noteChecksum = "The file's contents do not match the size or checksum recorded when it was uploaded."
)

// WriteZip records the export in the audit trail and writes the zip to w:
// README.txt, then the cover image and each evidence file (streamed from
// files, never held in memory), then plan.json, last so that it can say
// which files made it.
//
// A file that cannot be opened is left out with a note in plan.json; an
// error while copying one, or writing to w, ends the export with the error
// and without the zip's central directory, so a partial zip does not open
// as if it were whole.
func (e *Export) WriteZip(ctx context.Context, files Files, w io.Writer) error {
	audit.Record(ctx, audit.Event{
		SchoolID:    e.student.SchoolID,
		ActorID:     e.actor,
		StudentID:   e.student.ID,
		Action:      auditevent.ActionExport,
		SubjectType: "Student",
		SubjectID:   string(e.student.ID),
		Detail:      "plan export",
	})
	doc := e.doc
	doc.Evidence = make([]Evidence, len(e.doc.Evidence))
	copy(doc.Evidence, e.doc.Evidence)
	zw := zip.NewWriter(w)
	// Files are written to copies of their descriptions, so the Export's
	// own document stays as Load made it.
	include := func(owner string, file **File) error {
		if *file == nil {
			return nil
		}
		f := **file
		*file = &f
		if files == nil {
			f.Note = noteNoFiles
			return nil
		}
		return e.writeFile(ctx, zw, files, owner, &f)
	}
	if err := e.writeEntry(zw, "README.txt", func(w io.Writer) error {
		_, err := io.WriteString(w, readme(e.doc, files != nil))
		return err
	}); err != nil {
		return err
	}
	if err := include(doc.Student.ID, &doc.Student.CoverImage); err != nil {
		return err
	}
	for i := range doc.Evidence {
		if err := include(doc.Evidence[i].ID, &doc.Evidence[i].File); err != nil {
			return err
		}
	}
	if err := e.writeEntry(zw, "plan.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	}); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("export: finish zip: %w", err)
	}
	return nil
}

func (e *Export) writeEntry(zw *zip.Writer, name string, write func(io.Writer) error) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: e.doc.ExportedAt})
	if err != nil {
		return fmt.Errorf("export: write %s: %w", name, err)
	}
	if err := write(w); err != nil {
		return fmt.Errorf("export: write %s: %w", name, err)
	}
	return nil
}

// writeFile copies the file of owner (an evidence or, for its cover image,
// the student) into the zip, checking it against the size and checksum
// recorded at upload, if any, on the way.
func (e *Export) writeFile(ctx context.Context, zw *zip.Writer, files Files, owner string, f *File) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	rc, err := files.Open(ctx, e.blobs[owner])
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("export: open file of %s: %w", owner, err)
		}
		f.Note = noteUnread
		return nil
	}
	defer rc.Close()
	path := "files/" + owner + "/" + f.Name
	method := zip.Deflate
	if compressed(f.ContentType) {
		method = zip.Store
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: path, Method: method, Modified: e.doc.ExportedAt})
	if err != nil {
		return fmt.Errorf("export: write %s: %w", path, err)
	}
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, sum), rc)
	if err != nil {
		return fmt.Errorf("export: copy file of %s: %w", owner, err)
	}
	f.Included, f.Path = true, path
	if (f.Size > 0 && n != f.Size) || (f.SHA256 != "" && !strings.EqualFold(hex.EncodeToString(sum.Sum(nil)), f.SHA256)) {
		f.Note = noteChecksum
	}
	return nil
}

// compressed reports whether files of a media type are compressed already,
// so that deflating them again would cost time for nothing.
func compressed(contentType string) bool {
	ct, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	ct = strings.TrimSpace(ct)
	switch ct {
	case "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif",
		"audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/webm",
		"application/zip", "application/gzip", "application/x-7z-compressed",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return true
	}
	return strings.HasPrefix(ct, "video/")
}
