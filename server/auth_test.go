package server_test

import (
	"strings"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
)

func TestSignInViewerAndSignOut(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)

	c := s.As(t, w.Home.Family)
	if !strings.HasPrefix(c.Token, "plp_") {
		t.Fatalf("token %q lacks the plp_ prefix", c.Token)
	}
	var out struct {
		Viewer struct {
			Account     struct{ Email string }
			Memberships []struct {
				Role   string
				School struct{ ID string }
			}
			SessionExpiresAt time.Time
		}
	}
	c.MustDo(t, `{ viewer { account { email } memberships { role school { id } } sessionExpiresAt } }`, nil, &out)
	if out.Viewer.Account.Email != w.Home.Family.Email {
		t.Errorf("viewer email = %q, want %q", out.Viewer.Account.Email, w.Home.Family.Email)
	}
	if len(out.Viewer.Memberships) != 1 || out.Viewer.Memberships[0].Role != "FAMILY" || out.Viewer.Memberships[0].School.ID != string(w.Home.School.ID) {
		t.Errorf("memberships = %+v, want one FAMILY at %s", out.Viewer.Memberships, w.Home.School.ID)
	}
	if want := s.Clock.Now().Add(12 * time.Hour); !out.Viewer.SessionExpiresAt.Equal(want) {
		t.Errorf("sessionExpiresAt = %v, want %v", out.Viewer.SessionExpiresAt, want)
	}

	var signedOut struct{ SignOut struct{ SignedOut bool } }
	c.MustDo(t, `mutation { signOut { signedOut } }`, nil, &signedOut)
	if !signedOut.SignOut.SignedOut {
		t.Fatal("signOut did not report signedOut")
	}
	e := c.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { email } } }`, nil)
	if !strings.Contains(e.Message, "signed out") {
		t.Errorf("message after sign-out = %q, want it to say so", e.Message)
	}
}

func TestSignInRefusesWrongCredentialsAlike(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	const q = `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`
	wrongPassword := s.Anonymous().MustFail(t, "UNAUTHENTICATED", q, map[string]any{"e": w.Home.Admin.Email, "p": "not the password"})
	unknownEmail := s.Anonymous().MustFail(t, "UNAUTHENTICATED", q, map[string]any{"e": "nobody@nowhere.test", "p": "not the password"})
	if wrongPassword.Message != unknownEmail.Message {
		t.Errorf("wrong password says %q but unknown email says %q: the difference reveals who has an account", wrongPassword.Message, unknownEmail.Message)
	}
	// Emails are compared trimmed and case-blind.
	s.SignIn(t, "  "+strings.ToUpper(w.Home.Admin.Email)+" ", apitest.Password)
}

func TestSessionExpires(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.StudentAccount)
	c.MustDo(t, `{ viewer { account { id } } }`, nil, nil)
	s.Clock.Advance(12*time.Hour - time.Second)
	c.MustDo(t, `{ viewer { account { id } } }`, nil, nil)
	s.Clock.Advance(time.Second)
	e := c.MustFail(t, "UNAUTHENTICATED", `{ viewer { account { id } } }`, nil)
	if !strings.Contains(e.Message, "expired") {
		t.Errorf("message = %q, want it to say the session expired", e.Message)
	}
}

func TestEverythingButSignInNeedsAToken(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	apitest.NewWorld(t, s.DB)
	for _, q := range []string{
		`{ viewer { account { id } } }`,
		`{ students { totalCount } }`,
		`{ node(id: "stu_01JD5V2K9Q8M1W3X4Y5Z6A7B8C") { id } }`,
		`mutation { signOut { signedOut } }`,
		`{ __typename students { totalCount } }`,
	} {
		e := s.Anonymous().MustFail(t, "UNAUTHENTICATED", q, nil)
		if !strings.Contains(e.Message, "Sign in") {
			t.Errorf("%s: message %q does not say how to sign in", q, e.Message)
		}
		s.WithToken("plp_forged").MustFail(t, "UNAUTHENTICATED", q, nil)
		s.WithToken("not-even-a-plp-token").MustFail(t, "UNAUTHENTICATED", q, nil)
	}
	// Health needs no token.
	if status, _ := s.Get(t, "/healthz"); status != 200 {
		t.Errorf("/healthz = %d, want 200", status)
	}
}
