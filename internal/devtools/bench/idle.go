package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// IdleRSS is the idle row of the table.
const IdleRSS = "idle RSS (plp serve)"

// idleSettle is how long the server is left alone after it is ready.
const idleSettle = 3 * time.Second

// idle starts `plp serve` as a child process on the main database, waits
// until it answers /readyz, leaves it alone a few seconds, and reads its
// resident set from /proc: the process as an operator runs it, without
// the benchmark's own data and clients in it.
func (e *env) idle(ctx context.Context) error {
	cfg := e.cfg
	if cfg.Serve == nil || cfg.DatabaseURL == "" {
		e.say("bench: idle RSS skipped: no way to start plp serve")
		return nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	dir, err := os.MkdirTemp("", "plp-bench-idle-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cmd := cfg.Serve(ctx, cfg.DatabaseURL, addr, dir)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start plp serve: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
	}()
	e.say("bench: %s ...", IdleRSS)
	hc := &http.Client{Timeout: time.Second}
	for {
		resp, err := hc.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > time.Minute || ctx.Err() != nil {
			return fmt.Errorf("plp serve was not ready within a minute (last: %v)", err)
		}
		select {
		case err := <-exited:
			exited <- err // for the deferred wait
			return fmt.Errorf("plp serve ended before it was ready: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	ready := time.Since(start)
	hc.CloseIdleConnections()
	time.Sleep(idleSettle)
	pid := cmd.Process.Pid
	rss, hwm := procStatus(pid, "VmRSS:"), procStatus(pid, "VmHWM:")
	// Resident memory is the process's own (anonymous: heap, stacks, SQLite's
	// page cache) plus the pages of the executable it has touched
	// (file-backed: clean, shared, dropped by the kernel under pressure).
	anon, file := procStatus(pid, "RssAnon:"), procStatus(pid, "RssFile:")
	e.add(Result{Workload: IdleRSS, Database: e.dbName, Elapsed: ready, PeakRSS: rss, Statements: -1,
		Note: fmt.Sprintf("ready after %s; resident %s (peak since start %s) %s later: %s anonymous, %s of the executable",
			ready.Round(time.Millisecond), mib(rss), mib(hwm), idleSettle, mib(anon), mib(file))})
	e.check(IdleRSS, "idle RSS < 50 MB", rss > 0 && rss < 50e6, "%s", mib(rss))
	return nil
}

// procStatus reads one kB field of /proc/PID/status, in bytes.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}
