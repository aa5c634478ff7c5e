package database_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"plp/ent/migrate/migrations"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/database"
)

// TestMigrationsMatchSchema fails when the ent schema changed without a
// migration: it replays the committed migrations on a scratch database and
// asks ent for the difference, which must be nothing. Fix a failure with
// `go run ./cmd/plp migrate new NAME`.
func TestMigrationsMatchSchema(t *testing.T) {
	t.Parallel()
	dialectName := apitest.Dialect()
	folder := "sqlite"
	if dialectName == "postgres" {
		folder = "postgres"
	}
	dir := t.TempDir()
	files, err := fs.Glob(migrations.FS, folder+"/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no embedded migrations for %s: %v", folder, err)
	}
	for _, f := range files {
		b, err := migrations.FS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The checksum file is not embedded (only *.sql is), so write it from disk.
	sum, err := os.ReadFile(filepath.Join("..", "..", "..", "ent", "migrate", "migrations", folder, "atlas.sum"))
	if err != nil {
		t.Fatalf("read atlas.sum: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "atlas.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	dev, _, drop, err := database.ScratchDB(context.Background(), dialectName, os.Getenv(apitest.DatabaseURLEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	changed, err := database.Diff(context.Background(), dialectName, dev, dir, "drift")
	if err != nil {
		t.Fatalf("diff: %v", err)
	}
	if changed {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if filepath.Ext(e.Name()) == ".sql" && !slices.Contains(files, folder+"/"+e.Name()) {
				b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				t.Errorf("the ent schema and the %s migrations drift apart; run `go run ./cmd/plp migrate new NAME`. Missing:\n%s", folder, b)
			}
		}
	}
}

// TestMigrateIsIdempotent applies the migrations to a migrated database:
// nothing runs, nothing is pending.
func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	ctx := context.Background()
	n, err := db.Migrate(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second Migrate ran %d migrations, err %v; want 0, nil", n, err)
	}
	pending, err := db.Pending(ctx)
	if err != nil || pending != 0 {
		t.Fatalf("Pending = %d, %v; want 0", pending, err)
	}
}
