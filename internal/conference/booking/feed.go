package booking

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	ics "github.com/arran4/golang-ical"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/calendarfeed"
	"plp/ent/conference"
	"plp/ent/guardianship"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/internal/conference/ical"
	"plp/internal/conference/slots"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// FeedPath is where a calendar feed is served; the token follows, then
// ".ics".
const FeedPath = "/calendar/"

// feedTokenPrefix marks a feed token, so that one is never mistaken for a
// session token.
const feedTokenPrefix = "plpcal_"

// FeedURLs are a feed's absolute addresses under publicURL: https (or
// whatever publicURL's scheme is) and webcal, which calendar apps open as a
// subscription.
func FeedURLs(publicURL, path string) (web, webcal string) {
	web = strings.TrimRight(publicURL, "/") + path
	_, rest, ok := strings.Cut(web, "://")
	if !ok {
		return web, ""
	}
	return web, "webcal://" + rest
}

// CreateFeed makes a calendar feed of the viewer's conferences at a school
// and returns it with its URL path, which holds the secret token: it is
// shown this once (only its hash is kept). It returns BAD_USER_INPUT
// (schoolID) for a school the viewer is not a member of.
func CreateFeed(ctx context.Context, c *ent.Client, schoolID pulid.ID) (*ent.CalendarFeed, string, error) {
	v := viewer.FromContext(ctx)
	if v == nil || !v.InSchool(schoolID) {
		return nil, "", apperr.Invalid("schoolID", "You have no role at that school.")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, "", fmt.Errorf("read feed token: %w", err)
	}
	token := feedTokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	f, err := c.CalendarFeed.Create().
		SetSchoolID(schoolID).
		SetAccountID(v.AccountID).
		SetTokenHash(hashFeedToken(token)).
		Save(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("create calendar feed: %w", err)
	}
	return f, FeedPath + token + ".ics", nil
}

// RevokeFeed stops a feed at once. NOT_FOUND for a feed not the viewer's.
func RevokeFeed(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.CalendarFeed, error) {
	f, err := c.CalendarFeed.UpdateOneID(id).Where(calendarfeed.RevokedAtIsNil()).SetRevokedAt(clock.Now(ctx).UTC()).Save(ctx)
	if ent.IsNotFound(err) {
		// Already revoked (answered as is), or not the viewer's (NOT_FOUND).
		mine, qerr := c.CalendarFeed.Query().Where(calendarfeed.ID(id),
			calendarfeed.AccountID(viewer.FromContext(ctx).AccountID), calendarfeed.RevokedAtNotNil()).Only(ctx)
		if qerr == nil {
			return mine, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("revoke calendar feed %s: %w", id, err)
	}
	return f, nil
}

func hashFeedToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// Feed renders the calendar of a feed token: the active conferences its
// owner attends or hosts at the feed's school, read as the owner (their
// privacy rules apply), as METHOD:PUBLISH with the same UIDs as the
// invites. An unknown or revoked token is NOT_FOUND. Five statements
// whatever the number of conferences.
func Feed(ctx context.Context, c *ent.Client, token string) (string, error) {
	notFound := apperr.New(apperr.NotFound, "No calendar at this address: it was revoked, or never existed.")
	if !strings.HasPrefix(token, feedTokenPrefix) {
		return "", notFound
	}
	sys := viewer.SystemContext(ctx)
	f, err := c.CalendarFeed.Query().Where(calendarfeed.TokenHash(hashFeedToken(token))).Only(sys)
	if ent.IsNotFound(err) {
		return "", notFound
	}
	if err != nil {
		return "", fmt.Errorf("find calendar feed: %w", err)
	}
	if f.RevokedAt != nil {
		return "", notFound
	}
	acc, err := c.Account.Query().Where(account.ID(f.AccountID)).WithMemberships().Only(sys)
	if err != nil {
		return "", fmt.Errorf("load feed owner %s: %w", f.AccountID, err)
	}
	if acc.Disabled {
		return "", notFound
	}
	owner := &viewer.Viewer{AccountID: acc.ID}
	for _, m := range acc.Edges.Memberships {
		owner.Memberships = append(owner.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	asOwner := viewer.NewContext(ctx, owner)
	confs, err := c.Conference.Query().Where(
		conference.SchoolID(f.SchoolID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
		// Built from who is related now, not from who was there at
		// booking: a current guardian of the child, the slot's host, or
		// someone invited who is not (or no longer) a guardian.
		conference.Or(
			conference.HasStudentWith(student.HasGuardianshipsWith(guardianship.FamilyID(acc.ID), rule.CurrentGuardianship(ctx))),
			conference.HasSlotWith(slot.HostID(acc.ID)),
			conference.And(conference.HasAttendeesWith(account.ID(acc.ID)),
				conference.Not(conference.HasStudentWith(student.HasGuardianshipsWith(guardianship.FamilyID(acc.ID))))),
		),
	).WithSlot().WithStudent().WithWindow().Order(conference.ByID()).All(asOwner)
	if err != nil {
		return "", fmt.Errorf("list conferences of %s: %w", acc.ID, err)
	}
	loc, err := slots.Location(sys, c, f.SchoolID)
	if err != nil {
		return "", err
	}
	// A joint conference is one event (the group's UID), naming its
	// children, as in its invite.
	groups := map[pulid.ID][]*ent.Student{}
	for _, conf := range confs {
		if conf.JointID != nil && conf.Edges.Student != nil {
			groups[*conf.JointID] = append(groups[*conf.JointID], conf.Edges.Student)
		}
	}
	events := make([]ical.Event, 0, len(confs))
	for _, conf := range confs {
		s, stu, w := conf.Edges.Slot, conf.Edges.Student, conf.Edges.Window
		if s == nil || stu == nil || w == nil {
			continue
		}
		uid, name, summary := string(conf.ID), displayName(stu), "Student-led conference: %s"
		if conf.JointID != nil {
			kids, ok := groups[*conf.JointID]
			if !ok {
				continue // the group's event is written
			}
			delete(groups, *conf.JointID)
			uid, name, summary = string(*conf.JointID), names(kids), "Joint student-led conference: %s"
		}
		place, video := s.Location, s.VideoURL
		if place == "" {
			place = w.Location
		}
		if video == "" {
			video = w.VideoURL
		}
		events = append(events, ical.Event{
			ConferenceID: uid, Sequence: conf.Sequence, Start: s.StartsAt, End: s.EndsAt, Location: loc,
			Summary: fmt.Sprintf(summary, name), Description: w.Term,
			Place: place, URL: video, Stamp: clock.Now(ctx).UTC(),
		})
	}
	return ical.Calendar(ics.MethodPublish, events...), nil
}
