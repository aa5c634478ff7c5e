package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/membership"
	"plp/ent/notification"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/auth"
	"plp/internal/school/oneroster"
)

const (
	inviteQ  = `mutation($s: ID!, $a: ID!) { inviteAccount(input: {school: $s, account: $a}) { invitation { id sentCount acceptedAt expiresAt } } }`
	acceptQ  = `mutation($t: String!, $p: String!) { acceptInvitation(input: {token: $t, password: $p}) { token viewer { account { email } } } }`
	resetQ   = `mutation($e: String!) { requestPasswordReset(input: {email: $e}) { accepted } }`
	doResetQ = `mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, password: $p}) { token } }`
)

// newPerson is an account at Home with role and no password, as an import
// leaves one.
func newPerson(t *testing.T, s *apitest.Server, w *apitest.World, email string, role membership.Role) *ent.Account {
	t.Helper()
	ctx := s.System()
	a := s.DB.Client.Account.Create().SetEmail(email).SetName("New " + string(role)).SetPreferredLanguage("es").SaveX(ctx)
	s.DB.Client.Membership.Create().SetAccountID(a.ID).SetSchoolID(w.Home.School.ID).SetRole(role).ExecX(ctx)
	return a
}

// TestInvitation: an admin invites an advisor with no password; the mail
// (in the advisor's language) links to /invitation; following it sets a
// password and signs in; the link works once; the admin sees it accepted.
// Sending again makes a new link and the old one stops working; a link
// expires after 7 days.
func TestInvitation(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	advisor := newPerson(t, s, w, "new.advisor@home.plp.test", membership.RoleAdvisor)
	vars := map[string]any{"s": w.Home.School.ID, "a": advisor.ID}

	var out struct {
		InviteAccount struct {
			Invitation struct {
				ID         string
				SentCount  int
				AcceptedAt *time.Time
				ExpiresAt  time.Time
			}
		}
	}
	admin.MustDo(t, inviteQ, vars, &out)
	if inv := out.InviteAccount.Invitation; inv.SentCount != 1 || inv.AcceptedAt != nil || !inv.ExpiresAt.Equal(s.Clock.Now().Add(7*24*time.Hour)) {
		t.Fatalf("invitation %+v", inv)
	}
	first := apitest.MailedToken(t, s.DB.Client, advisor, "invitation", "/invitation")
	n := s.DB.Client.Notification.Query().Where(notification.RecipientID(advisor.ID), notification.Kind("invitation")).FirstX(s.System())
	if n.Payload["schoolName"] != w.Home.School.Name || n.Payload["inviterName"] != w.Home.Admin.Name {
		t.Errorf("invitation mail data %v", n.Payload)
	}

	// Sending again: a new link; the first one no longer works.
	var again struct {
		ResendInvitation struct{ Invitation struct{ SentCount int } }
	}
	admin.MustDo(t, `mutation($i: ID!) { resendInvitation(input: {invitation: $i}) { invitation { sentCount } } }`,
		map[string]any{"i": out.InviteAccount.Invitation.ID}, &again)
	if again.ResendInvitation.Invitation.SentCount != 2 {
		t.Errorf("sent %d times, want 2", again.ResendInvitation.Invitation.SentCount)
	}
	second := apitest.MailedToken(t, s.DB.Client, advisor, "invitation", "/invitation")
	anon := s.Anonymous()
	e := anon.MustFail(t, "UNAUTHENTICATED", acceptQ, map[string]any{"t": first, "p": "a long password"})
	if !strings.Contains(e.Message, "send it again") {
		t.Errorf("old link: %q", e.Message)
	}
	// Too short a password leaves the link unused.
	if e := anon.MustFail(t, "BAD_USER_INPUT", acceptQ, map[string]any{"t": second, "p": "short"}); e.Field() != "password" {
		t.Errorf("short password: field %q", e.Field())
	}
	var accepted struct {
		AcceptInvitation struct {
			Token  string
			Viewer struct{ Account struct{ Email string } }
		}
	}
	anon.MustDo(t, acceptQ, map[string]any{"t": second, "p": "a long password"}, &accepted)
	if accepted.AcceptInvitation.Viewer.Account.Email != advisor.Email {
		t.Fatalf("accepted as %+v", accepted)
	}
	s.WithToken(accepted.AcceptInvitation.Token).MustDo(t, `{ viewer { account { id } } }`, nil, nil)
	s.SignIn(t, advisor.Email, "a long password")
	anon.MustFail(t, "UNAUTHENTICATED", acceptQ, map[string]any{"t": second, "p": "another password"})

	// The admin sees it accepted, and cannot invite again.
	var list struct {
		Invitations struct {
			Edges []struct {
				Node struct{ AcceptedAt *time.Time }
			}
		}
	}
	admin.MustDo(t, `{ invitations(where: {acceptedAtIsNil: false}) { edges { node { acceptedAt } } } }`, nil, &list)
	if len(list.Invitations.Edges) != 1 {
		t.Errorf("accepted invitations %+v", list)
	}
	admin.MustFail(t, "CONFLICT", inviteQ, vars)

	// A link expires after 7 days.
	family := newPerson(t, s, w, "new.family@home.plp.test", membership.RoleFamily)
	admin.MustDo(t, inviteQ, map[string]any{"s": w.Home.School.ID, "a": family.ID}, nil)
	token := apitest.MailedToken(t, s.DB.Client, family, "invitation", "/invitation")
	s.Clock.Advance(7 * 24 * time.Hour)
	anon.MustFail(t, "UNAUTHENTICATED", acceptQ, map[string]any{"t": token, "p": "a long password"})
}

// TestPasswordReset: a reset is always "accepted"; only an existing account
// gets the mail, whose link sets a new password once and ends every other
// session of the account.
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	anon := s.Anonymous()
	before := s.As(t, w.Home.Family)
	for _, email := range []string{w.Home.Family.Email, "nobody@home.plp.test"} {
		var out struct{ RequestPasswordReset struct{ Accepted bool } }
		anon.MustDo(t, resetQ, map[string]any{"e": email}, &out)
		if !out.RequestPasswordReset.Accepted {
			t.Errorf("%s: not accepted", email)
		}
	}
	if n := s.DB.Client.Notification.Query().Where(notification.Kind("password_reset")).CountX(s.System()); n != 1 {
		t.Fatalf("%d reset mails, want 1", n)
	}
	token := apitest.MailedToken(t, s.DB.Client, w.Home.Family, "password_reset", "/reset-password")
	// A reset token is not a sign-in link, nor the other way round.
	anon.MustFail(t, "UNAUTHENTICATED", useLink, map[string]any{"t": token})
	var out struct{ ResetPassword struct{ Token string } }
	anon.MustDo(t, doResetQ, map[string]any{"t": token, "p": "a new family password"}, &out)
	s.WithToken(out.ResetPassword.Token).MustDo(t, `{ viewer { account { id } } }`, nil, nil)
	before.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { id } } }`, nil)
	anon.MustFail(t, "UNAUTHENTICATED", doResetQ, map[string]any{"t": token, "p": "yet another password"})
	s.SignIn(t, w.Home.Family.Email, "a new family password")
	if r := signIn(t, s, w.Home.Family.Email, apitest.Password, nil); r.code() != "UNAUTHENTICATED" {
		t.Errorf("the old password still works: %+v", r.errors)
	}
	// A link expires.
	anon.MustDo(t, resetQ, map[string]any{"e": w.Home.Family.Email}, nil)
	token = apitest.MailedToken(t, s.DB.Client, w.Home.Family, "password_reset", "/reset-password")
	s.Clock.Advance(15 * time.Minute)
	anon.MustFail(t, "UNAUTHENTICATED", doResetQ, map[string]any{"t": token, "p": "a later password"})
}

// TestChangePassword: the current password must be right; the change ends
// every other session, not this one.
func TestChangePassword(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	other, c := s.As(t, w.Home.Advisor), s.As(t, w.Home.Advisor)
	const q = `mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) { sessionsEnded } }`
	if e := c.MustFail(t, "UNAUTHENTICATED", q, map[string]any{"c": "wrong", "n": "a new password"}); e.Field() != "currentPassword" {
		t.Errorf("wrong current password: %+v", e)
	}
	c.MustFail(t, "BAD_USER_INPUT", q, map[string]any{"c": apitest.Password, "n": "short"})
	var out struct{ ChangePassword struct{ SessionsEnded int } }
	c.MustDo(t, q, map[string]any{"c": apitest.Password, "n": "a new password"}, &out)
	if out.ChangePassword.SessionsEnded != 1 {
		t.Errorf("%d sessions ended, want 1", out.ChangePassword.SessionsEnded)
	}
	c.MustDo(t, `{ viewer { account { id } } }`, nil, nil)
	other.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { id } } }`, nil)
	s.SignIn(t, w.Home.Advisor.Email, "a new password")
}

// TestSessions: mySessions lists the viewer's devices; signOut(session:)
// ends one of them (another person's is NOT_FOUND); signOutEverywhere ends
// all; an admin ends a person's sessions, nobody else does.
func TestSessions(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	phone := s.As(t, w.Home.Family)
	s.Clock.Advance(time.Minute)
	laptop := s.As(t, w.Home.Family)
	var out struct {
		MySessions []struct {
			ID, Device, Address   string
			CreatedAt, LastUsedAt time.Time
			Current               bool
		}
	}
	laptop.MustDo(t, `{ mySessions { id device address createdAt lastUsedAt current } }`, nil, &out)
	if len(out.MySessions) != 2 || !out.MySessions[0].Current || out.MySessions[1].Current ||
		!out.MySessions[0].CreatedAt.After(out.MySessions[1].CreatedAt) || out.MySessions[0].Device == "" {
		t.Fatalf("mySessions %+v", out.MySessions)
	}
	phoneSession := out.MySessions[1].ID
	// Another person cannot end it.
	s.As(t, w.Home.Partner).MustFail(t, "NOT_FOUND", `mutation($s: ID!) { signOut(session: $s) { signedOut } }`, map[string]any{"s": phoneSession})
	phone.MustDo(t, `{ viewer { account { id } } }`, nil, nil)
	laptop.MustDo(t, `mutation($s: ID!) { signOut(session: $s) { signedOut } }`, map[string]any{"s": phoneSession}, nil)
	phone.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { id } } }`, nil)
	laptop.MustDo(t, `{ viewer { account { id } } }`, nil, nil)

	// signOutEverywhere.
	third := s.As(t, w.Home.Family)
	var all struct{ SignOutEverywhere struct{ SessionsEnded int } }
	laptop.MustDo(t, `mutation { signOutEverywhere { sessionsEnded } }`, nil, &all)
	if all.SignOutEverywhere.SessionsEnded != 2 {
		t.Errorf("signOutEverywhere ended %d, want 2", all.SignOutEverywhere.SessionsEnded)
	}
	third.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { id } } }`, nil)
	laptop.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { id } } }`, nil)

	// An admin ends a person's sessions; another school's admin cannot.
	student := s.As(t, w.Home.StudentAccount)
	const end = `mutation($a: ID!) { endSessions(account: $a) { sessionsEnded } }`
	s.As(t, w.Other.Admin).MustFail(t, "FORBIDDEN", end, map[string]any{"a": w.Home.StudentAccount.ID})
	student.MustDo(t, `{ viewer { account { id } } }`, nil, nil)
	s.As(t, w.Home.Admin).MustDo(t, end, map[string]any{"a": w.Home.StudentAccount.ID}, nil)
	student.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { id } } }`, nil)
}

// TestSignInLinkRolesAreASchoolSetting: staff get sign-in links once their
// school allows their role.
func TestSignInLinkRolesAreASchoolSetting(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	anon := s.Anonymous()
	anon.MustDo(t, requestLink, map[string]any{"e": w.Home.Advisor.Email}, nil)
	if n := linkCount(t, s); n != 0 {
		t.Fatalf("an advisor got a link by default (%d)", n)
	}
	s.As(t, w.Home.Admin).MustDo(t, `mutation($id: ID!) { updateSchool(id: $id, input: {signInLinkRoles: ["FAMILY", "PARTNER", "ADVISOR"]}) { school { signInLinkRoles } } }`,
		map[string]any{"id": w.Home.School.ID}, nil)
	anon.MustDo(t, requestLink, map[string]any{"e": w.Home.Advisor.Email}, nil)
	token := linkToken(t, s, w.Home.Advisor)
	anon.MustDo(t, useLink, map[string]any{"t": token}, nil)
	s.As(t, w.Home.Admin).MustFail(t, "BAD_USER_INPUT", `mutation($id: ID!) { updateSchool(id: $id, input: {signInLinkRoles: ["JANITOR"]}) { school { id } } }`,
		map[string]any{"id": w.Home.School.ID})
}

// discoveryServer serves an OpenID provider's discovery document and nothing
// else: enough for configureSSOProvider to accept the issuer.
func discoveryServer(t *testing.T) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": srv.URL, "authorization_endpoint": srv.URL + "/authorize", "token_endpoint": srv.URL + "/token",
			"jwks_uri": srv.URL + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"},
		})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestImportThenInvite: after a OneRoster import, inviting everyone new
// (plp import oneroster --invite) mails each person who cannot sign in; an
// advisor of the import follows the link, sets a password and signs in.
// Inviting again invites nobody twice.
func TestImportThenInvite(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	ctx := s.System()
	if _, err := oneroster.Import(ctx, s.DB.Client, os.DirFS("../internal/school/oneroster/testdata/sample"), oneroster.Options{SkipBadRows: true}); err != nil {
		t.Fatal(err)
	}
	authn := auth.NewService(s.DB.Client, 0)
	authn.Now = s.Clock.Now
	invited, err := oneroster.InviteNew(ctx, s.DB.Client, authn)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, i := range invited {
		total += i.Count
	}
	if total == 0 {
		t.Fatalf("nobody invited: %+v", invited)
	}
	advisor := s.DB.Client.Account.Query().Where(account.Email("jortiz@gmu.example.org")).OnlyX(ctx)
	token := apitest.MailedToken(t, s.DB.Client, advisor, "invitation", "/invitation")
	s.Anonymous().MustDo(t, acceptQ, map[string]any{"t": token, "p": "jordan's password"}, nil)
	s.SignIn(t, advisor.Email, "jordan's password")

	again, err := oneroster.InviteNew(ctx, s.DB.Client, authn)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range again {
		if i.Count != 0 {
			t.Errorf("inviting again invited %d at %s", i.Count, i.School)
		}
	}
}
