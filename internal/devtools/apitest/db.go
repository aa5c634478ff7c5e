// Package apitest is the test harness every later issue reuses: a real
// database (a SQLite file, or PostgreSQL when PLP_TEST_DATABASE_URL is set),
// a real HTTP server on loopback, a small GraphQL client, and helpers to sign
// in as each role of the demo school.
package apitest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"entgo.io/ent/dialect"

	"plp/internal/platform/database"
)

// DatabaseURLEnv names the PostgreSQL server tests run against. Unset, tests
// use SQLite files in temporary directories.
const DatabaseURLEnv = "PLP_TEST_DATABASE_URL"

// Dialect returns the dialect tests run on.
func Dialect() string {
	if os.Getenv(DatabaseURLEnv) != "" {
		return dialect.Postgres
	}
	return dialect.SQLite
}

// NewDB returns a migrated, empty database of its own for one test: a new
// SQLite file, or a new PostgreSQL database on the PLP_TEST_DATABASE_URL
// server. It is closed (and dropped) when the test ends. Tests may run in
// parallel: no two share a database.
func NewDB(tb testing.TB) *database.DB {
	tb.Helper()
	ctx := context.Background()
	url := ""
	if server := os.Getenv(DatabaseURLEnv); server != "" {
		_, dbURL, drop, err := database.ScratchDB(ctx, dialect.Postgres, server)
		if err != nil {
			tb.Fatalf("create test database on %s: %v", DatabaseURLEnv, err)
		}
		tb.Cleanup(drop)
		url = dbURL
	} else {
		url = "sqlite:" + filepath.Join(tb.TempDir(), "plp.db")
	}
	db, err := database.Open(ctx, url, "")
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate test database: %v", err)
	}
	return db
}
