package evidencestation

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/station"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
	"plp/internal/platform/clock"
	"plp/internal/platform/storage"
	"plp/internal/platform/viewer"
)

// MaxPhotoBytes is the largest photo a station takes (less when the store's
// own limit is lower).
const MaxPhotoBytes = 20 << 20

// UploadInput is one student's photo and reflection at a station.
type UploadInput struct {
	// Code is the student's personal code, as typed or scanned.
	Code string
	// Photo is the image; Name is the file name the device sent (used in
	// messages only).
	Photo io.Reader
	Name  string
	// Reflection is the student's answer to the station's question.
	Reflection string
	// Title names the evidence; empty gives "Photo from <station>".
	Title string
}

// Uploaded is what a station upload added to the student's plan.
type Uploaded struct {
	Student    *ent.Student
	Evidence   *ent.Evidence
	Reflection *ent.Reflection
}

// Upload adds a photo (IMAGE evidence) and a reflection on it to the plan
// of the student of the station's class whose code is in.Code, both
// attributed to the station; the reflection's prompt is the station's
// question. tx is the request's client; after, a client outside its
// transaction, deletes the stored photo should the change roll back;
// guesses limits wrong codes per station.
//
// Errors: FORBIDDEN unless the viewer is a station's token (and from the
// privacy rules, for a student under 13 without parental consent);
// RATE_LIMITED after too many wrong codes; BAD_USER_INPUT on code for a
// code that is malformed or no student of the class has, on reflection
// when it is blank or too long, on title when it is too long, and on file
// for a file that is not a JPEG, PNG, GIF, WebP or HEIC image whatever its
// name, or that did not arrive whole; LIMIT_EXCEEDED over the size limit.
// Nothing is written, and no file is kept, on any error.
func Upload(ctx context.Context, tx *ent.Client, files *storage.Store, after *ent.Client, guesses *auth.RateLimiter, in UploadInput) (*Uploaded, error) {
	v := viewer.FromContext(ctx)
	if !v.IsStation() {
		return nil, apperr.New(apperr.Forbidden, "Only a station's device token uploads at a station.")
	}
	body := strings.TrimSpace(in.Reflection)
	switch {
	case body == "":
		return nil, apperr.Invalid("reflection", "Write a reflection to go with the photo.")
	case utf8.RuneCountInString(body) > 10000:
		return nil, apperr.Invalid("reflection", "The reflection is longer than 10000 characters.")
	case utf8.RuneCountInString(in.Title) > 200 || strings.ContainsAny(in.Title, "\r\n"):
		return nil, apperr.Invalid("title", "The title must be one line of at most 200 characters.")
	}
	key := v.Key()
	if ok, wait := guesses.Check(key); !ok {
		e := auth.TooMany("wrong codes at this station", guesses.Rate(), wait)
		return nil, e.Err
	}
	code, ok := normalizeCode(in.Code)
	if !ok {
		guesses.Allow(key, 1)
		return nil, apperr.Invalid("code", "A personal code is %d letters and digits, as on the student's card.", CodeLen)
	}
	st, err := tx.Station.Query().Where(station.ID(v.Station.ID)).
		Select(station.FieldName, station.FieldQuestion).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("read station %s: %w", v.Station.ID, err)
	}
	// The class is a few dozen students: compare the code with each
	// one's salted hash rather than index a guessable value.
	kids, err := tx.Student.Query().
		Where(student.HasStationsWith(station.ID(st.ID)), student.StationCodeHashNotNil()).
		Select(student.FieldStationCodeHash, student.FieldPreferredName).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read class of station %s: %w", st.ID, err)
	}
	var kid *ent.Student
	for _, k := range kids {
		if codeMatches(k, code) {
			kid = k
		}
	}
	if kid == nil {
		guesses.Allow(key, 1)
		return nil, apperr.Invalid("code", "No student of this station's class has that code: check the card.")
	}

	limit := int64(MaxPhotoBytes)
	if files.MaxBytes > 0 && files.MaxBytes < limit {
		limit = files.MaxBytes
	}
	stored, err := files.Put(ctx, in.Photo, in.Name, storage.Limits{MaxBytes: limit, Types: storage.TypesFor("IMAGE")})
	if err != nil {
		return nil, err
	}
	done := files.ReleaseAfter(ctx, after, nil, []string{stored.Key})
	out, err := record(ctx, tx, st, kid, stored, body, in.Title)
	done(err)
	return out, err
}

// record writes the evidence and the reflection, as the station (its
// privacy rule checks the student is of its class), and notes when the
// station was last used.
func record(ctx context.Context, tx *ent.Client, st *ent.Station, kid *ent.Student, stored storage.Stored, body, title string) (*Uploaded, error) {
	now := clock.Now(ctx).UTC()
	if strings.TrimSpace(title) == "" {
		title = "Photo from " + st.Name
	}
	ev, err := tx.Evidence.Create().
		SetStudentID(kid.ID).
		SetStationID(st.ID).
		SetTitle(title).
		SetKind(evidence.KindImage).
		SetBlobKey(stored.Key).
		SetContentType(stored.ContentType).
		SetSize(stored.Size).
		SetSha256(stored.SHA256).
		SetInSchool(true).
		SetOccurredOn(now).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("add station photo for %s: %w", kid.ID, err)
	}
	ref := tx.Reflection.Create().
		SetStudentID(kid.ID).
		SetStationID(st.ID).
		SetEvidenceID(ev.ID).
		SetBody(body)
	if st.Question != "" {
		ref.SetPrompt(st.Question)
	}
	r, err := ref.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("add station reflection for %s: %w", kid.ID, err)
	}
	if err := tx.Station.UpdateOneID(st.ID).SetLastUsedAt(now).Exec(viewer.SystemContext(ctx)); err != nil {
		return nil, fmt.Errorf("note use of station %s: %w", st.ID, err)
	}
	return &Uploaded{Student: kid, Evidence: ev, Reflection: r}, nil
}
