package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/outbox"
	"plp/server"
	"plp/web"
)

// browser is a person's browser without JavaScript: cookies, redirects
// followed, forms posted as forms.
type browser struct {
	t    *testing.T
	s    *apitest.Server
	http *http.Client
	lang string
}

func newBrowser(t *testing.T, s *apitest.Server) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, s: s, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// page is a response: its final address, status and body.
type page struct {
	URL    *url.URL
	Status int
	Body   string
	Header http.Header
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{URL: resp.Request.URL, Status: resp.StatusCode, Body: string(body), Header: resp.Header}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.s.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.s.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) signIn(email string) page {
	b.t.Helper()
	p := b.post("/sign-in", url.Values{"email": {email}, "password": {apitest.Password}})
	if p.Status != http.StatusOK || p.URL.Path != "/" {
		b.t.Fatalf("sign in as %s: %d at %s: %s", email, p.Status, p.URL, p.Body)
	}
	return p
}

func must(t *testing.T, p page, status int, texts ...string) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("%s: status %d, want %d: %s", p.URL, p.Status, status, p.Body)
	}
	for _, s := range texts {
		if !strings.Contains(p.Body, s) {
			t.Fatalf("%s: page lacks %q:\n%s", p.URL, s, p.Body)
		}
	}
}

// booking is an open conference window at Home with the advisor's slots on
// 1 December 2026, 15:00-16:00 in New York (20:00-21:00 UTC): two slots.
type booking struct {
	s      *apitest.Server
	w      *apitest.World
	window string
	slots  []string
}

func newBooking(t *testing.T, opts ...apitest.Option) *booking {
	t.Helper()
	s := apitest.NewServer(t, opts...)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	var win struct {
		CreateConferenceWindow struct{ ConferenceWindow struct{ ID string } }
	}
	admin.MustDo(t, `mutation($in: CreateConferenceWindowInput!) { createConferenceWindow(input: $in) { conferenceWindow { id } } }`,
		map[string]any{"in": map[string]any{
			"schoolID": w.Home.School.ID, "term": "Fall conferences", "opensAt": apitest.Start.Add(-time.Hour), "closesAt": apitest.Start.Add(10 * 24 * time.Hour),
			"slotMinutes": 25, "bufferMinutes": 5, "location": "Room 12", "cancelCutoffHours": 24,
		}}, &win)
	var gen struct {
		GenerateSlots struct{ Slots []struct{ ID string } }
	}
	admin.MustDo(t, `mutation($in: GenerateSlotsInput!) { generateSlots(input: $in) { slots { id } } }`,
		map[string]any{"in": map[string]any{"windowID": win.CreateConferenceWindow.ConferenceWindow.ID, "hostID": w.Home.Advisor.ID,
			"ranges": []map[string]any{{"date": "2026-12-01", "from": "15:00", "to": "16:00"}}}}, &gen)
	b := &booking{s: s, w: w, window: win.CreateConferenceWindow.ConferenceWindow.ID}
	for _, sl := range gen.GenerateSlots.Slots {
		b.slots = append(b.slots, sl.ID)
	}
	if len(b.slots) != 2 {
		t.Fatalf("%d slots, want 2", len(b.slots))
	}
	return b
}

func (b *booking) bookPath() string {
	return "/book/" + string(b.w.Home.Student.ID) + "/" + b.window
}

var conferencePath = regexp.MustCompile(`^/conferences/([A-Za-z0-9_]+)$`)

// TestFamilyBooksMovesCancels: a family signs in with their password, sees
// what needs doing, books the first time with their requests, downloads
// the invite, moves to the other time and cancels: all without JavaScript.
func TestFamilyBooksMovesCancels(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	b := newBrowser(t, bk.s)
	p := b.get("/")
	must(t, p, http.StatusOK, `action="/sign-in"`)
	if p.URL.Path != "/sign-in" {
		t.Fatalf("signed out, / went to %s", p.URL)
	}
	p = b.signIn(bk.w.Home.Family.Email)
	must(t, p, http.StatusOK, "Robin", "Book Robin&#39;s conference (Fall conferences)", `href="`+bk.bookPath()+`"`)

	p = b.get(bk.bookPath())
	must(t, p, http.StatusOK, "Tuesday, December 1, 2026", "3:00 pm – 3:25 pm", "3:30 pm – 3:55 pm", bk.slots[0], bk.slots[1])
	// No time chosen: the error is in the summary and beside the list.
	p = b.post(bk.bookPath(), url.Values{})
	must(t, p, http.StatusConflict, "Error:", `href="#slot"`, "Choose a time")
	p = b.post(bk.bookPath(), url.Values{"slot": {bk.slots[0]}, "interpreter": {"es"}, "accommodations": {"Step-free access"}, "questions": {"How is Robin doing in maths?"}})
	must(t, p, http.StatusOK, "Your conference is booked", "Tuesday, December 1, 2026", "3:00 pm – 3:25 pm", "Step-free access", "How is Robin doing in maths?", "home ADVISOR", "Español")
	m := conferencePath.FindStringSubmatch(p.URL.Path)
	if m == nil {
		t.Fatalf("booked, landed at %s", p.URL)
	}
	conf := m[1]
	// The time is gone from the booking page of another family's view of
	// it, and home shows the conference instead of the task.
	p = b.get("/")
	must(t, p, http.StatusOK, "Conference on Tuesday, December 1, 2026, 3:00 pm with home ADVISOR")

	ics := b.get("/conferences/" + conf + "/invite.ics")
	must(t, ics, http.StatusOK, "BEGIN:VCALENDAR", "METHOD:REQUEST", "TZID=America/New_York:20261201T150000")
	if ct := ics.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("invite Content-Type %q", ct)
	}

	p = b.post("/calendar-feed", url.Values{"school": {string(bk.w.Home.School.ID)}})
	must(t, p, http.StatusOK, "http://127.0.0.1:8080/calendar/", "webcal://127.0.0.1:8080/calendar/") // the public URL

	p = b.get("/conferences/" + conf + "/move")
	must(t, p, http.StatusOK, "3:30 pm – 3:55 pm")
	if strings.Contains(p.Body, `value="`+bk.slots[0]+`"`) {
		t.Errorf("the move page offers the booked time")
	}
	p = b.post("/conferences/"+conf+"/move", url.Values{"slot": {bk.slots[1]}})
	must(t, p, http.StatusOK, "Your conference has moved", "3:30 pm – 3:55 pm")

	p = b.get("/conferences")
	must(t, p, http.StatusOK, "Robin&#39;s conference", "3:30 pm – 3:55 pm")

	p = b.get("/conferences/" + conf + "/cancel")
	must(t, p, http.StatusOK, "Cancel Robin&#39;s conference on Tuesday, December 1, 2026, 3:30 pm – 3:55 pm with home ADVISOR?")
	p = b.post("/conferences/"+conf+"/cancel", url.Values{})
	must(t, p, http.StatusOK, "The conference is cancelled", "Book Robin&#39;s conference")
}

// TestTakenSlotsVanish: the list the booking page polls drops a time as
// soon as another family takes it; booking it anyway says why, on the page.
func TestTakenSlotsVanish(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	b := newBrowser(t, bk.s)
	b.signIn(bk.w.Home.Family.Email)
	p := b.get(bk.bookPath() + "/slots")
	must(t, p, http.StatusOK, bk.slots[0], bk.slots[1], `hx-trigger="every 4s"`)
	if strings.Contains(p.Body, "<html") {
		t.Errorf("the polled list is a whole page")
	}
	// Staff book the first time for the student in the meantime.
	bk.s.As(t, bk.w.Home.Advisor).MustDo(t, `mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
		map[string]any{"in": map[string]any{"slotID": bk.slots[0], "studentID": bk.w.Home.Student.ID}}, nil)
	p = b.get(bk.bookPath() + "/slots?slot=" + bk.slots[1])
	must(t, p, http.StatusOK, bk.slots[1], "checked")
	if strings.Contains(p.Body, bk.slots[0]) {
		t.Errorf("the taken time is still offered")
	}
	p = b.post(bk.bookPath(), url.Values{"slot": {bk.slots[1]}})
	must(t, p, http.StatusConflict, "Error:", `href="#slot"`)
}

// TestSignInByMailedLink: opening the mailed address does not use the link
// up (mail scanners open links); the page's button does; a used link says
// so and offers a new one.
func TestSignInByMailedLink(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	b := newBrowser(t, s)
	p := b.post("/sign-in/mail", url.Values{"email": {w.Home.Family.Email}})
	must(t, p, http.StatusOK, "a sign-in link is on its way")
	link := s.SignInLink(t, w.Home.Family)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	path := u.RequestURI()
	if !strings.HasPrefix(path, "/sign-in?token=") {
		t.Fatalf("mailed link %q", link)
	}
	token, _ := url.QueryUnescape(strings.TrimPrefix(path, "/sign-in?token="))
	for range 2 {
		p = b.get(path)
		must(t, p, http.StatusOK, "Sign in with your link", `name="token"`)
	}
	p = b.post("/sign-in/link", url.Values{"token": {token}})
	must(t, p, http.StatusOK, "My children", "Robin")
	if p.URL.Path != "/" {
		t.Fatalf("signed in by link, landed at %s", p.URL)
	}
	// Used: a clear error, and a form for a new link.
	other := newBrowser(t, s)
	p = other.post("/sign-in/link", url.Values{"token": {token}})
	must(t, p, http.StatusUnauthorized, "expired or was already used", `action="/sign-in/mail"`)
	// Signing out ends the session, for the API too.
	p = b.post("/sign-out", url.Values{})
	must(t, p, http.StatusOK, `action="/sign-in"`)
	if p = b.get("/conferences"); p.URL.Path != "/sign-in" {
		t.Errorf("signed out, /conferences answered at %s", p.URL)
	}
}

// TestSpanishPages: the browser's language before signing in, the
// account's after, and the switch over both.
func TestSpanishPages(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	b := newBrowser(t, bk.s)
	b.lang = "es-MX,es;q=0.9"
	must(t, b.get("/sign-in"), http.StatusOK, `<html lang="es">`, "Iniciar sesión", "Correo electrónico")
	b.lang = "en-US"
	bk.s.DB.Client.Account.UpdateOneID(bk.w.Home.Family.ID).SetPreferredLanguage("es").ExecX(bk.s.System())
	b.signIn(bk.w.Home.Family.Email)
	p := b.get(bk.bookPath())
	must(t, p, http.StatusOK, `<html lang="es">`, "Reservar una conferencia", "martes, 1 de diciembre de 2026", "15:00 – 15:25")
	p = b.get(bk.bookPath() + "?lang=en")
	must(t, p, http.StatusOK, `<html lang="en">`, "Tuesday, December 1, 2026")
	if p.URL.RawQuery != "" {
		t.Errorf("the switch left ?%s", p.URL.RawQuery)
	}
}

// TestSessionCookieAndHeaders: the cookie is HttpOnly and SameSite=Lax
// (Secure but for a plain-http public URL); it is no credential for
// /query; pages carry the CSP; a form posted from another site is refused.
func TestSessionCookieAndHeaders(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	session := signInCookie(t, s, w.Home.Family.Email)
	if session == nil {
		t.Fatal("signing in set no session cookie")
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Secure {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over http", session)
	}
	// The cookie alone does not sign in to the API.
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(`{"query":"{ viewer { account { id } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(session)
	r := s.Anonymous().Send(t, req)
	if len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
		t.Errorf("/query with the cookie: %s %+v, want UNAUTHENTICATED", r.Data, r.Errors)
	}
	// Pages carry the headers.
	status, _ := s.Get(t, "/sign-in")
	if status != http.StatusOK {
		t.Fatalf("/sign-in %d", status)
	}
	resp, err := http.Get(s.URL + "/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy || strings.Contains(got, "unsafe-inline") {
		t.Errorf("CSP %q", got)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") != "same-origin" {
		t.Errorf("headers %v", resp.Header)
	}
	// A form from another site is refused before it acts.
	req, _ = http.NewRequest(http.MethodPost, s.URL+"/sign-out", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	req.AddCookie(session)
	resp, err = noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST answered %d, want 403", resp.StatusCode)
	}
	// The session still works: the refused sign-out did nothing.
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/conferences", nil)
	req.AddCookie(session)
	resp, err = noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after a refused cross-site sign-out, /conferences answered %d", resp.StatusCode)
	}
}

// TestStaticFilesCachedForAYear: the page names the files by content hash.
func TestStaticFilesCachedForAYear(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	_, body := s.Get(t, "/sign-in")
	for _, re := range []string{`href="(/static/app\.[0-9a-f]+\.css)"`, `src="(/static/htmx\.min\.[0-9a-f]+\.js)"`} {
		m := regexp.MustCompile(re).FindSubmatch(body)
		if m == nil {
			t.Fatalf("page lacks %s", re)
		}
		resp, err := http.Get(s.URL + string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d %q", m[1], resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	if status, _ := s.Get(t, "/static/app.css"); status != http.StatusNotFound {
		t.Errorf("the unhashed name answered %d", status)
	}
}

// TestAnotherFamilysChildIsNotFound: the app shows what the API lets the
// viewer see, and nothing else.
func TestAnotherFamilysChildIsNotFound(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	b := newBrowser(t, bk.s)
	b.signIn(bk.w.Other.Family.Email)
	p := b.get(bk.bookPath())
	if p.Status != http.StatusNotFound || strings.Contains(p.Body, bk.slots[0]) {
		t.Errorf("another school's family opened the booking page: %d", p.Status)
	}
	var id pulid.ID = bk.w.Home.Student.ID
	if strings.Contains(b.get("/").Body, string(id)) {
		t.Errorf("home lists another school's child")
	}
}

// TestAppRunsOnPersistedQueries: in production with --persisted-queries
// web/gql/persisted.json, the app's operations are all allowed.
func TestAppRunsOnPersistedQueries(t *testing.T) {
	t.Parallel()
	list, err := server.LoadPersistedQueries("gql/persisted.json")
	if err != nil {
		t.Fatal(err)
	}
	bk := newBooking(t)
	prod := apitest.NewServerOn(t, bk.s.DB, apitest.Production(), func(c *server.Config) { c.PersistedQueries = list })
	b := newBrowser(t, prod)
	b.signIn(bk.w.Home.Family.Email)
	must(t, b.get(bk.bookPath()), http.StatusOK, bk.slots[0])
	p := b.post(bk.bookPath(), url.Values{"slot": {bk.slots[0]}})
	must(t, p, http.StatusOK, "Your conference is booked")
	must(t, b.get("/conferences"), http.StatusOK, "3:00 pm – 3:25 pm")
	// A query of its own is still refused.
	r := prod.Anonymous().Do(t, `{ viewer { account { id } } }`, nil)
	if len(r.Errors) == 0 || r.Errors[0].Code() != "FORBIDDEN" {
		t.Errorf("a query off the list: %+v", r.Errors)
	}
}

// TestEveryMailLinkLeadsToAPage renders every kind of mail in every
// language with the links the capabilities put in them, and opens each
// link of this server: none is a dead end.
func TestEveryMailLinkLeadsToAPage(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC)
	sample := map[string]any{
		"link": s.URL + "/", "validMinutes": 15, "days": 7, "hoursBefore": 24,
		"startsAt": at, "offerExpiresAt": at, "expiresAt": at, "due": at, "timezone": "America/New_York",
		"items": []any{}, "students": []any{"Robin"}, "ssoLinks": []any{}, "validDays": 7,
	}
	// The mails that carry a one-time token link to the page that uses it.
	tokenPage := map[string]string{
		outbox.KindMagicLink:     "/sign-in",
		outbox.KindInvitation:    "/invitation",
		outbox.KindPasswordReset: "/reset-password",
	}
	links := regexp.MustCompile(regexp.QuoteMeta(s.URL) + `[^\s"<>)]*`)
	seen := map[string]bool{}
	for _, lang := range []string{"en", "es"} {
		for _, kind := range outbox.Kinds() {
			data := map[string]any{}
			k, _ := outbox.KindOf(kind)
			for _, key := range k.Data {
				if v, ok := sample[key]; ok {
					data[key] = v
				} else {
					data[key] = "x"
				}
			}
			if page, ok := tokenPage[kind]; ok {
				data["link"] = s.URL + page + "?token=plp_test"
			}
			m, err := tpl.Render(kind, lang, outbox.View{Name: "Ana", Data: data, BaseURL: s.URL, UnsubscribeURL: s.URL + "/unsubscribe/test"})
			if err != nil {
				t.Fatalf("render %s in %s: %v", kind, lang, err)
			}
			for _, l := range links.FindAllString(m.Text+" "+m.HTML, -1) {
				seen[strings.TrimRight(l, ".,;:")] = true
			}
		}
	}
	if !seen[s.URL+"/sign-in?token=plp_test"] || !seen[s.URL+"/invitation?token=plp_test"] ||
		!seen[s.URL+"/reset-password?token=plp_test"] || !seen[s.URL+"/"] {
		t.Fatalf("links found: %v", seen)
	}
	b := newBrowser(t, s)
	for l := range seen {
		p := b.get(strings.TrimPrefix(l, s.URL))
		if p.Status != http.StatusOK {
			t.Errorf("%s: %d", l, p.Status)
		}
		// A page a person reads, not JSON (the unsubscribe link too).
		if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(p.Body, "<button") && !strings.Contains(p.Body, "<h1>") {
			t.Errorf("%s: %s, not a page: %.200s", l, ct, p.Body)
		}
	}
}

// TestSessionCookieSecureOverHTTPS: behind an https public URL the session
// cookie is Secure.
func TestSessionCookieSecureOverHTTPS(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, func(c *server.Config) { c.PublicURL = "https://plp.example.org" })
	w := apitest.NewWorld(t, s.DB)
	if c := signInCookie(t, s, w.Home.Family.Email); c == nil || !c.Secure {
		t.Errorf("session cookie %+v, want Secure", c)
	}
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signInCookie signs in with the form and returns the session cookie set.
func signInCookie(t *testing.T, s *apitest.Server, email string) *http.Cookie {
	t.Helper()
	resp, err := noRedirects.PostForm(s.URL+"/sign-in", url.Values{"email": {email}, "password": {apitest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in answered %d", resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == web.SessionCookie {
			return c
		}
	}
	return nil
}

// TestWaitlistJoinAndAccept: with every time taken the page offers the
// waitlist; when a time frees, it is held for the family, who books it
// with one button.
func TestWaitlistJoinAndAccept(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	ctx, c := bk.s.System(), bk.s.DB.Client
	advisor := bk.s.As(t, bk.w.Home.Advisor)
	var taken, kids []string
	for _, slot := range bk.slots {
		st := c.Student.Create().SetSchoolID(bk.w.Home.School.ID).SetGivenName("Kim").SetFamilyName("Other").SetPreferredName("Kim").
			SetGrade(10).SetGraduationYear(2029).SetAdvisorID(bk.w.Home.Advisor.ID).SaveX(ctx)
		var out struct {
			BookConference struct{ Conference struct{ ID string } }
		}
		advisor.MustDo(t, `mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
			map[string]any{"in": map[string]any{"slotID": slot, "studentID": st.ID}}, &out)
		taken = append(taken, out.BookConference.Conference.ID)
		kids = append(kids, string(st.ID))
	}
	b := newBrowser(t, bk.s)
	b.signIn(bk.w.Home.Family.Email)
	p := b.get(bk.bookPath())
	must(t, p, http.StatusOK, "There are no free times left", `action="/waitlist"`)
	p = b.post("/waitlist", url.Values{"student": {string(bk.w.Home.Student.ID)}, "window": {bk.window}})
	must(t, p, http.StatusOK, "You are on the waitlist for this conference", "Leave the waitlist")
	// A time frees: it is held for Robin's family.
	advisor.MustDo(t, `mutation($id: ID!) { cancelConference(input: {conferenceID: $id}) { conference { id } } }`,
		map[string]any{"id": taken[1]}, nil)
	p = b.get(bk.bookPath())
	must(t, p, http.StatusOK, "A time is held for you: Tuesday, December 1, 2026, 3:30 pm", "Book Tuesday, December 1, 2026, 3:30 pm")
	// The held time is offered to nobody else, not even to the child whose
	// conference freed it.
	staff := newBrowser(t, bk.s)
	staff.signIn(bk.w.Home.Advisor.Email)
	p = staff.get("/book/" + kids[1] + "/" + bk.window)
	must(t, p, http.StatusOK, "There are no free times left")
	if strings.Contains(p.Body, bk.slots[1]) {
		t.Errorf("a time held for Robin is offered to another child")
	}
	p = b.post(bk.bookPath(), url.Values{"slot": {bk.slots[1]}})
	must(t, p, http.StatusOK, "Your conference is booked", "3:30 pm – 3:55 pm")
}
