package storage

import (
	"context"
	"fmt"
	"log/slog"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/resource"
	"plp/ent/student"
	"plp/internal/platform/viewer"
)

// Release deletes the file stored under key when no evidence, no
// student's cover image and no implementation resource refers to it
// (counted as the system, across schools: identical bytes are stored once,
// so one key can be shared). Call it after the change that dropped the
// reference has committed, with a client outside that transaction.
func (s *Store) Release(ctx context.Context, client *ent.Client, key string) error {
	if key == "" {
		return nil
	}
	n, err := client.Evidence.Query().Where(evidence.BlobKey(key)).Count(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("count references to a stored file: %w", err)
	}
	if n > 0 {
		return nil
	}
	n, err = client.Student.Query().Where(student.CoverImageKey(key)).Count(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("count cover images using a stored file: %w", err)
	}
	if n > 0 {
		return nil
	}
	n, err = client.Resource.Query().Where(resource.FileKey(key)).Count(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("count implementation resources using a stored file: %w", err)
	}
	if n > 0 {
		return nil
	}
	return s.Delete(ctx, key)
}

// ReleaseAfter arranges for the files under committed (when the change
// commits) or rolledBack (when it does not) to be released (see Release)
// once the transaction on ctx ends, reading with client, which must not be
// that transaction's. Without a transaction on ctx, the returned func
// releases them at once by the error of the write; with one it does
// nothing. Failures are logged: the client's change stands, and the worst
// outcome is an orphan file.
func (s *Store) ReleaseAfter(ctx context.Context, client *ent.Client, committed, rolledBack []string) func(writeErr error) {
	release := func(keys []string) {
		ctx := context.WithoutCancel(ctx)
		for _, key := range keys {
			if err := s.Release(ctx, client, key); err != nil {
				slog.ErrorContext(ctx, "release a stored file", "key", key, "err", err)
			}
		}
	}
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		return func(err error) {
			if err == nil {
				release(committed)
			} else {
				release(rolledBack)
			}
		}
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(txCtx context.Context, tx *ent.Tx) error {
			if err := next.Commit(txCtx, tx); err != nil {
				release(rolledBack)
				return err
			}
			release(committed)
			return nil
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(txCtx context.Context, tx *ent.Tx) error {
			err := next.Rollback(txCtx, tx)
			release(rolledBack)
			return err
		})
	})
	return func(error) {}
}
