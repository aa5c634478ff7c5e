package database

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
)

// SnapshotSQLite writes a consistent copy of db's SQLite file to path
// (which must not exist) with VACUUM INTO, on a connection of its own: in
// WAL mode it reads one committed state while the server goes on writing.
func SnapshotSQLite(ctx context.Context, db *DB, path string) error {
	if db.Dialect != dialect.SQLite || db.Path == "" {
		return fmt.Errorf("snapshot: only an SQLite database file can be copied this way")
	}
	conn, err := sql.Open("sqlite", "file:"+db.Path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("snapshot %s: %w", db.Path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("snapshot %s: %w", db.Path, err)
	}
	return nil
}
