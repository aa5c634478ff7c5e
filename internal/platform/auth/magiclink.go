package auth

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/membership"
	"plp/ent/signinlink"
	"plp/internal/platform/apperr"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// DefaultLinkTTL is how long a magic sign-in link works.
const DefaultLinkTTL = 15 * time.Minute

// linkRoles may sign in by link: families and partners, who rarely have a
// password; staff and students sign in with theirs.
var linkRoles = []membership.Role{membership.RoleFamily, membership.RolePartner}

// RequestSignInLink mails a one-time sign-in link to the account with that
// email, if it is a family member's or partner's and not disabled. The
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
		Where(account.Email(email), account.Disabled(false), account.HasMembershipsWith(membership.RoleIn(linkRoles...))).
		WithMemberships(func(q *ent.MembershipQuery) { q.Where(membership.RoleIn(linkRoles...)) }).
		First(sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find account for a sign-in link: %w", err)
	}
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	now := s.Now()
	ttl := s.LinkTTL
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	link, err := c.SignInLink.Create().SetAccountID(acc.ID).SetTokenHash(hash).SetExpiresAt(now.Add(ttl)).Save(sys)
	if err != nil {
		return fmt.Errorf("create sign-in link for %s: %w", acc.ID, err)
	}
	_, err = outbox.Enqueue(sys, c, outbox.Message{
		SchoolID: acc.Edges.Memberships[0].SchoolID, RecipientID: acc.ID,
		Kind: outbox.KindMagicLink, Key: outbox.Key(outbox.KindMagicLink, string(link.ID)),
		NotBefore: now,
		Data: map[string]any{
			"link":         strings.TrimRight(s.LinkBaseURL, "/") + "/sign-in?token=" + url.QueryEscape(token),
			"validMinutes": int(ttl / time.Minute),
		},
	})
	if err != nil {
		return fmt.Errorf("mail sign-in link to %s: %w", acc.ID, err)
	}
	return nil
}

var errBadLink = apperr.New(apperr.Unauthenticated, "This sign-in link is not valid: it works once and for a short time. Ask for a new one.")

// SignInWithLink signs in with the token of a sign-in link and starts a
// session. A link works once (a conditional update marks it used, so two
// clicks racing get one session), until it expires, and only for an account
// that is still enabled; anything else is UNAUTHENTICATED.
func (s *Service) SignInWithLink(ctx context.Context, token, userAgent string) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		return nil, TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, errBadLink
	}
	now := s.Now()
	hash := hashToken(token)
	n, err := c.SignInLink.Update().
		Where(signinlink.TokenHash(hash), signinlink.UsedAtIsNil(), signinlink.ExpiresAtGT(now)).
		SetUsedAt(now).
		Save(sys)
	if err != nil {
		return nil, fmt.Errorf("use sign-in link: %w", err)
	}
	if n == 0 {
		return nil, errBadLink
	}
	link, err := c.SignInLink.Query().Where(signinlink.TokenHash(hash)).
		WithAccount(func(q *ent.AccountQuery) { q.WithMemberships() }).Only(sys)
	if err != nil {
		return nil, fmt.Errorf("read sign-in link: %w", err)
	}
	acc := link.Edges.Account
	if acc.Disabled {
		return nil, errBadLink
	}
	ses, err := s.startSession(ctx, acc, userAgent, now)
	if err != nil {
		return nil, err
	}
	if s.OnSignIn != nil {
		ev := SignInEvent{AccountID: acc.ID, Email: acc.Email, OK: true}
		for _, m := range acc.Edges.Memberships {
			ev.SchoolIDs = append(ev.SchoolIDs, m.SchoolID)
		}
		s.OnSignIn(ctx, ev)
	}
	return ses, nil
}
