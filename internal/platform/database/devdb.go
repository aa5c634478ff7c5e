package database

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"

	"entgo.io/ent/dialect"
)

// ScratchDB opens an empty database to compute migrations in or run a test
// against: in-memory SQLite, or a new database on the PostgreSQL server that
// serverURL names. The returned func drops it.
func ScratchDB(ctx context.Context, dialectName, serverURL string) (*sql.DB, string, func(), error) {
	if dialectName != dialect.Postgres {
		db, err := sql.Open("sqlite", "file:scratch-"+randomName()+"?mode=memory&cache=shared&_pragma=foreign_keys(1)")
		if err != nil {
			return nil, "", nil, err
		}
		db.SetMaxOpenConns(1)
		return db, "", func() { db.Close() }, nil
	}
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		return nil, "", nil, fmt.Errorf("open %s: %w", redact(serverURL), err)
	}
	name := "plp_scratch_" + randomName()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, "", nil, fmt.Errorf("create scratch database on %s: %w", redact(serverURL), err)
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		admin.Close()
		return nil, "", nil, err
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		admin.Close()
		return nil, "", nil, err
	}
	drop := func() {
		db.Close()
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}
	return db, u.String(), drop, nil
}

func randomName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
