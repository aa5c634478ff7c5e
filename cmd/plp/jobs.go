package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"entgo.io/ent/dialect"

	"plp/internal/conference/live"
	"plp/internal/jobs"
	"plp/internal/platform/backup"
	"plp/internal/platform/database"
	"plp/internal/platform/envflag"
	"plp/internal/platform/outbox"
	"plp/internal/platform/storage"
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
		elector.Lease = cfg.JobConfig.SchedulerLease
	}
	return jobs.Start(ctx, jobsEnv(cfg, db, log, mailer, slotChanges), jobs.All(), elector)
}

// jobsEnv is what jobs run with, in serve's scheduler and in `plp jobs run`.
// The backup job copies the database and the file store (its own handle
// on the bucket, opened when the job first runs) into --backup-dir.
func jobsEnv(cfg server.Config, db *database.DB, log *slog.Logger, mailer *outbox.Dispatcher, slotChanges live.Notifier) jobs.Env {
	jc := cfg.JobConfig
	if !filepath.IsAbs(jc.BackupDir) {
		jc.BackupDir = filepath.Join(cfg.DataDir, jc.BackupDir)
	}
	return jobs.Env{Config: jc, Client: db.Client, Now: cfg.Now, Log: log, BaseURL: cfg.BaseURL(),
		Dispatcher: mailer, SlotChanges: slotChanges,
		Backup: &backup.Source{DB: db, Files: storage.OpenURL(cfg.FilesURL())}}
}

const jobsUsage = "usage: plp jobs list | plp jobs status [db flags] | plp jobs run NAME [--dry-run] [db and mail flags]"

// jobsCommand is `plp jobs list`, `plp jobs status` and `plp jobs run NAME
// [--dry-run]`.
func jobsCommand(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "status" {
		return jobsStatus(ctx, args[1:])
	}
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
	var dry *bool
	cfg, db, log, err := openJobsDB(ctx, "jobs run", args[2:], func(fs *flag.FlagSet, cfg *server.Config) {
		mailFlags(fs, cfg)
		storageFlag(fs, cfg)
		dry = fs.Bool("dry-run", false, "say what the job would do, change nothing")
	})
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
	env := jobsEnv(cfg, db, log, mailer, slotChanges)
	var summary string
	if *dry {
		summary, err = jobs.RunOnce(ctx, env, job, true)
	} else {
		host, _ := os.Hostname()
		summary, err = jobs.RunRecorded(ctx, env, job, fmt.Sprintf("by hand on %s/%d", host, os.Getpid()))
	}
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

// jobsStatus is `plp jobs status`: which replica leads, and each job's last
// run (by any replica, or by hand) and how it ended, from the database.
func jobsStatus(ctx context.Context, args []string) error {
	_, db, _, err := openJobsDB(ctx, "jobs status", args, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	status, err := jobs.ReadStatus(ctx, db.Client, jobs.All())
	if err != nil {
		return err
	}
	now := time.Now()
	switch {
	case status.Leader == "" && db.Dialect == dialect.Postgres:
		fmt.Println("leader: none (no replica holds the scheduler's lease)")
	case status.Leader == "":
		fmt.Println("leader: the one server process (SQLite)")
	case status.LeaseExpires.Before(now):
		fmt.Printf("leader: none; %s's lease ran out %s ago\n", status.Leader, now.Sub(status.LeaseExpires).Round(time.Second))
	default:
		fmt.Printf("leader: %s (lease until %s)\n", status.Leader, status.LeaseExpires.Format(time.RFC3339))
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "JOB\tEVERY\tLAST STARTED\tRESULT\tBY\tSUMMARY")
	for _, j := range status.Jobs {
		every := "by hand"
		if j.Every > 0 {
			every = j.Every.String()
		}
		if j.Last == nil {
			fmt.Fprintf(w, "%s\t%s\tnever\t\t\t\n", j.Name, every)
			continue
		}
		result := "running"
		switch {
		case j.Last.FinishedAt != nil && j.Last.OK:
			result = "ok"
		case j.Last.FinishedAt != nil:
			result = "failed"
		}
		fmt.Fprintf(w, "%s\t%s\t%s ago\t%s\t%s\t%s\n", j.Name, every, now.Sub(j.Last.StartedAt).Round(time.Second),
			result, j.Last.Replica, j.Last.Summary)
	}
	return w.Flush()
}

// openJobsDB parses the flags of a jobs subcommand (the database's, and
// those more adds) and opens the database, migrated, logging to stderr.
func openJobsDB(ctx context.Context, name string, args []string, more func(*flag.FlagSet, *server.Config)) (server.Config, *database.DB, *slog.Logger, error) {
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	dbFlags(fs, &cfg)
	if more != nil {
		more(fs, &cfg)
	}
	if err := envflag.Parse(fs, args); err != nil {
		return cfg, nil, nil, err
	}
	log := startLogging(os.Stderr, false)
	db, err := openAndMigrate(ctx, cfg, log)
	return cfg, db, log, err
}
