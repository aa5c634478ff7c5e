package outbox_test

import (
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"plp/ent"
	"plp/ent/notification"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/outbox"
	"plp/internal/platform/outbox/smtptest"
	"plp/internal/platform/viewer"
)

// fixture is a database with a world, a clock and a dispatcher.
type fixture struct {
	db    *database.DB
	w     *apitest.World
	clock *apitest.Clock
	d     *outbox.Dispatcher
	ctx   context.Context
}

func newFixture(t testing.TB, sender outbox.Sender) *fixture {
	t.Helper()
	db := apitest.NewDB(t)
	f := &fixture{db: db, w: apitest.NewWorld(t, db), clock: apitest.NewClock(time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC))}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	f.d = &outbox.Dispatcher{Client: db.Client, Sender: sender, Templates: tpl, Now: f.clock.Now,
		From: "PLP <plp@school.example>", BaseURL: "https://plp.school.example", MaxAttempts: 4}
	f.ctx = clock.NewContext(viewer.SystemContext(context.Background()), f.clock.Now)
	return f
}

func (f *fixture) enqueue(t *testing.T, to *ent.Account, kind, key string, data map[string]any) {
	t.Helper()
	got, err := outbox.Enqueue(f.ctx, f.db.Client, outbox.Message{SchoolID: f.w.Home.School.ID, RecipientID: to.ID, Kind: kind, Key: key, Data: data})
	if err != nil || got != outbox.Written {
		t.Fatalf("enqueue %s: %v, %v", key, got, err)
	}
}

func (f *fixture) dispatch(t *testing.T) outbox.Report {
	t.Helper()
	rep, err := f.d.DispatchDue(f.ctx)
	if err != nil {
		t.Fatalf("dispatch: %v", err)
	}
	return rep
}

func (f *fixture) row(t *testing.T, key string) *ent.Notification {
	t.Helper()
	n, err := f.db.Client.Notification.Query().Where(notification.IdempotencyKey(key)).Only(f.ctx)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return n
}

func smtpSender(t *testing.T, srv *smtptest.Server, timeout time.Duration) outbox.Sender {
	t.Helper()
	s, err := outbox.OpenSender(srv.URL(), "", outbox.Timeouts{Command: timeout, Reply: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// cancelled is the data of an essential mail, for the tests of delivery.
var cancelled = map[string]any{"studentName": "Robin", "term": "Fall 2026", "hostName": "Ms. Rivera",
	"startsAt": "2026-12-01T15:00:00Z", "timezone": "America/New_York"}

// booked is the data of a booking's mail, without its invite.
func booked() map[string]any {
	return map[string]any{"studentName": "Robin", "term": "Fall 2026", "hostName": "Ms. Rivera",
		"startsAt": "2026-12-01T15:00:00Z", "timezone": "America/New_York", "location": "Room 12", "videoURL": "", "interpreter": ""}
}

const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//PLP//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:conf-1@plp\r\nDTSTART:20261201T150000Z\r\nDTEND:20261201T153000Z\r\nSUMMARY:Conference\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// parts walks a MIME message and returns its leaf parts by content type.
func parts(t *testing.T, header mail.Header, body io.Reader) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(ct string, cte string, cd string, r io.Reader)
	walk = func(ct, cte, cd string, r io.Reader) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatalf("content type %q: %v", ct, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(r, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatalf("multipart: %v", err)
				}
				walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p)
			}
		}
		raw, _ := io.ReadAll(decode(cte, r))
		key := mt
		if strings.HasPrefix(cd, "attachment") {
			key = "attachment " + mt
		}
		out[key] = string(raw)
	}
	walk(header.Get("Content-Type"), header.Get("Content-Transfer-Encoding"), header.Get("Content-Disposition"), body)
	return out
}

func TestSMTPRoundTrip(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	f.d.Sender = smtpSender(t, srv, 5*time.Second)
	family := f.w.Home.Family
	data := booked()
	data["attachments"] = []map[string]any{{"filename": "conference.ics", "contentType": "text/calendar; method=REQUEST", "content": ics}}
	f.enqueue(t, family, outbox.KindConferenceBooked, "test:1", data)
	if rep := f.dispatch(t); rep.Sent != 1 {
		t.Fatalf("report %+v, want 1 sent", rep)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("server got %d messages, want 1", len(got))
	}
	if got[0].From != "plp@school.example" || len(got[0].To) != 1 || got[0].To[0] != family.Email {
		t.Errorf("envelope from %q to %v", got[0].From, got[0].To)
	}
	msg := got[0].Parse(t)
	n := f.row(t, "test:1")
	for h, want := range map[string]string{
		"Subject":    "Conference booked: Robin, Tuesday, December 1, 2026 at 10:00 AM EST",
		"Message-Id": "<" + string(n.ID) + "@school.example>",
		"X-Plp-Kind": "conference_booked",
	} {
		if v := msg.Header.Get(h); v != want {
			t.Errorf("%s: %q, want %q", h, v, want)
		}
	}
	if to, err := msg.Header.AddressList("To"); err != nil || to[0].Address != family.Email || to[0].Name != family.Name {
		t.Errorf("To: %v %v", to, err)
	}
	if msg.Header.Get("List-Unsubscribe") != "" {
		t.Error("essential mail has a List-Unsubscribe header")
	}
	p := parts(t, msg.Header, msg.Body)
	const says = "Robin will lead their Fall 2026 conference with Ms. Rivera on Tuesday, December 1, 2026 at 10:00 AM EST."
	if !strings.Contains(p["text/plain"], says) || !strings.Contains(p["text/plain"], family.Name) {
		t.Errorf("text part: %q", p["text/plain"])
	}
	if !strings.Contains(p["text/html"], says) {
		t.Errorf("html part: %q", p["text/html"])
	}
	if p["attachment text/calendar"] != ics {
		t.Errorf("calendar attachment: %q (parts %v)", p["attachment text/calendar"], keys(p))
	}
	if n.SentAt == nil || n.Attempts != 1 || n.LastError != "" || n.LeaseUntil != nil {
		t.Errorf("row after send: sent %v attempts %d error %q lease %v", n.SentAt, n.Attempts, n.LastError, n.LeaseUntil)
	}
	if rep := f.dispatch(t); rep != (outbox.Report{}) || len(srv.Messages()) != 1 {
		t.Errorf("second pass %+v sent again", rep)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestLanguageAndUnsubscribe(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	f.d.Sender = smtpSender(t, srv, 5*time.Second)
	set := func(a *ent.Account, lang string) {
		if err := f.db.Client.Account.UpdateOne(a).SetPreferredLanguage(lang).Exec(f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	set(f.w.Home.StudentAccount, "es-MX")
	set(f.w.Home.Family, "fr")
	data := map[string]any{"prompt": "What did you learn?", "days": 14, "never": false, "goal": "Build a robot", "link": "https://plp.school.example/plan"}
	f.enqueue(t, f.w.Home.StudentAccount, outbox.KindReflectionReminder, "r:es", data)
	f.enqueue(t, f.w.Home.Family, outbox.KindReflectionReminder, "r:fr", data)
	if rep := f.dispatch(t); rep.Sent != 2 {
		t.Fatalf("report %+v", rep)
	}
	subjects := map[string]*mail.Message{}
	for _, m := range srv.Messages() {
		subjects[m.To[0]] = m.Parse(t)
	}
	es, fr := subjects[f.w.Home.StudentAccount.Email], subjects[f.w.Home.Family.Email]
	if dec, _ := new(mime.WordDecoder).DecodeHeader(es.Header.Get("Subject")); dec != `Es hora de reflexionar sobre "Build a robot"` {
		t.Errorf("Spanish subject %q", dec)
	}
	if s := fr.Header.Get("Subject"); s != `Time to reflect on "Build a robot"` {
		t.Errorf("French falls back to English: subject %q", s)
	}
	if es.Header.Get("Content-Language") != "es" || fr.Header.Get("Content-Language") != "en" {
		t.Errorf("Content-Language %q, %q", es.Header.Get("Content-Language"), fr.Header.Get("Content-Language"))
	}
	row := f.row(t, "r:es")
	link := "https://plp.school.example/unsubscribe/" + row.UnsubscribeToken
	if row.UnsubscribeToken == "" || !strings.Contains(es.Header.Get("List-Unsubscribe"), link) {
		t.Errorf("List-Unsubscribe %q, want %s", es.Header.Get("List-Unsubscribe"), link)
	}
	if es.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", es.Header.Get("List-Unsubscribe-Post"))
	}
	if p := parts(t, es.Header, es.Body); !strings.Contains(p["text/plain"], link) || !strings.Contains(p["text/plain"], "Han pasado 14 días") {
		t.Errorf("Spanish text %q", p["text/plain"])
	}

	// The link: GET only asks (link scanners follow GETs), POST
	// unsubscribes (also RFC 8058 one-click).
	api := apitest.NewServerOn(t, f.db)
	path := "/unsubscribe/" + row.UnsubscribeToken
	if status, body := api.Get(t, path); status != http.StatusOK || !strings.Contains(string(body), "<form method=\"post\">") {
		t.Errorf("GET %s: %d %s", path, status, body)
	}
	if acc := f.db.Client.Account.GetX(f.ctx, f.w.Home.StudentAccount.ID); acc.MailOptOut {
		t.Fatal("a GET unsubscribed")
	}
	post := func(path string) int {
		resp, err := api.HTTP.Post(api.URL+path, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if status := post(path); status != http.StatusOK {
		t.Fatalf("POST %s: %d", path, status)
	}
	if status := post("/unsubscribe/not-a-token"); status != http.StatusNotFound {
		t.Errorf("unknown token: %d", status)
	}
	if acc := f.db.Client.Account.GetX(f.ctx, f.w.Home.StudentAccount.ID); !acc.MailOptOut {
		t.Fatal("POST did not unsubscribe")
	}
	// Unsubscribed: reminders are no longer written; essential mail is.
	got, err := outbox.Enqueue(f.ctx, f.db.Client, outbox.Message{SchoolID: f.w.Home.School.ID, RecipientID: f.w.Home.StudentAccount.ID, Kind: outbox.KindReflectionReminder, Key: "r:es:2", Data: data})
	if err != nil || got != outbox.OptedOut {
		t.Errorf("reminder after unsubscribe: %v %v", got, err)
	}
	f.enqueue(t, f.w.Home.StudentAccount, outbox.KindMagicLink, "m:es", map[string]any{"link": "https://x", "validMinutes": 15})
}

func TestIdempotencyKeyInsideTransaction(t *testing.T) {
	f := newFixture(t, &outbox.FolderSender{Dir: t.TempDir()})
	tx, err := f.db.Client.Tx(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := outbox.Message{SchoolID: f.w.Home.School.ID, RecipientID: f.w.Home.Family.ID, Kind: outbox.KindFamilyDigest,
		Key: outbox.Key(outbox.KindFamilyDigest, "acc", "2026-W48"), Data: map[string]any{"student": "Robin", "items": []any{}, "link": "https://x/"}}
	for i, want := range []outbox.Enqueued{outbox.Written, outbox.Duplicate, outbox.Duplicate} {
		got, err := outbox.Enqueue(f.ctx, tx.Client(), m)
		if err != nil || got != want {
			t.Fatalf("enqueue #%d: %v %v, want %v", i, got, err, want)
		}
	}
	// The duplicate did not abort the transaction (PostgreSQL would).
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit after duplicates: %v", err)
	}
	if n := f.db.Client.Notification.Query().CountX(f.ctx); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
}

func TestFolderSender(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	f := newFixture(t, nil)
	sender, err := outbox.OpenSender("", dir, outbox.Timeouts{})
	if err != nil {
		t.Fatal(err)
	}
	f.d.Sender = sender
	f.enqueue(t, f.w.Home.Partner, outbox.KindMagicLink, "m:1", map[string]any{"link": "https://plp.school.example/sign-in/abc", "validMinutes": 15})
	if rep := f.dispatch(t); rep.Sent != 1 {
		t.Fatalf("report %+v", rep)
	}
	n := f.row(t, "m:1")
	if len(n.Payload) != 0 {
		t.Errorf("a sent sign-in link keeps its payload: %v", n.Payload)
	}
	raw, err := os.ReadFile(filepath.Join(dir, string(n.ID)+".eml"))
	if err != nil {
		t.Fatalf("read .eml: %v", err)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Subject") != "Your sign-in link for PLP" {
		t.Errorf("subject %q", msg.Header.Get("Subject"))
	}
	if p := parts(t, msg.Header, msg.Body); !strings.Contains(p["text/plain"], "https://plp.school.example/sign-in/abc") {
		t.Errorf("text %q", p["text/plain"])
	}
}

// SMTP down, then up: every message arrives exactly once.
func TestSMTPDownThenUp(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	f.d.Sender = smtpSender(t, srv, 2*time.Second)
	for i := range 5 {
		f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "down:"+string(rune('a'+i)), cancelled)
	}
	srv.Down()
	if rep := f.dispatch(t); rep.Retrying != 5 {
		t.Fatalf("with the server down: %+v, want 5 retrying", rep)
	}
	n := f.row(t, "down:a")
	if n.LastError == "" || n.SentAt != nil || !n.NotBefore.After(f.clock.Now()) {
		t.Errorf("after a failure: error %q sent %v not before %v", n.LastError, n.SentAt, n.NotBefore)
	}
	// Backing off: nothing is due yet.
	if rep := f.dispatch(t); rep != (outbox.Report{}) {
		t.Errorf("during backoff: %+v", rep)
	}
	srv.Up()
	f.clock.Advance(outbox.DefaultBaseBackoff)
	if rep := f.dispatch(t); rep.Sent != 5 {
		t.Fatalf("with the server up: %+v", rep)
	}
	f.clock.Advance(time.Hour)
	f.dispatch(t)
	assertOnceEach(t, srv, 5)
}

func assertOnceEach(t *testing.T, srv *smtptest.Server, want int) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.Parse(t).Header.Get("Message-Id")]++
	}
	if len(seen) != want {
		t.Errorf("%d distinct messages arrived, want %d", len(seen), want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s arrived %d times", id, n)
		}
	}
}

// A server that refuses, hangs or drops the connection: the attempt fails,
// the error is recorded, and the message goes out once the server behaves.
func TestSMTPFaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode smtptest.Mode
	}{{"refuse", smtptest.Refuse}, {"hang", smtptest.Hang}, {"drop", smtptest.Drop}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.Start(t)
			f := newFixture(t, nil)
			f.d.Sender = smtpSender(t, srv, 500*time.Millisecond)
			f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "fault", cancelled)
			srv.SetMode(tc.mode)
			if rep := f.dispatch(t); rep.Retrying != 1 {
				t.Fatalf("%+v, want 1 retrying", rep)
			}
			if n := f.row(t, "fault"); n.LastError == "" || n.SentAt != nil {
				t.Errorf("error %q sent %v", n.LastError, n.SentAt)
			}
			srv.SetMode(smtptest.Accept)
			f.clock.Advance(outbox.DefaultBaseBackoff)
			if rep := f.dispatch(t); rep.Sent != 1 {
				t.Fatalf("%+v, want 1 sent", rep)
			}
			assertOnceEach(t, srv, 1)
		})
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	f.d.Sender = smtpSender(t, srv, time.Second)
	srv.SetMode(smtptest.Refuse)
	f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "doomed", cancelled)
	var last outbox.Report
	for range f.d.MaxAttempts {
		last = f.dispatch(t)
		f.clock.Advance(outbox.DefaultMaxBackoff)
	}
	if last.Failed != 1 {
		t.Fatalf("last pass %+v, want 1 failed", last)
	}
	n := f.row(t, "doomed")
	if n.FailedAt == nil || n.Attempts != f.d.MaxAttempts || !strings.Contains(n.LastError, "451") {
		t.Errorf("failed %v attempts %d error %q", n.FailedAt, n.Attempts, n.LastError)
	}
	srv.SetMode(smtptest.Accept)
	if rep := f.dispatch(t); rep != (outbox.Report{}) || len(srv.Messages()) != 0 {
		t.Errorf("a given-up message was tried again: %+v", rep)
	}

	// Admins of the school see the failure through the API; others do not.
	api := apitest.NewServerOn(t, f.db)
	const q = `{ notifications(where: {failedAtNotNil: true}) { edges { node { id kind attempts lastError failedAt } } } }`
	var out struct {
		Notifications struct {
			Edges []struct {
				Node struct{ ID, Kind, LastError string }
			}
		}
	}
	api.SignIn(t, f.w.Home.Admin.Email, apitest.Password).MustDo(t, q, nil, &out)
	if len(out.Notifications.Edges) != 1 || out.Notifications.Edges[0].Node.ID != string(n.ID) || out.Notifications.Edges[0].Node.LastError == "" {
		t.Errorf("admin sees %+v", out)
	}
	for _, who := range []*ent.Account{f.w.Other.Admin, f.w.Home.StudentAccount, f.w.Home.Advisor} {
		out.Notifications.Edges = nil
		api.SignIn(t, who.Email, apitest.Password).MustDo(t, q, nil, &out)
		if len(out.Notifications.Edges) != 0 {
			t.Errorf("%s sees another's failed mail", who.Email)
		}
	}
}

// crashSender stands for a process that dies: after (or before) handing
// the message over, its goroutine ends without returning.
type crashSender struct {
	inner      outbox.Sender
	afterSend  bool
	crashed    chan struct{}
	crashCount int
}

func (c *crashSender) Send(ctx context.Context, id string, m *gomail.Msg) error {
	if c.afterSend {
		if err := c.inner.Send(ctx, id, m); err != nil {
			return err
		}
	}
	close(c.crashed)
	runtime.Goexit()
	return nil
}

func TestKilledMidSend(t *testing.T) {
	for _, after := range []bool{false, true} {
		name := "before send"
		if after {
			name = "between send and mark"
		}
		t.Run(name, func(t *testing.T) {
			srv := smtptest.Start(t)
			f := newFixture(t, nil)
			real := smtpSender(t, srv, 2*time.Second)
			crash := &crashSender{inner: real, afterSend: after, crashed: make(chan struct{})}
			f.d.Sender = crash
			f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "crash", cancelled)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = f.d.DispatchDue(f.ctx) }()
			wg.Wait()
			<-crash.crashed

			// Another replica: the lease holds the message until it ends.
			other := *f.d
			other.Sender = real
			if rep, _ := other.DispatchDue(f.ctx); rep != (outbox.Report{}) {
				t.Fatalf("taken over while the lease holds: %+v", rep)
			}
			f.clock.Advance(outbox.DefaultLease + time.Second)
			if rep, _ := other.DispatchDue(f.ctx); rep.Sent != 1 {
				t.Fatalf("after the lease: %+v", rep)
			}
			n := f.row(t, "crash")
			if n.SentAt == nil || n.Attempts != 2 {
				t.Errorf("sent %v attempts %d", n.SentAt, n.Attempts)
			}
			msgs := srv.Messages()
			want := 1
			if after {
				want = 2 // at least once: the copy has the same Message-ID
			}
			if len(msgs) != want {
				t.Fatalf("%d messages arrived, want %d", len(msgs), want)
			}
			if after && msgs[0].Parse(t).Header.Get("Message-Id") != msgs[1].Parse(t).Header.Get("Message-Id") {
				t.Error("the copy sent after a crash has another Message-ID")
			}
		})
	}
}

// Two dispatchers racing over the same outbox send each message once.
func TestConcurrentDispatchers(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	f.d.Sender = smtpSender(t, srv, 5*time.Second)
	f.d.Batch = 100
	const total = 20
	for i := range total {
		f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "race:"+string(rune('A'+i)), cancelled)
	}
	other := *f.d
	var wg sync.WaitGroup
	reports := make([]outbox.Report, 2)
	for i, d := range []*outbox.Dispatcher{f.d, &other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := d.DispatchDue(f.ctx)
			if err != nil {
				t.Errorf("dispatcher %d: %v", i, err)
			}
			reports[i] = rep
		}()
	}
	wg.Wait()
	if reports[0].Sent+reports[1].Sent != total {
		t.Errorf("reports %+v, want %d sent in all", reports, total)
	}
	assertOnceEach(t, srv, total)
}

func decode(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(cte) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	}
	return r
}

// Conference mail (written by package booking) carries its invite in
// Data["ics"]; it arrives as a calendar attachment, in the recipient's
// language, with an HTML part made from the text.
func TestConferenceMailWithInvite(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	f.d.Sender = smtpSender(t, srv, 5*time.Second)
	f.db.Client.Account.UpdateOne(f.w.Home.Family).SetPreferredLanguage("es").ExecX(f.ctx)
	data := booked()
	data["ics"], data["icsFilename"], data["icsMediaType"] = ics, "conference.ics", "text/calendar; method=REQUEST; charset=UTF-8"
	f.enqueue(t, f.w.Home.Family, outbox.KindConferenceBooked, "conference_booked:c1:0:fam", data)
	if rep := f.dispatch(t); rep.Sent != 1 {
		t.Fatalf("report %+v", rep)
	}
	msg := srv.Messages()[0].Parse(t)
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "Conferencia reservada: Robin, martes 1 de diciembre de 2026 a las 10:00 EST" {
		t.Errorf("subject %q", subject)
	}
	p := parts(t, msg.Header, msg.Body)
	if p["attachment text/calendar"] != ics {
		t.Errorf("invite %q (parts %v)", p["attachment text/calendar"], keys(p))
	}
	if !strings.Contains(p["text/plain"], "Lugar: Room 12") || !strings.Contains(p["text/html"], "Ms. Rivera") {
		t.Errorf("text %q\nhtml %q", p["text/plain"], p["text/html"])
	}
}

// The server answers 250 to the message and then drops the connection, so
// the RSET or QUIT that follows fails: the message was delivered, is marked
// sent, and is not sent again (issue 23, point 1).
func TestAcceptedThenDropped(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	f.d.Sender = smtpSender(t, srv, 2*time.Second)
	for i := range 3 {
		f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "dropped:"+string(rune('a'+i)), cancelled)
	}
	srv.SetMode(smtptest.DropAfterAccept)
	if rep := f.dispatch(t); rep.Sent != 3 {
		t.Fatalf("%+v, want 3 sent", rep)
	}
	if n := f.row(t, "dropped:a"); n.SentAt == nil || n.LastError != "" {
		t.Errorf("sent %v error %q", n.SentAt, n.LastError)
	}
	f.clock.Advance(outbox.DefaultMaxBackoff)
	f.dispatch(t)
	assertOnceEach(t, srv, 3)
}

// A 5xx answer is final: the message is marked failed at the first attempt,
// with the server's reply, and never tried again (issue 23, point 3).
func TestRefusedForGood(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mode  smtptest.Mode
		reply string
	}{{"recipient", smtptest.RefuseForGood, "550 5.1.1 no such user"}, {"message", smtptest.RejectData, "554 5.6.0 message refused"}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.Start(t)
			f := newFixture(t, nil)
			f.d.Sender = smtpSender(t, srv, 2*time.Second)
			f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "refused", cancelled)
			srv.SetMode(tc.mode)
			if rep := f.dispatch(t); rep.Failed != 1 {
				t.Fatalf("%+v, want 1 failed", rep)
			}
			n := f.row(t, "refused")
			if n.FailedAt == nil || n.Attempts != 1 || !strings.Contains(n.LastError, tc.reply) {
				t.Errorf("failed %v attempts %d error %q, want the reply %q", n.FailedAt, n.Attempts, n.LastError, tc.reply)
			}
			srv.SetMode(smtptest.Accept)
			f.clock.Advance(outbox.DefaultMaxBackoff)
			if rep := f.dispatch(t); rep != (outbox.Report{}) || len(srv.Messages()) != 0 {
				t.Errorf("a refused message was tried again: %+v", rep)
			}
		})
	}
}

// A server that takes longer to accept the message than each command may
// take (the old single timeout, scaled down: 100 ms against an answer at
// 300 ms) still gets it once: the wait for the reply to the end of DATA has
// its own, longer bound (issue 23, point 2).
func TestSlowReplyToData(t *testing.T) {
	srv := smtptest.Start(t)
	f := newFixture(t, nil)
	sender, err := outbox.OpenSender(srv.URL(), "", outbox.Timeouts{Command: 100 * time.Millisecond, Reply: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f.d.Sender = sender
	f.enqueue(t, f.w.Home.Family, outbox.KindConferenceCancelled, "slow", cancelled)
	srv.SetMode(smtptest.Slow)
	srv.SetDelay(300 * time.Millisecond)
	if rep := f.dispatch(t); rep.Sent != 1 {
		t.Fatalf("%+v, want 1 sent (error %q)", rep, f.row(t, "slow").LastError)
	}
	f.clock.Advance(outbox.DefaultMaxBackoff)
	f.dispatch(t)
	assertOnceEach(t, srv, 1)
}
