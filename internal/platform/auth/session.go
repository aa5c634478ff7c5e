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

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/session"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
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

	// LockoutThreshold wrong passwords in a row lock an account for
	// LockoutDuration; zero turns lockout off.
	LockoutThreshold int
	LockoutDuration  time.Duration
	// AddressLimit limits sign-in attempts per client address (see
	// WithClientAddress); EmailLimit limits failed attempts per email. Nil
	// means no limit.
	AddressLimit, EmailLimit *RateLimiter
	// OnSignIn, if set, hears of every sign-in attempt, successful or not
	// (the audit trail).
	OnSignIn func(ctx context.Context, e SignInEvent)

	// LinkLimit limits sign-in links requested per email; LinkTTL is how
	// long a link works, LinkBaseURL where its link points
	// (LinkBaseURL/sign-in?token=...).
	LinkLimit   *RateLimiter
	LinkTTL     time.Duration
	LinkBaseURL string

	unknown unknownEmails
}

// NewService returns a Service on client with the real clock.
func NewService(client *ent.Client, ttl time.Duration) *Service {
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	return &Service{Client: client, Now: time.Now, TTL: ttl,
		LockoutThreshold: DefaultLockoutThreshold, LockoutDuration: DefaultLockoutDuration}
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

// SignIn checks an email and password and starts a session.
//
// A wrong password, an unknown email or a disabled account all return the
// same UNAUTHENTICATED error after the same work, so the answer does not
// reveal who has an account. Too many attempts return RATE_LIMITED (a
// *RetryError saying when to try again): from one address (AddressLimit),
// failures for one email (EmailLimit), and LockoutThreshold wrong passwords
// in a row, which lock the account for LockoutDuration, right password or
// not. Unknown emails are counted and "locked" the same way, in memory, so
// that a lockout does not reveal an account either. Every attempt is
// reported to OnSignIn.
//
// Failures are written to the database: call SignIn outside a transaction
// that its error would roll back (the server runs signIn without one), or
// the count of wrong passwords is lost with it.
func (s *Service) SignIn(ctx context.Context, email, password, userAgent string) (*Session, error) {
	email = NormalizeEmail(email)
	ev := SignInEvent{Email: email}
	ses, err := s.signIn(ctx, email, password, userAgent, &ev)
	ev.OK = err == nil
	if ev.OK {
		ev.Reason = ""
	} else if ev.Reason == "" {
		ev.Reason = "error"
	}
	if s.OnSignIn != nil {
		s.OnSignIn(ctx, ev)
	}
	return ses, err
}

func (s *Service) signIn(ctx context.Context, email, password, userAgent string, ev *SignInEvent) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		ev.Reason = ReasonRateLimited
		return nil, TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	if ok, wait := s.EmailLimit.Check(email); !ok {
		ev.Reason = ReasonRateLimited
		return nil, TooMany("failed sign-ins for this email", s.EmailLimit.Rate(), wait)
	}
	acc, err := s.client(ctx).Account.Query().
		Where(account.Email(email)).
		WithMemberships().
		Only(sys)
	if ent.IsNotFound(err) {
		_, _ = CheckPassword(dummyHash(), password)
		ev.Reason = ReasonUnknownEmail
		return nil, s.unknownEmailFailed(email)
	}
	if err != nil {
		ev.Reason = "error"
		return nil, fmt.Errorf("find account: %w", err)
	}
	ev.AccountID = acc.ID
	for _, m := range acc.Edges.Memberships {
		ev.SchoolIDs = append(ev.SchoolIDs, m.SchoolID)
	}
	now := s.Now()
	if acc.LockedUntil != nil && now.Before(*acc.LockedUntil) {
		_, _ = CheckPassword(dummyHash(), password)
		ev.Reason = ReasonLocked
		return nil, lockedError(*acc.LockedUntil, now)
	}
	var ok bool
	switch {
	case acc.PasswordHash == "":
		_, _ = CheckPassword(dummyHash(), password)
		ev.Reason = ReasonNoPassword
	case acc.Disabled:
		_, _ = CheckPassword(dummyHash(), password)
		ev.Reason = ReasonDisabled
	default:
		ok, err = CheckPassword(acc.PasswordHash, password)
		if err != nil {
			ev.Reason = "error"
			return nil, fmt.Errorf("check password of %s: %w", acc.ID, err)
		}
		ev.Reason = ReasonWrongPassword
	}
	if !ok {
		return nil, s.accountFailed(sys, acc, email, now)
	}
	return s.startSession(ctx, acc, userAgent, now)
}

// startSession starts a session for acc (loaded with its memberships), who
// has just proved who they are, and clears the count of wrong passwords.
func (s *Service) startSession(ctx context.Context, acc *ent.Account, userAgent string, now time.Time) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	token, hash, err := newToken()
	if err != nil {
		return nil, err
	}
	expires := now.Add(s.TTL)
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
	if err := s.client(ctx).Account.UpdateOneID(acc.ID).
		SetFailedSignIns(0).
		ClearLockedUntil().
		SetLastSignInAt(now).
		Exec(sys); err != nil {
		return nil, fmt.Errorf("record sign-in of %s: %w", acc.ID, err)
	}
	return &Session{Token: token, ExpiresAt: expires, Viewer: toViewer(acc, ses)}, nil
}

// ErrDisabled is Authenticate's answer for a valid token of a disabled
// account: the websocket transport tells it apart (close code 4403).
var ErrDisabled = apperr.New(apperr.Unauthenticated, "This account is disabled.")

// Authenticate returns the viewer of a bearer token. An unknown, expired or signed-out token, or a disabled account,
// gets UNAUTHENTICATED.
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	sys := viewer.SystemContext(ctx)
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, apperr.New(apperr.Unauthenticated, "The token is not a PLP token: sign in again.")
	}
	rows, err := s.sessionRows(sys, hashToken(token))
	if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	if len(rows) == 0 {
		return nil, apperr.New(apperr.Unauthenticated, "The token is unknown: sign in again.")
	}
	ses := rows[0]
	switch {
	case ses.RevokedAt != nil:
		return nil, apperr.New(apperr.Unauthenticated, "You signed out with this token: sign in again.")
	case !s.Now().Before(ses.ExpiresAt):
		return nil, apperr.New(apperr.Unauthenticated, "Your session expired: sign in again.")
	case ses.Disabled:
		return nil, ErrDisabled
	}
	v := &viewer.Viewer{AccountID: ses.AccountID, SessionID: ses.SessionID, SessionExpiresAt: ses.ExpiresAt}
	for _, r := range rows {
		if r.SchoolID != nil && r.Role != nil {
			v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: *r.SchoolID, Role: viewer.Role(*r.Role)})
		}
	}
	return v, nil
}

// sessionRow is a session with its account and one of the account's
// memberships (none: SchoolID and Role are nil).
type sessionRow struct {
	SessionID pulid.ID   `sql:"session_id"`
	ExpiresAt time.Time  `sql:"expires_at"`
	RevokedAt *time.Time `sql:"revoked_at"`
	AccountID pulid.ID   `sql:"account_id"`
	Disabled  bool       `sql:"disabled"`
	SchoolID  *pulid.ID  `sql:"school_id"`
	Role      *string    `sql:"role"`
}

// sessionRows reads the session of a token hash, its account and the
// account's memberships in one statement, a row per membership. Every
// request authenticates, and three statements (session, account,
// memberships) were a quarter of a plan page's CPU.
func (s *Service) sessionRows(ctx context.Context, tokenHash []byte) ([]sessionRow, error) {
	var rows []sessionRow
	err := s.client(ctx).Session.Query().
		Where(session.TokenHash(tokenHash)).
		Modify(func(q *sql.Selector) {
			a, m := sql.Table(account.Table).As("a"), sql.Table(membership.Table).As("m")
			q.Join(a).On(q.C(session.FieldAccountID), a.C(account.FieldID)).
				LeftJoin(m).On(a.C(account.FieldID), m.C(membership.FieldAccountID)).
				Select(
					sql.As(q.C(session.FieldID), "session_id"),
					sql.As(q.C(session.FieldExpiresAt), "expires_at"),
					sql.As(q.C(session.FieldRevokedAt), "revoked_at"),
					sql.As(a.C(account.FieldID), "account_id"),
					sql.As(a.C(account.FieldDisabled), "disabled"),
					sql.As(m.C(membership.FieldSchoolID), "school_id"),
					sql.As(m.C(membership.FieldRole), "role"),
				).
				OrderBy(m.C(membership.FieldID))
		}).
		Scan(ctx, &rows)
	return rows, err
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

// NewToken returns a new bearer token and the hash a Session row stores,
// for tools that start sessions in bulk without a sign-in each (plp bench
// starts 2,000 families' sessions before a booking rush).
func NewToken() (token string, hash []byte, err error) { return newToken() }
