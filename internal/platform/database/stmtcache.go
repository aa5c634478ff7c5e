package database

import (
	"container/list"
	"context"
	"database/sql"
	"errors"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// stmtCache keeps prepared statements for SQLite's read pool, keyed by
// their SQL text. modernc's SQLite compiles every unprepared statement
// afresh, and compiling was a seventh of the plan page's CPU: ent writes
// the same few texts over and over (the privacy filters make them long),
// with only the arguments changing. database/sql prepares a cached
// statement once on each connection that runs it and reuses it there.
//
// The cache is bounded: texts that differ only by the length of an IN list
// are distinct statements, so the least recently used is closed when it
// is full.
type stmtCache struct {
	db  *sql.DB
	max int

	mu    sync.Mutex
	bySQL map[string]*list.Element // of *cachedStmt
	lru   list.List                // front: most recently used
}

// stmtCacheSize bounds the cache: the plan page uses about a dozen texts,
// the whole API a few hundred.
const stmtCacheSize = 512

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
	users int  // queries running on it
	dead  bool // evicted; closed when the last user is done
}

func newStmtCache(db *sql.DB, size int) *stmtCache {
	return &stmtCache{db: db, max: size, bySQL: make(map[string]*list.Element, size)}
}

// QueryContext runs query as a prepared statement from the cache,
// preparing it the first time.
func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	cs, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := cs.stmt.QueryContext(ctx, args...)
	// database/sql keeps the statement open for rows still being read
	// (Stmt.Close waits for them), so it can be released now.
	c.release(cs)
	return rows, err
}

// ExecContext runs query as a prepared statement from the cache. (ent
// sends the read pool no writes; this serves the rare PRAGMA.)
func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	cs, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	defer c.release(cs)
	return cs.stmt.ExecContext(ctx, args...)
}

func (c *stmtCache) acquire(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if e, ok := c.bySQL[query]; ok {
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		c.mu.Unlock()
		return cs, nil
	}
	c.mu.Unlock()

	// Prepare outside the lock; two callers may race to prepare the same
	// text, and the loser's statement is closed.
	stmt, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.bySQL[query]; ok {
		stmt.Close()
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		return cs, nil
	}
	cs := &cachedStmt{query: query, stmt: stmt, users: 1}
	c.bySQL[query] = c.lru.PushFront(cs)
	for c.lru.Len() > c.max {
		oldest := c.lru.Back()
		old := oldest.Value.(*cachedStmt)
		c.lru.Remove(oldest)
		delete(c.bySQL, old.query)
		old.dead = true
		if old.users == 0 {
			old.stmt.Close()
		}
	}
	return cs, nil
}

func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.dead && cs.users == 0 {
		cs.stmt.Close()
	}
}

// Close closes every cached statement.
func (c *stmtCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.lru.Init()
	clear(c.bySQL)
	return nil
}

// cachedDriver is an ent driver over SQLite's read pool whose statements
// come from a stmtCache.
//
// Only the read pool has one: it runs no transactions. On the single
// writer connection a transaction holds the connection, and preparing a
// new statement for the cache needs a connection of the pool, so it would
// wait for itself.
type cachedDriver struct {
	*entsql.Driver
	cache *stmtCache
	db    *sql.DB
}

func newCachedDriver(db *sql.DB, size int) *cachedDriver {
	cache := newStmtCache(db, size)
	return &cachedDriver{Driver: entsql.NewDriver(dialect.SQLite, entsql.Conn{ExecQuerier: cache}), cache: cache, db: db}
}

func (d *cachedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return nil, errors.New("database: the SQLite read pool runs no transactions")
}

func (d *cachedDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	return d.Tx(ctx)
}

// Close closes the cached statements, then the pool.
func (d *cachedDriver) Close() error {
	d.cache.Close()
	return d.db.Close()
}
