package reminders

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/internal/conference/ical"
	"plp/internal/platform/clock"
)

// conferenceInvite is the calendar invite of a meeting (one conference, or
// the conferences of a joint one) loaded with its slot (and host), student,
// window and attendees: the same UID and sequence as the one sent at
// booking (a joint conference's are its joint_id's and the group's), so
// calendars update the event rather than add one.
func conferenceInvite(ctx context.Context, _ *ent.Client, g []*ent.Conference, loc *time.Location) string {
	conf := g[0]
	s := conf.Edges.Slot
	attendees := map[string]string{}
	for _, a := range attendeesOf(g) {
		attendees[a.Email] = a.Name
	}
	who := studentNames(g)
	id, summary, leads := string(conf.ID), "Student-led conference: "+who, who+" leads their conference"
	if conf.JointID != nil {
		id, summary, leads = string(*conf.JointID), "Joint student-led conference: "+who, who+" lead their joint conference"
	}
	e := ical.Event{
		ConferenceID: id,
		Sequence:     conf.Sequence,
		Start:        s.StartsAt,
		End:          s.EndsAt,
		Location:     loc,
		Summary:      summary,
		Place:        s.Location,
		URL:          s.VideoURL,
		Attendees:    attendees,
		Stamp:        clock.Now(ctx).UTC(),
	}
	if w := conf.Edges.Window; w != nil {
		if e.Place == "" {
			e.Place = w.Location
		}
		if e.URL == "" {
			e.URL = w.VideoURL
		}
		e.Description = fmt.Sprintf("%s (%s).", leads, w.Term)
	}
	if h := s.Edges.Host; h != nil {
		e.OrganizerEmail, e.OrganizerName = h.Email, h.Name
	}
	return ical.Invite(e)
}
