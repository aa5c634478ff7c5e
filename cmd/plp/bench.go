package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"entgo.io/ent/dialect"

	"plp/bench"
	"plp/database"
	"plp/server"
)

// benchCommand is `plp bench`: a generated district, the real server on
// loopback, concurrent clients, and the table of figures.
func benchCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	pgServer := fs.String("database-url", os.Getenv("PLP_BENCH_DATABASE_URL"), "postgres:// URL of a server to run on: a scratch database is created there and dropped after (default: SQLite in a temporary directory; env PLP_BENCH_DATABASE_URL)")
	students := fs.Int("students", 2000, "students to generate before the run")
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 20*time.Second, "how long each workload runs")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	memProfile := fs.String("memprofile", "", "write an allocation profile at the end of the run to this file")
	if err := fs.Parse(args); err != nil {
		return err
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
	var url string
	if *pgServer != "" {
		_, scratch, drop, err := database.ScratchDB(ctx, dialect.Postgres, *pgServer)
		if err != nil {
			return fmt.Errorf("create a scratch database: %w", err)
		}
		defer drop()
		url = scratch
	} else {
		dir, err := os.MkdirTemp("", "plp-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		url = "sqlite:" + filepath.Join(dir, "plp.db")
	}
	db, err := database.Open(ctx, url, "")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	results, err := bench.Run(ctx, bench.Config{
		DB: db, Read: db.Read, Students: *students, Clients: *clients, Duration: *duration,
		Progress: os.Stderr,
		// Warnings only: an info line per request would measure the logger.
		Log: slog.New(server.NewLogHandler(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))),
	})
	if err != nil {
		return err
	}
	return bench.PrintTable(os.Stdout, results)
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
