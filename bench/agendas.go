package bench

import (
	"context"
	"fmt"
	"time"

	"plp/agenda"
	"plp/clock"
	"plp/database"
	"plp/ent"
	"plp/ent/conference"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/seedscale"
	"plp/viewer"
)

// Agenda rows of the table.
const (
	AgendaBuild   = "agendas: build"
	AgendaRebuild = "agendas: rebuild, unchanged"
)

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
		e.check(name, "statements bounded by batches, not conferences", r.Statements < 0.5,
			"%.3f per conference", r.Statements)
	}
	return nil
}

// conferenceDistrict seeds n students and books each a conference in their
// school's window (in bulk, as the system: the rush is measured elsewhere),
// and returns a time three days before the first conference: agendas are
// built within a week and mailed 48 hours before, so at that time all are
// built and none is mailed.
func conferenceDistrict(ctx context.Context, e *env, db *database.DB, n int) (time.Time, error) {
	res, err := seedscale.Generate(ctx, db, seedscale.Options{Students: n, Now: time.Now()})
	if err != nil {
		return time.Time{}, err
	}
	sys := viewer.SystemContext(ctx)
	c := db.Client
	booked := 0
	for _, school := range res.SchoolIDs {
		students, err := c.Student.Query().Where(student.SchoolID(school)).Order(ent.Asc(student.FieldID)).IDs(sys)
		if err != nil {
			return time.Time{}, err
		}
		slots, err := c.Slot.Query().Where(slot.SchoolID(school)).Order(ent.Asc(slot.FieldID)).All(sys)
		if err != nil {
			return time.Time{}, err
		}
		for from := 0; from < min(len(students), len(slots)); from += 500 {
			var bs []*ent.ConferenceCreate
			for i := from; i < min(from+500, len(students), len(slots)); i++ {
				bs = append(bs, c.Conference.Create().SetSchoolID(school).SetStudentID(students[i]).
					SetWindowID(slots[i].WindowID).SetSlotID(slots[i].ID).SetStatus(conference.StatusBooked))
			}
			if err := c.Conference.CreateBulk(bs...).Exec(sys); err != nil {
				return time.Time{}, fmt.Errorf("book conferences: %w", err)
			}
			booked += len(bs)
		}
	}
	first, err := c.Slot.Query().Where(slot.HasConferences()).Order(ent.Asc(slot.FieldStartsAt)).First(sys)
	if err != nil {
		return time.Time{}, err
	}
	e.say("bench: seeded %d students and %d conferences in %s", res.Students, booked, res.Elapsed.Round(time.Millisecond))
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
