package bench

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/slot"
	"plp/internal/conference/agenda"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
)

// Agenda rows of the table.
const (
	AgendaBuild   = "agendas: build"
	AgendaRebuild = "agendas: rebuild, unchanged"
)

// agendaBatch is agenda.Run's batch; readsPerBatch bounds the reads of
// one (the conferences with slot, student and attendees; goals,
// milestones, evidence and endorsements; past conferences and their
// slots; self-assessments and skills; reflections; the last, empty page).
const agendaBatch, readsPerBatch = 500, 20

// agendas builds the agendas of Conferences conferences through the job's
// own function (agenda.Run), on a district of as many students with one
// conference each, then runs it again (nothing changes).
func (e *env) agendas(ctx context.Context) error {
	cfg := e.cfg
	if cfg.NewDB == nil {
		e.say("bench: agendas skipped: no scratch database")
		return nil
	}
	db, drop, err := cfg.NewDB(ctx)
	if err != nil {
		return err
	}
	defer drop()
	at, err := conferenceDistrict(ctx, e, db, cfg.Conferences)
	if err != nil {
		return err
	}
	for _, name := range []string{AgendaBuild, AgendaRebuild} {
		e.say("bench: %s ...", name)
		r, res, err := buildAgendas(ctx, db, at)
		if err != nil {
			return err
		}
		r.Workload, r.Database = name, dbName(db)
		r.Note = fmt.Sprintf("%s; %d statements in all", res, int(r.Statements*float64(r.Requests)))
		e.add(r)
		if name == AgendaBuild {
			e.check(AgendaBuild, fmt.Sprintf("%d agendas in under 5 s", r.Requests), r.Elapsed < 5*time.Second, "%s", secs(r.Elapsed))
			e.check(AgendaBuild, "peak RSS < 200 MB", r.PeakRSS < 200e6, "%s", mib(r.PeakRSS))
		}
		total := int(r.Statements*float64(r.Requests) + 0.5)
		batches := (r.Requests + agendaBatch - 1) / agendaBatch
		if name == AgendaRebuild {
			// Nothing to write: reads only, a fixed number per batch.
			e.check(name, "statements bounded by batches, not conferences", total <= readsPerBatch*batches,
				"%d statements for %d conferences in %d batch(es)", total, r.Requests, batches)
		} else {
			// Reads by batch, and each new agenda's UPDATE (with ent's
			// read-back of the row).
			e.check(name, "statements: reads by batch, 2 per agenda written", total <= readsPerBatch*batches+2*res.Built,
				"%d statements for %d agendas written in %d batch(es)", total, res.Built, batches)
		}
	}
	return nil
}

// conferenceDistrict seeds n students, each with a conference booked in
// their school's window, and returns a time three days before the first
// conference: agendas are built within a week and mailed 48 hours before,
// so at that time all are built and none is mailed.
func conferenceDistrict(ctx context.Context, e *env, db *database.DB, n int) (time.Time, error) {
	res, err := seedscale.Generate(ctx, db, seedscale.Options{Students: n, Now: time.Now(), Conferences: true})
	if err != nil {
		return time.Time{}, err
	}
	first, err := db.Client.Slot.Query().Where(slot.HasConferences()).Order(ent.Asc(slot.FieldStartsAt)).First(viewer.SystemContext(ctx))
	if err != nil {
		return time.Time{}, err
	}
	e.say("bench: seeded %d students and %d conferences in %s", res.Students, res.Conferences, res.Elapsed.Round(time.Millisecond))
	return first.StartsAt.Add(-72 * time.Hour), nil
}

// buildAgendas runs the agenda job's function at the time at and measures
// it: Requests are conferences, Statements per conference.
func buildAgendas(ctx context.Context, db *database.DB, at time.Time) (Result, agenda.Result, error) {
	ctx = clock.NewContext(ctx, func() time.Time { return at })
	resetPeakRSS()
	before, cpuBefore := db.Statements(), cpuTime()
	start := time.Now()
	res, err := agenda.Run(ctx, db.Client, agenda.Options{Days: 7})
	if err != nil {
		return Result{}, res, fmt.Errorf("build agendas: %w", err)
	}
	r := Result{Clients: 1, Requests: res.Conferences, Elapsed: time.Since(start), PeakRSS: peakRSS(), Statements: -1}
	if r.Requests > 0 {
		r.Statements = float64(db.Statements()-before) / float64(r.Requests)
		r.CPU = (cpuTime() - cpuBefore) / time.Duration(r.Requests)
	}
	return r, res, nil
}
