package ical

import (
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"
)

// localFormat is a DATE-TIME in local ("floating") form, as DTSTART and the
// onsets of a VTIMEZONE are written.
const localFormat = "20060102T150405"

// timezone writes loc as a VTIMEZONE whose STANDARD and DAYLIGHT parts are
// the zone's real offsets, read from Go's zone database: the offset in
// effect on 1 January of the first year, then one part per transition up
// to the end of the last year (RFC 5545 §3.6.5). A calendar that knows no
// TZID of that name (or reads only the file) still places every event at
// the right instant. Each transition is its own part with a single onset
// (no RRULE): rules change over the years, and the parts are few.
func timezone(loc *time.Location, firstYear, lastYear int) *ics.VTimezone {
	tz := ics.NewTimezone(loc.String())
	from := time.Date(firstYear, 1, 1, 0, 0, 0, 0, loc)
	until := time.Date(lastYear+1, 1, 1, 0, 0, 0, 0, loc)

	// The zone in effect at the start, from its own onset when it has one.
	start, end := from.ZoneBounds()
	onset, before := start, from
	if start.IsZero() {
		onset = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	} else {
		before = start.Add(-time.Second)
	}
	addPart(tz, onset, before, from)
	for !end.IsZero() && end.Before(until) {
		addPart(tz, end, end.Add(-time.Second), end)
		_, end = end.ZoneBounds()
	}
	return tz
}

// addPart writes the part of a VTIMEZONE that starts at onset: the offset in
// effect at before (TZOFFSETFROM) gives way to that at after (TZOFFSETTO).
func addPart(tz *ics.VTimezone, onset, before, after time.Time) {
	_, fromOffset := before.Zone()
	name, toOffset := after.Zone()
	var part *ics.ComponentBase
	if after.IsDST() {
		d := &ics.Daylight{}
		tz.Components = append(tz.Components, d)
		part = &d.ComponentBase
	} else {
		s := tz.AddStandard()
		part = &s.ComponentBase
	}
	// The onset is local time in the offset before it.
	local := onset.UTC().Add(time.Duration(fromOffset) * time.Second)
	part.SetProperty(ics.ComponentPropertyDtStart, local.Format(localFormat))
	part.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(fromOffset))
	part.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(toOffset))
	part.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
}

// utcOffset writes seconds east of UTC as a UTC-OFFSET: +hhmm, or +hhmmss
// when the offset has seconds.
func utcOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	if s != 0 {
		return fmt.Sprintf("%s%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%s%02d%02d", sign, h, m)
}
