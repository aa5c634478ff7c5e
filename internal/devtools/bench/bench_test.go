package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"plp/internal/devtools/apitest"
	"plp/internal/devtools/bench"
	"plp/internal/platform/database"
	"plp/server"
)

// TestMain doubles as a tiny `plp serve` for the idle workload: the test
// binary started with PLP_BENCH_TEST_SERVE set serves the database it names
// until SIGTERM, as the plp binary would.
func TestMain(m *testing.M) {
	if os.Getenv("PLP_BENCH_TEST_SERVE") != "" {
		if err := serveChild(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func serveChild() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	db, err := database.Open(ctx, os.Getenv("PLP_BENCH_TEST_DB"), os.Getenv("PLP_BENCH_TEST_DIR"))
	if err != nil {
		return err
	}
	defer db.Close()
	ln, err := net.Listen("tcp", os.Getenv("PLP_BENCH_TEST_ADDR"))
	if err != nil {
		return err
	}
	cfg := server.DefaultConfig()
	cfg.DataDir = os.Getenv("PLP_BENCH_TEST_DIR")
	return server.New(cfg, db, slog.New(slog.DiscardHandler)).Serve(ctx, ln)
}

// newDB is apitest.NewDB that also tells the database's URL.
func newDB(tb testing.TB) (*database.DB, string) {
	tb.Helper()
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(tb.TempDir(), "plp.db")
	if pg := os.Getenv(apitest.DatabaseURLEnv); pg != "" {
		_, scratch, drop, err := database.ScratchDB(ctx, dialect.Postgres, pg)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(drop)
		url = scratch
	}
	db, err := database.Open(ctx, url, "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db, url
}

// TestTinyRun runs every workload, tiny and short, through the real server
// on the test database: every workload answers without error, the plan
// page and the caseload cost a fixed number of statements whatever the
// data, the rush books exactly one conference per slot and tells everyone
// else CONFLICT, agendas cost statements by batch, and the table, the
// targets and the chart are written. Timings are printed, not checked.
func TestTinyRun(t *testing.T) {
	t.Parallel()
	db, url := newDB(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	chart := filepath.Join(t.TempDir(), "scaling.svg")
	var progress bytes.Buffer
	rep, err := bench.Run(context.Background(), bench.Config{
		DB: db, Read: db.Read, DatabaseURL: url,
		NewDB: func(ctx context.Context) (*database.DB, func(), error) {
			d, _ := newDB(t)
			return d, func() {}, nil
		},
		Serve: func(ctx context.Context, databaseURL, addr, dataDir string) *exec.Cmd {
			cmd := exec.CommandContext(ctx, self)
			cmd.Env = append(os.Environ(), "PLP_BENCH_TEST_SERVE=1", "PLP_BENCH_TEST_DB="+databaseURL,
				"PLP_BENCH_TEST_ADDR="+addr, "PLP_BENCH_TEST_DIR="+dataDir)
			cmd.Stderr = os.Stderr
			return cmd
		},
		Students: 30, Clients: 3, Duration: 300 * time.Millisecond, CaseloadClients: 2,
		Families: 12, Slots: 3, RushClients: 6, Conferences: 20, Scale: []int{1, 2}, ScaleBase: 10, Chart: chart,
		Progress: &progress,
	})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, progress.String())
	}
	var table bytes.Buffer
	if err := bench.PrintTable(&table, rep); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + table.String())

	byName := map[string]bench.Result{}
	for _, r := range rep.Results {
		name := r.Workload
		if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, " req/s)") {
			name = name[:i] // the open-loop rows name their rate
		}
		byName[name] = r
		if r.Errors != 0 {
			t.Errorf("%s: %d errors (first: %s)", r.Workload, r.Errors, r.FirstError)
		}
	}
	for _, w := range []string{bench.Hello, bench.PlanBaseline, bench.PlanNoMetrics, bench.PlanPage, bench.PlanHalfLoad,
		bench.CaseloadBaseline, bench.CaseloadPage, bench.BookingBaseline, bench.BookingRush, bench.AgendaBuild, bench.AgendaRebuild,
		bench.PlanAlone, bench.RemindersWrite, bench.RemindersDispatch, bench.PlanDuring, bench.IdleRSS, bench.WebBooking, bench.WebStudentHome} {
		r, ok := byName[w]
		if !ok {
			t.Errorf("no row %q", w)
			continue
		}
		if w != bench.IdleRSS && r.Requests == 0 {
			t.Errorf("%s: no requests", w)
		}
	}
	// The plan page: one statement per level, never per goal.
	if base := byName[bench.PlanBaseline]; base.Statements != 8 {
		t.Errorf("the plan baseline costs %.2f statements per page, want 8", base.Statements)
	}
	if page := byName[bench.PlanPage]; page.Statements < 8 || page.Statements > 16 {
		t.Errorf("the plan page costs %.2f statements per request: want between 8 and 16", page.Statements)
	}
	// Every reminder written is sent and arrives.
	write, sent := byName[bench.RemindersWrite], byName[bench.RemindersDispatch]
	if write.Requests != 30 || sent.Requests != write.Requests {
		t.Errorf("%d reminders written, %d sent; want 30 and 30", write.Requests, sent.Requests)
	}
	if byName[bench.AgendaBuild].Requests != 20 {
		t.Errorf("%d agendas built, want 20", byName[bench.AgendaBuild].Requests)
	}
	// Targets that are counts, not timings, must hold even tiny.
	counted := map[string]bool{}
	for _, c := range rep.Checks {
		switch {
		case strings.HasPrefix(c.Target, "statements"), strings.HasPrefix(c.Target, "exactly"), strings.HasPrefix(c.Target, "every other"):
			counted[c.Target] = true
			if !c.Met {
				t.Errorf("%s: %s: measured %s", c.Workload, c.Target, c.Measured)
			}
		}
	}
	if len(counted) < 5 {
		t.Errorf("count targets checked: %v", counted)
	}
	if len(rep.Scaling) != 4 {
		t.Errorf("%d scaling points, want 4 (2 workloads at 2 scales)", len(rep.Scaling))
	}
	svg, err := os.ReadFile(chart)
	if err != nil || !bytes.Contains(svg, []byte("<polyline")) || !bytes.Contains(svg, []byte("agendas")) {
		t.Errorf("chart: %v\n%s", err, svg)
	}
	for _, s := range []string{"req/s vs baseline", "time vs baseline", "target", "scaling"} {
		if !strings.Contains(table.String(), s) {
			t.Errorf("the table lacks %q", s)
		}
	}
}
