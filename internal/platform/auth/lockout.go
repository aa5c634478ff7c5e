package auth

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/ent/signinfailure"
	"plp/internal/platform/apperr"
)

// Throttle is the policy against password guessing. It protects the person
// as much as the password: wrong passwords are counted per email and client
// address, so a guesser is slowed where it guesses and the real person, from
// their own address, still signs in.
//
//   - From one address, the first Free wrong passwords for an email cost
//     nothing; after that each one makes that address wait before its next
//     try for that email, FirstDelay, then twice as long each time, up to
//     MaxDelay. The right password from that address, once the wait is over,
//     clears the count.
//   - Only when an email has had HardLockFailures wrong passwords within
//     Window from at least HardLockAddresses addresses is it locked for
//     passwords everywhere, until the failures are older than Window. Even
//     then a mailed sign-in link and single sign-on still sign in (and clear
//     every count of that email).
//
// Emails nobody has are counted exactly the same way, in the same table, so
// neither the answers nor their timing reveal who has an account.
type Throttle struct {
	Free              int
	FirstDelay        time.Duration
	MaxDelay          time.Duration
	HardLockFailures  int
	HardLockAddresses int
	Window            time.Duration
}

// DefaultThrottle is the policy the README states: five free tries per
// address, then 30 s, 1 min, 2 min, ... up to 15 min between tries; a hard
// lock after 100 wrong passwords from at least 5 addresses within 24 hours.
var DefaultThrottle = Throttle{
	Free:              5,
	FirstDelay:        30 * time.Second,
	MaxDelay:          15 * time.Minute,
	HardLockFailures:  100,
	HardLockAddresses: 5,
	Window:            24 * time.Hour,
}

// Off reports whether t throttles nothing.
func (t Throttle) Off() bool { return t.Free <= 0 && t.FirstDelay <= 0 && t.HardLockFailures <= 0 }

// delay is how long an address waits after its failures-th wrong password
// in a row for one email.
func (t Throttle) delay(failures int) time.Duration {
	if t.FirstDelay <= 0 || failures <= t.Free {
		return 0
	}
	d := t.FirstDelay
	for i := t.Free + 1; i < failures && d < t.MaxDelay; i++ {
		d *= 2
	}
	if t.MaxDelay > 0 {
		d = min(d, t.MaxDelay)
	}
	return d
}

// SignInEvent is one sign-in attempt, for the audit trail.
type SignInEvent struct {
	// AccountID is the account of the email; empty when no account has it.
	AccountID pulid.ID
	// SchoolIDs are the schools where the account has a role.
	SchoolIDs []pulid.ID
	// Email is the email as tried, normalised.
	Email string
	OK    bool
	// Reason says why an attempt failed (one of the Reason constants, or
	// "error" for a fault); empty when OK.
	Reason string
}

// Why a sign-in failed, as SignInEvent.Reason says it.
const (
	ReasonWrongPassword = "wrong password"
	ReasonUnknownEmail  = "unknown email"
	ReasonDisabled      = "disabled"
	ReasonNoPassword    = "no password"
	ReasonThrottled     = "throttled"
	ReasonLocked        = "locked"
	ReasonRateLimited   = "rate limited"
)

// failures is what the table knows of an email: the row of this address,
// and the totals of every address within the window.
type failures struct {
	here      *ent.SignInFailure
	total     int
	addresses int
}

// loadFailures reads the counts of email, within the throttle's window.
func (s *Service) loadFailures(sys context.Context, email, address string, now time.Time) (failures, error) {
	var f failures
	if s.Throttle.Off() {
		return f, nil
	}
	q := s.client(sys).SignInFailure.Query().Where(signinfailure.Email(email))
	if s.Throttle.Window > 0 {
		q = q.Where(signinfailure.LastFailedAtGT(now.Add(-s.Throttle.Window)))
	}
	rows, err := q.All(sys)
	if err != nil {
		return f, fmt.Errorf("read failed sign-ins: %w", err)
	}
	for _, r := range rows {
		f.total += r.Failures
		f.addresses++
		if r.Address == address {
			f.here = r
		}
	}
	return f, nil
}

// hardLocked reports whether f pauses password sign-in everywhere.
func (t Throttle) hardLocked(f failures) bool {
	return t.HardLockFailures > 0 && f.total >= t.HardLockFailures && f.addresses >= max(t.HardLockAddresses, 1)
}

// refusal returns the error for an attempt the throttle refuses before any
// password is checked, and its audit reason; nil when the attempt may go on.
func (s *Service) refusal(f failures, now time.Time) (reason string, err error) {
	t := s.Throttle
	if f.here != nil && now.Before(f.here.RetryAt) {
		wait := f.here.RetryAt.Sub(now)
		return ReasonThrottled, &RetryError{After: max(wait, time.Second), Err: apperr.New(apperr.RateLimited,
			"Too many wrong passwords for this email from your network: try again in %s, or ask for a sign-in link by mail.",
			humanDuration(wait.Round(time.Second)))}
	}
	if t.hardLocked(f) {
		return ReasonLocked, &RetryError{After: max(t.MaxDelay, time.Minute), Err: apperr.New(apperr.RateLimited,
			"This account is protected after very many wrong passwords from many places: password sign-in is paused. "+
				"Ask for a sign-in link by mail, or use your school's single sign-on; the pause ends by itself within %s.",
			humanDuration(t.Window))}
	}
	return "", nil
}

// failed records a wrong password for email from address and returns the
// error to answer with. The count is incremented by the database, so that
// concurrent failures all count, on every replica.
func (s *Service) failed(sys context.Context, email, address string, f failures, now time.Time) error {
	s.EmailLimit.Charge(email + " " + address)
	if s.Throttle.Off() {
		return errWrongCredentials
	}
	c := s.client(sys)
	if f.here == nil && s.Throttle.Window > 0 {
		// A row older than the window counts from zero again. (Only an
		// old one: a concurrent failure may have just made a new one.)
		if _, err := c.SignInFailure.Delete().
			Where(signinfailure.Email(email), signinfailure.Address(address),
				signinfailure.LastFailedAtLTE(now.Add(-s.Throttle.Window))).Exec(sys); err != nil {
			return fmt.Errorf("forget old failed sign-ins: %w", err)
		}
	}
	err := c.SignInFailure.Create().
		SetEmail(email).SetAddress(address).SetFailures(1).SetLastFailedAt(now).SetRetryAt(now).
		OnConflictColumns(signinfailure.FieldEmail, signinfailure.FieldAddress).
		Update(func(u *ent.SignInFailureUpsert) { u.AddFailures(1).SetLastFailedAt(now) }).
		Exec(sys)
	if err != nil {
		return fmt.Errorf("count failed sign-in: %w", err)
	}
	row, err := c.SignInFailure.Query().
		Where(signinfailure.Email(email), signinfailure.Address(address)).Only(sys)
	if err != nil {
		return fmt.Errorf("read failed sign-in: %w", err)
	}
	wait := s.Throttle.delay(row.Failures)
	if wait == 0 {
		return errWrongCredentials
	}
	if err := c.SignInFailure.UpdateOne(row).SetRetryAt(now.Add(wait)).Exec(sys); err != nil {
		return fmt.Errorf("throttle sign-in: %w", err)
	}
	return &RetryError{After: wait, Err: apperr.New(apperr.RateLimited,
		"The email or password is wrong, and there were many wrong tries from your network: try again in %s, or ask for a sign-in link by mail.",
		humanDuration(wait))}
}

// forgetFailures clears the counts of email that match where: from one
// address after the right password there, from everywhere after a sign-in
// by link or single sign-on, which prove the person without a password.
func (s *Service) forgetFailures(sys context.Context, email string, where ...predicate.SignInFailure) error {
	_, err := s.client(sys).SignInFailure.Delete().
		Where(append(where, signinfailure.Email(email))...).Exec(sys)
	if err != nil {
		return fmt.Errorf("clear failed sign-ins: %w", err)
	}
	return nil
}
