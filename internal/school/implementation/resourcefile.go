package implementation

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"

	"plp/ent"
	"plp/ent/resource"
	"plp/ent/schema/pulid"
	"plp/internal/platform/storage"
)

// ResourceFiles declares that an implementation resource holds a stored
// file, so the store keeps a file while any resource refers to it.
var ResourceFiles = storage.Holder{
	Name: "implementation resources",
	Holds: func(ctx context.Context, c *ent.Client, key string) (bool, error) {
		return c.Resource.Query().Where(resource.FileKey(key)).Exist(ctx)
	},
}

// MaxResourceFileBytes is the largest file a resource may carry (less when
// the store's own limit is lower).
const MaxResourceFileBytes = 25 << 20

// ResourceFilePath is where a resource's file is downloaded (GET, with the
// bearer token), passing the same privacy as the resource: every member of
// the school.
func ResourceFilePath(id pulid.ID) string { return "/files/resources/" + string(id) }

// AttachFile stores a file as the resource's content, in place of its link
// or of an earlier file. tx is the request's client (the change and its
// privacy check run in it); files stores the bytes; after is a client
// outside the transaction, with which the replaced file is deleted once the
// change has committed and nothing else refers to it (and the new one,
// should the change roll back: a refusal leaves nothing behind).
//
// Errors: NOT_FOUND for a resource the viewer cannot see (another
// school's); BAD_USER_INPUT on file when the bytes are not one of
// storage.ResourceTypes (whatever the name says), are empty or did not
// arrive whole; LIMIT_EXCEEDED over the limit; NOT_FOUND (or FORBIDDEN)
// from the privacy policy for anyone but the school's admins.
func AttachFile(ctx context.Context, tx *ent.Client, files *storage.Store, after *ent.Client, id pulid.ID, file io.Reader, name string) (*ent.Resource, error) {
	old, err := fileOf(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	limit := int64(MaxResourceFileBytes)
	if files.MaxBytes > 0 && files.MaxBytes < limit {
		limit = files.MaxBytes
	}
	stored, err := files.Put(ctx, file, name, storage.Limits{MaxBytes: limit, Types: storage.ResourceTypes()})
	if err != nil {
		return nil, err
	}
	var replaced []string
	if old.FileKey != stored.Key {
		replaced = append(replaced, old.FileKey)
	}
	done := files.ReleaseAfter(ctx, after, replaced, []string{stored.Key})
	r, err := tx.Resource.UpdateOneID(id).
		ClearURL(). // a resource is a link or a file, never both
		SetFileKey(stored.Key).
		SetFileName(CleanFileName(name, storage.Extension(stored.ContentType))).
		SetFileType(stored.ContentType).
		SetFileSize(stored.Size).
		Save(ctx)
	done(err)
	if err != nil {
		return nil, fmt.Errorf("attach a file to resource %s: %w", id, err)
	}
	return r, nil
}

// RemoveFile takes the file off a resource (which then has neither link
// nor file until updateResource gives it a link); the stored file is
// deleted once the change has committed and nothing else refers to it.
// Errors as AttachFile's.
func RemoveFile(ctx context.Context, tx *ent.Client, files *storage.Store, after *ent.Client, id pulid.ID) (*ent.Resource, error) {
	old, err := fileOf(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	done := files.ReleaseAfter(ctx, after, []string{old.FileKey}, nil)
	r, err := tx.Resource.UpdateOneID(id).ClearFileKey().ClearFileName().ClearFileType().ClearFileSize().Save(ctx)
	done(err)
	if err != nil {
		return nil, fmt.Errorf("remove the file of resource %s: %w", id, err)
	}
	return r, nil
}

// fileOf reads the resource's current file through privacy: a resource the
// viewer cannot see is NOT_FOUND, before any byte is stored.
func fileOf(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Resource, error) {
	return c.Resource.Query().Where(resource.ID(id)).Select(resource.FieldFileKey).Only(ctx)
}

// CleanFileName is the name a file is kept and downloaded under: the base
// of the name it was uploaded with (no folders), without control
// characters, quotes, backslashes or slashes, at most 120 characters, and
// ending in ext, the extension of its sniffed type (so a download never
// claims another type than it has). "file"+ext when nothing is left.
func CleanFileName(name, ext string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	base := strings.TrimSuffix(name, path.Ext(name))
	base = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), strings.ContainsRune("\"'`/\\<>:*?|;%", r):
			return ' '
		}
		return r
	}, base)
	base = strings.Join(strings.Fields(base), " ")
	if rs := []rune(base); len(rs) > 120 {
		base = strings.TrimSpace(string(rs[:120]))
	}
	base = strings.Trim(base, ". ")
	if base == "" || base == "/" {
		base = "file"
	}
	return base + ext
}
