package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/signinlink"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// passwordError is the BAD_USER_INPUT for a password too short.
func passwordError(field string) error {
	return &apperr.Error{Code: apperr.BadUserInput, Field: field,
		Message: fmt.Sprintf("Choose a password of at least %d characters.", MinPasswordLength)}
}

// hashNew hashes a new password, or says why it cannot be one.
func hashNew(password, field string) (string, error) {
	if len(password) < MinPasswordLength {
		return "", passwordError(field)
	}
	return HashPassword(password)
}

// ChangePassword changes the viewer's password: current must be right
// (UNAUTHENTICATED, counted by the Throttle like any wrong password), next
// at least MinPasswordLength (BAD_USER_INPUT). Every other session of the
// account ends; it returns how many.
func (s *Service) ChangePassword(ctx context.Context, current, next string) (int, error) {
	sys := viewer.SystemContext(ctx)
	v := viewer.FromContext(ctx)
	if v == nil || v.AccountID == "" {
		return 0, apperr.New(apperr.Unauthenticated, "Sign in first.")
	}
	hash, err := hashNew(next, "newPassword")
	if err != nil {
		return 0, err
	}
	acc, err := s.client(ctx).Account.Get(sys, v.AccountID)
	if err != nil {
		return 0, fmt.Errorf("read account %s: %w", v.AccountID, err)
	}
	now, address := s.Now(), ClientAddress(ctx)
	f, err := s.loadFailures(sys, acc.Email, address, now)
	if err != nil {
		return 0, err
	}
	if _, err := s.refusal(f, now); err != nil {
		return 0, err
	}
	ok, _, err := checkAccountPassword(acc, current)
	if err != nil {
		return 0, err
	}
	if !ok {
		if err := s.failed(sys, acc.Email, address, f, now); apperr.CodeOf(err) == apperr.RateLimited {
			return 0, err
		}
		return 0, &apperr.Error{Code: apperr.Unauthenticated, Field: "currentPassword",
			Message: "Your current password is wrong: your password was not changed."}
	}
	if err := s.client(ctx).Account.UpdateOneID(acc.ID).SetPasswordHash(hash).Exec(sys); err != nil {
		return 0, fmt.Errorf("change password of %s: %w", acc.ID, err)
	}
	return s.EndSessions(sys, acc.ID, v.SessionID)
}

// RequestPasswordReset mails a link to choose a new password (to
// /reset-password?token=...), valid for LinkTTL, if an enabled account has
// email. The answer is the same whether or not one was sent; too many
// requests from one address or for one email get RATE_LIMITED (the limits
// of sign-in links).
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email = NormalizeEmail(email)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		return TooMany("requests from your network", s.AddressLimit.Rate(), wait)
	}
	if ok, wait := s.LinkLimit.Allow(email, 1); !ok {
		return TooMany("mailed links for this email", s.LinkLimit.Rate(), wait)
	}
	sys := viewer.SystemContext(ctx)
	acc, err := s.client(ctx).Account.Query().
		Where(account.Email(email), account.Disabled(false), account.HasMemberships()).
		WithMemberships().
		Only(sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find account for a password reset: %w", err)
	}
	return s.mailLink(ctx, acc, acc.Edges.Memberships[0].SchoolID, signinlink.PurposePasswordReset)
}

// ResetPassword sets a new password with the token of a reset link, ends
// every other session of the account, and signs in. The link works once
// and until it expires (UNAUTHENTICATED otherwise); a password too short is
// BAD_USER_INPUT and leaves the link unused.
func (s *Service) ResetPassword(ctx context.Context, token, password, userAgent string) (*Session, error) {
	hash, err := hashNew(password, "password")
	if err != nil {
		return nil, err
	}
	return s.setPasswordByLink(ctx, token, hash, userAgent, func(ctx context.Context, now time.Time) (*ent.Account, error) {
		return s.useLink(ctx, token, signinlink.PurposePasswordReset, now)
	})
}

// setPasswordByLink uses a link (use marks it used and returns its
// account), sets the account's password hash, ends its sessions, clears its
// failed sign-ins, and starts a new session.
func (s *Service) setPasswordByLink(ctx context.Context, token, hash, userAgent string,
	use func(ctx context.Context, now time.Time) (*ent.Account, error)) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		return nil, TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, errBadLink
	}
	now := s.Now()
	acc, err := use(ctx, now)
	if err != nil {
		return nil, err
	}
	if err := s.client(ctx).Account.UpdateOneID(acc.ID).SetPasswordHash(hash).Exec(sys); err != nil {
		return nil, fmt.Errorf("set password of %s: %w", acc.ID, err)
	}
	if _, err := s.EndSessions(sys, acc.ID, ""); err != nil {
		return nil, err
	}
	if err := s.forgetFailures(sys, acc.Email); err != nil {
		return nil, err
	}
	ses, err := s.startSession(ctx, acc, userAgent, now)
	if err != nil {
		return nil, err
	}
	s.reportSignIn(ctx, acc)
	return ses, nil
}

// reportSignIn tells OnSignIn of a sign-in without a password (a link, an
// invitation, single sign-on) by acc, loaded with its memberships.
func (s *Service) reportSignIn(ctx context.Context, acc *ent.Account) {
	if s.OnSignIn == nil {
		return
	}
	ev := SignInEvent{AccountID: acc.ID, Email: acc.Email, OK: true}
	for _, m := range acc.Edges.Memberships {
		ev.SchoolIDs = append(ev.SchoolIDs, m.SchoolID)
	}
	s.OnSignIn(ctx, ev)
}
