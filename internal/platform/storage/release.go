package storage

import (
	"context"
	"fmt"
	"log/slog"

	"plp/ent"
	"plp/internal/platform/viewer"
)

// A Holder is one kind of row that can refer to a stored file: evidence, a
// student's cover image, an implementation resource. Storage does not know
// the tables: the capability that owns the column declares its Holder, and
// the server gives the store every one (New, OpenURL), so that a file is
// deleted only when no holder still refers to it.
type Holder struct {
	// Name says what holds files, for errors ("evidence").
	Name string
	// Holds reports whether any row of its kind refers to key. ctx is the
	// system's: identical bytes are stored once, so a row of any school
	// may share the key.
	Holds func(ctx context.Context, client *ent.Client, key string) (bool, error)
}

// Release deletes the file stored under key when none of the store's
// holders refers to it (asked as the system, across schools). Call it
// after the change that dropped the reference has committed, with a client
// outside that transaction. A store that was given no holders deletes
// nothing: it cannot tell a file in use from an orphan.
func (s *Store) Release(ctx context.Context, client *ent.Client, key string) error {
	if key == "" {
		return nil
	}
	if len(s.holders) == 0 {
		return fmt.Errorf("keep stored file %s: the store knows of nothing that holds files", key)
	}
	sys := viewer.SystemContext(ctx)
	for _, h := range s.holders {
		held, err := h.Holds(sys, client, key)
		if err != nil {
			return fmt.Errorf("look for %s using a stored file: %w", h.Name, err)
		}
		if held {
			return nil
		}
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
