package database_test

import (
	"context"
	"testing"
	"time"

	"plp/internal/platform/database"
)

// TestSQLiteTimesSortAsText checks that SQLite stores times as UTC text in
// one format: a time from time.Now (which carries a monotonic reading) and
// one in another zone compare correctly in SQL and come back as the same
// instants, and MAX over them reads back as a time.
func TestSQLiteTimesSortAsText(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, at DATETIME NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now() // monotonic reading included
	// Three hours later, written in New York's zone: the driver's default
	// text ("… 19:00:00 -0500 EST" against "… 22:00:00 +0000 UTC") would
	// sort it first by its local clock reading.
	later := now.Add(3 * time.Hour).In(newYork)
	for i, at := range []time.Time{now, later} {
		if _, err := db.SQL.ExecContext(ctx, "INSERT INTO t (id, at) VALUES (?, ?)", i+1, at); err != nil {
			t.Fatal(err)
		}
	}
	var text string
	if err := db.SQL.QueryRowContext(ctx, "SELECT CAST(at AS TEXT) FROM t WHERE id = 2").Scan(&text); err != nil {
		t.Fatal(err)
	}
	if want := later.UTC().Format("2006-01-02 15:04:05.999999999-07:00"); text != want {
		t.Errorf("stored %q, want %q", text, want)
	}
	var maxID int
	if err := db.SQL.QueryRowContext(ctx, "SELECT id FROM t ORDER BY at DESC LIMIT 1").Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	if maxID != 2 {
		t.Errorf("ORDER BY at DESC put row %d first, want 2", maxID)
	}
	var got time.Time
	if err := db.Read.QueryRowContext(ctx, "SELECT at FROM t WHERE id = 1").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(now) {
		t.Errorf("read back %v, want %v", got, now)
	}
}

// TestAnalyzeKeepsIndexStatisticsOnly checks that Analyze leaves SQLite
// the per-index statistics and no sampled values (see Analyze for why).
func TestAnalyzeKeepsIndexStatisticsOnly(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE goals (id INTEGER PRIMARY KEY, school_id INTEGER, student_id INTEGER)",
		"CREATE INDEX goals_school ON goals (school_id)",
		"CREATE INDEX goals_student ON goals (student_id)",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO goals SELECT i, i % 3, i / 4 FROM n",
	} {
		if _, err := db.SQL.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	var stat1, stat4 int
	if err := db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_stat1").Scan(&stat1); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_stat4").Scan(&stat4); err != nil {
		t.Fatal(err)
	}
	if stat1 == 0 || stat4 != 0 {
		t.Errorf("sqlite_stat1 has %d rows, sqlite_stat4 %d: want some and none", stat1, stat4)
	}
}
