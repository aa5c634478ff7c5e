package bench

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"plp/server"
)

// Point is one scaling measurement: a workload's time on a district of
// Students students (Scale times the base).
type Point struct {
	Workload string
	Database string
	Scale    int
	Students int
	// Units of work done (conferences built; caseload rows read) and what
	// they are.
	Units int
	Unit  string
	// Time is the workload's time: the agenda run's wall time, or the
	// median of the caseload requests.
	Time       time.Duration
	Statements int64
}

// Scaling workloads (Point.Workload).
const (
	ScaleCaseload = "caseload (500 students, p50)"
	ScaleAgendas  = "agendas (all conferences)"
)

// caseloadSamples is how many caseload requests each scaling point takes
// its median from.
const caseloadSamples = 15

// scaling runs the caseload and agenda workloads on districts of
// ScaleBase times each Scale students, each in a fresh database, and
// draws the chart. The caseload page is one counselor's 500 students
// whatever the district, so its time should stay flat; the agenda run
// builds one agenda per student, so its time should grow with the data
// and no faster.
func (e *env) scaling(ctx context.Context) error {
	cfg := e.cfg
	if cfg.NewDB == nil {
		e.say("bench: scaling skipped: no scratch database")
		return nil
	}
	var pts []Point
	for _, k := range cfg.Scale {
		n := cfg.ScaleBase * k
		e.say("bench: scaling %dx (%d students) ...", k, n)
		p, err := e.scalePoint(ctx, k, n)
		if err != nil {
			return err
		}
		pts = append(pts, p...)
	}
	e.rep.Scaling = append(e.rep.Scaling, pts...)
	for _, w := range []string{ScaleCaseload, ScaleAgendas} {
		var lo, hi *Point
		for i := range pts {
			if pts[i].Workload != w {
				continue
			}
			if lo == nil {
				lo = &pts[i]
			}
			hi = &pts[i]
		}
		if lo == nil || hi == lo || lo.Time <= 0 || lo.Units <= 0 {
			continue
		}
		dataGrowth := float64(hi.Students) / float64(lo.Students)
		timeGrowth := float64(hi.Time) / float64(lo.Time)
		// Time may grow with the data (and the work), not faster; 25%
		// over for noise on a shared machine.
		e.check(w, "time grows no faster than the data", timeGrowth <= 1.25*dataGrowth,
			"data %.0fx, time %.2fx (%s to %s)", dataGrowth, timeGrowth, ms(lo.Time), ms(hi.Time))
	}
	if cfg.Chart != "" {
		if err := WriteChart(cfg.Chart, e.rep.Scaling); err != nil {
			return err
		}
		e.say("bench: chart written to %s", cfg.Chart)
	}
	return nil
}

// scalePoint seeds n students with a conference each into a fresh
// database and measures both workloads there.
func (e *env) scalePoint(ctx context.Context, k, n int) ([]Point, error) {
	cfg := e.cfg
	db, drop, err := cfg.NewDB(ctx)
	if err != nil {
		return nil, err
	}
	defer drop()
	at, err := conferenceDistrict(ctx, e, db, n)
	if err != nil {
		return nil, err
	}
	name := dbName(db)
	_, tokens, err := counselorSessions(ctx, db.Client)
	if err != nil {
		return nil, err
	}
	url, stop, err := serve(ctx, server.New(e.srvCfg, db, cfg.Log))
	if err != nil {
		return nil, err
	}
	defer stop()
	hc := &http.Client{Timeout: time.Minute}
	defer hc.CloseIdleConnections()
	var rows int
	var lat []time.Duration
	before := db.Statements()
	for i := range caseloadSamples + 1 {
		var page struct {
			Caseload struct{ Rows []struct{ StudentID string } }
		}
		t := time.Now()
		if err := graphqlInto(ctx, hc, url, tokens[0], caseloadQuery, map[string]any{"first": 500}, &page); err != nil {
			return nil, fmt.Errorf("caseload at %dx: %w", k, err)
		}
		if i > 0 { // the first warms the caches
			lat = append(lat, time.Since(t))
		}
		rows = len(page.Caseload.Rows)
	}
	pts := []Point{{Workload: ScaleCaseload, Database: name, Scale: k, Students: n, Units: rows, Unit: "rows",
		Time: percentile(lat, 0.5), Statements: (db.Statements() - before) / (caseloadSamples + 1)}}
	r, res, err := buildAgendas(ctx, db, at)
	if err != nil {
		return nil, err
	}
	pts = append(pts, Point{Workload: ScaleAgendas, Database: name, Scale: k, Students: n, Units: res.Conferences, Unit: "conferences",
		Time: r.Elapsed, Statements: int64(r.Statements * float64(r.Requests))})
	return pts, nil
}
