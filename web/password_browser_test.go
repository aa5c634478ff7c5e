package web_test

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"regexp"
	"strings"
	"testing"
	"time"

	"plp/ent/membership"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/browsertest"
	"plp/internal/platform/outbox"
	"plp/internal/platform/outbox/smtptest"
)

// mailedPath delivers the outbox to a real SMTP server on loopback and
// returns the path of the link to page in the one mail it receives.
func mailedPath(t *testing.T, s *apitest.Server, page string) string {
	t.Helper()
	smtp := smtptest.Start(t)
	sender, err := outbox.OpenSender(smtp.URL(), "", outbox.Timeouts{Command: 5 * time.Second, Reply: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	mailer := &outbox.Dispatcher{Client: s.DB.Client, Sender: sender, Templates: tpl, Now: s.Clock.Now,
		From: "PLP <plp@school.example>", BaseURL: s.URL}
	if _, err := mailer.DispatchDue(s.System()); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails, want 1", len(msgs))
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(msgs[0].Raw)))
	path := regexp.MustCompile(regexp.QuoteMeta(page) + `\?token=[A-Za-z0-9_%-]+`).FindString(string(body))
	if path == "" {
		t.Fatalf("no %s link in the mail:\n%s", page, body)
	}
	return path
}

// choosePassword fills the form of an invitation or reset page.
func choosePassword(t *testing.T, tab *browsertest.Tab, password string) {
	t.Helper()
	tab.Fill("#password", password)
	tab.Fill("#password-again", password)
	if status := tab.Submit(`form button[type=submit]`); status != 200 {
		t.Fatalf("choosing a password answered %d", status)
	}
}

// TestBrowserInvitedAdvisorChoosesAPassword: an admin invites a new
// advisor; the advisor opens the mailed link, chooses a password (a typo
// in the second box is caught first), is signed in, signs out, and signs
// in again with it. A second visit to the link says it was used.
func TestBrowserInvitedAdvisorChoosesAPassword(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	advisor := s.DB.Client.Account.Create().SetEmail("new.advisor@home.plp.test").SetName("Ada Lovelace").SaveX(sys)
	s.DB.Client.Membership.Create().SetAccountID(advisor.ID).SetSchoolID(w.Home.School.ID).SetRole(membership.RoleAdvisor).ExecX(sys)
	s.As(t, w.Home.Admin).MustDo(t, `mutation($s: ID!, $a: ID!) { inviteAccount(input: {school: $s, account: $a}) { invitation { id } } }`,
		map[string]any{"s": w.Home.School.ID, "a": advisor.ID}, nil)
	path := mailedPath(t, s, "/invitation")

	tab := br.Tab(t)
	tab.Go(s.URL + path)
	tab.Check("invitation")
	tab.Fill("#password", "a long password")
	tab.Fill("#password-again", "a long passwort")
	tab.Submit(`form button[type=submit]`)
	if got := tab.Text("#password-again-error"); !strings.Contains(got, "not the same") {
		t.Fatalf("two different passwords: %q", got)
	}
	tab.Check("invitation-error")
	choosePassword(t, tab, "a long password")
	if n := tab.Count(`form[action="/sign-out"]`); n != 1 || strings.Contains(tab.URL(), "/invitation") {
		t.Fatalf("after choosing a password the page is %s, not signed in", tab.URL())
	}

	tab.Submit(`form[action="/sign-out"] button`)
	tab.Go(s.URL + "/sign-in")
	tab.Fill("#email", advisor.Email)
	tab.Fill("#password", "a long password")
	tab.Submit(`form[action="/sign-in"] button[type=submit]`)
	if n := tab.Count(`form[action="/sign-out"]`); n != 1 {
		t.Fatalf("signing in with the new password left %s", tab.URL())
	}

	again := br.Tab(t)
	again.Go(s.URL + path)
	again.Fill("#password", "another long password")
	again.Fill("#password-again", "another long password")
	if status := again.Submit(`form button[type=submit]`); status != 401 {
		t.Errorf("a used invitation answered %d, want 401", status)
	}
	if got := again.Text(".notice"); !strings.Contains(got, "already used") {
		t.Errorf("a used invitation: %q", got)
	}
}

// TestBrowserFamilyResetsTheirPassword: from the sign-in page a family
// asks for a reset link, opens it, chooses a new password and is signed
// in; the old password no longer works.
func TestBrowserFamilyResetsTheirPassword(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)

	tab := br.Tab(t)
	tab.Go(s.URL + "/sign-in")
	tab.Submit(`a[href="/forgot-password"]`)
	tab.Check("forgot-password")
	tab.Fill("#email", w.Home.Family.Email)
	tab.Submit(`form[action="/forgot-password"] button`)
	if got := tab.Text(".notice"); !strings.Contains(got, "on its way") {
		t.Fatalf("after asking for a reset link: %q", got)
	}
	path := mailedPath(t, s, "/reset-password")
	tab.Go(s.URL + path)
	tab.Check("reset-password")
	choosePassword(t, tab, "a brand new password")
	if got := tab.Text("h1"); got != "My children" {
		t.Fatalf("after the reset the page is %q", got)
	}
	s.Anonymous().MustFail(t, "UNAUTHENTICATED", `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`,
		map[string]any{"e": w.Home.Family.Email, "p": apitest.Password})
	s.SignIn(t, w.Home.Family.Email, "a brand new password")
}
