package outbox_test

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"plp/internal/platform/outbox"
	"plp/internal/platform/outbox/smtptest"
)

// BenchmarkDispatchSMTP sends b.N messages through a go-smtp server on
// loopback, one pass of the dispatcher per batch of 50: claim, render,
// SMTP session, mark sent.
func BenchmarkDispatchSMTP(b *testing.B) {
	srv := smtptest.Start(b)
	f := newFixture(b, nil)
	s, err := outbox.OpenSender(srv.URL(), "", outbox.Timeouts{Command: 5 * time.Second, Reply: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	f.d.Sender = s
	f.d.Log = slog.New(slog.DiscardHandler)
	for i := range b.N {
		if _, err := outbox.Enqueue(f.ctx, f.db.Client, outbox.Message{SchoolID: f.w.Home.School.ID, RecipientID: f.w.Home.Family.ID,
			Kind: outbox.KindConferenceCancelled, Key: fmt.Sprintf("bench:%d", i), Data: cancelled}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	sent := 0
	for sent < b.N {
		rep, err := f.d.DispatchDue(f.ctx)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Sent == 0 {
			b.Fatalf("stuck at %d of %d", sent, b.N)
		}
		sent += rep.Sent
	}
	b.StopTimer()
	if got := len(srv.Messages()); got != b.N {
		b.Fatalf("%d arrived, want %d", got, b.N)
	}
}
