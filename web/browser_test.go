package web_test

import (
	"strings"
	"testing"

	"plp/ent/membership"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/browsertest"
)

// signInByPassword fills the sign-in form as a person would.
func signInByPassword(t *testing.T, tab *browsertest.Tab, base, email string) {
	t.Helper()
	if status := tab.Go(base + "/"); status != 200 {
		t.Fatalf("GET / answered %d", status)
	}
	if !strings.HasSuffix(tab.URL(), "/sign-in") {
		t.Fatalf("signed out, / showed %s", tab.URL())
	}
	tab.Fill("#email", email)
	tab.Fill("#password", apitest.Password)
	if status := tab.Submit(`form[action="/sign-in"] button[type=submit]`); status != 200 {
		t.Fatalf("sign in answered %d", status)
	}
	if got := tab.Text("h1"); got != "My children" && got != "Mis hijos" {
		t.Fatalf("after signing in, the page is %q at %s", got, tab.URL())
	}
}

// TestBrowserFamilyBooksWhileAnotherWatches: a family books, with
// JavaScript off, the time a second guardian has open on their phone; it
// vanishes there without a reload. Then the family moves and cancels.
// Every page passes the accessibility and phone-width checks.
func TestBrowserFamilyBooksWhileAnotherWatches(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	bk := newBooking(t)
	// A second guardian of Robin, who may book too.
	ctx := bk.s.System()
	c := bk.s.DB.Client
	second := c.Account.Create().SetEmail("second.guardian@home.plp.test").SetName("Sam Guardian").
		SetPasswordHash(apitest.PasswordHash()).SaveX(ctx)
	c.Membership.Create().SetAccountID(second.ID).SetSchoolID(bk.w.Home.School.ID).SetRole(membership.RoleFamily).ExecX(ctx)
	c.Guardianship.Create().SetStudentID(bk.w.Home.Student.ID).SetFamilyID(second.ID).SetRelationship("parent").ExecX(ctx)

	family := br.Tab(t, browsertest.NoScript())
	family.Go(bk.s.URL + "/sign-in")
	family.Check("sign-in")
	signInByPassword(t, family, bk.s.URL, bk.w.Home.Family.Email)
	family.Check("family-home")

	watcher := br.Tab(t)
	signInByPassword(t, watcher, bk.s.URL, second.Email)
	watcher.Go(bk.s.URL + bk.bookPath())
	if n := watcher.Count("#slot-list input[name=slot]"); n != 2 {
		t.Fatalf("the watcher sees %d times, want 2", n)
	}

	family.Go(bk.s.URL + bk.bookPath())
	family.Check("book")
	family.Choose("#slot-"+bk.slots[0], "")
	family.Choose("#interpreter", "es")
	// browsertest's Fill cannot type into an empty textarea (chromedp
	// SetValue wants a text node); set it the way typing would.
	family.Eval(`document.querySelector("#questions").value = "How is Robin doing in maths?"`, nil)
	if status := family.Submit("#book-form button[type=submit]"); status != 200 {
		t.Fatalf("booking answered %d", status)
	}
	if got := family.Text(".notice"); !strings.Contains(got, "booked") {
		t.Fatalf("after booking: %q", got)
	}
	family.Check("conference")
	// "Subscribe to all my conferences" shows the feed's addresses.
	conference := family.URL()
	family.Submit(`form[action="/calendar-feed"] button`)
	if got := family.Text("code.url"); !strings.Contains(got, "/calendar/") {
		t.Errorf("feed address %q", got)
	}
	family.Check("calendar-feed")
	family.Go(conference)
	// The watcher's page drops the time by itself.
	watcher.WaitGone("#slot-" + bk.slots[0])
	if n := watcher.Count("#slot-" + bk.slots[1]); n != 1 {
		t.Errorf("the free time vanished too")
	}

	family.Go(bk.s.URL + family.URL()[len(bk.s.URL):strings.Index(family.URL(), "?")] + "/move")
	family.Check("move")
	family.Choose("#slot-"+bk.slots[1], "")
	family.Submit("#book-form button[type=submit]")
	if got := family.Text("dl.facts"); !strings.Contains(got, "3:30 pm") {
		t.Fatalf("after moving: %q", got)
	}
	conf := family.URL()[:strings.Index(family.URL(), "?")]
	family.Go(conf + "/cancel")
	family.Check("cancel")
	family.Submit(`form[action$="/cancel"] button`)
	if got := family.Text(".notice"); !strings.Contains(got, "cancelled") {
		t.Fatalf("after cancelling: %q", got)
	}
	family.Go(bk.s.URL + "/conferences")
	family.Check("conferences")
	if status := family.Go(bk.s.URL + "/no-such-page"); status != 404 {
		t.Errorf("an unknown page answered %d", status)
	}
	family.Check("not-found")
}

// TestBrowserSignInByMailedLink: the family asks for a link, the link
// arrives by SMTP, opening it shows one button, the button signs in.
func TestBrowserSignInByMailedLink(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	tab := br.Tab(t)
	tab.Go(s.URL + "/sign-in")
	tab.Fill("#link-email", w.Home.Family.Email)
	tab.Submit(`form[action="/sign-in/mail"] button`)
	if got := tab.Text(".notice"); !strings.Contains(got, "on its way") {
		t.Fatalf("after asking for a link: %q", got)
	}
	path := mailedPath(t, s, "/sign-in")
	tab.Go(s.URL + path)
	tab.Check("sign-in-link")
	tab.Submit(`form[action="/sign-in/link"] button`)
	if got := tab.Text("h1"); got != "My children" {
		t.Fatalf("after the link: %q", got)
	}
	if got := tab.Text("main"); !strings.Contains(got, "Robin") {
		t.Errorf("home lacks the child: %q", got)
	}
}

// TestBrowserSpanishDates: a Spanish-speaking family's booking page says
// its dates in Spanish, at the school's time.
func TestBrowserSpanishDates(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	bk := newBooking(t)
	bk.s.DB.Client.Account.UpdateOneID(bk.w.Home.Family.ID).SetPreferredLanguage("es").ExecX(bk.s.System())
	tab := br.Tab(t, browsertest.Language("es-MX,es;q=0.9"))
	tab.Go(bk.s.URL + "/sign-in")
	if got := tab.Text("h1"); got != "Iniciar sesión" {
		t.Fatalf("sign-in page in %q", got)
	}
	signInByPassword(t, tab, bk.s.URL, bk.w.Home.Family.Email)
	tab.Go(bk.s.URL + bk.bookPath())
	tab.Check("book-es")
	if got := tab.Text("#slot-list legend"); got != "martes, 1 de diciembre de 2026" {
		t.Errorf("day %q", got)
	}
	if got := tab.Text(`label[for="slot-` + bk.slots[0] + `"]`); got != "15:00 – 15:25" {
		t.Errorf("time %q", got)
	}
}
