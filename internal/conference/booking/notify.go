package booking

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/conferencewindow"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/internal/conference/ical"
	"plp/internal/conference/slots"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// addAttendees invites the student, every guardian of the student (each
// household gets its own invite; the student is one record, never a copy
// per household) and the host. The system links them: a family does not
// see the other household's account.
func addAttendees(ctx context.Context, c *ent.Client, conf *ent.Conference, stu *ent.Student, hostID pulid.ID) error {
	gs, err := guardiansOf(ctx, c, stu.ID)
	if err != nil {
		return err
	}
	ids := []pulid.ID{hostID}
	if stu.AccountID != nil {
		ids = append(ids, *stu.AccountID)
	}
	for _, g := range gs {
		ids = append(ids, g.FamilyID)
	}
	if err := c.Conference.UpdateOneID(conf.ID).AddAttendeeIDs(ids...).Exec(viewer.SystemContext(ctx)); err != nil {
		return fmt.Errorf("invite attendees to conference %s: %w", conf.ID, err)
	}
	return nil
}

// Details are what a message about a conference says, and its invite.
type Details struct {
	Event    ical.Event
	Student  string
	Term     string
	HostName string
	Guardian []*ent.Guardianship
	// Others are told beside the guardians: the host, the student who
	// leads the conference, and everyone invited to it (partners, staff).
	Others []pulid.ID
}

// details loads what the notification and the invite need, as the system:
// the host and the other household are not all readable by the viewer.
func details(ctx context.Context, c *ent.Client, conf *ent.Conference, stu *ent.Student) (*Details, error) {
	sys := viewer.SystemContext(ctx)
	s, err := c.Slot.Query().Where(slot.ID(conf.SlotID)).Only(sys)
	if err != nil {
		return nil, fmt.Errorf("load slot %s: %w", conf.SlotID, err)
	}
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(conf.WindowID)).Only(sys)
	if err != nil {
		return nil, fmt.Errorf("load window %s: %w", conf.WindowID, err)
	}
	loc, err := slots.Location(sys, c, stu.SchoolID)
	if err != nil {
		return nil, err
	}
	host, err := c.Account.Query().Where(account.ID(s.HostID)).Only(sys)
	if err != nil {
		return nil, fmt.Errorf("load host %s: %w", s.HostID, err)
	}
	gs, err := guardiansOf(ctx, c, stu.ID)
	if err != nil {
		return nil, err
	}
	name := stu.PreferredName
	if name == "" {
		name = stu.GivenName
	}
	attendees := map[string]string{}
	guardian := map[pulid.ID]bool{}
	for _, g := range gs {
		guardian[g.FamilyID] = true
		if f := g.Edges.Family; f != nil && g.ReceivesMail {
			attendees[f.Email] = f.Name
		}
	}
	// The host, the student and the invited: the conference's attendees
	// who are not its guardians (a guardian who asked for no mail gets
	// none), and the host and student even before they are linked.
	invited, err := c.Conference.QueryAttendees(conf).All(sys)
	if err != nil {
		return nil, fmt.Errorf("load attendees of %s: %w", conf.ID, err)
	}
	others := []pulid.ID{host.ID}
	seen := map[pulid.ID]bool{host.ID: true}
	if stu.AccountID != nil && !seen[*stu.AccountID] {
		others, seen[*stu.AccountID] = append(others, *stu.AccountID), true
	}
	for _, a := range invited {
		if guardian[a.ID] || a.Disabled {
			continue
		}
		if a.ID != host.ID {
			attendees[a.Email] = a.Name
		}
		if !seen[a.ID] {
			others, seen[a.ID] = append(others, a.ID), true
		}
	}
	place := s.Location
	if place == "" {
		place = w.Location
	}
	video := s.VideoURL
	if video == "" {
		video = w.VideoURL
	}
	return &Details{
		Student:  name,
		Term:     w.Term,
		HostName: host.Name,
		Guardian: gs,
		Others:   others,
		Event: ical.Event{
			ConferenceID:   string(conf.ID),
			Sequence:       conf.Sequence,
			Cancelled:      conf.Status == "CANCELLED",
			Start:          s.StartsAt,
			End:            s.EndsAt,
			Location:       loc,
			Place:          place,
			URL:            video,
			OrganizerEmail: host.Email,
			OrganizerName:  host.Name,
			Attendees:      attendees,
			Stamp:          clock.Now(ctx).UTC(),
		},
	}, nil
}

// CalendarInvite is the calendar invite of conf, as its mails carry it: a REQUEST,
// or a CANCEL once it is cancelled. It returns NOT_FOUND when the viewer
// cannot read the conference's student.
func CalendarInvite(ctx context.Context, c *ent.Client, conf *ent.Conference) (string, error) {
	stu, err := c.Student.Query().Where(student.ID(conf.StudentID)).Only(ctx)
	if err != nil {
		return "", fmt.Errorf("load student %s: %w", conf.StudentID, err)
	}
	d, err := details(ctx, c, conf, stu)
	if err != nil {
		return "", err
	}
	return ical.Invite(d.in(outbox.FallbackLanguage, []string{d.Student})), nil
}

// inviteWords are an invite's summary and description in a language:
// %[1]s the students, %[2]s the host, %[3]s the term. A language missing
// here gets English.
var inviteWords = map[string]struct{ summary, jointSummary, description, jointDescription string }{
	"en": {"Student-led conference: %[1]s", "Joint student-led conference: %[1]s",
		"%[1]s leads their conference with %[2]s (%[3]s).", "%[1]s lead their joint conference with %[2]s (%[3]s)."},
	"es": {"Conferencia dirigida por el estudiante: %[1]s", "Conferencia conjunta dirigida por los estudiantes: %[1]s",
		"%[1]s dirige su conferencia con %[2]s (%[3]s).", "%[1]s dirigen su conferencia conjunta con %[2]s (%[3]s)."},
}

// in returns the event with its summary and description in lang, about
// the students named (more than one: a joint conference).
func (d *Details) in(lang string, students []string) ical.Event {
	w, ok := inviteWords[lang]
	if !ok {
		if i := strings.IndexAny(lang, "-_"); i > 0 {
			w, ok = inviteWords[lang[:i]]
		}
		if !ok {
			lang = outbox.FallbackLanguage
			w = inviteWords[lang]
		}
	}
	who := outbox.List(lang, students)
	e := d.Event
	if len(students) > 1 {
		e.Summary = fmt.Sprintf(w.jointSummary, who)
		e.Description = fmt.Sprintf(w.jointDescription, who, d.HostName, d.Term)
	} else {
		e.Summary = fmt.Sprintf(w.summary, who)
		e.Description = fmt.Sprintf(w.description, who, d.HostName, d.Term)
	}
	return e
}

// payload is what a message about conf (the lead of a joint conference)
// says, about the students named, with its calendar invite in lang: a
// REQUEST, or a CANCEL once it is cancelled. studentName is the list of
// names (the templates join it in their language).
func (d *Details) payload(conf *ent.Conference, students []string, lang string) map[string]any {
	method := "REQUEST"
	if d.Event.Cancelled {
		method = "CANCEL"
	}
	var who any = students
	if len(students) == 1 {
		who = students[0]
	}
	return map[string]any{
		"conferenceID":  string(conf.ID),
		"studentName":   who,
		"term":          d.Term,
		"hostName":      d.HostName,
		"startsAt":      d.Event.Start.UTC().Format("2006-01-02T15:04:05Z"),
		"endsAt":        d.Event.End.UTC().Format("2006-01-02T15:04:05Z"),
		"timezone":      d.Event.Location.String(),
		"location":      d.Event.Place,
		"videoURL":      d.Event.URL,
		"status":        string(conf.Status),
		"sequence":      conf.Sequence,
		"icsMethod":     method,
		"ics":           ical.Invite(d.in(lang, students)),
		"icsFilename":   "conference.ics",
		"icsMediaType":  "text/calendar; method=" + method + "; charset=UTF-8",
		"interpreter":   conf.InterpreterLanguage,
		"accommodation": conf.Accommodations,
	}
}

// languagesOf are the preferred languages of accounts ("" when unset),
// read as the system.
func languagesOf(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]string, error) {
	as, err := c.Account.Query().Where(account.IDIn(ids...)).Select(account.FieldID, account.FieldPreferredLanguage).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load recipients' languages: %w", err)
	}
	out := make(map[pulid.ID]string, len(as))
	for _, a := range as {
		out[a.ID] = a.PreferredLanguage
	}
	return out, nil
}

// payloads returns, per recipient, the message in their language (one map
// per language, shared by its readers); extra is added to each.
func (d *Details) payloads(ctx context.Context, c *ent.Client, conf *ent.Conference, students []string, to []pulid.ID,
	extra map[string]any) (map[pulid.ID]map[string]any, error) {
	langs, err := languagesOf(ctx, c, to)
	if err != nil {
		return nil, err
	}
	byLang := map[string]map[string]any{}
	out := make(map[pulid.ID]map[string]any, len(to))
	for _, r := range to {
		lang := langs[r]
		p := byLang[lang]
		if p == nil {
			p = d.payload(conf, students, lang)
			for k, v := range extra {
				p[k] = v
			}
			byLang[lang] = p
		}
		out[r] = p
	}
	return out, nil
}

// notify writes one outbox row per guardian who receives mail, and one
// each for the host, the student and everyone invited. The
// idempotency key names the kind, the conference, its sequence and the
// recipient: the same change never mails anyone twice, and each move or
// cancel (a new sequence) is a new message.
func notify(ctx context.Context, c *ent.Client, conf *ent.Conference, stu *ent.Student, kind string) error {
	d, err := details(ctx, c, conf, stu)
	if err != nil {
		return err
	}
	var to []pulid.ID
	for _, g := range d.Guardian {
		if g.ReceivesMail {
			to = append(to, g.FamilyID)
		}
	}
	to = append(to, d.Others...)
	// The same message for every reader of a language (the recipient is
	// the row's).
	payloads, err := d.payloads(ctx, c, conf, []string{d.Student}, to, map[string]any{"studentID": string(stu.ID)})
	if err != nil {
		return err
	}
	return sendEach(ctx, c, stu.SchoolID, kind, to, payloads, string(conf.ID), strconv.Itoa(conf.Sequence))
}

// send writes the same message of kind to each recipient, through the
// outbox in c (the request's transaction), keyed by kind, the parts and the
// recipient: the same change never mails anyone twice.
func send(ctx context.Context, c *ent.Client, school pulid.ID, kind string, to []pulid.ID, payload map[string]any, parts ...string) error {
	each := make(map[pulid.ID]map[string]any, len(to))
	for _, r := range to {
		each[r] = payload
	}
	return sendEach(ctx, c, school, kind, to, each, parts...)
}

// sendEach is send with each recipient's own message (in their language).
func sendEach(ctx context.Context, c *ent.Client, school pulid.ID, kind string, to []pulid.ID, payloads map[pulid.ID]map[string]any, parts ...string) error {
	ms := make([]outbox.Message, len(to))
	for i, r := range to {
		ms[i] = outbox.Message{SchoolID: school, RecipientID: r, Kind: kind,
			Key: outbox.Key(kind, append(slices.Clone(parts), string(r))...), Data: payloads[r]}
	}
	if _, err := outbox.EnqueueBatch(ctx, c, ms); err != nil {
		return fmt.Errorf("write %s mail: %w", kind, err)
	}
	return nil
}

// notifyJoint writes the notifications of a joint conference: one message
// with one invite for the group (its UID is the joint_id's, its SEQUENCE
// the group's), listing the children, to every guardian of any of them who
// receives mail, once per guardian however many of the children are
// theirs. confs and students are in the same order.
func notifyJoint(ctx context.Context, c *ent.Client, confs []*ent.Conference, students []*ent.Student, kind string) error {
	lead := confs[0]
	d, err := details(ctx, c, lead, students[0])
	if err != nil {
		return err
	}
	group := string(*lead.JointID)
	who := make([]string, len(students))
	for i, stu := range students {
		who[i] = displayName(stu)
	}
	recipients := []pulid.ID{}
	mail := map[pulid.ID]bool{}
	ids := make([]string, len(confs))
	for i, stu := range students {
		ids[i] = string(confs[i].ID)
		gs := d.Guardian
		if i > 0 {
			if gs, err = guardiansOf(ctx, c, stu.ID); err != nil {
				return err
			}
		}
		for _, g := range gs {
			if !g.ReceivesMail {
				continue
			}
			if !mail[g.FamilyID] {
				mail[g.FamilyID] = true
				recipients = append(recipients, g.FamilyID)
			}
			if f := g.Edges.Family; f != nil {
				d.Event.Attendees[f.Email] = f.Name
			}
		}
	}
	for _, id := range d.Others {
		if !mail[id] {
			mail[id] = true
			recipients = append(recipients, id)
		}
	}
	d.Event.ConferenceID = group
	payloads, err := d.payloads(ctx, c, lead, who, recipients, map[string]any{"conferenceIDs": ids, "jointID": group})
	if err != nil {
		return err
	}
	return sendEach(ctx, c, students[0].SchoolID, kind, recipients, payloads, group, strconv.Itoa(lead.Sequence))
}
