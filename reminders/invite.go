package reminders

import (
	"context"
	"fmt"
	"time"

	"plp/clock"
	"plp/ent"
	"plp/invite"
)

// conferenceInvite is the calendar invite of a conference loaded with its
// slot (and host), student, window and attendees: the same UID and
// sequence as the one sent at booking, so calendars update the event
// rather than add one.
func conferenceInvite(ctx context.Context, _ *ent.Client, conf *ent.Conference, loc *time.Location) string {
	s, stu := conf.Edges.Slot, conf.Edges.Student
	attendees := map[string]string{}
	for _, a := range conf.Edges.Attendees {
		attendees[a.Email] = a.Name
	}
	e := invite.Event{
		ConferenceID: string(conf.ID),
		Sequence:     conf.Sequence,
		Start:        s.StartsAt,
		End:          s.EndsAt,
		Location:     loc,
		Summary:      fmt.Sprintf("Student-led conference: %s", stu.PreferredName),
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
		e.Description = fmt.Sprintf("%s leads their conference (%s).", stu.PreferredName, w.Term)
	}
	if h := s.Edges.Host; h != nil {
		e.OrganizerEmail, e.OrganizerName = h.Email, h.Name
	}
	return invite.Invite(e)
}
