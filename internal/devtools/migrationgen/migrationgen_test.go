package migrationgen_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"plp/ent/migrate/migrations"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/migrationgen"
	"plp/internal/platform/database"
)

// TestMigrationsMatchSchema fails when the ent schema changed without a
// migration: it replays the committed migrations on a scratch database and
// asks ent for the difference, which must be nothing. Fix a failure with
// `go run ./cmd/plpdev migrate new NAME`.
func TestMigrationsMatchSchema(t *testing.T) {
	t.Parallel()
	dialectName := apitest.Dialect()
	folder := migrations.Folder(dialectName)
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
	changed, err := migrationgen.Diff(context.Background(), dialectName, dev, dir, "drift")
	if err != nil {
		t.Fatalf("diff: %v", err)
	}
	if changed {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if filepath.Ext(e.Name()) == ".sql" && !slices.Contains(files, folder+"/"+e.Name()) {
				b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				t.Errorf("the ent schema and the %s migrations drift apart; run `go run ./cmd/plpdev migrate new NAME`. Missing:\n%s", folder, b)
			}
		}
	}
}
