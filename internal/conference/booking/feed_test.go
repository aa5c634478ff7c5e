package booking_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"plp/ent/guardianship"
	"plp/ent/membership"
	"plp/internal/conference/ical"
	"plp/internal/devtools/apitest"
)

const (
	createFeed = `mutation($s: ID!) { createCalendarFeed(schoolID: $s) { calendarFeed { id revokedAt } url } }`
	revokeFeed = `mutation($id: ID!) { revokeCalendarFeed(id: $id) { calendarFeed { id revokedAt } url } }`
)

// TestCalendarFeed: a guardian's secret feed lists their child's
// conference with the invite's UID and times, follows a move, and stops
// when revoked; nobody else revokes it.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	conf := b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)

	var made struct {
		CreateCalendarFeed struct {
			CalendarFeed struct{ ID string }
			URL          *string
		}
	}
	b.fa.MustDo(t, createFeed, map[string]any{"s": b.Home.School.ID}, &made)
	abs := made.CreateCalendarFeed.URL
	if abs == nil || !strings.Contains(*abs, "://") || !strings.HasSuffix(*abs, ".ics") {
		t.Fatalf("feed url %v", abs)
	}
	_, rel, _ := strings.Cut(strings.SplitN(*abs, "://", 2)[1], "/")
	url := &rel
	*url = "/" + rel
	b.fa.MustFail(t, "BAD_USER_INPUT", createFeed, map[string]any{"s": b.Other.School.ID})

	read := func() *ics.VEvent {
		t.Helper()
		status, body := b.s.Get(t, *url)
		if status != 200 {
			t.Fatalf("GET %s: %d %s", *url, status, body)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(string(body)))
		if err != nil {
			t.Fatalf("parse feed: %v\n%s", err, body)
		}
		if !strings.Contains(string(body), "METHOD:PUBLISH") {
			t.Errorf("feed is not PUBLISH:\n%s", body)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%d events in the feed, want 1:\n%s", len(events), body)
		}
		return events[0]
	}
	ev := read()
	if ev.Id() != ical.UID(conf.ID) {
		t.Errorf("feed UID %s, want the invite's %s", ev.Id(), ical.UID(conf.ID))
	}
	if start, err := ev.GetStartAt(); err != nil || !start.Equal(b.slots[0].StartsAt) {
		t.Errorf("feed DTSTART %s (%v), want %s", start, err, b.slots[0].StartsAt)
	}
	b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": b.slots[3].ID}}, nil)
	ev = read()
	if start, _ := ev.GetStartAt(); !start.Equal(b.slots[3].StartsAt) {
		t.Errorf("feed after the move starts %s, want %s", start, b.slots[3].StartsAt)
	}
	if p := ev.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != "1" {
		t.Errorf("feed SEQUENCE after the move %v, want 1", p)
	}

	// Revoked: the address answers 404; only the owner revokes.
	b.advisor.MustFail(t, "NOT_FOUND", revokeFeed, map[string]any{"id": made.CreateCalendarFeed.CalendarFeed.ID})
	var revoked struct {
		RevokeCalendarFeed struct {
			CalendarFeed struct{ RevokedAt *time.Time }
		}
	}
	b.fa.MustDo(t, revokeFeed, map[string]any{"id": made.CreateCalendarFeed.CalendarFeed.ID}, &revoked)
	if revoked.RevokeCalendarFeed.CalendarFeed.RevokedAt == nil {
		t.Errorf("revokedAt not set")
	}
	if status, _ := b.s.Get(t, *url); status != 404 {
		t.Errorf("revoked feed answers %d, want 404", status)
	}
	if status, _ := b.s.Get(t, "/calendar/plpcal_nonsense.ics"); status != 404 {
		t.Errorf("unknown feed answers %d, want 404", status)
	}
}

// TestFeedFollowsGuardiansAndHosts: the feed's addresses are absolute
// (the server's public URL, and webcal); a guardian added after the
// booking sees the conference in their feed, one whose guardianship ended
// no longer does, and the host's feed has the conference in her slot.
func TestFeedFollowsGuardiansAndHosts(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	conf := b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)
	sys := b.s.System()
	c := b.s.DB.Client
	late := c.Account.Create().SetEmail("late.guardian@home.plp.test").SetName("Late Guardian").SetPasswordHash(apitest.PasswordHash()).SaveX(sys)
	c.Membership.Create().SetAccountID(late.ID).SetSchoolID(b.Home.School.ID).SetRole(membership.RoleFamily).ExecX(sys)
	c.Guardianship.Create().SetStudentID(b.Home.Student.ID).SetFamilyID(late.ID).SetRelationship("stepmother").ExecX(sys)

	feed := func(cl *apitest.Client) (string, []string) {
		t.Helper()
		var made struct {
			CreateCalendarFeed struct {
				URL       *string
				WebcalURL *string
			}
		}
		cl.MustDo(t, `mutation($s: ID!) { createCalendarFeed(schoolID: $s) { url webcalURL } }`, map[string]any{"s": b.Home.School.ID}, &made)
		u, w := made.CreateCalendarFeed.URL, made.CreateCalendarFeed.WebcalURL
		if u == nil || w == nil {
			t.Fatalf("feed addresses %v %v", u, w)
		}
		web, err := url.Parse(*u)
		if err != nil || !web.IsAbs() || web.Host == "" || !strings.HasPrefix(web.Path, "/calendar/") || *w != "webcal://"+web.Host+web.Path {
			t.Fatalf("feed addresses %q %q, want absolute (the server's public URL) and webcal", *u, *w)
		}
		path := web.Path
		status, body := b.s.Get(t, path)
		if status != 200 {
			t.Fatalf("GET %s: %d", path, status)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		var uids []string
		for _, ev := range cal.Events() {
			uids = append(uids, ev.Id())
		}
		return path, uids
	}
	want := ical.UID(conf.ID)
	lateFeed, uids := feed(b.s.As(t, late))
	if len(uids) != 1 || uids[0] != want {
		t.Errorf("the guardian added after the booking sees %v, want %s", uids, want)
	}
	if _, uids := feed(b.advisor); len(uids) != 1 || uids[0] != want {
		t.Errorf("the host's feed has %v, want %s", uids, want)
	}
	famFeed, _ := feed(b.fa)
	c.Guardianship.Update().Where(guardianship.FamilyID(b.Home.Family.ID)).SetEndsAt(b.s.Clock.Now().Add(-time.Minute)).ExecX(sys)
	status, body := b.s.Get(t, famFeed)
	if status == 200 && strings.Contains(string(body), want) {
		t.Errorf("a guardian whose guardianship ended still sees the conference")
	}
	if status, body := b.s.Get(t, lateFeed); status != 200 || !strings.Contains(string(body), want) {
		t.Errorf("the late guardian's feed lost the conference: %d", status)
	}
}

// pathOf is the path of a feed's absolute address, to GET from the test
// server (whose public URL is its configured, not its loopback, address).
func pathOf(t *testing.T, abs string) string {
	t.Helper()
	u, err := url.Parse(abs)
	if err != nil || !u.IsAbs() {
		t.Fatalf("feed address %q is not absolute", abs)
	}
	return u.Path
}
