package jobs_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"plp/internal/devtools/apitest"
	"plp/internal/jobs"
	"plp/internal/platform/backup"
	"plp/internal/platform/database"
	"plp/internal/platform/storage"
)

// TestBackupJobKeepsTheNewest: the backup job at an injected clock, on the
// SQLite default. A run writes an archive that verifies; a run again within
// the day (a restarted server) writes none; daily runs keep the newest
// BackupKeep and delete the older ones, and leave other files alone;
// BackupKeep 0 turns it off.
func TestBackupJobKeepsTheNewest(t *testing.T) {
	if apitest.Dialect() != dialect.SQLite {
		t.Skip("the backup job backs up SQLite; PostgreSQL is dumped with pg_dump")
	}
	ctx := context.Background()
	dataDir := t.TempDir()
	db, err := database.Open(ctx, "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	files := storage.OpenURL(storage.DirURL(filepath.Join(dataDir, "files")))
	defer files.Close()
	if _, err := files.Put(ctx, bytes.NewReader([]byte("%PDF-1.4\n")), "a.pdf", storage.Limits{Types: []string{"application/pdf"}}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(dataDir, "backups")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "keep-me.tar.gz"), []byte("mine"), 0o600)
	job, ok := jobs.Find("backup")
	if !ok {
		t.Fatal("no backup job")
	}
	now := monday
	env := jobs.Env{Client: db.Client, Now: func() time.Time { return now },
		Backup: &backup.Source{DB: db, Files: files}}
	env.BackupDir, env.BackupKeep = dir, 3
	run := func() string {
		t.Helper()
		summary, err := jobs.RunOnce(ctx, env, job, false)
		if err != nil {
			t.Fatal(err)
		}
		return summary
	}
	archives := func() []string {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}

	if s := run(); !strings.Contains(s, "1 stored file(s)") {
		t.Errorf("first run: %s", s)
	}
	first := filepath.Join(dir, "plp-backup-20261123T140000Z.tar.gz")
	if m, err := backup.Verify(first); err != nil || m.Files() != 1 || m.FilesOnly {
		t.Fatalf("the first archive: %+v, %v", m, err)
	}
	now = now.Add(2 * time.Hour)
	if s := run(); !strings.Contains(s, "none due") {
		t.Errorf("a run two hours later: %s, want none due", s)
	}
	for range 4 {
		now = now.Add(jobs.BackupEvery)
		run()
	}
	want := []string{"keep-me.tar.gz", "plp-backup-20261125T160000Z.tar.gz", "plp-backup-20261126T160000Z.tar.gz", "plp-backup-20261127T160000Z.tar.gz"}
	if got := archives(); !slices.Equal(got, want) {
		t.Errorf("after five daily runs with keep 3: %v, want %v", got, want)
	}

	env.BackupKeep = 0
	now = now.Add(jobs.BackupEvery)
	if s := run(); !strings.Contains(s, "off") {
		t.Errorf("with keep 0: %s", s)
	}
	if got := archives(); !slices.Equal(got, want) {
		t.Errorf("with keep 0 the directory changed: %v", got)
	}
}
