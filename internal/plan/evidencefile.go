package plan

import (
	"context"
	"errors"
	"fmt"
	"io"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/storage"
)

// errNoStorage is the answer of a server started without file storage.
var errNoStorage = errors.New("file storage is not configured")

// AttachEvidenceFile stores a file as the content of a piece of evidence,
// replacing any earlier one. tx is the request's client (the change and its
// privacy checks run in it); files stores the bytes, its type sniffed from
// them, not taken from the name; after is a client outside the transaction,
// with which the replaced file is deleted once the change has committed and
// nothing else refers to it (and the new one, should the change roll back:
// a refusal leaves nothing behind).
//
// Errors: NOT_FOUND for evidence the viewer cannot see; BAD_USER_INPUT on
// file for LINK or TEXT evidence, which has no file, and for bytes that
// are not of a type the evidence's kind takes (storage.TypesFor), are empty
// or did not arrive whole; LIMIT_EXCEEDED over the store's limit;
// FORBIDDEN from the privacy policy for anyone but the student and staff.
func AttachEvidenceFile(ctx context.Context, tx *ent.Client, files *storage.Store, after *ent.Client, id pulid.ID, file io.Reader, name string) (*ent.Evidence, error) {
	if files == nil {
		return nil, errNoStorage
	}
	ev, err := tx.Evidence.Query().Where(evidence.ID(id)).
		Select(evidence.FieldKind, evidence.FieldBlobKey).
		Only(ctx)
	if err != nil {
		return nil, err
	}
	kind := string(ev.Kind)
	if !storage.HasFile(kind) {
		return nil, apperr.Invalid("file", "%s evidence has no file; upload files to IMAGE, VIDEO, AUDIO or DOCUMENT evidence.", kind)
	}
	stored, err := files.Put(ctx, file, name, storage.Limits{MaxBytes: files.MaxBytes, Types: storage.TypesFor(kind)})
	if err != nil {
		return nil, err
	}
	var replaced []string
	if ev.BlobKey != stored.Key {
		replaced = append(replaced, ev.BlobKey)
	}
	done := files.ReleaseAfter(ctx, after, replaced, []string{stored.Key})
	updated, err := tx.Evidence.UpdateOneID(id).
		SetBlobKey(stored.Key).
		SetContentType(stored.ContentType).
		SetSize(stored.Size).
		SetSha256(stored.SHA256).
		Save(ctx)
	done(err)
	if err != nil {
		return nil, fmt.Errorf("attach a file to evidence %s: %w", id, err)
	}
	return updated, nil
}

// DeleteEvidence deletes a piece of evidence; its file is deleted once the
// change has committed and nothing else refers to it. Arguments as
// AttachEvidenceFile's. Errors: NOT_FOUND for evidence the viewer cannot
// see; FORBIDDEN from the privacy policy for anyone but the student and
// staff.
func DeleteEvidence(ctx context.Context, tx *ent.Client, files *storage.Store, after *ent.Client, id pulid.ID) error {
	if files == nil {
		return errNoStorage
	}
	ev, err := tx.Evidence.Query().Where(evidence.ID(id)).Select(evidence.FieldBlobKey).Only(ctx)
	if err != nil {
		return err
	}
	done := files.ReleaseAfter(ctx, after, []string{ev.BlobKey}, nil)
	err = tx.Evidence.DeleteOneID(id).Exec(ctx)
	done(err)
	if err != nil {
		return fmt.Errorf("delete evidence %s: %w", id, err)
	}
	return nil
}
