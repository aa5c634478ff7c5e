package retention

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/auditevent"
	"plp/ent/notification"
	"plp/ent/session"
	"plp/ent/student"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Policy says how long each kind of record is kept. docs/RETENTION.md is
// the written rule; a zero duration keeps that kind forever, which no
// default does.
type Policy struct {
	// ExpiredSessions: sign-in sessions, after they expire or are signed out.
	ExpiredSessions time.Duration
	// SentNotifications: outgoing mail, after it was sent.
	SentNotifications time.Duration
	// AuditEvents: the record of disclosures and changes, after the event.
	AuditEvents time.Duration
	// AfterGraduation: a student's whole plan, after 30 June of their
	// graduation year.
	AfterGraduation time.Duration
}

const day = 24 * time.Hour

// DefaultPolicy is the retention PLP applies unless a school configures
// another.
func DefaultPolicy() Policy {
	return Policy{
		ExpiredSessions:   30 * day,
		SentNotifications: 365 * day,
		AuditEvents:       7 * 365 * day,
		AfterGraduation:   3 * 365 * day,
	}
}

// Apply deletes (or, with dryRun, counts) every record past its time, as
// the system, at now: what the deletes change (a slot's seats) is stamped
// then too. Each graduated student's plan goes in its own transaction.
func Apply(ctx context.Context, client *ent.Client, now time.Time, p Policy, dryRun bool) (Report, error) {
	ctx = clock.NewContext(viewer.SystemContext(ctx), func() time.Time { return now })
	report := Report{}
	type rule struct {
		kind  string
		keep  time.Duration
		count func(time.Time) (int, error)
		del   func(time.Time) (int, error)
	}
	rules := []rule{
		{"Session", p.ExpiredSessions,
			func(t time.Time) (int, error) {
				return client.Session.Query().Where(session.Or(session.ExpiresAtLT(t), session.RevokedAtLT(t))).Count(ctx)
			},
			func(t time.Time) (int, error) {
				return client.Session.Delete().Where(session.Or(session.ExpiresAtLT(t), session.RevokedAtLT(t))).Exec(ctx)
			}},
		{"Notification", p.SentNotifications,
			func(t time.Time) (int, error) {
				return client.Notification.Query().Where(notification.SentAtLT(t)).Count(ctx)
			},
			func(t time.Time) (int, error) {
				return client.Notification.Delete().Where(notification.SentAtLT(t)).Exec(ctx)
			}},
		{"AuditEvent", p.AuditEvents,
			func(t time.Time) (int, error) { return client.AuditEvent.Query().Where(auditevent.AtLT(t)).Count(ctx) },
			func(t time.Time) (int, error) { return client.AuditEvent.Delete().Where(auditevent.AtLT(t)).Exec(ctx) }},
	}
	for _, r := range rules {
		if r.keep <= 0 {
			continue
		}
		op := r.del
		if dryRun {
			op = r.count
		}
		n, err := op(now.Add(-r.keep))
		if err != nil {
			return report, fmt.Errorf("retention of %s: %w", r.kind, err)
		}
		report[r.kind] = n
	}
	if p.AfterGraduation <= 0 {
		return report, nil
	}
	// Graduated on 30 June of graduation_year; kept AfterGraduation after.
	lastYear := now.Add(-p.AfterGraduation).Year()
	if now.Add(-p.AfterGraduation).Before(time.Date(lastYear, 6, 30, 0, 0, 0, 0, time.UTC)) {
		lastYear--
	}
	graduated, err := client.Student.Query().Where(student.GraduationYearLTE(lastYear)).All(ctx)
	if err != nil {
		return report, fmt.Errorf("find graduated students: %w", err)
	}
	report["GraduatedStudents"] = len(graduated)
	if dryRun {
		return report, nil
	}
	for _, s := range graduated {
		if err := deleteInTx(ctx, client, s, report); err != nil {
			return report, err
		}
	}
	return report, nil
}

func deleteInTx(ctx context.Context, client *ent.Client, s *ent.Student, report Report) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin deletion of student %s: %w", s.ID, err)
	}
	r, err := DeleteStudent(ctx, tx.Client(), s)
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit deletion of student %s: %w", s.ID, err)
	}
	for k, n := range r {
		report[k] += n
	}
	return nil
}
