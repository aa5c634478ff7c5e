package reminders_test

import (
	"context"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/clock"
	"plp/internal/reminders"
)

// BenchmarkReflectionReminderSelection chooses the students of a seeded
// school who are due a reflection reminder, per operation, as the job does:
// students in chunks, one query each for recent reflections and for active
// goals, the prompt, and the outbox's idempotency check. Dry, so every
// operation chooses afresh. Reports cost and statements per student.
//
//	go test -run '^$' -bench Selection -benchmem ./reminders/
func BenchmarkReflectionReminderSelection(b *testing.B) {
	const students = 1000
	ctx := context.Background()
	db := apitest.NewDB(b)
	seeded := time.Now()
	if _, err := seedscale.Generate(ctx, db, seedscale.Options{Students: students, SchoolSize: students, Now: seeded, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	// A month on, at noon in Vermont (outside quiet hours): everyone who
	// has not reflected since is due.
	later := time.Date(seeded.Year(), seeded.Month(), seeded.Day(), 17, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	ctx = clock.NewContext(ctx, func() time.Time { return later })
	opts := reminders.Options{BaseURL: "http://plp.test", DryRun: true}
	b.ReportAllocs()
	before := db.Statements()
	b.ResetTimer()
	var considered int
	for range b.N {
		res, err := reminders.ReflectionReminders(ctx, db.Client, opts)
		if err != nil {
			b.Fatal(err)
		}
		if res.Considered == 0 || res.Written != res.Considered {
			b.Fatalf("considered %d, would write %d: want some, all new", res.Considered, res.Written)
		}
		considered = res.Considered
	}
	b.StopTimer()
	per := float64(b.N * students)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/student")
	b.ReportMetric(float64(db.Statements()-before)/per, "stmts/student")
	b.ReportMetric(float64(considered), "due")
}
