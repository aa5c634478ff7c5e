package reminders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/slot"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// DefaultConferenceOffsets are how long before a conference its attendees
// are reminded.
var DefaultConferenceOffsets = []time.Duration{24 * time.Hour, time.Hour}

// ConferenceOptions tune ConferenceReminders.
type ConferenceOptions struct {
	Options
	// Offsets before the start at which to remind (default 24h and 1h).
	Offsets []time.Duration
	// Invite, if set, returns the calendar invite (iCalendar text) to
	// attach to a reminder; by default it is the booking's invite (same
	// UID and sequence), from package invite.
	Invite func(ctx context.Context, c *ent.Client, conf *ent.Conference) (string, error)
}

// ConferenceReminders reminds the attendees of each booked or confirmed
// conference when it is Offsets away: from the moment the offset is reached
// until the conference starts, so a run that was missed catches up, and
// not at all for an offset that had already passed when it was booked (the
// booking's confirmation said it). The key (conference_reminder,
// conference, offset, start, attendee) makes it one reminder each; a
// conference moved to another time is reminded again.
func ConferenceReminders(ctx context.Context, client *ent.Client, opts ConferenceOptions) (Result, error) {
	ctx = viewer.SystemContext(ctx)
	offsets := opts.Offsets
	if len(offsets) == 0 {
		offsets = DefaultConferenceOffsets
	}
	longest := offsets[0]
	for _, o := range offsets {
		longest = max(longest, o)
	}
	now := clock.Now(ctx).UTC()
	var r Result
	confs, err := client.Conference.Query().
		Where(conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
			conference.HasSlotWith(slot.StartsAtGT(now), slot.StartsAtLTE(now.Add(longest)))).
		Order(ent.Asc(conference.FieldID)).
		WithSlot(func(q *ent.SlotQuery) { q.WithHost() }).
		WithWindow().
		WithStudent().
		WithAttendees().
		All(ctx)
	if err != nil {
		return r, fmt.Errorf("conferences about to start: %w", err)
	}
	schools := map[string]*time.Location{}
	for _, g := range meetings(confs) {
		c := g[0]
		s := c.Edges.Slot
		loc, ok := schools[string(c.SchoolID)]
		if !ok {
			sch, err := client.School.Get(ctx, c.SchoolID)
			if err != nil {
				return r, fmt.Errorf("school of conference %s: %w", c.ID, err)
			}
			if loc, err = time.LoadLocation(sch.Timezone); err != nil {
				return r, fmt.Errorf("school %s time zone: %w", sch.ID, err)
			}
			schools[string(c.SchoolID)] = loc
		}
		meeting := string(c.ID)
		if c.JointID != nil {
			meeting = string(*c.JointID)
		}
		var ics string
		for _, off := range offsets {
			due := s.StartsAt.Add(-off)
			if now.Before(due) || !c.CreatedAt.Before(due) {
				continue
			}
			if ics == "" {
				if opts.Invite != nil {
					if ics, err = opts.Invite(ctx, client, c); err != nil {
						return r, fmt.Errorf("invite for conference %s: %w", c.ID, err)
					}
				} else {
					ics = conferenceInvite(ctx, client, g, loc)
				}
			}
			for _, a := range attendeesOf(g) {
				if a.Disabled {
					continue
				}
				r.Considered++
				data := map[string]any{
					"studentName": studentNames(g),
					"hostName":    hostName(s),
					"startsAt":    s.StartsAt.UTC().Format(time.RFC3339),
					"timezone":    loc.String(),
					"hoursBefore": int(off / time.Hour),
					"location":    s.Location,
					"videoURL":    s.VideoURL,
					"link":        strings.TrimRight(opts.BaseURL, "/") + "/",
					"ics":         ics, // "" when no invite could be made
				}
				if ics != "" {
					data["icsFilename"] = "conference.ics"
					data["icsMediaType"] = "text/calendar; method=REQUEST; charset=UTF-8"
				}
				m := outbox.Message{
					SchoolID: c.SchoolID, RecipientID: a.ID,
					Kind: outbox.KindConferenceReminder,
					Key: outbox.Key(outbox.KindConferenceReminder, meeting, off.String(),
						s.StartsAt.UTC().Format("20060102T1504Z"), string(a.ID)),
					NotBefore: now,
					Data:      data,
				}
				if err := write(ctx, client, m, opts.DryRun, &r); err != nil {
					return r, fmt.Errorf("remind %s of conference %s: %w", a.ID, c.ID, err)
				}
			}
		}
	}
	return r, nil
}

// meetings groups conferences by the meeting they are: one each, but the
// conferences of a joint conference (siblings in one slot) together, so a
// guardian of two of them is reminded once. Order is kept.
func meetings(confs []*ent.Conference) [][]*ent.Conference {
	var out [][]*ent.Conference
	joint := map[string]int{}
	for _, c := range confs {
		if c.JointID == nil {
			out = append(out, []*ent.Conference{c})
			continue
		}
		if i, ok := joint[string(*c.JointID)]; ok {
			out[i] = append(out[i], c)
			continue
		}
		joint[string(*c.JointID)] = len(out)
		out = append(out, []*ent.Conference{c})
	}
	return out
}

// attendeesOf lists the attendees of a meeting's conferences, each once.
func attendeesOf(g []*ent.Conference) []*ent.Account {
	var out []*ent.Account
	seen := map[string]bool{}
	for _, c := range g {
		for _, a := range c.Edges.Attendees {
			if !seen[string(a.ID)] {
				seen[string(a.ID)] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// studentNames names the students of a meeting: "Ana", "Ana and Ben",
// "Ana, Ben and Cleo".
func studentNames(g []*ent.Conference) string {
	names := make([]string, len(g))
	for i, c := range g {
		names[i] = c.Edges.Student.PreferredName
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func hostName(s *ent.Slot) string {
	if s.Edges.Host != nil {
		return s.Edges.Host.Name
	}
	return ""
}
