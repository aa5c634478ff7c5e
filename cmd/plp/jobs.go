package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"text/tabwriter"

	"entgo.io/ent/dialect"

	"plp/internal/conference/live"
	"plp/internal/jobs"
	"plp/internal/platform/database"
	"plp/internal/platform/envflag"
	"plp/internal/platform/outbox"
	"plp/server"
)

// newDispatcher builds the outbox dispatcher from the mail settings.
func newDispatcher(cfg server.Config, db *database.DB, log *slog.Logger) (*outbox.Dispatcher, error) {
	sender, err := outbox.OpenSender(cfg.SMTPURL, cfg.MailDir(), cfg.SMTPTimeouts)
	if err != nil {
		return nil, err
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		return nil, err
	}
	if cfg.SMTPURL == "" {
		log.Info("no SMTP server configured: mail is written to a folder", "dir", cfg.MailDir())
	}
	return &outbox.Dispatcher{Client: db.Client, Sender: sender, Templates: tpl, Log: log,
		From: cfg.MailFrom, BaseURL: cfg.BaseURL(), Now: cfg.Now}, nil
}

// startScheduler runs the jobs: on PostgreSQL under an elected leader, on
// SQLite in this one process.
func startScheduler(ctx context.Context, cfg server.Config, db *database.DB, log *slog.Logger, mailer *outbox.Dispatcher, slotChanges live.Notifier) (*jobs.Scheduler, error) {
	var elector *jobs.Elector
	if db.Dialect == dialect.Postgres {
		elector = jobs.NewElector(db.SQL, log)
	}
	return jobs.Start(ctx, jobsEnv(cfg, db, log, mailer, slotChanges), jobs.All(), elector)
}

// jobsEnv is what jobs run with, in serve's scheduler and in `plp jobs run`.
func jobsEnv(cfg server.Config, db *database.DB, log *slog.Logger, mailer *outbox.Dispatcher, slotChanges live.Notifier) jobs.Env {
	return jobs.Env{Config: cfg.JobConfig, Client: db.Client, Now: cfg.Now, Log: log, BaseURL: cfg.BaseURL(),
		Dispatcher: mailer, SlotChanges: slotChanges}
}

const jobsUsage = "usage: plp jobs list | plp jobs run NAME [--dry-run] [db and mail flags]"

// jobsCommand is `plp jobs list` and `plp jobs run NAME [--dry-run]`.
func jobsCommand(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "list" {
		w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tEVERY\tWHAT")
		for _, j := range jobs.All() {
			every := "by hand"
			if j.Every > 0 {
				every = j.Every.String()
			}
			fmt.Fprintf(w, "%s\t%s\t%s\n", j.Name, every, j.Description)
		}
		return w.Flush()
	}
	if wantsHelp(args) || args[0] == "run" && wantsHelp(args[1:]) {
		fmt.Println(jobsUsage)
		return nil
	}
	if args[0] != "run" || len(args) < 2 {
		return errors.New(jobsUsage)
	}
	job, ok := jobs.Find(args[1])
	if !ok {
		return fmt.Errorf("no job %q: see plp jobs list", args[1])
	}
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("jobs run", flag.ExitOnError)
	dbFlags(fs, &cfg)
	mailFlags(fs, &cfg)
	dry := fs.Bool("dry-run", false, "say what the job would do, change nothing")
	if err := envflag.Parse(fs, args[2:]); err != nil {
		return err
	}
	log := startLogging(os.Stderr, false)
	db, err := openAndMigrate(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	mailer, err := newDispatcher(cfg, db, log)
	if err != nil {
		return err
	}
	var slotChanges live.Notifier
	if db.Dialect == dialect.Postgres {
		// The servers LISTEN: a NOTIFY from this process reaches them.
		slotChanges = live.Postgres{}
	}
	summary, err := jobs.RunOnce(ctx, jobsEnv(cfg, db, log, mailer, slotChanges), job, *dry)
	if err != nil {
		return fmt.Errorf("%s: %w", job.Name, err)
	}
	prefix := ""
	if *dry {
		prefix = "dry run: "
	}
	fmt.Printf("%s: %s%s\n", job.Name, prefix, summary)
	return nil
}
