package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"plp/internal/devtools/migrationgen"
	"plp/internal/platform/envflag"
)

// migrateNew writes a new migration for each dialect from the ent schema.
func migrateNew(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate new", flag.ExitOnError)
	dir := fs.String("dir", "ent/migrate/migrations", "the migrations folder (holds sqlite/ and postgres/)")
	devURL := fs.String("dev-url", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		"a PostgreSQL server where a scratch database may be created (env PLP_DEV_DATABASE_URL)")
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: plpdev migrate new [--dir DIR] [--dev-url URL] NAME")
	}
	return migrationgen.NewMigrations(ctx, *dir, *devURL, fs.Arg(0), os.Stdout)
}

// migrateHash rewrites atlas.sum after a migration written by hand.
func migrateHash(args []string) error {
	fs := flag.NewFlagSet("migrate hash", flag.ExitOnError)
	dir := fs.String("dir", "ent/migrate/migrations", "the migrations folder (holds sqlite/ and postgres/)")
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	return migrationgen.HashMigrations(*dir, os.Stdout)
}
