package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

// ErrNotLeader is what a follower's Elector answers.
var ErrNotLeader = errors.New("another replica is the leader")

// DefaultLockKey is the PostgreSQL advisory lock key of PLP's scheduler
// leader ("PLPjobs" in ASCII).
const DefaultLockKey int64 = 0x504c506a6f6273

// Elector is gocron's Elector on a PostgreSQL session-level advisory lock
// held on a dedicated connection: the replica holding the lock is the
// leader and runs jobs. When the leader dies its connection closes, the
// server releases the lock, and the next replica to ask takes it over.
//
// gocron's Locker is not used: it locks one run at a time and does not
// synchronise run times, so replicas can take turns at one job (gocron
// #841); an elected leader runs every job, and effects stay unique by key
// in the database in case leadership changes mid-run.
type Elector struct {
	DB  *sql.DB
	Key int64
	Log *slog.Logger

	mu   sync.Mutex
	conn *sql.Conn
	pid  int
}

// NewElector returns an elector on db (a PostgreSQL pool).
func NewElector(db *sql.DB, log *slog.Logger) *Elector {
	return &Elector{DB: db, Key: DefaultLockKey, Log: log}
}

// IsLeader answers nil when this replica holds (or has just taken) the lock.
func (e *Elector) IsLeader(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn != nil {
		// Still ours while the session lives; a broken connection lost
		// the lock with it.
		if err := e.conn.PingContext(ctx); err == nil {
			return nil
		}
		e.conn.Close()
		e.conn = nil
		e.logger().WarnContext(ctx, "scheduler: lost the leader's connection")
	}
	conn, err := e.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("elector: connect: %w", err)
	}
	var got bool
	var pid int
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1), pg_backend_pid()", e.Key).Scan(&got, &pid); err != nil {
		conn.Close()
		return fmt.Errorf("elector: try lock: %w", err)
	}
	if !got {
		conn.Close()
		return ErrNotLeader
	}
	e.conn, e.pid = conn, pid
	e.logger().InfoContext(ctx, "scheduler: this replica is the leader", "backend_pid", pid)
	return nil
}

// Leading reports whether this replica held the lock when last asked.
func (e *Elector) Leading() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.conn != nil
}

// BackendPID is the PostgreSQL backend holding the lock, or 0.
func (e *Elector) BackendPID() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn == nil {
		return 0
	}
	return e.pid
}

// Close gives up leadership (a graceful stop: the next replica need not
// wait for the connection to time out).
func (e *Elector) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn == nil {
		return nil
	}
	_, err := e.conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", e.Key)
	e.conn.Close()
	e.conn = nil
	return err
}

func (e *Elector) logger() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}
