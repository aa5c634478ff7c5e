package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"plp/ent/schema/pulid"
)

// ErrNotLeader is what a follower's Elector answers.
var ErrNotLeader = errors.New("another replica is the leader")

// DefaultLease is how long a leader's lease lasts unless renewed; the
// leader renews it every third of that. A leader that dies or hangs is
// replaced within about DefaultLease plus one renewal period.
const DefaultLease = 15 * time.Second

// leaseName is the one lease the scheduler takes.
const leaseName = "scheduler"

// Elector is gocron's Elector on a lease in the scheduler_leases table
// (PostgreSQL, where several replicas share one database). Each replica
// tries, on its own timer every Lease/3, to take or renew the lease in one
// statement, judged by the database's clock; the holder is the leader and
// runs every job. When the leader dies or hangs (SIGSTOP keeps its
// connections open, so a session-scoped lock would be held for ever), it
// stops renewing, and the lease runs out: another replica takes it within
// Lease + Lease/3. A leader also stops leading by its own clock once the
// lease it last renewed would have run out, so a leader that wakes from a
// hang does not run a job beside the new one.
//
// gocron's Locker is not used: it locks one run at a time and does not
// synchronise run times, so replicas can take turns at one job (gocron
// #841); an elected leader runs every job, and effects stay unique by key
// in the database in case leadership changes mid-run.
type Elector struct {
	DB    *sql.DB
	Lease time.Duration
	Log   *slog.Logger
	// OnLead is called (in the elector's goroutine) each time this replica
	// becomes the leader: the scheduler runs the jobs a handover made miss.
	OnLead func(context.Context)

	holder string
	dead   bool // set by a test that kills the replica: no goodbye

	mu      sync.Mutex
	leading bool
	until   time.Time // by this process's monotonic clock
}

// NewElector returns an elector on db (a PostgreSQL pool) with the default
// lease. Run starts it.
func NewElector(db *sql.DB, log *slog.Logger) *Elector {
	host, _ := os.Hostname()
	return &Elector{DB: db, Lease: DefaultLease, Log: log,
		holder: fmt.Sprintf("%s/%d/%04x", host, os.Getpid(), rand.Uint32()&0xffff)}
}

// Holder names this replica in the lease and in job runs.
func (e *Elector) Holder() string { return e.holder }

// Run takes or renews the lease every Lease/3 until ctx ends, then gives
// the lease up if it holds it (a graceful stop hands over at once).
func (e *Elector) Run(ctx context.Context) {
	tick := time.NewTicker(e.Lease / 3)
	defer tick.Stop()
	for {
		e.renew(ctx)
		select {
		case <-ctx.Done():
			if !e.dead {
				e.release()
			}
			return
		case <-tick.C:
		}
	}
}

// renew takes the lease if it is free or has run out, or extends it if
// this replica holds it, in one statement.
func (e *Elector) renew(ctx context.Context) {
	started := time.Now()
	var holder string
	err := e.DB.QueryRowContext(ctx, `
INSERT INTO scheduler_leases (id, name, holder, expires_at, created_at, updated_at)
VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8), now(), now())
ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, updated_at = now()
WHERE scheduler_leases.holder = EXCLUDED.holder OR scheduler_leases.expires_at < now()
RETURNING holder`, string(pulid.New("lse")), leaseName, e.holder, e.Lease.Seconds()).Scan(&holder)
	won := err == nil && holder == e.holder
	if err != nil && !errors.Is(err, sql.ErrNoRows) && ctx.Err() == nil {
		e.logger().WarnContext(ctx, "scheduler: could not renew the lease", "err", err)
	}
	e.mu.Lock()
	was := e.leading && time.Now().Before(e.until)
	e.leading = won
	if won {
		e.until = started.Add(e.Lease)
	}
	e.mu.Unlock()
	switch {
	case won && !was:
		e.logger().InfoContext(ctx, "scheduler: this replica is the leader", "holder", e.holder)
		if e.OnLead != nil {
			e.OnLead(ctx)
		}
	case !won && was:
		e.logger().WarnContext(ctx, "scheduler: this replica is no longer the leader", "holder", e.holder)
	}
}

func (e *Elector) release() {
	e.mu.Lock()
	leading := e.leading
	e.leading = false
	e.mu.Unlock()
	if !leading {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := e.DB.ExecContext(ctx, `DELETE FROM scheduler_leases WHERE name = $1 AND holder = $2`, leaseName, e.holder); err != nil {
		e.logger().WarnContext(ctx, "scheduler: could not give up the lease", "err", err)
	}
}

// IsLeader answers nil while this replica holds a lease that has not run
// out by its own clock.
func (e *Elector) IsLeader(context.Context) error {
	if e.Leading() {
		return nil
	}
	return ErrNotLeader
}

// Leading reports whether this replica leads now.
func (e *Elector) Leading() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leading && time.Now().Before(e.until)
}

func (e *Elector) logger() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}
