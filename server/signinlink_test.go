package server_test

import (
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/notification"
	"plp/internal/devtools/apitest"
)

const (
	requestLink = `mutation($e: String!) { requestSignInLink(input: {email: $e}) { accepted } }`
	useLink     = `mutation($t: String!) { signInWithLink(input: {token: $t}) { token viewer { account { email } } } }`
)

// linkToken reads the token of the latest sign-in link mailed to acc.
func linkToken(t *testing.T, s *apitest.Server, acc *ent.Account) string {
	t.Helper()
	return apitest.MailedToken(t, s.DB.Client, acc, "magic_link", "/sign-in")
}

func linkCount(t *testing.T, s *apitest.Server) int {
	t.Helper()
	return s.DB.Client.Notification.Query().Where(notification.Kind("magic_link")).CountX(s.System())
}

func TestSignInLink(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	anon := s.Anonymous()
	accepted := func(email string) {
		t.Helper()
		var out struct{ RequestSignInLink struct{ Accepted bool } }
		anon.MustDo(t, requestLink, map[string]any{"e": email}, &out)
		if !out.RequestSignInLink.Accepted {
			t.Fatalf("request for %s not accepted", email)
		}
	}

	// A family member asks (in other letter case): one link in the outbox.
	accepted(strings.ToUpper(w.Home.Family.Email))
	if n := linkCount(t, s); n != 1 {
		t.Fatalf("%d links in the outbox, want 1", n)
	}
	token := linkToken(t, s, w.Home.Family)
	var out struct {
		SignInWithLink struct {
			Token  string
			Viewer struct{ Account struct{ Email string } }
		}
	}
	anon.MustDo(t, useLink, map[string]any{"t": token}, &out)
	if out.SignInWithLink.Viewer.Account.Email != w.Home.Family.Email || out.SignInWithLink.Token == "" {
		t.Fatalf("signed in as %+v", out)
	}
	var me struct {
		Viewer struct{ Account struct{ Email string } }
	}
	s.WithToken(out.SignInWithLink.Token).MustDo(t, `{ viewer { account { email } } }`, nil, &me)
	if me.Viewer.Account.Email != w.Home.Family.Email {
		t.Errorf("the session is %q's", me.Viewer.Account.Email)
	}
	// Once only.
	anon.MustFail(t, "UNAUTHENTICATED", useLink, map[string]any{"t": token})
	anon.MustFail(t, "UNAUTHENTICATED", useLink, map[string]any{"t": "plp_not-a-token"})
	anon.MustFail(t, "UNAUTHENTICATED", useLink, map[string]any{"t": ""})

	// Short-lived.
	accepted(w.Home.Partner.Email)
	late := linkToken(t, s, w.Home.Partner)
	s.Clock.Advance(16 * time.Minute)
	anon.MustFail(t, "UNAUTHENTICATED", useLink, map[string]any{"t": late})

	// Staff, students and unknown emails get the same answer and no mail.
	before := linkCount(t, s)
	for _, email := range []string{w.Home.Admin.Email, w.Home.StudentAccount.Email, "nobody@nowhere.test"} {
		accepted(email)
	}
	if n := linkCount(t, s); n != before {
		t.Errorf("%d links written for staff, students or strangers", n-before)
	}

	// Asking again and again is limited per email.
	r := anon.Do(t, requestLink, map[string]any{"e": w.Other.Family.Email})
	for range 5 {
		r = anon.Do(t, requestLink, map[string]any{"e": w.Other.Family.Email})
	}
	if len(r.Errors) == 0 || r.Errors[0].Code() != "RATE_LIMITED" {
		t.Errorf("six requests in a row: %+v, want RATE_LIMITED", r.Errors)
	}
}
