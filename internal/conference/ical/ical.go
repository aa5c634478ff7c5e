// Package ical writes a conference as an RFC 5545 iCalendar event, with
// github.com/arran4/golang-ical: the UID stays the same for the life of the
// conference (it is derived from the conference's ID), SEQUENCE rises with
// every move and with the cancel, a cancel is METHOD:CANCEL with
// STATUS:CANCELLED, and times carry the school's TZID so a calendar shows
// them at the school's wall-clock time, with a VTIMEZONE that carries the
// zone's real rules (zone.go) so that every calendar reads the same instant.
package ical

import (
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// ProductID names PLP as the calendar's producer.
const ProductID = "-//PLP//Student-led conferences//EN"

// Event is what a calendar needs to know about one conference.
type Event struct {
	// ConferenceID makes the UID: the same conference keeps it.
	ConferenceID string
	Sequence     int
	Cancelled    bool
	Start, End   time.Time
	// Location is the school's time zone, whose name is the TZID.
	Location *time.Location
	Summary  string
	// Description is free text for the event's body.
	Description string
	// Place is a room; URL a video link; either may be empty.
	Place, URL string
	// Organizer is the host's email and name.
	OrganizerEmail, OrganizerName string
	// Attendees are email → name.
	Attendees map[string]string
	// Stamp is when the invite was made (DTSTAMP).
	Stamp time.Time
}

// UID is the calendar UID of a conference.
func UID(conferenceID string) string { return strings.ToLower(conferenceID) + "@conferences.plp" }

// Calendar writes events as one calendar: REQUEST, unless every event is
// cancelled, which makes it CANCEL. A feed passes PUBLISH.
func Calendar(method ics.Method, events ...Event) string {
	cal := ics.NewCalendar()
	cal.SetProductId(ProductID)
	cal.SetMethod(method)
	// Each zone once, with its rules for the years its events span.
	type span struct {
		loc         *time.Location
		first, last int
	}
	var zones []*span
	byName := map[string]*span{}
	for _, e := range events {
		first, last := e.Start.In(e.Location).Year(), e.End.In(e.Location).Year()
		z := byName[e.Location.String()]
		if z == nil {
			z = &span{loc: e.Location, first: first, last: last}
			byName[e.Location.String()] = z
			zones = append(zones, z)
		}
		z.first, z.last = min(z.first, first), max(z.last, last)
	}
	for _, z := range zones {
		cal.AddVTimezone(timezone(z.loc, z.first, z.last))
	}
	for _, e := range events {
		add(cal, e)
	}
	// RFC 5545 §3.1: lines end in CRLF, folded at 75 octets (the library
	// folds; it ends lines in LF unless told).
	return cal.Serialize(ics.WithNewLineWindows)
}

// Invite is the calendar attached to a confirmation, a move or a cancel.
func Invite(e Event) string {
	method := ics.MethodRequest
	if e.Cancelled {
		method = ics.MethodCancel
	}
	return Calendar(method, e)
}

func add(cal *ics.Calendar, e Event) {
	ev := cal.AddEvent(UID(e.ConferenceID))
	tz := e.Location.String()
	ev.SetDtStampTime(e.Stamp)
	ev.SetSequence(e.Sequence)
	ev.SetProperty(ics.ComponentPropertyDtStart, e.Start.In(e.Location).Format("20060102T150405"), ics.WithTZID(tz))
	ev.SetProperty(ics.ComponentPropertyDtEnd, e.End.In(e.Location).Format("20060102T150405"), ics.WithTZID(tz))
	ev.SetSummary(e.Summary)
	if e.Description != "" {
		ev.SetDescription(e.Description)
	}
	switch {
	case e.Place != "":
		ev.SetLocation(e.Place)
	case e.URL != "":
		ev.SetLocation(e.URL)
	}
	if e.URL != "" {
		ev.SetURL(e.URL)
	}
	if e.OrganizerEmail != "" {
		ev.SetOrganizer("mailto:"+e.OrganizerEmail, ics.WithCN(e.OrganizerName))
	}
	for email, name := range e.Attendees {
		ev.AddAttendee("mailto:"+email, ics.WithCN(name), ics.ParticipationRoleReqParticipant)
	}
	if e.Cancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
}
