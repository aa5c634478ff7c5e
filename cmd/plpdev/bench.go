package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"plp/internal/devtools/bench"
	"plp/internal/platform/database"
	"plp/internal/platform/envflag"
	"plp/server"
)

// benchCommand is `plpdev bench`: a generated district, the real server on
// loopback, concurrent clients, and the table of figures.
func benchCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	pgServer := fs.String("database-url", "", "postgres:// URL of a server to run on: scratch databases are created there and dropped after (default: SQLite in a temporary directory; env PLP_BENCH_DATABASE_URL)")
	workloads := fs.String("workloads", "all", "comma-separated workloads to run: "+strings.Join(bench.AllWorkloads, ","))
	students := fs.Int("students", 2000, "students to generate for the plan, caseload and reminders workloads")
	clients := fs.Int("clients", 32, "concurrent clients (plan page)")
	duration := fs.Duration("duration", 20*time.Second, "how long each timed workload runs")
	caseloadClients := fs.Int("caseload-clients", 4, "concurrent clients asking for caseload pages")
	families := fs.Int("families", 2000, "families in the booking rush (one school of as many students)")
	slots := fs.Int("slots", 500, "single-seat slots in the booking rush")
	rushClients := fs.Int("rush-clients", 200, "concurrent clients in the booking rush")
	conferences := fs.Int("conferences", 10000, "conferences whose agendas are built")
	scale := fs.String("scale", "1,4,16", "multiples of --scale-base students for the scaling runs")
	scaleBase := fs.Int("scale-base", 500, "students at 1x in the scaling runs")
	chart := fs.String("chart", "", "write the scaling chart (SVG) here, e.g. docs/bench-scaling.svg; its points go next to it (.json), and a run on the other database adds its lines")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	memProfile := fs.String("memprofile", "", "write an allocation profile at the end of the run to this file")
	plpBinary := fs.String("plp", "", "the plp binary whose idle RSS the idle workload measures (default: go build ./cmd/plp into a temporary directory)")
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	chosen, err := bench.ParseWorkloads(*workloads)
	if err != nil {
		return err
	}
	if *plpBinary == "" && slices.Contains(chosen, bench.WorkIdle) {
		path, remove, err := buildPLP(ctx)
		if err != nil {
			return err
		}
		defer remove()
		*plpBinary = path
	}
	var scales []int
	for _, s := range strings.Split(*scale, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k <= 0 {
			return fmt.Errorf("--scale %q: want positive whole numbers, e.g. 1,4,16", *scale)
		}
		scales = append(scales, k)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile)
	}
	// newDB makes a scratch database: a database on the PostgreSQL server,
	// or a SQLite file in a temporary directory; the func drops it.
	newDB := func(ctx context.Context) (*database.DB, string, func(), error) {
		var url string
		var cleanup func()
		if *pgServer != "" {
			_, scratch, drop, err := database.ScratchDB(ctx, dialect.Postgres, *pgServer)
			if err != nil {
				return nil, "", nil, fmt.Errorf("create a scratch database: %w", err)
			}
			url, cleanup = scratch, drop
		} else {
			dir, err := os.MkdirTemp("", "plp-bench-")
			if err != nil {
				return nil, "", nil, err
			}
			url, cleanup = "sqlite:"+filepath.Join(dir, "plp.db"), func() { os.RemoveAll(dir) }
		}
		db, err := database.Open(ctx, url, "")
		if err != nil {
			cleanup()
			return nil, "", nil, err
		}
		if _, err := db.Migrate(ctx); err != nil {
			db.Close()
			cleanup()
			return nil, "", nil, err
		}
		return db, url, func() { db.Close(); cleanup() }, nil
	}
	db, url, drop, err := newDB(ctx)
	if err != nil {
		return err
	}
	defer drop()
	rep, err := bench.Run(ctx, bench.Config{
		DB: db, Read: db.Read, DatabaseURL: url,
		NewDB: func(ctx context.Context) (*database.DB, func(), error) {
			db, _, drop, err := newDB(ctx)
			return db, drop, err
		},
		Serve: func(ctx context.Context, databaseURL, addr, dataDir string) *exec.Cmd {
			cmd := exec.CommandContext(ctx, *plpBinary, "serve", "--addr", addr, "--database-url", databaseURL, "--data-dir", dataDir)
			cmd.Stderr = os.Stderr
			return cmd
		},
		Workloads: chosen, Students: *students, Clients: *clients, Duration: *duration,
		CaseloadClients: *caseloadClients, Families: *families, Slots: *slots, RushClients: *rushClients,
		Conferences: *conferences, Scale: scales, ScaleBase: *scaleBase, Chart: *chart,
		Progress: os.Stderr,
		// Warnings only: an info line per request would measure the logger.
		Log: slog.New(server.NewLogHandler(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))),
	})
	if rep != nil {
		if perr := bench.PrintTable(os.Stdout, rep); perr != nil && err == nil {
			err = perr
		}
	}
	return err
}

// buildPLP builds the server binary, as an operator would run it, into a
// temporary directory: the idle workload measures that binary, not this one.
func buildPLP(ctx context.Context) (string, func(), error) {
	dir, err := os.MkdirTemp("", "plp-bench-bin-")
	if err != nil {
		return "", nil, err
	}
	path := filepath.Join(dir, "plp")
	build := exec.CommandContext(ctx, "go", "build", "-o", path, "plp/cmd/plp")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("build plp for the idle workload (or give --plp PATH): %w", err)
	}
	return path, func() { os.RemoveAll(dir) }, nil
}

func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "memprofile:", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, "memprofile:", err)
	}
}
