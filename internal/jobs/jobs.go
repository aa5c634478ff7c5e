// Package jobs is PLP's scheduled work: a registry of named jobs, each a
// plain call of a domain function (package reminders, notify, ...), run as
// the system viewer, by gocron on a schedule or once by hand (`plp jobs run
// NAME`). With several replicas on PostgreSQL one is elected leader (an
// advisory lock, see Elector) and only it runs jobs; every effect is also
// unique by key in the database, so a change of leader mid-period sends
// nothing twice.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"entgo.io/ent/dialect"

	"plp/ent"
	"plp/internal/conference/agenda"
	"plp/internal/conference/booking"
	"plp/internal/conference/live"
	"plp/internal/partner/endorsement"
	"plp/internal/platform/backup"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
	"plp/internal/reminders"
	"plp/internal/school/implementation"
	"plp/internal/school/requirements"
)

// Env is what jobs run with. `plp serve` and `plp jobs run` build theirs
// with one function (cmd/plp), from one Config; tests may leave the Config
// zero, which runs every job with its domain defaults.
type Env struct {
	Config
	Client *ent.Client
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	Log *slog.Logger
	// BaseURL is where people reach PLP, for links in mail.
	BaseURL string
	// Dispatcher sends the outbox (the send-mail job).
	Dispatcher *outbox.Dispatcher
	// SlotChanges announces the slot changes jobs make (an expired waitlist
	// offer frees a slot) to the pages watching the window, as a request's
	// changes are; nil announces nothing (`plp jobs run` on SQLite, whose
	// server is another process).
	SlotChanges live.Notifier
	// Backup is what the backup job copies: the database and the file
	// store; nil is no scheduled backup.
	Backup *backup.Source
}

// Job is one kind of scheduled work.
type Job struct {
	Name        string
	Description string
	// Every is how often the scheduler runs it; zero runs it only by hand.
	Every time.Duration
	// Run does the work once. A dry run changes nothing and says what it
	// would do.
	Run func(ctx context.Context, env Env, dryRun bool) (string, error)
}

// All lists the jobs, in the order `plp jobs list` shows them.
func All() []Job {
	return []Job{
		{
			Name:        "reflection-reminders",
			Description: "prompt students who have not reflected within their school's cadence (quiet hours respected)",
			Every:       time.Hour,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				r, err := reminders.ReflectionReminders(ctx, env.Client, reminders.Options{BaseURL: env.BaseURL, DryRun: dry})
				return r.String(), err
			},
		},
		{
			Name:        "family-digest",
			Description: "send guardians a weekly digest of what their child added (after Friday, school time)",
			Every:       time.Hour,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				r, err := reminders.FamilyDigest(ctx, env.Client, reminders.Options{BaseURL: env.BaseURL, DryRun: dry})
				return r.String(), err
			},
		},
		{
			Name:        "expire-endorsement-requests",
			Description: "mark requests for endorsements that no partner answered in time EXPIRED",
			Every:       time.Hour,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				if dry {
					n, err := endorsement.CountExpired(ctx, env.Client)
					return fmt.Sprintf("%d requests would expire", n), err
				}
				n, err := endorsement.ExpireRequests(ctx, env.Client)
				return fmt.Sprintf("%d requests expired", n), err
			},
		},
		{
			Name:        "action-item-reminders",
			Description: "remind owners of PLP implementation action items due within a week (quiet hours respected)",
			Every:       6 * time.Hour,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				r, err := implementation.RemindDue(ctx, env.Client, env.ActionItemWindow, dry)
				return r.String(), err
			},
		},
		{
			Name:        "requirement-reminders",
			Description: "remind students, and their advisors, of plan requirements due within 14 days (--requirement-reminder-days) and not met, once per requirement and due date (quiet hours respected)",
			Every:       24 * time.Hour,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				r, err := requirements.RemindDue(ctx, env.Client, requirements.RemindOptions{
					Days: env.RequirementReminderDays, BaseURL: env.BaseURL, DryRun: dry})
				return r.String(), err
			},
		},
		{
			Name:        "conference-agendas",
			Description: "build the agenda of each conference a week ahead (--agenda-days), keeping the student's arrangement; mail it to attendees 48h before (--agenda-send-before), and an update if it changes",
			Every:       15 * time.Minute,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				r, err := agenda.Run(ctx, env.Client, agenda.Options{Days: env.AgendaDays, SendBefore: env.AgendaSendBefore, BaseURL: env.BaseURL, DryRun: dry})
				return r.String(), err
			},
		},
		{
			Name:        "conference-reminders",
			Description: "remind the attendees of each booked conference 24 hours and 1 hour before (--conference-reminders)",
			Every:       5 * time.Minute,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				r, err := reminders.ConferenceReminders(ctx, env.Client, reminders.ConferenceOptions{
					Options: reminders.Options{BaseURL: env.BaseURL, DryRun: dry}, Offsets: env.ConferenceReminders})
				return fmt.Sprintf("%d attendee reminder(s) due, %d written, %d already sent", r.Considered, r.Written, r.Duplicates), err
			},
		},
		{
			Name:        "waitlist-offers",
			Description: "end conference slots held for waitlisted families past their time, and offer each to the next family waiting",
			Every:       5 * time.Minute,
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				if dry {
					return "a dry run changes nothing", nil
				}
				n, err := booking.ExpireOffers(ctx, env.Client)
				return fmt.Sprintf("%d expired offer(s) passed on", n), err
			},
		},
		{
			Name:        "backup",
			Description: "back up the SQLite database and the stored files into --backup-dir (default DATA-DIR/backups), keeping the newest --backup-keep; on PostgreSQL use pg_dump and plp backup --files-only (README)",
			Every:       BackupEvery,
			Run:         runBackup,
		},
		{
			Name:        "send-mail",
			Description: "send the outbox's due mail now (serve does this every few seconds on every replica)",
			Run: func(ctx context.Context, env Env, dry bool) (string, error) {
				if dry {
					return "a dry run sends nothing", nil
				}
				if env.Dispatcher == nil {
					return "", fmt.Errorf("no mail dispatcher configured")
				}
				// Pass after pass until a pass finds less than a batch.
				var total outbox.Report
				for {
					r, err := env.Dispatcher.DispatchDue(ctx)
					total.Sent, total.Retrying, total.Failed = total.Sent+r.Sent, total.Retrying+r.Retrying, total.Failed+r.Failed
					if err != nil || r.Sent+r.Retrying+r.Failed < env.Dispatcher.BatchSize() {
						return fmt.Sprintf("%d sent, %d to retry, %d given up", total.Sent, total.Retrying, total.Failed), err
					}
				}
			},
		},
	}
}

// BackupEvery is how often the backup job runs. A server starting runs
// every job at once; the backup job then skips when its last archive is
// younger than this less an hour, so restarts do not crowd out the week.
const BackupEvery = 24 * time.Hour

func runBackup(ctx context.Context, env Env, dry bool) (string, error) {
	switch {
	case env.BackupKeep <= 0 || env.Backup == nil || env.BackupDir == "":
		return "scheduled backups are off (--backup-keep 0)", nil
	case env.Backup.DB.Dialect != dialect.SQLite:
		return "PostgreSQL: back up with pg_dump and plp backup --files-only (README); nothing written", nil
	}
	now := clock.Now(ctx)
	if last, ok := backup.Latest(env.BackupDir); ok && now.Sub(last) < BackupEvery-time.Hour {
		return fmt.Sprintf("the last backup is from %s; none due", last.Format(time.RFC3339)), nil
	}
	if dry {
		return fmt.Sprintf("would write a backup into %s and keep the newest %d", env.BackupDir, env.BackupKeep), nil
	}
	path, m, removed, err := backup.Scheduled(ctx, *env.Backup, env.BackupDir, env.BackupKeep, now)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("wrote %s (the database and %d stored file(s)); %d older backup(s) deleted", path, m.Files(), removed), nil
}

// Find returns the job with that name.
func Find(name string) (Job, bool) {
	for _, j := range All() {
		if j.Name == name {
			return j, true
		}
	}
	return Job{}, false
}

// RunOnce runs a job now as the system viewer with env's clock. A panic in
// the job is returned as its error: the other jobs go on.
func RunOnce(ctx context.Context, env Env, j Job, dryRun bool) (summary string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s panicked: %v\n%s", j.Name, p, debug.Stack())
		}
	}()
	now := env.Now
	if now == nil {
		now = time.Now
	}
	ctx = clock.NewContext(viewer.SystemContext(ctx), now)
	if env.SlotChanges != nil {
		ctx = live.NewContext(ctx, env.SlotChanges)
	}
	return j.Run(ctx, env, dryRun)
}
