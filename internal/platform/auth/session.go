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
	"plp/ent/signinfailure"
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

	// Throttle slows password guessing per email and client address, in
	// the database (see Throttle); the zero Throttle is off.
	Throttle Throttle
	// AddressLimit limits sign-in attempts per client address (see
	// WithClientAddress); EmailLimit limits failed attempts per email from
	// one address, in memory. Nil means no limit.
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
	// InvitationTTL is how long an invitation's link works.
	InvitationTTL time.Duration
	// SSO is single sign-on's configuration.
	SSO SSOConfig
}

// NewService returns a Service on client with the real clock.
func NewService(client *ent.Client, ttl time.Duration) *Service {
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	return &Service{Client: client, Now: time.Now, TTL: ttl, Throttle: DefaultThrottle}
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
// same UNAUTHENTICATED error after the same work (a password hash is
// checked, a failure counted), so neither the answer nor its time reveals
// who has an account. Too many attempts return RATE_LIMITED (a *RetryError
// saying when to try again): from one address (AddressLimit), wrong
// passwords for one email from one address (EmailLimit, and the Throttle's
// growing delays), and the Throttle's hard lock after very many failures
// from many addresses. Every attempt is reported to OnSignIn.
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
	address := ClientAddress(ctx)
	if ok, wait := s.AddressLimit.Allow(address, 1); !ok {
		ev.Reason = ReasonRateLimited
		return nil, TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	if ok, wait := s.EmailLimit.Check(email + " " + address); !ok {
		ev.Reason = ReasonRateLimited
		return nil, TooMany("failed sign-ins for this email from your network", s.EmailLimit.Rate(), wait)
	}
	now := s.Now()
	f, err := s.loadFailures(sys, email, address, now)
	if err != nil {
		return nil, err
	}
	if reason, err := s.refusal(f, now); err != nil {
		ev.Reason = reason
		return nil, err
	}
	acc, err := s.client(ctx).Account.Query().Where(account.Email(email)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("find account: %w", err)
	}
	// The roles are read for an unknown email too (of no account), so
	// that it takes the same statements as a known one.
	var accountID pulid.ID
	if acc != nil {
		accountID = acc.ID
	}
	roles, err := s.client(ctx).Membership.Query().Where(membership.AccountID(accountID)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("read roles: %w", err)
	}
	ev.AccountID = accountID
	for _, m := range roles {
		ev.SchoolIDs = append(ev.SchoolIDs, m.SchoolID)
	}
	ok, reason, err := checkAccountPassword(acc, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		ev.Reason = reason
		return nil, s.failed(sys, email, address, f, now)
	}
	acc.Edges.Memberships = roles
	if f.here != nil {
		if err := s.forgetFailures(sys, email, signinfailure.Address(address)); err != nil {
			return nil, err
		}
	}
	return s.startSession(ctx, acc, userAgent, now)
}

// checkAccountPassword checks password against acc's hash, or, when there is
// no account, none, or it is disabled, against a dummy hash of the same cost,
// so that every refusal takes as long as a wrong password. reason says why
// it failed.
func checkAccountPassword(acc *ent.Account, password string) (ok bool, reason string, err error) {
	switch {
	case acc == nil:
		reason = ReasonUnknownEmail
	case acc.PasswordHash == "":
		reason = ReasonNoPassword
	case acc.Disabled:
		reason = ReasonDisabled
	default:
		ok, err = CheckPassword(acc.PasswordHash, password)
		if err != nil {
			return false, "error", fmt.Errorf("check password of %s: %w", acc.ID, err)
		}
		return ok, ReasonWrongPassword, nil
	}
	_, _ = CheckPassword(dummyHash(), password)
	return false, reason, nil
}

// startSession starts a session for acc, who has just proved who they are,
// from the client address on ctx.
func (s *Service) startSession(ctx context.Context, acc *ent.Account, userAgent string, now time.Time) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	if acc.Edges.Memberships == nil {
		ms, err := acc.QueryMemberships().All(sys)
		if err != nil {
			return nil, fmt.Errorf("read roles of %s: %w", acc.ID, err)
		}
		acc.Edges.Memberships = ms
	}
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
		SetAddress(ClientAddress(ctx)).
		SetLastSeenAt(now).
		Save(sys)
	if err != nil {
		return nil, fmt.Errorf("start session for %s: %w", acc.ID, err)
	}
	if err := s.client(ctx).Account.UpdateOneID(acc.ID).
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
	if now := s.Now(); ses.LastSeenAt == nil || now.Sub(*ses.LastSeenAt) >= lastSeenEvery {
		// Conditional, so replicas racing write once.
		if err := s.client(sys).Session.Update().
			Where(session.ID(ses.SessionID), session.Or(session.LastSeenAtIsNil(), session.LastSeenAtLT(now.Add(-lastSeenEvery)))).
			SetLastSeenAt(now).Exec(sys); err != nil {
			return nil, fmt.Errorf("record use of session: %w", err)
		}
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
	SessionID  pulid.ID   `sql:"session_id"`
	ExpiresAt  time.Time  `sql:"expires_at"`
	RevokedAt  *time.Time `sql:"revoked_at"`
	LastSeenAt *time.Time `sql:"last_seen_at"`
	AccountID  pulid.ID   `sql:"account_id"`
	Disabled   bool       `sql:"disabled"`
	SchoolID   *pulid.ID  `sql:"school_id"`
	Role       *string    `sql:"role"`
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
					sql.As(q.C(session.FieldLastSeenAt), "last_seen_at"),
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
