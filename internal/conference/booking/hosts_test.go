package booking_test

import (
	"bytes"
	"io"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"plp/ent"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/outbox/smtptest"
	"plp/internal/platform/viewer"
)

const updateWindow = `mutation($id: ID!, $in: UpdateConferenceWindowInput!) { updateConferenceWindow(id: $id, input: $in) { conferenceWindow { id openHosts interpreterReleaseAt listedHosts { id } } } }`

// otherHost is Rachel, an advisor at Home who is nobody's advisor or
// counselor of the booking world's students, with slots on 12 November.
func otherHost(t *testing.T, b *bookingWorld) (*ent.Account, []apiSlot) {
	t.Helper()
	sys := b.s.System()
	c := b.s.DB.Client
	rachel := c.Account.Create().SetEmail("rachel@home.plp.test").SetName("Rachel Host").SetPasswordHash(apitest.PasswordHash()).SaveX(sys)
	c.Membership.Create().SetAccountID(rachel.ID).SetSchoolID(b.Home.School.ID).SetRole(membership.RoleAdvisor).ExecX(sys)
	return rachel, generateSlots(t, b.admin, b.window, rachel.ID, day("2026-11-12", "15:10", "16:20"))
}

// deliver sends the outbox to a real SMTP server on loopback and returns
// what it received.
func deliver(t *testing.T, b *bookingWorld) []*mail.Message {
	t.Helper()
	srv := smtptest.Start(t)
	sender, err := outbox.OpenSender(srv.URL(), "", outbox.Timeouts{Command: 5 * time.Second, Reply: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	d := &outbox.Dispatcher{Client: b.s.DB.Client, Sender: sender, Templates: tpl, Now: b.s.Clock.Now,
		From: "PLP <plp@school.example>", BaseURL: "https://plp.school.example", MaxAttempts: 4}
	if _, err := d.DispatchDue(clock.NewContext(viewer.SystemContext(t.Context()), b.s.Clock.Now)); err != nil {
		t.Fatal(err)
	}
	var out []*mail.Message
	for _, m := range srv.Messages() {
		out = append(out, m.Parse(t))
	}
	return out
}

func subjectOf(msg *mail.Message) string {
	s, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	return s
}

func recipientOf(msg *mail.Message) string {
	to, err := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil {
		return ""
	}
	return to.Address
}

// TestWindowDecidesWhoMayBeBooked (issue 19, point 2): by default a family
// books only their child's own advisor; a window may open a list of hosts
// or any host. The host sees the conference in her slot and its student,
// is mailed, and the booking report credits her.
func TestWindowDecidesWhoMayBeBooked(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	rachel, hers := otherHost(t, b)
	robin := b.Home.Student.ID

	// Default: only Robin's advisor.
	e := b.fa.MustFail(t, "BAD_USER_INPUT", book, map[string]any{"in": map[string]any{"slotID": hers[0].ID, "studentID": robin}})
	if e.Field() != "slotID" || !strings.Contains(e.Message, b.Home.Advisor.Name) {
		t.Errorf("booking another host: field %q, message %q", e.Field(), e.Message)
	}
	var slotsOut struct{ BookableSlots []struct{ ID string } }
	b.fa.MustDo(t, `query($w: ID!, $s: ID!) { bookableSlots(windowID: $w, studentID: $s) { id } }`,
		map[string]any{"w": b.window, "s": robin}, &slotsOut)
	for _, sl := range slotsOut.BookableSlots {
		for _, h := range hers {
			if sl.ID == h.ID {
				t.Fatalf("bookableSlots offers another host's slot %s", sl.ID)
			}
		}
	}
	if len(slotsOut.BookableSlots) != len(b.slots) {
		t.Errorf("bookableSlots has %d slots, want the advisor's %d", len(slotsOut.BookableSlots), len(b.slots))
	}

	// LISTED with Rachel: her slots open, and bookableSlots offers them.
	b.admin.MustDo(t, updateWindow, map[string]any{"id": b.window, "in": map[string]any{"openHosts": "LISTED", "addListedHostIDs": []pulid.ID{rachel.ID}}}, nil)
	b.fa.MustDo(t, `query($w: ID!, $s: ID!) { bookableSlots(windowID: $w, studentID: $s) { id } }`,
		map[string]any{"w": b.window, "s": robin}, &slotsOut)
	if len(slotsOut.BookableSlots) != len(b.slots)+len(hers) {
		t.Errorf("LISTED: bookableSlots has %d slots, want %d", len(slotsOut.BookableSlots), len(b.slots)+len(hers))
	}
	conf := b.book(t, b.fa, robin, hers[0].ID, nil)

	// Rachel sees the conference in her slot, and whose it is.
	host := b.s.As(t, rachel)
	var node struct {
		Node *struct {
			ID      string
			Student *struct{ PreferredName string }
		}
	}
	host.MustDo(t, `query($id: ID!) { node(id: $id) { id ... on Conference { student { preferredName } } } }`, map[string]any{"id": conf.ID}, &node)
	if node.Node == nil || node.Node.ID != conf.ID || node.Node.Student == nil || node.Node.Student.PreferredName == "" {
		t.Errorf("the host reads her conference as %+v", node.Node)
	}
	var slotNode struct {
		Node struct {
			Booked      int
			Conferences []struct{ ID string }
		}
	}
	host.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Slot { booked conferences { id } } } }`, map[string]any{"id": hers[0].ID}, &slotNode)
	if slotNode.Node.Booked != 1 || len(slotNode.Node.Conferences) != 1 || slotNode.Node.Conferences[0].ID != conf.ID {
		t.Errorf("the host's slot reads %+v", slotNode.Node)
	}

	// The report credits Rachel, not Robin's advisor.
	var report struct {
		BookingReport []struct {
			Advisor          struct{ ID string }
			Booked, Unbooked []struct{ ID string }
		}
	}
	b.admin.MustDo(t, `query($w: ID!) { bookingReport(windowID: $w) { advisor { id } booked { id } unbooked { id } } }`,
		map[string]any{"w": b.window}, &report)
	credited := map[string]bool{}
	for _, row := range report.BookingReport {
		for _, s := range row.Booked {
			if s.ID == string(robin) {
				credited[row.Advisor.ID] = true
			}
		}
		for _, s := range row.Unbooked {
			if s.ID == string(robin) {
				t.Errorf("the report lists Robin as unbooked under %s", row.Advisor.ID)
			}
		}
	}
	if len(credited) != 1 || !credited[string(rachel.ID)] {
		t.Errorf("the report credits %v for Robin, want only Rachel %s", credited, rachel.ID)
	}

	// Rachel is mailed, with the invite.
	told := false
	for _, msg := range deliver(t, b) {
		if recipientOf(msg) == rachel.Email && strings.HasPrefix(subjectOf(msg), "Conference booked") && calendarPart(t, msg) != "" {
			told = true
		}
	}
	if !told {
		t.Errorf("the host was not mailed the booking")
	}

	// Back to ADVISOR: a move to another of Rachel's slots is refused; ANY
	// opens every host.
	b.admin.MustDo(t, updateWindow, map[string]any{"id": b.window, "in": map[string]any{"openHosts": "ADVISOR"}}, nil)
	b.fa.MustFail(t, "BAD_USER_INPUT", move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": hers[2].ID}})
	b.admin.MustDo(t, updateWindow, map[string]any{"id": b.window, "in": map[string]any{"openHosts": "ANY"}}, nil)
	b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": hers[2].ID}}, nil)
}

// TestInterpreterBlockHeldUntilRelease (issue 19, point 3): a slot held for
// Spanish is refused to a family that asked for no interpreter (CONFLICT
// naming the language, and the release time in the school's zone), taken
// by a family that asked for Spanish, and open to anyone from the window's
// release time.
func TestInterpreterBlockHeldUntilRelease(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	sys := b.s.System()
	for _, sl := range b.slots[:2] {
		b.s.DB.Client.Slot.UpdateOneID(pulid.ID(sl.ID)).SetInterpreterLanguage("es").ExecX(sys)
	}
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	nora, _, noraID := b.family(t, "Nora")

	e := b.fa.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": b.slots[0].ID, "studentID": b.Home.Student.ID}})
	if !strings.Contains(e.Message, "Spanish") {
		t.Errorf("held slot message %q does not name the language", e.Message)
	}
	// Staff are bound by the hold too.
	b.advisor.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": b.slots[0].ID, "studentID": b.Home.Student.ID}})
	b.book(t, nora, noraID, b.slots[0].ID, map[string]any{"interpreterLanguage": "es-MX"})

	// A release time: held until then, named in New York time.
	release := time.Date(2026, 11, 5, 17, 0, 0, 0, time.UTC) // 12:00 EST
	b.admin.MustDo(t, updateWindow, map[string]any{"id": b.window, "in": map[string]any{"interpreterReleaseAt": release}}, nil)
	e = b.fa.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": b.slots[1].ID, "studentID": b.Home.Student.ID}})
	if !strings.Contains(e.Message, "Thursday, November 5, 2026 at 12:00 PM EST") || strings.Contains(e.Message, "17:00") {
		t.Errorf("held slot message %q lacks the release time in the school's zone", e.Message)
	}
	b.at(t, release)
	b.book(t, b.fa, b.Home.Student.ID, b.slots[1].ID, nil)
}

// TestFreeSeatFilter (issue 19, point 9): a window's slots filtered to
// those with a free seat, or to the full ones.
func TestFreeSeatFilter(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)
	const q = `query($w: ID!, $free: Boolean!) { node(id: $w) { ... on ConferenceWindow { slots(where: {hasFreeSeat: $free}) { totalCount edges { node { id booked capacity } } } } } }`
	for _, free := range []bool{true, false} {
		var out struct {
			Node struct {
				Slots struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							ID               string
							Booked, Capacity int
						}
					}
				}
			}
		}
		b.fa.MustDo(t, q, map[string]any{"w": b.window, "free": free}, &out)
		want := len(b.slots) - 1
		if !free {
			want = 1
		}
		if out.Node.Slots.TotalCount != want || len(out.Node.Slots.Edges) != want {
			t.Errorf("hasFreeSeat %v: %d slots (%d edges), want %d", free, out.Node.Slots.TotalCount, len(out.Node.Slots.Edges), want)
		}
		for _, e := range out.Node.Slots.Edges {
			if (e.Node.Booked < e.Node.Capacity) != free {
				t.Errorf("hasFreeSeat %v lists slot %s with %d of %d booked", free, e.Node.ID, e.Node.Booked, e.Node.Capacity)
			}
		}
	}
}

// TestMessagesInTheReadersLanguage (issue 19, point 6): a Spanish-speaking
// family's mail names the interpreter's language in Spanish, lists
// siblings with "y", and carries an invite whose summary and description
// are Spanish (read by an independent parser); English readers get
// English; an error names its time in the school's zone, not UTC.
func TestMessagesInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	sys := b.s.System()
	b.s.DB.Client.ConferenceWindow.UpdateOneID(pulid.ID(b.window)).SetJointMaxStudents(2).ExecX(sys)
	b.s.DB.Client.Account.UpdateOneID(b.Home.Family.ID).SetPreferredLanguage("es").ExecX(sys)
	kit, _ := sibling(t, b)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	b.fa.MustDo(t, bookJoint, map[string]any{"in": map[string]any{"slotID": b.slots[3].ID,
		"studentIDs": []pulid.ID{b.Home.Student.ID, kit.ID}, "interpreterLanguage": "es"}}, nil)

	var spanish, english []*mail.Message
	for _, msg := range deliver(t, b) {
		switch recipientOf(msg) {
		case b.Home.Family.Email:
			spanish = append(spanish, msg)
		case b.Home.Advisor.Email:
			english = append(english, msg)
		}
	}
	if len(spanish) == 0 || len(english) == 0 {
		t.Fatalf("%d Spanish and %d English mails", len(spanish), len(english))
	}
	check := func(msgs []*mail.Message, lang, interpreter, pair, summary string) {
		t.Helper()
		sawInterpreter, sawPair := false, false
		for _, msg := range msgs {
			raw, err := io.ReadAll(msg.Body)
			if err != nil {
				t.Fatal(err)
			}
			msg.Body = bytes.NewReader(raw)
			body := textPart(t, msg)
			msg.Body = bytes.NewReader(raw)
			if strings.Contains(body, interpreter) {
				sawInterpreter = true
			}
			if strings.Contains(subjectOf(msg), pair) {
				sawPair = true
				cal, err := goical.NewDecoder(strings.NewReader(calendarPart(t, msg))).Decode()
				if err != nil {
					t.Fatalf("%s invite: %v", lang, err)
				}
				for _, ev := range cal.Events() {
					s, _ := ev.Props.Text(goical.PropSummary)
					d, _ := ev.Props.Text(goical.PropDescription)
					if len(cal.Events()) != 1 {
						t.Errorf("%s invite has %d events", lang, len(cal.Events()))
					}
					if !strings.HasPrefix(s, summary) || !strings.Contains(s, pair) || !strings.Contains(d, pair) {
						t.Errorf("%s invite: summary %q, description %q", lang, s, d)
					}
				}
			}
		}
		if !sawInterpreter {
			t.Errorf("no %s mail says %q", lang, interpreter)
		}
		if !sawPair {
			t.Errorf("no %s mail names %q", lang, pair)
		}
	}
	check(spanish, "es", "Intérprete: español", "Robin y Kit", "Conferencia conjunta")
	check(english, "en", "Interpreter: Spanish", "Robin and Kit", "Joint student-led conference")

	// After the cut-off (24 hours before 16:15 EST on 12 November).
	b.at(t, time.Date(2026, 11, 11, 22, 0, 0, 0, time.UTC))
	var confs struct {
		Conferences struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	b.fa.MustDo(t, `{ conferences { edges { node { id } } } }`, nil, &confs)
	if len(confs.Conferences.Edges) == 0 {
		t.Fatal("the family sees no conference")
	}
	e := b.fa.MustFail(t, "CONFLICT", cancel, map[string]any{"in": map[string]any{"conferenceID": confs.Conferences.Edges[0].Node.ID}})
	if !strings.Contains(e.Message, "Wednesday, November 11, 2026 at 4:15 PM EST") || strings.Contains(e.Message, "T21:15:00Z") {
		t.Errorf("cut-off message %q does not name the time in the school's zone", e.Message)
	}
}
