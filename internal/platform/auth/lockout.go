package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
)

// Lockout defaults: ten wrong passwords in a row lock an account for a
// quarter of an hour (OWASP's guidance is a threshold between 3 and 10 and a
// lock long enough to make guessing pointless, short enough not to be a
// denial of service).
const (
	DefaultLockoutThreshold = 10
	DefaultLockoutDuration  = 15 * time.Minute
)

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
	ReasonLocked        = "locked"
	ReasonRateLimited   = "rate limited"
)

// lockedError says until when an account is locked. It is the same for an
// account and for an unknown email.
func lockedError(until, now time.Time) *RetryError {
	return &RetryError{After: max(until.Sub(now), time.Second), Err: apperr.New(apperr.RateLimited,
		"Too many wrong passwords: sign-in to this account is locked until %s (in %s). Try again then, or ask your school to reset the password.",
		until.UTC().Format(time.RFC3339), humanDuration(until.Sub(now).Round(time.Second)))}
}

// accountFailed counts a failed attempt on acc, locks it at the threshold,
// and returns the error to answer with.
func (s *Service) accountFailed(sys context.Context, acc *ent.Account, email string, now time.Time) error {
	s.EmailLimit.Charge(email)
	if s.LockoutThreshold <= 0 {
		return errWrongCredentials
	}
	// The increment is done by the database, so that concurrent failures
	// all count.
	updated, err := s.client(sys).Account.UpdateOneID(acc.ID).AddFailedSignIns(1).Save(sys)
	if err != nil {
		return fmt.Errorf("count failed sign-in of %s: %w", acc.ID, err)
	}
	if updated.FailedSignIns < s.LockoutThreshold {
		return errWrongCredentials
	}
	until := now.Add(s.LockoutDuration)
	// The count starts again, so that after the lock the account gets the
	// full number of attempts, and no more, before the next lock.
	if err := s.client(sys).Account.UpdateOneID(acc.ID).
		SetFailedSignIns(0).
		SetLockedUntil(until).
		Exec(sys); err != nil {
		return fmt.Errorf("lock account %s: %w", acc.ID, err)
	}
	return lockedError(until, now)
}

// unknownEmailFailed counts a failed attempt with an email no account has,
// exactly as accountFailed would, and returns the same errors.
func (s *Service) unknownEmailFailed(email string) error {
	s.EmailLimit.Charge(email)
	if s.LockoutThreshold <= 0 {
		return errWrongCredentials
	}
	if until, locked := s.unknown.fail(email, s.Now(), s.LockoutThreshold, s.LockoutDuration); locked {
		return lockedError(until, s.Now())
	}
	return errWrongCredentials
}

// unknownEmails mirrors, in memory, the lockout of accounts for emails that
// have none: without it, an email that never locks would be one nobody has.
// It is per process and bounded; what it forgets, it forgets early, which
// only ever makes it lock later.
type unknownEmails struct {
	mu      sync.Mutex
	entries map[string]*unknownEmail
}

type unknownEmail struct {
	failures    int
	lockedUntil time.Time
	last        time.Time
}

const maxUnknownEmails = 50_000

// fail counts one failure for email and reports whether email is now locked,
// and until when. An email locked already stays locked without counting.
func (u *unknownEmails) fail(email string, now time.Time, threshold int, lock time.Duration) (time.Time, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.entries == nil {
		u.entries = map[string]*unknownEmail{}
	}
	e, ok := u.entries[email]
	if !ok {
		if len(u.entries) >= maxUnknownEmails {
			u.forget(now, lock)
		}
		e = &unknownEmail{}
		u.entries[email] = e
	}
	e.last = now
	if now.Before(e.lockedUntil) {
		return e.lockedUntil, true
	}
	e.failures++
	if e.failures < threshold {
		return time.Time{}, false
	}
	e.failures = 0
	e.lockedUntil = now.Add(lock)
	return e.lockedUntil, true
}

// forget drops entries idle for longer than a lock, then, if the map is
// still full, half of what is left.
func (u *unknownEmails) forget(now time.Time, lock time.Duration) {
	for k, e := range u.entries {
		if now.Sub(e.last) > lock && !now.Before(e.lockedUntil) {
			delete(u.entries, k)
		}
	}
	for k := range u.entries {
		if len(u.entries) < maxUnknownEmails/2 {
			break
		}
		delete(u.entries, k)
	}
}
