package server

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/notification"
	"plp/internal/jobs"
	"plp/internal/platform/metrics"
	"plp/internal/platform/viewer"
)

// newMetrics builds the server's metrics, or nil when /metrics is off:
// by flag, or in production without a token (the figures name operations
// and show load, which is no one's business but the operators').
func (s *Server) newMetrics() *metrics.Metrics {
	if !s.cfg.Metrics || (s.cfg.Production && s.cfg.MetricsToken == "") {
		return nil
	}
	now := s.cfg.Now
	if now == nil {
		now = time.Now
	}
	return metrics.New(metrics.Source{
		Statements:      s.db.Statements,
		StatementErrors: s.db.StatementErrors,
		Outbox:          func(ctx context.Context) (metrics.Outbox, error) { return outboxBacklog(ctx, s.db.Client, now()) },
		Jobs:            func(ctx context.Context) ([]metrics.JobRun, error) { return jobRuns(ctx, s.db.Client) },
		Now:             now,
	})
}

// jobRuns reads the last run of each job, whichever replica ran it.
func jobRuns(ctx context.Context, c *ent.Client) ([]metrics.JobRun, error) {
	last, err := jobs.LastRuns(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]metrics.JobRun, 0, len(last))
	for _, r := range last {
		out = append(out, metrics.JobRun{Job: r.Job, StartedAt: r.StartedAt, Finished: r.FinishedAt != nil, OK: r.OK})
	}
	return out, nil
}

// outboxBacklog counts the mail not yet sent nor given up on, due now or
// held, and the mail given up on, and finds when the oldest due message
// became due.
func outboxBacklog(ctx context.Context, c *ent.Client, now time.Time) (metrics.Outbox, error) {
	ctx = viewer.SystemContext(ctx)
	var o metrics.Outbox
	pending := c.Notification.Query().Where(notification.SentAtIsNil(), notification.FailedAtIsNil())
	var err error
	if o.Due, err = pending.Clone().Where(notification.NotBeforeLTE(now)).Count(ctx); err != nil {
		return o, fmt.Errorf("count the due mail: %w", err)
	}
	if o.Held, err = pending.Clone().Where(notification.NotBeforeGT(now)).Count(ctx); err != nil {
		return o, fmt.Errorf("count the held mail: %w", err)
	}
	if o.Failed, err = c.Notification.Query().Where(notification.FailedAtNotNil()).Count(ctx); err != nil {
		return o, fmt.Errorf("count the failed mail: %w", err)
	}
	if o.Due == 0 {
		return o, nil
	}
	oldest, err := pending.Where(notification.NotBeforeLTE(now)).Order(ent.Asc(notification.FieldNotBefore)).
		Select(notification.FieldNotBefore).First(ctx)
	if err != nil {
		return o, fmt.Errorf("read the outbox's oldest due message: %w", err)
	}
	o.OldestDue = oldest.NotBefore
	return o, nil
}
