// Command plpdev is PLP's developer tooling, kept out of the server binary
// (cmd/plp) so that the server links none of what only developers run: a
// district at scale, the benchmark suite, and the migration writer (atlas).
// Run it from the repository: go run ./cmd/plpdev COMMAND.
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

const usage = `plpdev: PLP's developer tooling (go run ./cmd/plpdev COMMAND).

Usage:
  plpdev seed --students N [--school-size 1000] [--data-dir DIR | --database-url URL]
                           generate a district of N students with families, partners and plans
  plpdev bench [--database-url URL] [--workloads plan,caseload,...] [--students N] [--duration D]
                           measure the server against hand-written SQL (docs/BENCHMARKS.md)
  plpdev migrate new NAME  write migrations for ent schema changes (PostgreSQL: --dev-url)
  plpdev migrate hash      re-hash atlas.sum after a migration written by hand

plpdev COMMAND --help lists a command's flags. The server and its operator
commands are cmd/plp.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Developer commands run at the wall clock, and say so (clock.Now
	// wants every context to carry one).
	ctx = clock.NewContext(ctx, time.Now)
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "plpdev:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Print(usage)
		return fmt.Errorf("missing command")
	}
	switch args[0] {
	case "seed":
		return seed(ctx, args[1:])
	case "bench":
		return benchCommand(ctx, args[1:])
	case "migrate":
		if len(args) > 1 && args[1] == "new" {
			return migrateNew(ctx, args[2:])
		}
		if len(args) > 1 && args[1] == "hash" {
			return migrateHash(args[2:])
		}
		fmt.Print(usage)
		if len(args) > 1 && (args[1] == "-h" || args[1] == "-help" || args[1] == "--help") {
			return nil
		}
		return fmt.Errorf("migrate: want new NAME or hash (plp migrate applies migrations)")
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Print(usage)
	return fmt.Errorf("unknown command %q", args[0])
}
