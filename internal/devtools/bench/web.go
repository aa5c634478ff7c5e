package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"plp/ent/account"
	"plp/ent/conferencewindow"
	"plp/ent/guardianship"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/demo"
	"plp/internal/platform/viewer"
	"plp/server"
)

// Rows of the web workload.
const (
	WebBooking     = "web: family booking page"
	WebStudentHome = "web: student home"
)

// webTarget is the bar for the web app's pages at p95.
const webTarget = 50 * time.Millisecond

// web is the web app under load: Clients (8 by the issue) fetch, each in
// turn, the family's booking page (family1@demo.plp.test, their child's
// advisor's open window) and the student's home (/ as
// student1@demo.plp.test), on the demo school in a scratch database, with
// the session cookie, as a browser would. Each page is its own run, with
// its p95 checked against 50 ms.
func (e *env) web(ctx context.Context) error {
	if e.cfg.NewDB == nil {
		e.say("bench: web skipped (no scratch database)")
		return nil
	}
	db, drop, err := e.cfg.NewDB(ctx)
	if err != nil {
		return err
	}
	defer drop()
	if _, err := demo.Seed(ctx, db.Client, time.Now()); err != nil {
		return fmt.Errorf("seed the demo school: %w", err)
	}
	sys := viewer.SystemContext(ctx)
	c := db.Client
	family, err := c.Account.Query().Where(account.Email("family1@demo.plp.test")).Only(sys)
	if err != nil {
		return fmt.Errorf("find family1: %w", err)
	}
	student, err := c.Account.Query().Where(account.Email("student1@demo.plp.test")).Only(sys)
	if err != nil {
		return fmt.Errorf("find student1: %w", err)
	}
	g, err := c.Guardianship.Query().Where(guardianship.FamilyID(family.ID)).First(sys)
	if err != nil {
		return fmt.Errorf("find family1's child: %w", err)
	}
	now := time.Now()
	win, err := c.ConferenceWindow.Query().Where(conferencewindow.OpensAtLT(now), conferencewindow.ClosesAtGT(now)).First(sys)
	if err != nil {
		return fmt.Errorf("find the open window: %w", err)
	}
	tokens, err := sessions(ctx, c, []pulid.ID{family.ID, student.ID})
	if err != nil {
		return err
	}
	url, stop, err := serve(ctx, server.New(e.srvCfg, db, e.cfg.Log))
	if err != nil {
		return err
	}
	defer stop()
	pages := []struct{ name, path, token string }{
		{WebBooking, "/book/" + string(g.StudentID) + "/" + string(win.ID), tokens[0]},
		{WebStudentHome, "/", tokens[1]},
	}
	for _, p := range pages {
		if err := page(ctx, e.hc, url+p.path, p.token); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		e.say("bench: %s ...", p.name)
		r := drive(ctx, e.cfg.Clients, e.cfg.Duration, func() int64 { return 0 }, func(ctx context.Context, _ int) error {
			return page(ctx, e.hc, url+p.path, p.token)
		})
		r.Workload, r.Database, r.Statements = p.name, e.dbName, -1
		r.Note = fmt.Sprintf("p95 %s", r.P95.Round(10*time.Microsecond))
		e.add(r)
		e.check(WorkWeb, p.name+": p95 < 50 ms with "+fmt.Sprint(e.cfg.Clients)+" clients", r.Errors == 0 && r.P95 < webTarget,
			"p95 %s, %d requests, %d errors", r.P95.Round(10*time.Microsecond), r.Requests, r.Errors)
	}
	return nil
}

// page GETs a page of the web app with the session cookie; anything but
// a 200 page (a redirect to sign in, an error page) is a failure.
func page(ctx context.Context, hc *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.AddCookie(&http.Cookie{Name: "plp_session", Value: token})
	resp, err := noFollow(hc).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	return nil
}

// noFollow is hc without following redirects, sharing its connections.
func noFollow(hc *http.Client) *http.Client {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}
