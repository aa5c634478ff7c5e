package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"plp/internal/devtools/apitest"
	"plp/internal/devtools/browsertest"
	"plp/server"
)

// familyLanguages are the two languages every family page is checked in,
// with what the home page's heading says in each.
var familyLanguages = []struct{ lang, accept, home string }{
	{"en", "en-US,en;q=0.9", "My children"},
	{"es", "es-MX,es;q=0.9", "Mis hijos"},
}

// TestBrowserFamilyPlanReviewSettings: in each language, a family opens
// their child's plan (photo and video inline), comments on the video,
// signs the annual review and turns the mail off; every page passes the
// accessibility and phone-width checks.
func TestBrowserFamilyPlanReviewSettings(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	for _, l := range familyLanguages {
		t.Run(l.lang, func(t *testing.T) {
			s := apitest.NewServer(t)
			w := apitest.NewWorld(t, s.DB)
			p := newPlan(t, s, w)
			s.DB.Client.Account.UpdateOneID(w.Home.Family.ID).SetPreferredLanguage(l.lang).ExecX(s.System())
			s.As(t, w.Home.StudentAccount).MustDo(t, `mutation($s: ID!) { signAnnualReview(input: {studentID: $s}) { annualReview { id } } }`,
				map[string]any{"s": w.Home.Student.ID}, nil)
			tab := br.Tab(t, browsertest.Language(l.accept))
			signInByPassword(t, tab, s.URL, w.Home.Family.Email)
			tab.Check("family-home-tasks-" + l.lang)
			tab.Go(s.URL + "/children/" + string(w.Home.Student.ID))
			if n := tab.Count(`video[src="/files/evidence/` + p.video + `"]`); n != 1 {
				t.Errorf("the video is not inline")
			}
			var loaded bool
			tab.Eval(`(() => { const i = document.querySelector("img.media"); return i.complete && i.naturalWidth > 0 })()`, &loaded)
			if !loaded {
				t.Errorf("the photo did not load")
			}
			tab.Check("plan-" + l.lang)
			tab.Eval(`document.querySelector("#comment-`+p.video+`").value = "¡Qué discurso!"`, nil)
			tab.Submit(`#evidence-` + p.video + ` form button[type=submit]`)
			if got := tab.Text("#evidence-" + p.video + " ul.comments"); !strings.Contains(got, "¡Qué discurso!") {
				t.Errorf("the comment is not on the page: %q", got)
			}
			tab.Submit(`form[action$="/review"] button`)
			if got := tab.Text(".notice"); got == "" {
				t.Errorf("no notice after signing")
			}
			tab.Check("review-signed-" + l.lang)
			tab.Go(s.URL + "/settings")
			tab.Check("settings-" + l.lang)
			tab.Click("#mail")
			tab.Submit(`form[action="/settings"] button`)
			if acc := s.DB.Client.Account.GetX(s.System(), w.Home.Family.ID); !acc.MailOptOut {
				t.Errorf("mail is still on")
			}
			tab.Check("settings-saved-" + l.lang)
		})
	}
}

// TestBrowserWaitlistOnConferences: in each language, the family joins a
// full window's waitlist, sees its place on the conferences page, then the
// time held for it, and books it with the page's button.
func TestBrowserWaitlistOnConferences(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	for _, l := range familyLanguages {
		t.Run(l.lang, func(t *testing.T) {
			bk := newBooking(t)
			taken := fillWindow(t, bk)
			bk.s.DB.Client.Account.UpdateOneID(bk.w.Home.Family.ID).SetPreferredLanguage(l.lang).ExecX(bk.s.System())
			tab := br.Tab(t, browsertest.Language(l.accept), browsertest.NoScript())
			signInByPassword(t, tab, bk.s.URL, bk.w.Home.Family.Email)
			tab.Go(bk.s.URL + bk.bookPath())
			tab.Submit(`form[action="/waitlist"] button`)
			tab.Go(bk.s.URL + "/conferences")
			if got := tab.Text("main"); !strings.Contains(got, "1") || tab.Count(`form[action$="/leave"]`) != 1 {
				t.Errorf("no place in line: %q", got)
			}
			tab.Check("conferences-waiting-" + l.lang)
			bk.s.As(t, bk.w.Home.Advisor).MustDo(t, `mutation($id: ID!) { cancelConference(input: {conferenceID: $id}) { conference { id } } }`,
				map[string]any{"id": taken[0]}, nil)
			tab.Go(bk.s.URL + "/conferences")
			tab.Check("conferences-offer-" + l.lang)
			if status := tab.Submit(`form[action="` + bk.bookPath() + `"] button`); status != 200 {
				t.Fatalf("accepting the offer answered %d", status)
			}
			if !strings.Contains(tab.URL(), "/conferences/") {
				t.Fatalf("after accepting, at %s", tab.URL())
			}
			if got := tab.Text("dl.facts"); !strings.Contains(got, "15:00") && !strings.Contains(got, "3:00 pm") {
				t.Errorf("booked the wrong time: %q", got)
			}
		})
	}
}

// ssoUsers is the test provider's people.
type ssoUsers map[string]*storage.User

func (u ssoUsers) GetUserByID(id string) *storage.User { return u[id] }
func (u ssoUsers) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u ssoUsers) ExampleClientID() string { return "plp" }

// claimsInIDToken puts the email in the ID token, as Google and Microsoft
// do.
type claimsInIDToken struct{ *storage.Storage }

func (s claimsInIDToken) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return assertingClient{c}, nil
}

type assertingClient struct{ op.Client }

func (assertingClient) IDTokenUserinfoClaimsAssertion() bool { return true }

// TestBrowserSignInWithSchoolSSO: in each language, the sign-in page shows
// the school's single sign-on button; a family clicks it, signs in at the
// school's OpenID provider (zitadel/oidc's, in-process) and lands on their
// home page, signed in.
func TestBrowserSignInWithSchoolSSO(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	for _, l := range familyLanguages {
		t.Run(l.lang, func(t *testing.T) {
			s := apitest.NewServer(t, apitest.PublicAtListener(), func(c *server.Config) { c.KeySecret = "sso-test" })
			w := apitest.NewWorld(t, s.DB)
			s.DB.Client.Account.UpdateOneID(w.Home.Family.ID).SetPreferredLanguage(l.lang).ExecX(s.System())
			// The provider signs tokens at the real time; so does the server.
			s.Clock.Advance(time.Until(s.Clock.Now()) * -1)
			var handler http.Handler
			idp := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { handler.ServeHTTP(rw, r) }))
			t.Cleanup(idp.Close)
			users := ssoUsers{"u1": {ID: "u1", Username: "robin-family", Password: "verysecure", FirstName: "Home", LastName: "Family",
				Email: w.Home.Family.Email, EmailVerified: true, PreferredLanguage: language.English}}
			clients := map[string]*storage.Client{"plp": storage.WebClient("plp", "plp-secret", s.URL+"/sso/callback")}
			handler = exampleop.SetupServer(idp.URL, claimsInIDToken{storage.NewStorageWithClients(users, clients)}, nil, false)
			s.As(t, w.Home.Admin).MustDo(t, `mutation($s: ID!, $i: String!) { configureSSOProvider(input: {school: $s, name: "Home District", issuer: $i, clientID: "plp", clientSecret: "plp-secret", allowedDomains: ["home.plp.test"]}) { provider { id } } }`,
				map[string]any{"s": w.Home.School.ID, "i": idp.URL}, nil)

			tab := br.Tab(t, browsertest.Language(l.accept))
			tab.Go(s.URL + "/sign-in")
			if got := tab.Text(".sso a"); !strings.Contains(got, "Home District") || !strings.Contains(got, w.Home.School.Name) {
				t.Fatalf("the SSO button says %q", got)
			}
			tab.Check("sign-in-sso-" + l.lang)
			tab.Submit(".sso a")
			if !strings.HasPrefix(tab.URL(), idp.URL) {
				t.Fatalf("the button led to %s, not the provider", tab.URL())
			}
			tab.Fill("#username", "robin-family")
			tab.Fill("#password", "verysecure")
			tab.Submit("form button[type=submit]")
			if got := tab.Text("h1"); got != l.home {
				t.Fatalf("after the provider, the page is %q at %s", got, tab.URL())
			}
			if got := tab.Text("main"); !strings.Contains(got, "Robin") {
				t.Errorf("home lacks the child: %q", got)
			}
		})
	}
}
