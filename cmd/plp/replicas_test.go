package main

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"plp/internal/devtools/apitest"
	"plp/internal/platform/database"
)

// replica is one `plp serve` process of the test.
type replica struct {
	cmd  *exec.Cmd
	addr string
}

func (r *replica) pid() int { return r.cmd.Process.Pid }

// leaderGauge reads plp_scheduler_leader from the replica's /metrics.
func (r *replica) leaderGauge(t *testing.T) string {
	t.Helper()
	resp, err := http.Get("http://" + r.addr + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics of %d: %v", r.pid(), err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, l := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(l, "plp_scheduler_leader "); ok {
			return v
		}
	}
	return "missing"
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestLeaderKilledAndStopped: two `plp serve` processes on one PostgreSQL
// database. The leader is stopped (SIGSTOP: alive, connections open, doing
// nothing): the other takes the jobs over within the lease and a third of
// it; woken, the old leader does not take them back. Then the new leader
// is killed (SIGKILL) and the first takes over again, as bounded.
func TestLeaderKilledAndStopped(t *testing.T) {
	server := os.Getenv(apitest.DatabaseURLEnv)
	if server == "" {
		t.Skip("replicas share a PostgreSQL database: set " + apitest.DatabaseURLEnv)
	}
	const lease = 2 * time.Second
	bound := lease + lease/3 + time.Second // the lease, one renewal period, and slack for a loaded machine
	ctx := context.Background()
	db, url, drop, err := database.ScratchDB(ctx, dialect.Postgres, server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	t.Cleanup(func() { db.Close() })

	start := func() *replica {
		r := &replica{addr: freeAddr(t)}
		r.cmd = plpCommand(t, "serve", "--database-url", url, "--addr", r.addr, "--scheduler-lease", lease.String())
		r.cmd.Stderr, r.cmd.Stdout = io.Discard, io.Discard
		if err := r.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = r.cmd.Process.Signal(syscall.SIGCONT)
			_ = r.cmd.Process.Kill()
			_ = r.cmd.Wait()
		})
		waitUntil(t, 60*time.Second, "replica "+r.addr+" to answer", func() bool {
			resp, err := http.Get("http://" + r.addr + "/healthz")
			if err == nil {
				resp.Body.Close()
			}
			return err == nil && resp.StatusCode == http.StatusOK
		})
		return r
	}
	a := start()
	b := start()
	byPID := map[int]*replica{a.pid(): a, b.pid(): b}

	leader := func() *replica {
		var holder string
		var live bool
		err := db.QueryRowContext(ctx, `SELECT holder, expires_at > now() FROM scheduler_leases WHERE name = 'scheduler'`).Scan(&holder, &live)
		if err == sql.ErrNoRows || err == nil && !live {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(holder, "/")
		pid, _ := strconv.Atoi(parts[len(parts)-2])
		return byPID[pid]
	}
	var first *replica
	waitUntil(t, 30*time.Second, "a leader", func() bool { first = leader(); return first != nil })
	second := a
	if first == a {
		second = b
	}
	waitUntil(t, 10*time.Second, "the leader's gauge", func() bool { return first.leaderGauge(t) == "1" })
	if g := second.leaderGauge(t); g != "0" {
		t.Fatalf("the follower's plp_scheduler_leader is %s, want 0", g)
	}

	// handover signals the leader and checks that next takes over within
	// the bound.
	handover := func(how string, sig syscall.Signal, old, next *replica) {
		t.Helper()
		if err := old.cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		since := time.Now()
		waitUntil(t, 30*time.Second, "a take-over from a "+how+" leader", func() bool { return leader() == next })
		if took := time.Since(since); took > bound {
			t.Errorf("a %s leader was replaced after %v, want at most %v", how, took.Round(time.Millisecond), bound)
		} else {
			t.Logf("%s leader replaced after %v", how, took.Round(time.Millisecond))
		}
	}

	// The leader hangs.
	handover("stopped", syscall.SIGSTOP, first, second)
	if g := second.leaderGauge(t); g != "1" {
		t.Errorf("the new leader's plp_scheduler_leader is %s, want 1", g)
	}

	// It wakes up: it must see it lost the lease, not run jobs beside the
	// new leader.
	if err := first.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * lease)
	if l := leader(); l != second {
		t.Fatalf("after the old leader woke up the lease is held by %v, want the new leader", l)
	}
	if g := first.leaderGauge(t); g != "0" {
		t.Errorf("the woken old leader's plp_scheduler_leader is %s, want 0", g)
	}

	// The new leader is killed.
	handover("killed", syscall.SIGKILL, second, first)
}

func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
