package auth_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/signinfailure"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
	"plp/internal/platform/viewer"
)

var start = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

type fixture struct {
	svc    *auth.Service
	clock  *apitest.Clock
	world  *apitest.World
	db     *ent.Client
	stmts  func() int64
	mu     sync.Mutex
	events []auth.SignInEvent
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := apitest.NewDB(t)
	f := &fixture{clock: apitest.NewClock(start), world: apitest.NewWorld(t, db), db: db.Client, stmts: db.Statements}
	f.svc = auth.NewService(db.Client, 0)
	f.svc.Now = f.clock.Now
	f.svc.OnSignIn = func(_ context.Context, e auth.SignInEvent) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.events = append(f.events, e)
	}
	return f
}

func (f *fixture) signIn(email, password string) error {
	return f.signInFrom("192.0.2.1", email, password)
}

// signInFrom tries a password from a client address.
func (f *fixture) signInFrom(address, email, password string) error {
	ctx := auth.WithClientAddress(f.clock.Context(context.Background()), address)
	_, err := f.svc.SignIn(ctx, email, password, "test")
	return err
}

// failures returns the count of wrong passwords for email from address.
func (f *fixture) failures(t *testing.T, email, address string) int {
	t.Helper()
	row, err := f.db.SignInFailure.Query().
		Where(signinfailure.Email(email), signinfailure.Address(address)).Only(viewer.SystemContext(context.Background()))
	if ent.IsNotFound(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return row.Failures
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

// TestThrottleGrowsPerAddress: from one address, five wrong passwords cost
// nothing; then each makes that address wait 30 s, 1 min, 2 min, ... up to
// 15 min before its next try, right password or not. The right password
// after the wait clears the count.
func TestThrottleGrowsPerAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.world.Home.Family
	const here = "198.51.100.7"
	for i := range 5 {
		if err := f.signInFrom(here, a.Email, "wrong password"); codeOf(err) != apperr.Unauthenticated {
			t.Fatalf("wrong password %d: %v", i+1, err)
		}
	}
	for i, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		8 * time.Minute, 15 * time.Minute, 15 * time.Minute} {
		err := f.signInFrom(here, a.Email, "wrong password")
		if wait, ok := auth.RetryAfter(err); codeOf(err) != apperr.RateLimited || !ok || wait != want {
			t.Fatalf("wrong password %d: %v (wait %v), want RATE_LIMITED for %v", i+6, err, wait, want)
		}
		if !strings.Contains(err.Error(), "The email or password is wrong") {
			t.Errorf("wrong password %d: %q does not say the password was wrong", i+6, err)
		}
		// Within the wait nothing is checked, not even the right password.
		f.clock.Advance(want - time.Second)
		err = f.signInFrom(here, a.Email, apitest.Password)
		if wait, _ := auth.RetryAfter(err); codeOf(err) != apperr.RateLimited || wait != time.Second {
			t.Fatalf("right password 1 s before the wait ends: %v (wait %v)", err, wait)
		}
		f.clock.Advance(time.Second)
	}
	if got := f.failures(t, a.Email, here); got != 12 {
		t.Errorf("%d failures counted, want 12", got)
	}
	if err := f.signInFrom(here, a.Email, apitest.Password); err != nil {
		t.Fatalf("the right password after the wait: %v", err)
	}
	if got := f.failures(t, a.Email, here); got != 0 {
		t.Errorf("a sign-in left %d failures", got)
	}
}

// TestWrongPasswordsElsewhereDoNotStopTheUser: an attacker's wrong passwords
// from one address, however many, never stop the right one from another.
func TestWrongPasswordsElsewhereDoNotStopTheUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.world.Home.Advisor
	for range 30 {
		f.clock.Advance(16 * time.Minute)
		_ = f.signInFrom("203.0.113.66", a.Email, "guess")
	}
	if err := f.signInFrom("203.0.113.66", a.Email, apitest.Password); codeOf(err) != apperr.RateLimited {
		t.Fatalf("the attacker's address is not throttled: %v", err)
	}
	if err := f.signInFrom("192.0.2.10", a.Email, apitest.Password); err != nil {
		t.Fatalf("the user from their own address: %v", err)
	}
	if got := f.failures(t, a.Email, "203.0.113.66"); got != 30 {
		t.Errorf("the user's sign-in changed the attacker's count to %d", got)
	}
}

// TestHardLockOnlyFromManyAddresses: failures from many addresses pause
// password sign-in everywhere, with a message that says how to get in; a
// mailed sign-in link still works, even for a role the school does not
// send links to, and ends the pause.
func TestHardLockOnlyFromManyAddresses(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.Throttle = auth.Throttle{Free: 5, FirstDelay: time.Second, MaxDelay: time.Second,
		HardLockFailures: 12, HardLockAddresses: 3, Window: time.Hour}
	a := f.world.Home.Advisor
	// 12 failures from two addresses: no hard lock.
	for i := range 12 {
		_ = f.signInFrom([]string{"203.0.113.1", "203.0.113.2"}[i%2], a.Email, "guess")
		f.clock.Advance(time.Second)
	}
	if err := f.signInFrom("192.0.2.10", a.Email, apitest.Password); err != nil {
		t.Fatalf("12 failures from 2 addresses stopped a third: %v", err)
	}
	_ = f.signInFrom("203.0.113.3", a.Email, "guess")
	for _, email := range []string{a.Email, "nobody@home.plp.test"} {
		if email != a.Email {
			for i := range 13 {
				_ = f.signInFrom([]string{"203.0.113.1", "203.0.113.2", "203.0.113.3"}[i%3], email, "guess")
				f.clock.Advance(time.Second)
			}
		}
		err := f.signInFrom("192.0.2.11", email, apitest.Password)
		if codeOf(err) != apperr.RateLimited || !strings.Contains(err.Error(), "sign-in link") {
			t.Fatalf("%s: 13 failures from 3 addresses: %v, want a pause that says how to sign in", email, err)
		}
	}
	// A mailed link still signs in, and ends the pause.
	ctx := f.clock.Context(context.Background())
	if err := f.svc.RequestSignInLink(ctx, a.Email); err != nil {
		t.Fatal(err)
	}
	token := apitest.MailedToken(t, f.db, a, "magic_link", "/sign-in")
	if _, err := f.svc.SignInWithLink(ctx, token, "test"); err != nil {
		t.Fatalf("sign-in link during a hard lock: %v", err)
	}
	if err := f.signInFrom("192.0.2.11", a.Email, apitest.Password); err != nil {
		t.Fatalf("password after signing in by link: %v", err)
	}
	// Failures older than the window are forgotten.
	f.clock.Advance(time.Hour + time.Second)
	if err := f.signInFrom("192.0.2.11", "nobody@home.plp.test", "guess"); codeOf(err) != apperr.Unauthenticated {
		t.Errorf("an hour later: %v", err)
	}
}

// TestUnknownEmailsAnswerTheSame: an email with no account gets exactly the
// answers an account gets, throttle included.
func TestUnknownEmailsAnswerTheSame(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	known, unknown := f.world.Home.Admin.Email, "nobody@home.plp.test"
	for i := range 9 {
		k, u := f.signIn(known, "wrong"), f.signIn(unknown, "wrong")
		if k == nil || u == nil || k.Error() != u.Error() {
			t.Errorf("attempt %d: the account answers %v, the unknown email %v", i+1, k, u)
		}
	}
}

// TestConcurrentWrongPasswordsAllCount: failures are counted by the
// database, not read-modify-write, so a burst of guesses all count.
func TestConcurrentWrongPasswordsAllCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.world.Home.Advisor
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { _ = f.signIn(a.Email, "wrong password") })
	}
	wg.Wait()
	if got := f.failures(t, a.Email, "192.0.2.1"); got != 8 {
		t.Fatalf("8 concurrent failures counted %d", got)
	}
	if err := f.signIn(a.Email, apitest.Password); codeOf(err) != apperr.RateLimited {
		t.Fatalf("right password after a concurrent burst: %v", err)
	}
}

// TestSignInEvents: OnSignIn hears of every attempt, with the account and
// its schools when the email has one and a password was checked, and why it
// failed.
func TestSignInEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.Throttle = auth.Throttle{Free: 1, FirstDelay: time.Minute, MaxDelay: time.Minute}
	f.svc.EmailLimit = auth.NewRateLimiter(auth.Rate{N: 3, Per: time.Minute}, f.clock.Now)
	home := f.world.Home
	const nobody = "nobody@home.plp.test"
	_ = f.signIn(home.Admin.Email, apitest.Password)
	_ = f.signIn("  "+strings.ToUpper(home.Advisor.Email), "wrong password")
	_ = f.signIn(nobody, "wrong password")
	_ = f.signIn(home.Advisor.Email, "wrong password") // throttles
	_ = f.signIn(home.Advisor.Email, apitest.Password)
	_ = f.signIn(nobody, "wrong password") // throttles
	_ = f.signIn(nobody, "wrong password") // the third failure for the email
	_ = f.signIn(nobody, "wrong password")

	want := []struct {
		account bool
		email   string
		ok      bool
		reason  string
	}{
		{true, home.Admin.Email, true, ""},
		{true, home.Advisor.Email, false, auth.ReasonWrongPassword},
		{false, nobody, false, auth.ReasonUnknownEmail},
		{true, home.Advisor.Email, false, auth.ReasonWrongPassword},
		{false, home.Advisor.Email, false, auth.ReasonThrottled}, // refused before the account is read
		{false, nobody, false, auth.ReasonUnknownEmail},
		{false, nobody, false, auth.ReasonThrottled},
		{false, nobody, false, auth.ReasonThrottled},
	}
	if len(f.events) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(f.events), len(want), f.events)
	}
	for i, w := range want {
		e := f.events[i]
		if e.Email != w.email || e.OK != w.ok || e.Reason != w.reason || (e.AccountID != "") != w.account {
			t.Errorf("event %d = %+v, want %+v", i, e, w)
		}
		if w.account && (len(e.SchoolIDs) != 1 || e.SchoolIDs[0] != home.School.ID) {
			t.Errorf("event %d schools %v, want [%s]", i, e.SchoolIDs, home.School.ID)
		}
	}
}

// TestDisabledAccountsFailAlike: a disabled account answers like a wrong
// password, even with the right one.
func TestDisabledAccountsFailAlike(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.world.Home.Partner
	if err := f.db.Account.UpdateOneID(a.ID).SetDisabled(true).Exec(f.clock.System()); err != nil {
		t.Fatal(err)
	}
	disabled, wrong := f.signIn(a.Email, apitest.Password), f.signIn(f.world.Home.Admin.Email, "wrong password")
	if disabled == nil || wrong == nil || disabled.Error() != wrong.Error() {
		t.Errorf("disabled account says %v, wrong password %v", disabled, wrong)
	}
	if e := f.events[0]; e.Reason != auth.ReasonDisabled || e.OK {
		t.Errorf("event %+v", e)
	}
}
