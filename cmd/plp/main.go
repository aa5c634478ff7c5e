// Command plp is the PLP server and its tools: plp serve | migrate | seed.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"plp/internal/platform/clock"
)

const usage = `plp: Personalized Learning Plans and student-led conferences.

Usage:
  plp serve [flags]        run the GraphQL server (plp serve --help for flags)
  plp migrate [flags]      apply pending database migrations
  plp migrate new NAME     write migrations for ent schema changes (developers)
  plp migrate hash         re-hash atlas.sum after a migration written by hand
  plp seed --demo [flags]  load the demo school into the database
  plp seed --students N    generate a district of N students (benchmarks)
  plp bench [--database-url URL] [--workloads plan,caseload,...] [--students N] [--duration D]
                           measure the server against hand-written SQL (docs/BENCHMARKS.md)
  plp retention [--dry-run] delete records past their retention time
  plp jobs list            list the scheduled jobs
  plp jobs run NAME [--dry-run]
                           run one job now (as the scheduler would)
  plp skills import --school ID --file PATH
                           import a skill framework from a CASE JSON package
  plp import oneroster PATH [--skip-bad-rows]
                           load people from a OneRoster 1.2 CSV export (folder or zip)
  plp keys rotate          retire the key signing endorsement credentials, make a new one
  plp implementation install --school ID [--file PATH]
                           install or update the PLP implementation framework
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Commands run at the wall clock; they say so, as tests must say theirs.
	ctx = clock.NewContext(ctx, time.Now)
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "plp:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Print(usage)
		return fmt.Errorf("missing command")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:])
	case "migrate":
		if len(args) > 1 && args[1] == "new" {
			return migrateNew(ctx, args[2:])
		}
		if len(args) > 1 && args[1] == "hash" {
			return migrateHash(args[2:])
		}
		return migrateUp(ctx, args[1:])
	case "seed":
		return seed(ctx, args[1:])
	case "retention":
		return retain(ctx, args[1:])
	case "jobs":
		return jobsCommand(ctx, args[1:])
	case "bench":
		return benchCommand(ctx, args[1:])
	case "skills":
		return skills(ctx, args[1:])
	case "import":
		return importCmd(ctx, args[1:])
	case "keys":
		return keys(ctx, args[1:])
	case "implementation":
		return implementationCmd(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Print(usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}
