// Command plp is the PLP server and its operator commands: plp serve |
// migrate | seed --demo | import | jobs | retention | keys | skills |
// implementation | backup | restore. Developer tooling (seed at scale, bench, migrate new) is
// cmd/plpdev, kept out of this binary.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"plp/internal/platform/clock"
)

const usage = `plp: Personalized Learning Plans and student-led conferences.

Usage:
  plp serve [flags]        run the GraphQL server (plp serve --help for flags)
  plp migrate [flags]      apply pending database migrations
  plp seed --demo [flags]  load the demo school into the database
  plp retention [--dry-run] delete records past their retention time
  plp backup --to FILE [--files-only]
                           copy the database (SQLite) and the stored files into one
                           archive while the server runs; PostgreSQL: --files-only and pg_dump
  plp restore FILE         check a backup and restore it into an empty data dir and file store
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

Every flag with "env PLP_..." in its help can be set by that variable; the
command line wins. A value the flag refuses stops the command.

Developer tooling is a separate command (go run ./cmd/plpdev):
  plpdev seed --students N, plpdev bench, plpdev migrate new NAME, plpdev migrate hash
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
		if len(args) > 1 && (args[1] == "new" || args[1] == "hash") {
			return moved(args)
		}
		return migrateUp(ctx, args[1:])
	case "seed":
		return seed(ctx, args[1:])
	case "retention":
		return retain(ctx, args[1:])
	case "jobs":
		return jobsCommand(ctx, args[1:])
	case "backup":
		return backupCmd(ctx, args[1:])
	case "restore":
		return restoreCmd(ctx, args[1:])
	case "bench":
		return moved(args)
	case "skills":
		return skills(ctx, args[1:])
	case "import":
		return importCmd(ctx, args[1:])
	case "keys":
		return keys(ctx, args[1:])
	case "implementation":
		return implementationCmd(ctx, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Print(usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// moved answers a developer command that left this binary with where it
// went. Asked for help, it says so and succeeds, as every command's help does.
func moved(args []string) error {
	to := "go run ./cmd/plpdev " + strings.Join(args, " ")
	if slices.ContainsFunc(args[1:], func(a string) bool { return wantsHelp([]string{a}) }) {
		fmt.Printf("plp %s moved to the developer tooling: %s\n", args[0], to)
		return nil
	}
	return fmt.Errorf("moved: %s", to)
}

// wantsHelp reports whether the first argument of a command asks for help.
func wantsHelp(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}
