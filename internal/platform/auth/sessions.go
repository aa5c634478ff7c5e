package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/session"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// SessionInfo is one signed-in device, as mySessions shows it.
type SessionInfo struct {
	ID         pulid.ID
	Device     string
	Address    string
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	Current    bool
}

// lastSeenEvery is how stale a session's last use may be before a request
// writes it again: a write per request would cost every request a statement.
const lastSeenEvery = 5 * time.Minute

// MySessions lists the sessions of the viewer that have not ended, newest
// first. Privacy (rule.ReadOwnSessions) keeps them to the viewer's own.
func (s *Service) MySessions(ctx context.Context) ([]SessionInfo, error) {
	v := viewer.FromContext(ctx)
	rows, err := s.client(ctx).Session.Query().
		Where(session.RevokedAtIsNil(), session.ExpiresAtGT(s.Now())).
		Order(ent.Desc(session.FieldCreatedAt), ent.Desc(session.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	out := make([]SessionInfo, 0, len(rows))
	for _, r := range rows {
		last := r.CreatedAt
		if r.LastSeenAt != nil {
			last = *r.LastSeenAt
		}
		out = append(out, SessionInfo{ID: r.ID, Device: Device(r.UserAgent), Address: r.Address,
			CreatedAt: r.CreatedAt, LastUsedAt: last, ExpiresAt: r.ExpiresAt, Current: v != nil && r.ID == v.SessionID})
	}
	return out, nil
}

// EndSession ends one session. Privacy (rule.EndSessions) lets a person end
// their own only: anybody else's is NOT_FOUND, as is one already ended.
func (s *Service) EndSession(ctx context.Context, id pulid.ID) error {
	n, err := s.client(ctx).Session.Update().
		Where(session.ID(id), session.RevokedAtIsNil()).
		SetRevokedAt(s.Now()).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("end session %s: %w", id, err)
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "You have no such session, or it has ended already: see mySessions.")
	}
	return nil
}

// EndSessions ends every session of account but keep (which may be empty),
// and returns how many ended. Privacy (rule.EndSessions) decides whose: the
// viewer's own, or, for an admin, those of their school's people; anyone
// else's are left alone, and FORBIDDEN is returned when account's were
// not the viewer's to end.
func (s *Service) EndSessions(ctx context.Context, account, keep pulid.ID) (int, error) {
	c := s.client(ctx)
	q := c.Session.Update().Where(session.AccountID(account), session.RevokedAtIsNil(), session.ExpiresAtGT(s.Now()))
	if keep != "" {
		q = q.Where(session.IDNEQ(keep))
	}
	n, err := q.SetRevokedAt(s.Now()).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("end sessions of %s: %w", account, err)
	}
	if n == 0 && !viewer.FromContext(ctx).IsSystem() && viewer.FromContext(ctx).AccountID != account {
		// Nothing ended: either there was nothing, or privacy narrowed the
		// update to nothing. Ask as the system to tell which.
		open, err := c.Session.Query().
			Where(session.AccountID(account), session.RevokedAtIsNil(), session.ExpiresAtGT(s.Now())).
			Exist(viewer.SystemContext(ctx))
		if err != nil {
			return 0, fmt.Errorf("find sessions of %s: %w", account, err)
		}
		if open {
			return 0, apperr.New(apperr.Forbidden, "Only an admin of a school where this person has a role can end their sessions.")
		}
	}
	return n, nil
}

// Device names the device of a User-Agent as a person would: "Firefox on
// Windows", "Safari on iPhone". Unknown agents are shown as they are, cut short.
func Device(userAgent string) string {
	ua := userAgent
	browser := ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"CriOS/", "Chrome"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"CrOS", "Chromebook"},
		{"Windows", "Windows"}, {"Mac OS X", "Mac"}, {"Macintosh", "Mac"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return system
	case ua == "":
		return "Unknown device"
	}
	if len(ua) > 60 {
		ua = ua[:60] + "…"
	}
	return ua
}
