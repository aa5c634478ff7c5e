package booking_test

import (
	"context"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/guardianship"
	"plp/ent/slot"
	"plp/internal/conference/booking"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/viewer"
)

// BenchmarkBook books one slot per operation as a guardian, in its own
// transaction as the bookConference mutation does: the slot and window
// checks, the active-conference check, the conditional seat UPDATE, the
// attendees, the confirmation in the outbox and the availability notice.
// The data is a seeded school with one free slot per student.
//
//	go test -run '^$' -bench Book -benchmem ./booking/
func BenchmarkBook(b *testing.B) {
	// A benchmark runs at the wall clock, said once.
	now := time.Now()
	ctx := apitest.NewClock(now).Context(context.Background())
	sys := viewer.SystemContext(ctx)
	db := apitest.NewDB(b)
	n := max(b.N, 1)
	if _, err := seedscale.Generate(ctx, db, seedscale.Options{Students: n, SchoolSize: n, Now: now, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	c := db.Client
	links := c.Guardianship.Query().Where(guardianship.CanBook(true)).
		WithFamily(func(q *ent.AccountQuery) { q.WithMemberships() }).
		Order(ent.Asc(guardianship.FieldStudentID), ent.Asc(guardianship.FieldID)).AllX(sys)
	slots := c.Slot.Query().Order(ent.Asc(slot.FieldStartsAt), ent.Asc(slot.FieldID)).AllX(sys)
	type attempt struct {
		as context.Context
		in booking.BookInput
	}
	var plan []attempt
	seen := map[string]bool{}
	for _, g := range links {
		if seen[string(g.StudentID)] || len(plan) == len(slots) {
			continue
		}
		seen[string(g.StudentID)] = true
		plan = append(plan, attempt{
			as: asFamily(ctx, g.Edges.Family),
			in: booking.BookInput{SlotID: slots[len(plan)].ID, StudentID: g.StudentID},
		})
	}
	if len(plan) < b.N {
		b.Fatalf("seeded %d bookable students for %d bookings", len(plan), b.N)
	}
	b.ReportAllocs()
	before := db.Statements()
	b.ResetTimer()
	for i := range b.N {
		p := plan[i]
		tx, err := c.Tx(p.as)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := booking.Book(p.as, tx.Client(), p.in); err != nil {
			_ = tx.Rollback()
			b.Fatalf("booking %d: %v", i, err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(db.Statements()-before)/float64(b.N), "stmts/op")
	if got := c.Conference.Query().CountX(sys); got != b.N {
		b.Fatalf("%d conferences after %d bookings", got, b.N)
	}
}

// asFamily is ctx as the guardian's account, with its memberships, as the
// server builds a viewer from a session.
func asFamily(ctx context.Context, acc *ent.Account) context.Context {
	v := &viewer.Viewer{AccountID: acc.ID}
	for _, m := range acc.Edges.Memberships {
		v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	return viewer.NewContext(ctx, v)
}
