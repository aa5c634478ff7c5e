package auth_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"plp/ent"
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
	mu     sync.Mutex
	events []auth.SignInEvent
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := apitest.NewDB(t)
	f := &fixture{clock: apitest.NewClock(start), world: apitest.NewWorld(t, db), db: db.Client}
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
	_, err := f.svc.SignIn(f.clock.Context(context.Background()), email, password, "test")
	return err
}

func (f *fixture) account(t *testing.T, a *ent.Account) *ent.Account {
	t.Helper()
	got, err := f.db.Account.Get(viewer.SystemContext(context.Background()), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

// TestLockoutAfterConsecutiveWrongPasswords: nine wrong passwords and the
// right one sign in and reset the count; ten in a row lock the account for
// 15 minutes (stored on the account), during which the right password is
// refused too; then it works again.
func TestLockoutAfterConsecutiveWrongPasswords(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.world.Home.Family
	for range 9 {
		if err := f.signIn(a.Email, "wrong password"); codeOf(err) != apperr.Unauthenticated {
			t.Fatalf("wrong password: %v", err)
		}
	}
	if got := f.account(t, a); got.FailedSignIns != 9 || got.LockedUntil != nil {
		t.Fatalf("after 9 failures: count %d, locked until %v", got.FailedSignIns, got.LockedUntil)
	}
	if err := f.signIn(a.Email, apitest.Password); err != nil {
		t.Fatalf("the right password after 9 wrong ones: %v", err)
	}
	got := f.account(t, a)
	if got.FailedSignIns != 0 || got.LastSignInAt == nil || !got.LastSignInAt.Equal(start) {
		t.Fatalf("a sign-in did not reset the count (%d) or record itself (%v)", got.FailedSignIns, got.LastSignInAt)
	}

	for range 9 {
		_ = f.signIn(a.Email, "wrong password")
	}
	err := f.signIn(a.Email, "wrong password")
	if codeOf(err) != apperr.RateLimited || !strings.Contains(err.Error(), "locked until 2026-11-23T14:15:00Z") {
		t.Fatalf("tenth wrong password: %v", err)
	}
	if wait, ok := auth.RetryAfter(err); !ok || wait != 15*time.Minute {
		t.Errorf("retry after %v, %v; want 15m", wait, ok)
	}
	got = f.account(t, a)
	if got.LockedUntil == nil || !got.LockedUntil.Equal(start.Add(15*time.Minute)) {
		t.Fatalf("locked until %v, want %v", got.LockedUntil, start.Add(15*time.Minute))
	}
	f.clock.Advance(15*time.Minute - time.Second)
	if err := f.signIn(a.Email, apitest.Password); codeOf(err) != apperr.RateLimited || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("the right password while locked: %v", err)
	}
	if got := f.account(t, a); got.FailedSignIns != 0 || !got.LockedUntil.Equal(start.Add(15*time.Minute)) {
		t.Errorf("attempts while locked changed the lock: count %d, until %v", got.FailedSignIns, got.LockedUntil)
	}
	f.clock.Advance(time.Second)
	if err := f.signIn(a.Email, apitest.Password); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	if got := f.account(t, a); got.LockedUntil != nil || got.FailedSignIns != 0 {
		t.Errorf("a sign-in left the lock (%v) or the count (%d)", got.LockedUntil, got.FailedSignIns)
	}
}

// TestLockoutOfUnknownEmailsLooksTheSame: an email with no account answers
// every attempt exactly as an account does, lock included.
func TestLockoutOfUnknownEmailsLooksTheSame(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.LockoutThreshold = 3
	known, unknown := f.world.Home.Admin.Email, "nobody@home.plp.test"
	for i, password := range []string{"wrong 1", "wrong 2", "wrong 3", apitest.Password, "wrong 4"} {
		k, u := f.signIn(known, password), f.signIn(unknown, password)
		if k == nil || u == nil || k.Error() != u.Error() {
			t.Errorf("attempt %d: the account answers %v, the unknown email %v", i+1, k, u)
		}
	}
	f.clock.Advance(15 * time.Minute)
	if err := f.signIn(known, apitest.Password); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

// TestConcurrentWrongPasswordsAllCount: failures counted by the database,
// not read-modify-write, so a burst of guesses locks the account.
func TestConcurrentWrongPasswordsAllCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.LockoutThreshold = 8
	a := f.world.Home.Advisor
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { _ = f.signIn(a.Email, "wrong password") })
	}
	wg.Wait()
	if got := f.account(t, a); got.LockedUntil == nil {
		t.Fatalf("8 concurrent failures did not lock (count %d)", got.FailedSignIns)
	}
	if err := f.signIn(a.Email, apitest.Password); codeOf(err) != apperr.RateLimited {
		t.Fatalf("right password after a concurrent burst: %v", err)
	}
}

// TestSignInEvents: OnSignIn hears of every attempt, with the account and
// its schools when the email has one, and why it failed.
func TestSignInEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.LockoutThreshold = 2
	f.svc.EmailLimit = auth.NewRateLimiter(auth.Rate{N: 3, Per: time.Minute}, f.clock.Now)
	home := f.world.Home
	const nobody = "nobody@home.plp.test"
	_ = f.signIn(home.Admin.Email, apitest.Password)
	_ = f.signIn("  "+strings.ToUpper(home.Advisor.Email), "wrong password")
	_ = f.signIn(nobody, "wrong password")
	_ = f.signIn(home.Advisor.Email, "wrong password") // locks
	_ = f.signIn(home.Advisor.Email, apitest.Password)
	_ = f.signIn(nobody, "wrong password") // "locks"
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
		{true, home.Advisor.Email, false, auth.ReasonLocked},
		{false, nobody, false, auth.ReasonUnknownEmail},
		{false, nobody, false, auth.ReasonUnknownEmail},
		{false, nobody, false, auth.ReasonRateLimited},
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
