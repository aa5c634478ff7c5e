// Package auth signs people in and out and turns a bearer token into a
// viewer. Passwords are argon2id hashes; tokens are random, shown once, and
// stored only as SHA-256, so a copy of the database signs nobody in.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"time"

	"plp/apperr"
	"plp/ent"
	"plp/ent/account"
	"plp/ent/schema/pulid"
	"plp/ent/session"
	"plp/viewer"
)

// tokenPrefix marks PLP tokens, so a leaked one is easy to recognise.
const tokenPrefix = "plp_"

// DefaultSessionTTL is how long a token works after sign-in.
const DefaultSessionTTL = 12 * time.Hour

// Service signs people in and checks tokens.
type Service struct {
	Client *ent.Client
	// Now is the clock; tests inject one.
	Now func() time.Time
	// TTL is how long a new session lasts.
	TTL time.Duration
}

// NewService returns a Service on client with the real clock.
func NewService(client *ent.Client, ttl time.Duration) *Service {
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	return &Service{Client: client, Now: time.Now, TTL: ttl}
}

// client returns the request's transaction when there is one: inside a
// mutation the SQLite writer is held by that transaction, so a second
// connection would wait for it forever.
func (s *Service) client(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.Client
}

// Session is the result of a successful sign-in.
type Session struct {
	Token     string
	ExpiresAt time.Time
	Viewer    *viewer.Viewer
}

var errWrongCredentials = apperr.New(apperr.Unauthenticated, "The email or password is wrong.")

// SignIn checks an email and password and starts a session. Any failure, a
// wrong password, an unknown email or a disabled account, returns the same
// UNAUTHENTICATED error after the same work, so the answer does not reveal
// who has an account.
func (s *Service) SignIn(ctx context.Context, email, password, userAgent string) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	acc, err := s.client(ctx).Account.Query().
		Where(account.Email(NormalizeEmail(email))).
		Only(sys)
	if ent.IsNotFound(err) {
		_, _ = CheckPassword(dummyHash(), password)
		return nil, errWrongCredentials
	}
	if err != nil {
		return nil, fmt.Errorf("find account: %w", err)
	}
	if acc.PasswordHash == "" || acc.Disabled {
		_, _ = CheckPassword(dummyHash(), password)
		return nil, errWrongCredentials
	}
	ok, err := CheckPassword(acc.PasswordHash, password)
	if err != nil {
		return nil, fmt.Errorf("check password of %s: %w", acc.ID, err)
	}
	if !ok {
		return nil, errWrongCredentials
	}
	token, hash, err := newToken()
	if err != nil {
		return nil, err
	}
	expires := s.Now().Add(s.TTL)
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	ses, err := s.client(ctx).Session.Create().
		SetAccountID(acc.ID).
		SetTokenHash(hash).
		SetExpiresAt(expires).
		SetUserAgent(userAgent).
		Save(sys)
	if err != nil {
		return nil, fmt.Errorf("start session for %s: %w", acc.ID, err)
	}
	v, err := s.viewerOf(sys, acc.ID, ses)
	if err != nil {
		return nil, err
	}
	return &Session{Token: token, ExpiresAt: expires, Viewer: v}, nil
}

// Authenticate returns the viewer of a bearer token. An unknown, expired or signed-out token, or a disabled account,
// gets UNAUTHENTICATED.
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	sys := viewer.SystemContext(ctx)
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, apperr.New(apperr.Unauthenticated, "The token is not a PLP token: sign in again.")
	}
	ses, err := s.client(ctx).Session.Query().
		Where(session.TokenHash(hashToken(token))).
		WithAccount(func(q *ent.AccountQuery) { q.WithMemberships() }).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.Unauthenticated, "The token is unknown: sign in again.")
	}
	if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	switch {
	case ses.RevokedAt != nil:
		return nil, apperr.New(apperr.Unauthenticated, "You signed out with this token: sign in again.")
	case !s.Now().Before(ses.ExpiresAt):
		return nil, apperr.New(apperr.Unauthenticated, "Your session expired: sign in again.")
	case ses.Edges.Account.Disabled:
		return nil, apperr.New(apperr.Unauthenticated, "This account is disabled.")
	}
	return toViewer(ses.Edges.Account, ses), nil
}

// SignOut ends the session; its token stops working at once.
func (s *Service) SignOut(ctx context.Context, sessionID pulid.ID) error {
	err := s.client(ctx).Session.UpdateOneID(sessionID).
		SetRevokedAt(s.Now()).
		Exec(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("sign out session %s: %w", sessionID, err)
	}
	return nil
}

func (s *Service) viewerOf(ctx context.Context, accountID pulid.ID, ses *ent.Session) (*viewer.Viewer, error) {
	acc, err := s.client(ctx).Account.Query().
		Where(account.ID(accountID)).
		WithMemberships().
		Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load account %s: %w", accountID, err)
	}
	return toViewer(acc, ses), nil
}

func toViewer(acc *ent.Account, ses *ent.Session) *viewer.Viewer {
	v := &viewer.Viewer{AccountID: acc.ID, SessionID: ses.ID, SessionExpiresAt: ses.ExpiresAt}
	for _, m := range acc.Edges.Memberships {
		v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	return v
}

// NormalizeEmail is how emails are stored and compared.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func newToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("read token: %w", err)
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// dummyHash is checked against when there is no real hash, so that an
// unknown email costs as much time as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not-a-real-password")
	if err != nil {
		panic(err)
	}
	return h
})
