package home

import (
	"context"
	"fmt"
	"io"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/platform/storage"
)

// CoverFiles declares that a student's cover image holds a stored file, so
// the store keeps a file while any cover refers to it.
var CoverFiles = storage.Holder{
	Name: "cover images",
	Holds: func(ctx context.Context, c *ent.Client, key string) (bool, error) {
		return c.Student.Query().Where(student.CoverImageKey(key)).Exist(ctx)
	},
}

// MaxCoverBytes is the largest cover image accepted (less when the store's
// own limit is lower).
const MaxCoverBytes = 10 << 20

// CoverPath is where a student's cover image is downloaded (GET, with the
// bearer token), passing the same privacy as the student's record.
func CoverPath(student pulid.ID) string { return "/files/cover/" + string(student) }

// SetCover stores an image as the cover of a student's home page, replacing
// any earlier one. tx is the request's client (the change and its privacy
// check run in it); files stores the bytes; after is a client outside the
// transaction, with which the replaced image is deleted once the change has
// committed and nothing else refers to it (and the new one, should the
// change roll back).
//
// Errors: NOT_FOUND for a student the viewer cannot see; BAD_USER_INPUT on
// file when the bytes are not a JPEG, PNG, GIF, WebP or HEIC image
// (whatever the file's name says) or did not arrive whole; LIMIT_EXCEEDED
// over the limit; FORBIDDEN from the privacy policy when the viewer may
// not change the student's home (only the student and staff may).
func SetCover(ctx context.Context, tx *ent.Client, files *storage.Store, after *ent.Client, studentID pulid.ID, file io.Reader, name string) (*ent.Student, error) {
	old, err := coverOf(ctx, tx, studentID)
	if err != nil {
		return nil, err
	}
	limit := int64(MaxCoverBytes)
	if files.MaxBytes > 0 && files.MaxBytes < limit {
		limit = files.MaxBytes
	}
	stored, err := files.Put(ctx, file, name, storage.Limits{MaxBytes: limit, Types: storage.TypesFor("IMAGE")})
	if err != nil {
		return nil, err
	}
	var replaced []string
	if old.CoverImageKey != stored.Key {
		replaced = append(replaced, old.CoverImageKey)
	}
	done := files.ReleaseAfter(ctx, after, replaced, []string{stored.Key})
	s, err := tx.Student.UpdateOneID(studentID).
		SetCoverImageKey(stored.Key).
		SetCoverImageType(stored.ContentType).
		Save(ctx)
	done(err)
	if err != nil {
		return nil, fmt.Errorf("set cover image of %s: %w", studentID, err)
	}
	return s, nil
}

// ClearCover removes the cover image of a student's home page; the stored
// image is deleted once the change has committed and nothing else refers
// to it. Errors as SetCover's.
func ClearCover(ctx context.Context, tx *ent.Client, files *storage.Store, after *ent.Client, studentID pulid.ID) (*ent.Student, error) {
	old, err := coverOf(ctx, tx, studentID)
	if err != nil {
		return nil, err
	}
	done := files.ReleaseAfter(ctx, after, []string{old.CoverImageKey}, nil)
	s, err := tx.Student.UpdateOneID(studentID).ClearCoverImageKey().ClearCoverImageType().Save(ctx)
	done(err)
	if err != nil {
		return nil, fmt.Errorf("clear cover image of %s: %w", studentID, err)
	}
	return s, nil
}

// coverOf reads the student's current cover through privacy: a student the
// viewer cannot see is NOT_FOUND, before any byte is stored.
func coverOf(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Student, error) {
	return c.Student.Query().Where(student.ID(id)).
		Select(student.FieldCoverImageKey, student.FieldCoverImageType).
		Only(ctx)
}
