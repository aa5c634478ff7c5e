package ical

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// TestInviteRoundTrip parses an invite and a cancel with golang-ical: the
// UID is the conference's, times round-trip in the school's TZID, and the
// cancel is METHOD:CANCEL with a higher SEQUENCE.
func TestInviteRoundTrip(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	start := time.Date(2026, 11, 2, 20, 0, 0, 0, time.UTC)
	e := Event{ConferenceID: "cnf_01ABC", Sequence: 1, Start: start, End: start.Add(20 * time.Minute), Location: ny,
		Summary: "Conference", Place: "Room 104", Stamp: start.Add(-time.Hour)}
	for _, cancelled := range []bool{false, true} {
		e.Cancelled = cancelled
		text := Invite(e)
		cal, err := ics.ParseCalendar(strings.NewReader(text))
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, text)
		}
		ev := cal.Events()[0]
		if ev.Id() != UID("cnf_01ABC") {
			t.Errorf("UID %s", ev.Id())
		}
		if got, err := ev.GetStartAt(); err != nil || !got.Equal(start) {
			t.Errorf("DTSTART %s %v", got, err)
		}
		if !strings.Contains(text, "DTSTART;TZID=America/New_York:20261102T150000") {
			t.Errorf("DTSTART is not in the school's TZID:\n%s", text)
		}
		method := map[bool]string{false: "METHOD:REQUEST", true: "METHOD:CANCEL"}[cancelled]
		if !strings.Contains(text, method) {
			t.Errorf("want %s:\n%s", method, text)
		}
	}
}
