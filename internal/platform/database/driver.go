package database

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// splitDriver sends SQLite reads to a pool of read-only connections and
// everything else (writes, transactions) to the single writer connection.
// SQLite allows one writer at a time; with one writer connection and
// immediate transactions, concurrent writers queue in Go instead of failing
// with SQLITE_BUSY, while reads run in parallel under WAL.
// Reads run prepared, from a cache (see stmtCache).
type splitDriver struct {
	writer *entsql.Driver
	reader *cachedDriver
}

func (d splitDriver) Exec(ctx context.Context, query string, args, v any) error {
	return d.writer.Exec(ctx, query, args, v)
}

func (d splitDriver) Query(ctx context.Context, query string, args, v any) error {
	if isRead(query) {
		return d.reader.Query(ctx, query, args, v)
	}
	// INSERT ... RETURNING and the like are writes, whatever the method.
	return d.writer.Query(ctx, query, args, v)
}

func (d splitDriver) Tx(ctx context.Context) (dialect.Tx, error) { return d.writer.Tx(ctx) }

func (d splitDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	return d.writer.BeginTx(ctx, opts)
}

func (d splitDriver) Close() error {
	werr := d.writer.Close()
	if rerr := d.reader.Close(); rerr != nil {
		return rerr
	}
	return werr
}

func (splitDriver) Dialect() string { return dialect.SQLite }

func isRead(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// countingDriver counts the SQL statements sent to the database, in total
// and per request (see WithStatementCounter), so tests can assert that a
// nested read costs one statement per level and logs can show the cost of
// each request.
type countingDriver struct {
	dialect.Driver
	total  *atomic.Int64
	failed *atomic.Int64
}

// result counts a failed statement; a cancelled request's is not the
// database's failure.
func (d countingDriver) result(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil {
		d.failed.Add(1)
	}
	return err
}

func (d countingDriver) count(ctx context.Context) {
	d.total.Add(1)
	if c, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		c.Add(1)
	}
}

func (d countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.count(ctx)
	return d.result(ctx, d.Driver.Exec(ctx, query, args, v))
}

func (d countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.count(ctx)
	return d.result(ctx, d.Driver.Query(ctx, query, args, v))
}

// ExecContext runs a statement ent has no builder for (a NOTIFY from a
// job, outside any transaction), counted like the others.
func (d countingDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ex, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", d.Driver)
	}
	d.count(ctx)
	res, err := ex.ExecContext(ctx, query, args...)
	return res, d.result(ctx, err)
}

func (d countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.BeginTx(ctx, nil)
}

func (d countingDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	var (
		tx  dialect.Tx
		err error
	)
	if b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	}); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		tx, err = d.Driver.Tx(ctx)
	}
	if err != nil {
		return nil, err
	}
	return countingTx{Tx: tx, d: d}, nil
}

type countingTx struct {
	dialect.Tx
	d countingDriver
}

func (t countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.d.count(ctx)
	return t.d.result(ctx, t.Tx.Exec(ctx, query, args, v))
}

func (t countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.d.count(ctx)
	return t.d.result(ctx, t.Tx.Query(ctx, query, args, v))
}

// ExecContext runs a statement ent has no builder for (a SAVEPOINT, say)
// in the transaction, counted like the others.
func (t countingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ex, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", t.Tx)
	}
	t.d.count(ctx)
	return ex.ExecContext(ctx, query, args...)
}

type counterKey struct{}

// WithStatementCounter returns ctx with a counter that every SQL statement
// run with that context (or one derived from it) increments.
func WithStatementCounter(ctx context.Context) (context.Context, *atomic.Int64) {
	c := new(atomic.Int64)
	return context.WithValue(ctx, counterKey{}, c), c
}
