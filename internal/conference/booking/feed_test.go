package booking_test

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"plp/internal/conference/ical"
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
	url := made.CreateCalendarFeed.URL
	if url == nil || !strings.HasPrefix(*url, "/calendar/") || !strings.HasSuffix(*url, ".ics") {
		t.Fatalf("feed url %v", url)
	}
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
