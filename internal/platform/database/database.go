// Package database opens PLP's database, embedded SQLite or PostgreSQL, and
// keeps its schema current with versioned migrations.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"plp/ent"
	_ "plp/ent/runtime" // hooks and privacy policies of the ent schema
)

// DB is an open database with its ent client.
type DB struct {
	Client  *ent.Client
	Dialect string
	// SQL is the connection that migrations and health checks use: the
	// writer on SQLite, the pool on PostgreSQL.
	SQL *sql.DB
	// Read is the pool reads go through: the read-only pool on SQLite,
	// the one pool on PostgreSQL. For tools that read with plain SQL
	// (the benchmark's baseline).
	Read *sql.DB
	// Path is the SQLite file; empty on PostgreSQL. Backups copy it.
	Path string

	statements atomic.Int64
	failed     atomic.Int64
	closers    []func() error
}

// Statements returns how many SQL statements have run since the database
// was opened.
func (db *DB) Statements() int64 { return db.statements.Load() }

// StatementErrors returns how many SQL statements have failed since the
// database was opened (constraint violations included).
func (db *DB) StatementErrors() int64 { return db.failed.Load() }

// Close closes the client and every connection.
func (db *DB) Close() error {
	var errs []error
	for _, c := range db.closers {
		errs = append(errs, c())
	}
	return errors.Join(errs...)
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// Open opens the database that url names: a postgres:// or postgresql://
// URL for PostgreSQL; empty for the SQLite file plp.db in dataDir.
// It does not migrate; call Migrate.
func Open(ctx context.Context, rawURL, dataDir string) (*DB, error) {
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		return openPostgres(ctx, rawURL)
	}
	if rawURL != "" && !strings.HasPrefix(rawURL, "sqlite:") && !strings.HasPrefix(rawURL, "file:") {
		return nil, fmt.Errorf("database URL %q: use postgres://... for PostgreSQL, or leave it empty for SQLite in the data directory", redact(rawURL))
	}
	path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "file:")
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		path = filepath.Join(dataDir, "plp.db")
	}
	return openSQLite(ctx, path)
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", redact(rawURL), err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w", redact(rawURL), err)
	}
	db := &DB{Dialect: dialect.Postgres, SQL: pool, Read: pool}
	db.Client = ent.NewClient(ent.Driver(countingDriver{Driver: entsql.OpenDB(dialect.Postgres, pool), total: &db.statements, failed: &db.failed}))
	db.closers = []func() error{db.Client.Close}
	return db, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	// Times are written in UTC in one fixed format (2006-01-02
	// 15:04:05.999999999+00:00), so text comparisons and MIN/MAX in SQL order
	// them correctly and aggregates read back as times. The driver's default
	// is time.Time.String: the writer's zone, and " m=+0.16" when the value
	// carries a monotonic reading.
	common := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)" +
		"&_time_format=sqlite&_timezone=UTC"
	writer, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// One writer: SQLite serialises writes anyway, and a queue in Go waits
	// where a second connection would fail with SQLITE_BUSY.
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite reader %s: %w", path, err)
	}
	readers := max(4, runtime.NumCPU())
	reader.SetMaxOpenConns(readers)
	// Keep every reader open: a closed connection loses its prepared
	// statements (and database/sql keeps only two idle by default).
	reader.SetMaxIdleConns(readers)
	db := &DB{Dialect: dialect.SQLite, SQL: writer, Read: reader, Path: path}
	drv := splitDriver{writer: entsql.OpenDB(dialect.SQLite, writer), reader: newCachedDriver(reader, stmtCacheSize)}
	db.Client = ent.NewClient(ent.Driver(countingDriver{Driver: drv, total: &db.statements, failed: &db.failed}))
	db.closers = []func() error{db.Client.Close}
	return db, nil
}

// redact hides the password of a database URL for logs and errors.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
