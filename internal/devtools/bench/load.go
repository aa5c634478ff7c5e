package bench

import (
	"context"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Result is one workload's run.
type Result struct {
	Workload string
	Database string
	Clients  int
	Requests int
	Errors   int
	// FirstError is the first failure seen, to show why a run failed.
	FirstError string
	Elapsed    time.Duration
	P50, P99   time.Duration
	// P95 is the 95th percentile, the web pages' target.
	P95 time.Duration
	// Statements is SQL statements per request; -1 when not counted.
	Statements float64
	// CPU is the process's CPU time (user and system) per request: the
	// server's and, in the same process, the load generator's.
	CPU time.Duration
	// PeakRSS is the process's peak resident set during the run, in bytes
	// (0 where /proc does not tell).
	PeakRSS int64
	// Baseline is the same work without PLP, run in the same process just
	// before; nil for a workload that is its own reference.
	Baseline *Result
	// Note says what the figures count where requests are not the unit
	// (conferences, messages) or what else the run checked.
	Note string
}

// RPS is requests per second.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// request does one request as client i and reports whether it succeeded.
type request func(ctx context.Context, i int) error

// drive runs clients goroutines, each calling do in a loop until d has
// passed, and measures every call.
func drive(ctx context.Context, clients int, d time.Duration, statements func() int64, do request) Result {
	resetPeakRSS()
	// Requests run to the end even past the deadline, so the statements
	// counted are exactly those of the requests counted.
	deadline := time.Now().Add(d)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		first     string
		wg        sync.WaitGroup
	)
	before := statements()
	cpuBefore := cpuTime()
	start := time.Now()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var bad int
			var firstErr string
			for ctx.Err() == nil && time.Now().Before(deadline) {
				t := time.Now()
				err := do(ctx, i)
				mine = append(mine, time.Since(t))
				if err != nil {
					bad++
					if firstErr == "" {
						firstErr = err.Error()
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs += bad
			if first == "" {
				first = firstErr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpuBefore
	r := Result{Clients: clients, Requests: len(latencies), Errors: errs, FirstError: first, Elapsed: elapsed,
		Statements: -1, PeakRSS: peakRSS()}
	if r.Requests > 0 {
		r.Statements = float64(statements()-before) / float64(r.Requests)
		r.CPU = cpu / time.Duration(r.Requests)
	}
	r.P50, r.P95, r.P99 = percentile(latencies, 0.50), percentile(latencies, 0.95), percentile(latencies, 0.99)
	return r
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS starts a new peak: writing 5 to clear_refs resets VmHWM
// (Linux 4.0 and later). Elsewhere the peak is the process's since start.
// The heap earlier workloads left is returned to the system first, so that
// a workload's peak is its own and not what the runtime had not yet given
// back.
func resetPeakRSS() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS reads VmHWM, the peak resident set, from /proc/self/status.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// pace sends requests at a fixed rate for d (or, when stop is not nil,
// until stop is closed, one request at least), open-loop: each starts at its scheduled time
// whether or not earlier ones have finished, and its latency counts from
// that time, so a stall shows in p99 instead of silently slowing the
// senders. Requests go to clients in turn.
func pace(ctx context.Context, rate float64, clients int, d time.Duration, stop <-chan struct{}, statements func() int64, do request) Result {
	resetPeakRSS()
	interval := time.Duration(float64(time.Second) / rate)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		first     string
		wg        sync.WaitGroup
	)
	before, cpuBefore := statements(), cpuTime()
	start := time.Now()
	for n := 0; ; n++ {
		at := start.Add(time.Duration(n) * interval)
		if ctx.Err() != nil || (stop == nil && at.After(start.Add(d))) || (n > 0 && closed(stop)) {
			break
		}
		time.Sleep(time.Until(at))
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := do(ctx, n%clients)
			took := time.Since(at)
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, took)
			if err != nil {
				errs++
				if first == "" {
					first = err.Error()
				}
			}
		}()
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), cpuTime()-cpuBefore
	r := Result{Clients: clients, Requests: len(latencies), Errors: errs, FirstError: first, Elapsed: elapsed,
		Statements: -1, PeakRSS: peakRSS()}
	if r.Requests > 0 {
		r.Statements = float64(statements()-before) / float64(r.Requests)
		r.CPU = cpu / time.Duration(r.Requests)
	}
	r.P50, r.P95, r.P99 = percentile(latencies, 0.50), percentile(latencies, 0.95), percentile(latencies, 0.99)
	return r
}

// closed tells whether c is closed (false for nil).
func closed(c <-chan struct{}) bool {
	if c == nil {
		return false
	}
	select {
	case <-c:
		return true
	default:
		return false
	}
}
