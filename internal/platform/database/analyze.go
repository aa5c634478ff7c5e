package database

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
)

// Analyze refreshes the planner's statistics; run it after a bulk load.
// Without them SQLite reads a student's goals through the school_id index
// (every goal of the school) rather than the student_id one.
//
// On SQLite it keeps only the per-index statistics (sqlite_stat1) and drops
// the sampled values (sqlite_stat4). With samples, the planner marks every
// statement whose plan could depend on a bound value, and SQLite then
// compiles it again each time it runs with new arguments: a tenth of the
// plan page's CPU went to recompiling, and prepared statements saved
// nothing. The per-index statistics alone choose the same indexes here.
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.SQL.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	if db.Dialect != dialect.SQLite {
		return nil
	}
	if _, err := db.SQL.ExecContext(ctx, "DELETE FROM sqlite_stat4"); err != nil {
		if strings.Contains(err.Error(), "no such table") { // built without STAT4
			return nil
		}
		return fmt.Errorf("drop sampled statistics: %w", err)
	}
	// Reload the statistics on this connection; the read pool's
	// connections load them when they next see the schema change.
	if _, err := db.SQL.ExecContext(ctx, "ANALYZE sqlite_schema"); err != nil {
		return fmt.Errorf("reload statistics: %w", err)
	}
	return nil
}
