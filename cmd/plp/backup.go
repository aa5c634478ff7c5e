package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"entgo.io/ent/dialect"

	"plp/internal/platform/backup"
	"plp/internal/platform/database"
	"plp/internal/platform/envflag"
	"plp/internal/platform/storage"
	"plp/server"
)

// storageFlag adds --storage-url, as serve has it.
func storageFlag(fs *flag.FlagSet, cfg *server.Config) {
	fs.StringVar(&cfg.StorageURL, "storage-url", cfg.StorageURL, "gocloud.dev/blob bucket URL for uploaded files: file:///srv/plp/files, or s3://BUCKET?region=R (&endpoint=URL&use_path_style=true for an S3-compatible server; credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) (default: the directory files under --data-dir; env PLP_STORAGE_URL)")
}

// backupCmd is `plp backup --to FILE [--files-only]`: a consistent copy
// of the SQLite database and of the stored files, while the server runs.
func backupCmd(ctx context.Context, args []string) error {
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("backup", flag.ExitOnError)
	dbFlags(fs, &cfg)
	storageFlag(fs, &cfg)
	to := fs.String("to", "", "the archive to write (tar.gz); it must not exist")
	filesOnly := fs.Bool("files-only", false, "copy the stored files only (PostgreSQL: dump the database with pg_dump, see the README)")
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: say where to write it: plp backup --to FILE")
	}
	if cfg.DatabaseURL == "" {
		// Opening a missing SQLite file would create an empty one.
		if _, err := os.Stat(filepath.Join(cfg.DataDir, "plp.db")); err != nil {
			return fmt.Errorf("backup: no database in the data directory %s (--data-dir): %w", cfg.DataDir, err)
		}
	}
	db, err := database.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Dialect == dialect.Postgres && !*filesOnly {
		return errors.New("backup: on PostgreSQL, dump the database with pg_dump (see the README) and copy the stored files with plp backup --files-only --to FILE")
	}
	files := storage.OpenURL(cfg.FilesURL())
	defer files.Close()
	m, err := backup.WriteFile(ctx, *to, backup.Source{DB: db, Files: files, FilesOnly: *filesOnly}, time.Now())
	if err != nil {
		return err
	}
	what := "the database and "
	if m.FilesOnly {
		what = ""
	}
	fmt.Printf("wrote %s: %s%d stored file(s), migration version %d\n", *to, what, m.Files(), m.MigrationVersion)
	return nil
}

// restoreCmd is `plp restore FILE`: check the archive, then write it into
// an empty data directory and an empty file store.
func restoreCmd(ctx context.Context, args []string) error {
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("restore", flag.ExitOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: plp restore [--data-dir DIR] [--storage-url URL] FILE")
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "the empty directory to restore the SQLite database into (env PLP_DATA_DIR)")
	storageFlag(fs, &cfg)
	var file string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	}
	if file == "" {
		return errors.New("restore: name the archive: plp restore FILE")
	}
	files := storage.OpenURL(cfg.FilesURL())
	defer files.Close()
	m, err := backup.Restore(ctx, file, backup.Target{DataDir: cfg.DataDir, Files: files})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if m.FilesOnly {
		fmt.Printf("restored %d stored file(s) from %s (taken %s); restore the database with pg_restore\n", m.Files(), file, m.CreatedAt.Format(time.RFC3339))
		return nil
	}
	fmt.Printf("restored the database (migration version %d) and %d stored file(s) from %s (taken %s) into %s\n",
		m.MigrationVersion, m.Files(), file, m.CreatedAt.Format(time.RFC3339), cfg.DataDir)
	return nil
}
