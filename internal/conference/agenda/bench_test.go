package agenda_test

import (
	"context"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/internal/conference/agenda"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
)

// BenchmarkRun builds the agendas of a seeded school's conferences, one
// per student, per operation: what the conference-agendas job does each
// night. Dry, so every operation builds every agenda afresh and writes
// nothing. It reports the cost and the SQL statements per conference.
//
//	go test -run '^$' -bench Run -benchmem ./agenda/
func BenchmarkRun(b *testing.B) {
	const students = 200
	ctx := clock.NewContext(context.Background(), time.Now) // a benchmark runs at the wall clock
	db := seedConferences(b, students)
	opts := agenda.Options{Days: 21, DryRun: true}
	b.ReportAllocs()
	before := db.Statements()
	b.ResetTimer()
	for range b.N {
		res, err := agenda.Run(ctx, db.Client, opts)
		if err != nil {
			b.Fatal(err)
		}
		if res.Conferences != students || res.Built != students {
			b.Fatalf("%d conferences, %d built; want %d", res.Conferences, res.Built, students)
		}
	}
	b.StopTimer()
	per := float64(b.N * students)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/conference")
	b.ReportMetric(float64(db.Statements()-before)/per, "stmts/conference")
}

// seedConferences seeds one school of n students and books each into its
// own slot, two weeks ahead.
func seedConferences(b *testing.B, n int) *database.DB {
	b.Helper()
	ctx := clock.NewContext(context.Background(), time.Now)
	sys := viewer.SystemContext(ctx)
	db := apitest.NewDB(b)
	if _, err := seedscale.Generate(ctx, db, seedscale.Options{Students: n, SchoolSize: n, Now: time.Now(), Seed: 1}); err != nil {
		b.Fatal(err)
	}
	c := db.Client
	students := c.Student.Query().Order(ent.Asc(student.FieldID)).AllX(sys)
	slots := c.Slot.Query().WithWindow().Order(ent.Asc(slot.FieldStartsAt), ent.Asc(slot.FieldID)).AllX(sys)
	var confs []*ent.ConferenceCreate
	for i, s := range students {
		confs = append(confs, c.Conference.Create().SetStudentID(s.ID).SetWindowID(slots[i].WindowID).
			SetSlotID(slots[i].ID).SetStatus(conference.StatusBooked))
	}
	for len(confs) > 0 {
		k := min(len(confs), 200)
		c.Conference.CreateBulk(confs[:k]...).ExecX(sys)
		confs = confs[k:]
	}
	return db
}
