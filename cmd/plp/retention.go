package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"plp/internal/platform/envflag"
	"plp/internal/records/retention"
	"plp/server"
)

// retain applies the retention policy once (docs/RETENTION.md).
func retain(ctx context.Context, args []string) error {
	cfg := server.DefaultConfig()
	p := retention.DefaultPolicy()
	fs := flag.NewFlagSet("retention", flag.ExitOnError)
	dbFlags(fs, &cfg)
	dryRun := fs.Bool("dry-run", false, "count what would be deleted, delete nothing")
	fs.DurationVar(&p.ExpiredSessions, "sessions", p.ExpiredSessions, "keep expired or signed-out sessions this long (0: forever)")
	fs.DurationVar(&p.SentNotifications, "notifications", p.SentNotifications, "keep sent mail this long (0: forever)")
	fs.DurationVar(&p.AuditEvents, "audit-events", p.AuditEvents, "keep audit events this long (0: forever)")
	fs.DurationVar(&p.AfterGraduation, "after-graduation", p.AfterGraduation, "keep a plan this long after 30 June of the graduation year (0: forever)")
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	db, err := openAndMigrate(ctx, cfg, startLogging(os.Stderr, false))
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := retention.Apply(ctx, db.Client, time.Now(), p, *dryRun)
	if err != nil {
		return err
	}
	verb := "deleted"
	if *dryRun {
		verb = "would delete"
	}
	if len(report.String()) == 0 {
		fmt.Println("nothing is past its retention time")
		return nil
	}
	fmt.Printf("%s: %s\n", verb, report)
	return nil
}
