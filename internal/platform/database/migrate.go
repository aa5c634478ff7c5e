package database

import (
	"context"
	"fmt"
	"io/fs"

	"entgo.io/ent/dialect"
	"github.com/pressly/goose/v3"

	"plp/ent/migrate/migrations"
)

func provider(db *DB) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations.FS, migrations.Folder(db.Dialect))
	if err != nil {
		return nil, fmt.Errorf("migrations for %s: %w", db.Dialect, err)
	}
	gooseDialect := goose.DialectSQLite3
	if db.Dialect == dialect.Postgres {
		gooseDialect = goose.DialectPostgres
	}
	return goose.NewProvider(gooseDialect, db.SQL, sub)
}

// Migrate applies every migration not yet applied and returns how many ran.
// On PostgreSQL goose holds an advisory lock, so replicas starting together
// migrate once.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := provider(db)
	if err != nil {
		return 0, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("apply migrations: %w", err)
	}
	return len(results), nil
}

// Pending returns how many embedded migrations are not applied yet.
func (db *DB) Pending(ctx context.Context) (int, error) {
	p, err := provider(db)
	if err != nil {
		return 0, err
	}
	status, err := p.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("migration status: %w", err)
	}
	n := 0
	for _, s := range status {
		if s.State == goose.StatePending {
			n++
		}
	}
	return n, nil
}

// Version returns the highest migration version applied to the database
// (0 before the first), as backups record it.
func (db *DB) Version(ctx context.Context) (int64, error) {
	p, err := provider(db)
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("migration version: %w", err)
	}
	return v, nil
}
