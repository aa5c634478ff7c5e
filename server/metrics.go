package server

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/notification"
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
		Outbox:          func(ctx context.Context) (int, time.Time, error) { return outboxBacklog(ctx, s.db.Client, now()) },
		Now:             now,
		// Names of signed-in requests, or of the persisted list's queries
		// (the only ones that run with an allow-list).
		Trusted: func(ctx context.Context) bool {
			return viewer.FromContext(ctx) != nil || s.cfg.PersistedQueries != nil
		},
	})
}

// outboxBacklog counts the mail not yet sent nor given up on, and finds
// when the oldest of it that is due became due.
func outboxBacklog(ctx context.Context, c *ent.Client, now time.Time) (int, time.Time, error) {
	ctx = viewer.SystemContext(ctx)
	pending := c.Notification.Query().Where(notification.SentAtIsNil(), notification.FailedAtIsNil())
	n, err := pending.Clone().Count(ctx)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count the outbox: %w", err)
	}
	if n == 0 {
		return 0, time.Time{}, nil
	}
	oldest, err := pending.Where(notification.NotBeforeLTE(now)).Order(ent.Asc(notification.FieldNotBefore)).
		Select(notification.FieldNotBefore).First(ctx)
	if ent.IsNotFound(err) {
		return n, time.Time{}, nil // all of it waits for quiet hours to end
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("read the outbox's oldest due message: %w", err)
	}
	return n, oldest.NotBefore, nil
}
