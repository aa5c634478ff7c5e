package sharing

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// TokenPrefix starts every share-link secret, so a leaked one is easy to
// recognise (and to scan for).
const TokenPrefix = "plps_"

// PathPrefix is where a share link opens: PathPrefix + token.
const PathPrefix = "/shared/"

// tokenLen is the length of a token: the prefix and 32 random bytes in
// unpadded base64url.
var tokenLen = len(TokenPrefix) + base64.RawURLEncoding.EncodedLen(32)

// ShareInput is a link to make: the collection, from StartsAt (default
// now) until EndsAt (none: until revoked).
type ShareInput struct {
	CollectionID     pulid.ID
	StartsAt, EndsAt *time.Time
}

// Shared is a new link with its secret, which exists only here: the
// database keeps its SHA-256.
type Shared struct {
	Link  *ent.ShareLink
	Token string
}

// Path is where the link opens.
func (s *Shared) Path() string { return PathPrefix + s.Token }

// Share makes a secret link to a collection, as the viewer (the privacy
// policy lets only the collection's student make one; a collection the
// viewer cannot see answers NOT_FOUND through it).
//
// Errors: BAD_USER_INPUT on endsAt when it is not after startsAt or not in
// the future.
func Share(ctx context.Context, c *ent.Client, in ShareInput) (*Shared, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || v.AccountID == "" {
		return nil, apperr.New(apperr.Unauthenticated, "Sign in first: only the student can share their collection.")
	}
	now := clock.Now(ctx)
	starts := now
	if in.StartsAt != nil {
		starts = in.StartsAt.UTC()
	}
	if in.EndsAt != nil {
		ends := in.EndsAt.UTC()
		if !ends.After(starts) {
			return nil, apperr.Invalid("endsAt", "The link must end after it starts.")
		}
		if !ends.After(now) {
			return nil, apperr.Invalid("endsAt", "The link must end in the future.")
		}
	}
	token, hash, err := newToken()
	if err != nil {
		return nil, err
	}
	link, err := c.ShareLink.Create().
		SetCollectionID(in.CollectionID).
		SetCreatedByID(v.AccountID).
		SetTokenHash(hash).
		SetStartsAt(starts).
		SetNillableEndsAt(utc(in.EndsAt)).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	return &Shared{Link: link, Token: token}, nil
}

// Revoke ends a link at once. A link revoked before keeps its first
// revocation time.
func Revoke(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.ShareLink, error) {
	link, err := c.ShareLink.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if link.RevokedAt != nil {
		return link, nil
	}
	return c.ShareLink.UpdateOne(link).SetRevokedAt(clock.Now(ctx)).Save(ctx)
}

// Open reports whether a link opens at now: started, not ended, not
// revoked.
func Open(l *ent.ShareLink, now time.Time) bool {
	return l.RevokedAt == nil && !now.Before(l.StartsAt) && (l.EndsAt == nil || now.Before(*l.EndsAt))
}

func newToken() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// wellFormed reports whether a token could be one of ours, so that junk
// never reaches the database.
func wellFormed(token string) bool {
	if len(token) != tokenLen || !strings.HasPrefix(token, TokenPrefix) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token[len(TokenPrefix):])
	return err == nil
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
