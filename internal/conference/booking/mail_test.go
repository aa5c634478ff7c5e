package booking_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"plp/ent/schema/pulid"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/outbox/smtptest"
	"plp/internal/platform/viewer"
)

// TestEveryoneToldInTheirLanguage books, moves and cancels a conference
// through the API and delivers the outbox to a real SMTP server on
// loopback: the guardian (Spanish), the host, the student and an invited
// partner (Spanish) each get each message once, in their language, with
// the invite attached, which go-ical reads at the slot's instant.
func TestEveryoneToldInTheirLanguage(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	sys := b.s.System()
	for _, a := range []string{string(b.Home.Family.ID), string(b.Home.Partner.ID)} {
		b.s.DB.Client.Account.UpdateOneID(pulid.ID(a)).SetPreferredLanguage("es").ExecX(sys)
	}
	conf := b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)
	b.advisor.MustDo(t, `mutation($c: ID!, $a: ID!) { inviteToConference(conferenceID: $c, accountID: $a) { conference { id } } }`,
		map[string]any{"c": conf.ID, "a": b.Home.Partner.ID}, nil)
	b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": b.slots[2].ID}}, nil)
	b.fa.MustDo(t, cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}}, nil)

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

	subjects := map[string]map[string]string{ // language → kind → subject prefix
		"es": {"booked": "Conferencia reservada", "moved": "Conferencia cambiada", "cancelled": "Conferencia cancelada"},
		"en": {"booked": "Conference booked", "moved": "Conference moved", "cancelled": "Conference cancelled"},
	}
	type want struct {
		email, lang string
		kinds       []string
	}
	all := []string{"booked", "moved", "cancelled"}
	wants := []want{
		{b.Home.Family.Email, "es", all},
		{b.Home.Advisor.Email, "en", all},
		{b.Home.StudentAccount.Email, "en", all},
		// Invited after the booking: told of the move and the cancel.
		{b.Home.Partner.Email, "es", []string{"moved", "cancelled"}},
	}
	got := map[string][]string{}
	for _, m := range srv.Messages() {
		msg := m.Parse(t)
		to, _ := mail.ParseAddress(msg.Header.Get("To"))
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		invite := calendarPart(t, msg)
		if invite == "" {
			t.Errorf("mail %q to %s has no invite", subject, to.Address)
			continue
		}
		starts := absoluteStarts(t, invite)
		if len(starts) != 1 || !(starts[0].Equal(b.slots[0].StartsAt) || starts[0].Equal(b.slots[2].StartsAt)) {
			t.Errorf("invite of %q reads %v", subject, starts)
		}
		got[to.Address] = append(got[to.Address], subject)
	}
	for _, w := range wants {
		if len(got[w.email]) != len(w.kinds) {
			t.Errorf("%s got %d mails %q, want %d", w.email, len(got[w.email]), got[w.email], len(w.kinds))
			continue
		}
		for i, k := range w.kinds {
			if !strings.HasPrefix(got[w.email][i], subjects[w.lang][k]) {
				t.Errorf("%s: mail %d is %q, want %q… (%s)", w.email, i, got[w.email][i], subjects[w.lang][k], w.lang)
			}
		}
	}
}

// calendarPart returns the text/calendar part of a message, decoded.
func calendarPart(t *testing.T, msg *mail.Message) string {
	t.Helper()
	return mimePart(t, msg, "text/calendar")
}

// textPart returns the text/plain part of a message, decoded.
func textPart(t *testing.T, msg *mail.Message) string {
	t.Helper()
	return mimePart(t, msg, "text/plain")
}

// mimePart returns the first part of a message of media type want, decoded.
func mimePart(t *testing.T, msg *mail.Message, want string) string {
	t.Helper()
	var find func(ct, cte string, r io.Reader) string
	find = func(ct, cte string, r io.Reader) string {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatalf("content type %q: %v", ct, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(r, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return ""
				}
				if s := find(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); s != "" {
					return s
				}
			}
		}
		if mt != want {
			return ""
		}
		switch strings.ToLower(cte) {
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, r)
		case "quoted-printable":
			r = quotedprintable.NewReader(r)
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, r); err != nil {
			t.Fatalf("read %s part: %v", want, err)
		}
		return buf.String()
	}
	return find(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
}
