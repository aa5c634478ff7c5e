package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/invitation"
	"plp/ent/membership"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/ent/ssoprovider"
	"plp/internal/platform/apperr"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// DefaultInvitationTTL is how long an invitation's link works.
const DefaultInvitationTTL = 7 * 24 * time.Hour

// Invited is what InviteAccounts did.
type Invited struct {
	Invitations []*ent.Invitation
	// AlreadyAccepted counts the accounts skipped because they had
	// accepted an invitation to the school already.
	AlreadyAccepted int
}

// InviteAccounts invites each account, which must have a role at school, to
// sign in for the first time: a mail in its language with a one-time link
// to /invitation?token=... (and the school's single sign-on, if it has
// any), working for InvitationTTL. An account invited before gets a new
// link (its old one stops working); one that accepted is skipped and
// counted. Who may invite is decided by the Invitation's privacy (the
// school's admins, or the system for an import): others get FORBIDDEN. An
// account without a role at the school is NOT_FOUND. Writes go through
// ctx's transaction.
func (s *Service) InviteAccounts(ctx context.Context, school pulid.ID, accounts []pulid.ID) (*Invited, error) {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	sch, err := c.School.Get(sys, school)
	if err != nil {
		return nil, fmt.Errorf("read school %s: %w", school, err)
	}
	ssoLinks, err := s.ssoLinks(sys, school)
	if err != nil {
		return nil, err
	}
	var inviter *ent.Account
	if v := viewer.FromContext(ctx); v != nil && v.AccountID != "" {
		if inviter, err = c.Account.Get(sys, v.AccountID); err != nil {
			return nil, fmt.Errorf("read inviter: %w", err)
		}
	}
	out := &Invited{}
	for _, id := range accounts {
		inv, err := s.invite(ctx, sch, id, inviter, ssoLinks)
		if apperr.CodeOf(err) == apperr.Conflict {
			out.AlreadyAccepted++
			continue
		}
		if err != nil {
			return nil, err
		}
		out.Invitations = append(out.Invitations, inv)
	}
	return out, nil
}

// InviteAccount invites one account as InviteAccounts does; an account that
// accepted already is CONFLICT.
func (s *Service) InviteAccount(ctx context.Context, school, account pulid.ID) (*ent.Invitation, error) {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	sch, err := c.School.Get(sys, school)
	if err != nil {
		return nil, fmt.Errorf("read school %s: %w", school, err)
	}
	got, err := s.InviteAccounts(ctx, sch.ID, []pulid.ID{account})
	if err != nil {
		return nil, err
	}
	if len(got.Invitations) == 0 {
		return nil, apperr.New(apperr.Conflict, "This person has accepted an invitation already: they sign in themselves, or can reset their password.")
	}
	return got.Invitations[0], nil
}

// ResendInvitation sends a pending invitation again, with a new link. Like
// inviting, only the school's admins may (privacy); an accepted one is
// CONFLICT.
func (s *Service) ResendInvitation(ctx context.Context, id pulid.ID) (*ent.Invitation, error) {
	// Read as the viewer: an invitation they cannot see is NOT_FOUND.
	inv, err := s.client(ctx).Invitation.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.InviteAccount(ctx, inv.SchoolID, inv.AccountID)
}

// invite writes (or renews) the invitation of account at sch and its mail.
func (s *Service) invite(ctx context.Context, sch *ent.School, account pulid.ID, inviter *ent.Account, ssoLinks []string) (*ent.Invitation, error) {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	acc, err := c.Account.Get(sys, account)
	if err != nil {
		return nil, fmt.Errorf("read account %s: %w", account, err)
	}
	member, err := c.Membership.Query().Where(membership.AccountID(acc.ID), membership.SchoolID(sch.ID)).Exist(sys)
	if err != nil {
		return nil, fmt.Errorf("read roles of %s: %w", acc.ID, err)
	}
	if !member || acc.Disabled {
		return nil, apperr.New(apperr.NotFound, "%s has no role at %s (or the account is disabled): give them one before inviting them.", acc.Name, sch.Name)
	}
	token, hash, err := newToken()
	if err != nil {
		return nil, err
	}
	now := s.Now()
	ttl := s.InvitationTTL
	if ttl <= 0 {
		ttl = DefaultInvitationTTL
	}
	old, err := c.Invitation.Query().Where(invitation.AccountID(acc.ID), invitation.SchoolID(sch.ID)).Only(sys)
	var inv *ent.Invitation
	switch {
	case ent.IsNotFound(err):
		create := c.Invitation.Create().SetSchoolID(sch.ID).SetAccountID(acc.ID).SetTokenHash(hash).
			SetExpiresAt(now.Add(ttl)).SetSentAt(now)
		if inviter != nil {
			create.SetInvitedByID(inviter.ID)
		}
		inv, err = create.Save(ctx)
	case err != nil:
		return nil, fmt.Errorf("read invitation of %s: %w", acc.ID, err)
	case old.AcceptedAt != nil:
		return nil, apperr.New(apperr.Conflict, "%s has accepted an invitation already.", acc.Name)
	default:
		inv, err = c.Invitation.UpdateOne(old).SetTokenHash(hash).SetExpiresAt(now.Add(ttl)).SetSentAt(now).
			AddSentCount(1).Save(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("invite %s: %w", acc.ID, err)
	}
	inviterName := ""
	if inviter != nil {
		inviterName = inviter.Name
	}
	_, err = outbox.Enqueue(sys, c, outbox.Message{
		SchoolID: sch.ID, RecipientID: acc.ID,
		Kind: outbox.KindInvitation, Key: outbox.Key(outbox.KindInvitation, string(inv.ID), fmt.Sprint(inv.SentCount)),
		NotBefore: now,
		Data: map[string]any{
			"link":        s.pageURL("/invitation", token),
			"validDays":   int(ttl / (24 * time.Hour)),
			"schoolName":  sch.Name,
			"inviterName": inviterName,
			"ssoLinks":    ssoLinks,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("mail invitation to %s: %w", acc.ID, err)
	}
	return inv, nil
}

// ssoLinks are the school's single sign-on providers, as "Name: start URL".
func (s *Service) ssoLinks(sys context.Context, school pulid.ID) ([]string, error) {
	providers, err := s.client(sys).SSOProvider.Query().Where(ssoprovider.SchoolID(school)).
		Order(ent.Asc(ssoprovider.FieldName)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("read single sign-on of %s: %w", school, err)
	}
	links := []string{}
	for _, p := range providers {
		links = append(links, p.Name+": "+s.SSOStartURL(p.ID))
	}
	return links, nil
}

// SSOStartURL is where a person starts signing in with provider.
func (s *Service) SSOStartURL(provider pulid.ID) string {
	return strings.TrimRight(s.LinkBaseURL, "/") + "/sso/" + string(provider) + "/start"
}

// AcceptInvitation sets the password of the invited account with the token
// of its invitation link, and signs in. The link works once and until it
// expires (UNAUTHENTICATED otherwise, with errBadInvitation); a password
// shorter than MinPasswordLength is BAD_USER_INPUT and leaves it unused.
// Every other session of the account ends.
func (s *Service) AcceptInvitation(ctx context.Context, token, password, userAgent string) (*Session, error) {
	hash, err := hashNew(password, "password")
	if err != nil {
		return nil, err
	}
	return s.setPasswordByLink(ctx, token, hash, userAgent, func(ctx context.Context, now time.Time) (*ent.Account, error) {
		sys := viewer.SystemContext(ctx)
		c := s.client(ctx)
		th := hashToken(token)
		n, err := c.Invitation.Update().
			Where(invitation.TokenHash(th), invitation.AcceptedAtIsNil(), invitation.ExpiresAtGT(now)).
			SetAcceptedAt(now).Save(sys)
		if err != nil {
			return nil, fmt.Errorf("accept invitation: %w", err)
		}
		if n == 0 {
			return nil, errBadInvitation
		}
		inv, err := c.Invitation.Query().Where(invitation.TokenHash(th)).
			WithAccount(func(q *ent.AccountQuery) { q.WithMemberships() }).Only(sys)
		if err != nil {
			return nil, fmt.Errorf("read invitation: %w", err)
		}
		if inv.Edges.Account.Disabled {
			return nil, errBadInvitation
		}
		return inv.Edges.Account, nil
	})
}

var errBadInvitation = apperr.New(apperr.Unauthenticated,
	"This invitation link is not valid: it works once, for 7 days, and only the latest one sent. Ask your school to send it again.")

// InviteNew invites everyone at school who cannot sign in yet: an enabled
// account with a role there, no password, and no invitation to the school
// (an import's new people; `plp import oneroster --invite`).
func (s *Service) InviteNew(ctx context.Context, school pulid.ID) (*Invited, error) {
	sys := viewer.SystemContext(ctx)
	ids, err := s.client(ctx).Account.Query().
		Where(
			account.HasMembershipsWith(membership.SchoolID(school)),
			account.Disabled(false),
			account.Or(account.PasswordHashIsNil(), account.PasswordHash("")),
			notInvited(school),
		).
		Order(ent.Asc(account.FieldEmail)).
		IDs(sys)
	if err != nil {
		return nil, fmt.Errorf("find people to invite at %s: %w", school, err)
	}
	return s.InviteAccounts(ctx, school, ids)
}

// notInvited holds for accounts without an invitation to school.
func notInvited(school pulid.ID) predicate.Account {
	return func(q *sql.Selector) {
		t := sql.Table(invitation.Table)
		q.Where(sql.NotExists(sql.Select(t.C(invitation.FieldID)).From(t).Where(sql.And(
			sql.ColumnsEQ(t.C(invitation.FieldAccountID), q.C(account.FieldID)),
			sql.EQ(t.C(invitation.FieldSchoolID), string(school)),
		))))
	}
}
