package booking_test

import (
	"bytes"
	"sort"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// TestInvitesReadRightAcrossDST books a conference and moves it to either
// side of both daylight-saving changes in New York (fall 2026, spring
// 2027), and reads every invite and the feed with an independent parser
// (emersion/go-ical), placing each DTSTART by the VTIMEZONE the file itself
// carries, as a calendar that does not know the TZID does: each must be the
// slot's instant. Lines end in CRLF and none is longer than 75 octets.
func TestInvitesReadRightAcrossDST(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	sl := generateSlots(t, b.advisor, b.window, b.Home.Advisor.ID,
		day("2026-10-30", "15:00", "15:20"), day("2026-11-02", "15:00", "15:20"),
		day("2027-03-12", "15:00", "15:20"), day("2027-03-15", "15:00", "15:20"))
	if len(sl) != 4 {
		t.Fatalf("%d slots, want 4", len(sl))
	}
	conf := b.book(t, b.fa, b.Home.Student.ID, sl[0].ID, nil)
	for _, s := range sl[1:] {
		b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": s.ID}}, nil)
	}
	var invites []string
	for _, kind := range []string{"conference_booked", "conference_moved"} {
		for _, n := range b.notifications(t, kind) {
			if n.RecipientID != b.Home.Family.ID {
				continue
			}
			invites = append(invites, n.Payload["ics"].(string))
		}
	}
	if len(invites) != 4 {
		t.Fatalf("%d invites, want 4", len(invites))
	}
	for i, text := range invites {
		starts := absoluteStarts(t, text)
		if len(starts) != 1 || !starts[0].Equal(sl[i].StartsAt) {
			t.Errorf("invite %d reads as %v, want %s:\n%s", i, starts, sl[i].StartsAt, text)
		}
	}

	// The feed holds the conference where it is now; with a second
	// conference, in winter, it spans both years' rules.
	var made struct {
		CreateCalendarFeed struct{ URL *string }
	}
	b.fa.MustDo(t, createFeed, map[string]any{"s": b.Home.School.ID}, &made)
	kid, _ := sibling(t, b)
	b.book(t, b.fa, kid.ID, sl[1].ID, nil)
	status, body := b.s.Get(t, pathOf(t, *made.CreateCalendarFeed.URL))
	if status != 200 {
		t.Fatalf("feed: %d %s", status, body)
	}
	got := absoluteStarts(t, string(body))
	want := []time.Time{sl[1].StartsAt, sl[3].StartsAt}
	if len(got) != 2 || !got[0].Equal(want[0]) || !got[1].Equal(want[1]) {
		t.Errorf("feed reads as %v, want %v:\n%s", got, want, body)
	}
}

// absoluteStarts parses text with go-ical and returns each event's DTSTART
// placed by the calendar's own VTIMEZONE (never the parser's zone
// database), sorted; it fails the test on a line that does not end in CRLF
// or is longer than 75 octets.
func absoluteStarts(t *testing.T, text string) []time.Time {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if l == "" {
			continue
		}
		if !strings.HasSuffix(l, "\r\n") {
			t.Fatalf("line %d does not end in CRLF: %q", i+1, l)
		}
		if n := len(strings.TrimSuffix(l, "\r\n")); n > 75 {
			t.Fatalf("line %d is %d octets, longer than 75: %q", i+1, n, l)
		}
	}
	cal, err := goical.NewDecoder(bytes.NewReader([]byte(text))).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the calendar: %v\n%s", err, text)
	}
	zones := map[string]*goical.Component{}
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			zones[c.Props.Get(goical.PropTimezoneID).Value] = c
		}
	}
	var out []time.Time
	for _, ev := range cal.Events() {
		p := ev.Props.Get(goical.PropDateTimeStart)
		tzid := p.Params.Get(goical.PropTimezoneID)
		zone := zones[tzid]
		if zone == nil {
			t.Fatalf("DTSTART TZID %q has no VTIMEZONE:\n%s", tzid, text)
		}
		wall, err := time.Parse("20060102T150405", p.Value)
		if err != nil {
			t.Fatalf("DTSTART %q: %v", p.Value, err)
		}
		out = append(out, wall.Add(-offsetAt(t, zone, wall)))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// offsetAt is the UTC offset a VTIMEZONE gives a wall-clock time: that of
// the STANDARD or DAYLIGHT part with the latest onset (DTSTART, RDATE or
// RRULE occurrence, as wall time) not after it.
func offsetAt(t *testing.T, zone *goical.Component, wall time.Time) time.Duration {
	t.Helper()
	var best time.Time
	var offset time.Duration
	found := false
	for _, part := range zone.Children {
		if part.Name != goical.CompTimezoneStandard && part.Name != goical.CompTimezoneDaylight {
			continue
		}
		onsets := []time.Time{}
		start, err := time.Parse("20060102T150405", part.Props.Get(goical.PropDateTimeStart).Value)
		if err != nil {
			t.Fatalf("onset: %v", err)
		}
		onsets = append(onsets, start)
		if part.Props.Get(goical.PropRecurrenceRule) != nil {
			set, err := part.RecurrenceSet(time.UTC)
			if err != nil {
				t.Fatalf("RRULE: %v", err)
			}
			onsets = append(onsets, set.Between(start, wall, true)...)
		}
		for _, rd := range part.Props.Values(goical.PropRecurrenceDates) {
			if r, err := time.Parse("20060102T150405", rd.Value); err == nil {
				onsets = append(onsets, r)
			}
		}
		to := part.Props.Get(goical.PropTimezoneOffsetTo)
		if to == nil {
			t.Fatalf("%s without TZOFFSETTO", part.Name)
		}
		d := parseOffset(t, to.Value)
		for _, o := range onsets {
			if !o.After(wall) && (!found || o.After(best)) {
				best, offset, found = o, d, true
			}
		}
	}
	if !found {
		t.Fatalf("VTIMEZONE has no rule for %s", wall)
	}
	return offset
}

func parseOffset(t *testing.T, v string) time.Duration {
	t.Helper()
	if len(v) < 5 {
		t.Fatalf("UTC offset %q", v)
	}
	tm, err := time.Parse("1504", v[1:5])
	if err != nil {
		t.Fatalf("UTC offset %q: %v", v, err)
	}
	d := time.Duration(tm.Hour())*time.Hour + time.Duration(tm.Minute())*time.Minute
	if v[0] == '-' {
		d = -d
	}
	return d
}
