package auth

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/schema/pulid"
	"plp/ent/signinlink"
	"plp/internal/platform/apperr"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// DefaultLinkTTL is how long a magic sign-in link works.
const DefaultLinkTTL = 15 * time.Minute

// linkSchool returns a school of acc's (loaded with its memberships and
// their schools) whose setting allows sign-in links for the role acc has
// there (School.SignInLinkRoles), and whether there is one.
func linkSchool(acc *ent.Account) (pulid.ID, bool) {
	for _, m := range acc.Edges.Memberships {
		if sch := m.Edges.School; sch != nil && slices.Contains(sch.SignInLinkRoles, string(m.Role)) {
			return m.SchoolID, true
		}
	}
	return "", false
}

// RequestSignInLink mails a one-time sign-in link to the account with that
// email, if it is not disabled and has a role that one of its schools allows
// links for (School.SignInLinkRoles: families and partners by default). The
// answer is the same whether or not one was sent, so it does not reveal who
// has an account; too many requests from one address or for one email get
// RATE_LIMITED. The link is written to the outbox through ctx's
// transaction (ent.FromContext), with the token only as a hash in the
// database and in clear only in the mail.
func (s *Service) RequestSignInLink(ctx context.Context, email string) error {
	email = NormalizeEmail(email)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		return TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	if ok, wait := s.LinkLimit.Allow(email, 1); !ok {
		return TooMany("sign-in links for this email", s.LinkLimit.Rate(), wait)
	}
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	acc, err := c.Account.Query().
		Where(account.Email(email), account.Disabled(false)).
		WithMemberships(func(q *ent.MembershipQuery) { q.WithSchool() }).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find account for a sign-in link: %w", err)
	}
	school, ok := linkSchool(acc)
	if !ok && len(acc.Edges.Memberships) > 0 {
		// Whatever the school's link roles, a person whose password
		// sign-in is paused by the throttle's hard lock gets in by link.
		f, err := s.loadFailures(sys, email, "", s.Now())
		if err != nil {
			return err
		}
		school, ok = acc.Edges.Memberships[0].SchoolID, s.Throttle.hardLocked(f)
	}
	if !ok {
		return nil
	}
	return s.mailLink(ctx, acc, school, signinlink.PurposeSignIn)
}

// mailLink writes a one-time link of purpose for acc, and its mail (sent in
// the name of school), through ctx's transaction.
func (s *Service) mailLink(ctx context.Context, acc *ent.Account, school pulid.ID, purpose signinlink.Purpose) error {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	now := s.Now()
	ttl := s.LinkTTL
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	link, err := c.SignInLink.Create().SetAccountID(acc.ID).SetTokenHash(hash).SetExpiresAt(now.Add(ttl)).
		SetPurpose(purpose).Save(sys)
	if err != nil {
		return fmt.Errorf("create %s link for %s: %w", purpose, acc.ID, err)
	}
	kind, page := outbox.KindMagicLink, "/sign-in"
	if purpose == signinlink.PurposePasswordReset {
		kind, page = outbox.KindPasswordReset, "/reset-password"
	}
	_, err = outbox.Enqueue(sys, c, outbox.Message{
		SchoolID: school, RecipientID: acc.ID,
		Kind: kind, Key: outbox.Key(kind, string(link.ID)),
		NotBefore: now,
		Data: map[string]any{
			"link":         s.pageURL(page, token),
			"validMinutes": int(ttl / time.Minute),
		},
	})
	if err != nil {
		return fmt.Errorf("mail %s link to %s: %w", purpose, acc.ID, err)
	}
	return nil
}

// pageURL is the link to a page of the web app that takes a token.
func (s *Service) pageURL(page, token string) string {
	return strings.TrimRight(s.LinkBaseURL, "/") + page + "?token=" + url.QueryEscape(token)
}

// useLink marks the link of token, of purpose, used, and returns its
// account (with its memberships), enabled; errBadLink if there is no such
// link, unused and unexpired. A conditional update marks it, so two uses
// racing get one account.
func (s *Service) useLink(ctx context.Context, token string, purpose signinlink.Purpose, now time.Time) (*ent.Account, error) {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	hash := hashToken(token)
	n, err := c.SignInLink.Update().
		Where(signinlink.TokenHash(hash), signinlink.PurposeEQ(purpose), signinlink.UsedAtIsNil(), signinlink.ExpiresAtGT(now)).
		SetUsedAt(now).
		Save(sys)
	if err != nil {
		return nil, fmt.Errorf("use %s link: %w", purpose, err)
	}
	if n == 0 {
		return nil, errBadLink
	}
	link, err := c.SignInLink.Query().Where(signinlink.TokenHash(hash)).
		WithAccount(func(q *ent.AccountQuery) { q.WithMemberships() }).Only(sys)
	if err != nil {
		return nil, fmt.Errorf("read %s link: %w", purpose, err)
	}
	if link.Edges.Account.Disabled {
		return nil, errBadLink
	}
	return link.Edges.Account, nil
}

var errBadLink = apperr.New(apperr.Unauthenticated, "This sign-in link is not valid: it works once and for a short time. Ask for a new one.")

// SignInWithLink signs in with the token of a sign-in link and starts a
// session. A link works once (a conditional update marks it used, so two
// clicks racing get one session), until it expires, and only for an account
// that is still enabled; anything else is UNAUTHENTICATED.
func (s *Service) SignInWithLink(ctx context.Context, token, userAgent string) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		return nil, TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, errBadLink
	}
	now := s.Now()
	acc, err := s.useLink(ctx, token, signinlink.PurposeSignIn, now)
	if err != nil {
		return nil, err
	}
	// The link proves the person: counts of wrong passwords (and a hard
	// lock) against their email end.
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
