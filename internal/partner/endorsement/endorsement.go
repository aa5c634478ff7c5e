// Package endorsement is how community partners vouch for what a student
// did: the student asks a partner to endorse a piece of evidence, with a
// message; the partner endorses it (a statement and the skills it shows)
// or declines with a reason; the student may withdraw a pending request,
// and a request nobody answered expires. An endorsement can later be
// revoked by its partner or a school admin (its credential then verifies
// as revoked: see package credential).
//
// Who may read and write requests and endorsements is their privacy policy
// (ent/schema/policy.go, rule.PartnerAnswersRequest, rule.PartnerEndorses):
// every write here runs as the viewer, so those rules decide. The checks
// here come first only to answer with a message a person can act on.
//
// Each step that someone else must know about writes a message to the
// outbox in the same transaction (outbox.KindEndorsementRequested, Given,
// Declined), with an idempotency key per step; sending is the
// dispatcher's.
package endorsement

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/endorsement"
	"plp/ent/endorsementrequest"
	"plp/ent/evidence"
	"plp/ent/partnership"
	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// Limits of what people write, in bytes of UTF-8 (the columns' limits).
const (
	MaxMessage   = 2000
	MaxReason    = 2000
	MaxStatement = 4000
	// MaxSkills is how many skills one endorsement may name.
	MaxSkills = 20
)

// Expiry bounds: a request lasts DefaultTTL unless the student picks a date
// between MinTTL and MaxTTL from now.
const (
	DefaultTTL = 30 * 24 * time.Hour
	MinTTL     = 24 * time.Hour
	MaxTTL     = 180 * 24 * time.Hour
)

// RequestInput is what a student asks of a partner.
type RequestInput struct {
	EvidenceID pulid.ID
	PartnerID  pulid.ID
	// Message is what the student asks (optional).
	Message string
	// ExpiresAt is when the request lapses; zero means DefaultTTL from now.
	ExpiresAt time.Time
}

// Request asks a partner to endorse a piece of the student's evidence, in
// c (the request's transaction).
//
// Only the student may ask, for their own evidence. The evidence must be
// shared with partners (visibility PARTNERS), and the partner must have a
// partnership with the student that shares items and is under way: the
// partner must be able to see what they are asked to endorse.
//
// It returns BAD_USER_INPUT on evidenceID for evidence the viewer cannot
// see (as for none at all) or that is not shared with partners, on
// partnerID for someone who is not the student's partner, on message or
// expiresAt when they do not fit; FORBIDDEN for anyone but the student;
// CONFLICT when the partner already has a pending request for the same
// evidence.
func Request(ctx context.Context, c *ent.Client, in RequestInput) (*ent.EndorsementRequest, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	ev, err := loadEvidence(ctx, c, in.EvidenceID)
	if err != nil {
		return nil, err
	}
	owner, err := studentAccount(ctx, c, ev.StudentID)
	if err != nil {
		return nil, err
	}
	if owner != v.AccountID {
		return nil, apperr.New(apperr.Forbidden, "Only the student can ask for an endorsement of their evidence.")
	}
	if ev.Visibility != evidence.VisibilityPartners {
		return nil, apperr.Invalid("evidenceID", "Share this evidence with partners first (visibility PARTNERS): a partner endorses only what they can see.")
	}
	now := clock.Now(ctx).UTC()
	partnered, err := c.Partnership.Query().Where(
		partnership.StudentID(ev.StudentID),
		partnership.PartnerID(in.PartnerID),
		partnership.ScopeEQ(partnership.ScopeSharedItems),
		partnership.StartsOnLTE(now),
		partnership.Or(partnership.EndsOnIsNil(), partnership.EndsOnGTE(now)),
	).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("read partnerships of student %s: %w", ev.StudentID, err)
	}
	if !partnered {
		return nil, apperr.Invalid("partnerID", "That person is not one of your partners, or your partnership does not share items or is not under way: ask your advisor.")
	}
	message, err := text("message", in.Message, MaxMessage, false)
	if err != nil {
		return nil, err
	}
	expires := in.ExpiresAt.UTC()
	switch {
	case in.ExpiresAt.IsZero():
		expires = now.Add(DefaultTTL)
	case expires.Before(now.Add(MinTTL)):
		return nil, apperr.Invalid("expiresAt", "Give the partner at least a day: expiresAt must be 24 hours or more from now.")
	case expires.After(now.Add(MaxTTL)):
		return nil, apperr.Invalid("expiresAt", "A request lasts at most 180 days: pick an earlier expiresAt.")
	}
	create := c.EndorsementRequest.Create().
		SetStudentID(ev.StudentID).
		SetEvidenceID(ev.ID).
		SetPartnerID(in.PartnerID).
		SetExpiresAt(expires)
	if message != "" {
		create.SetMessage(message)
	}
	req, err := create.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.New(apperr.Conflict, "This partner already has a pending request for this evidence: wait for the answer, or withdraw it first.")
	}
	if err != nil {
		return nil, fmt.Errorf("create endorsement request: %w", err)
	}
	return req, mail(ctx, c, req.ID, outbox.KindEndorsementRequested, nil)
}

// EndorseInput is a partner's endorsement of the evidence of a request.
type EndorseInput struct {
	RequestID pulid.ID
	// Statement is the endorsement, in the partner's words.
	Statement string
	// SkillIDs are the skills the partner saw in the work.
	SkillIDs []pulid.ID
}

// Endorse answers a pending request with an endorsement, in c.
//
// It returns NOT_FOUND for a request the viewer cannot see; FORBIDDEN for
// anyone but the partner it was sent to, or when the partner can no longer
// see the evidence; CONFLICT when the request is no longer pending (already
// answered, withdrawn, expired), also when two answers race;
// BAD_USER_INPUT on statement or skillIDs.
func Endorse(ctx context.Context, c *ent.Client, in EndorseInput) (*ent.Endorsement, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	req, err := answerable(ctx, c, v, in.RequestID)
	if err != nil {
		return nil, err
	}
	statement, err := text("statement", in.Statement, MaxStatement, true)
	if err != nil {
		return nil, err
	}
	skills := dedupe(in.SkillIDs)
	if len(skills) > MaxSkills {
		return nil, apperr.Invalid("skillIDs", "Name at most %d skills.", MaxSkills)
	}
	now := clock.Now(ctx).UTC()
	e, err := c.Endorsement.Create().
		SetRequestID(req.ID).
		SetEvidenceID(req.EvidenceID).
		SetPartnerID(v.AccountID).
		SetStatement(statement).
		SetIssuedAt(now).
		AddSkillIDs(skills...).
		Save(ctx)
	switch {
	case ent.IsConstraintError(err):
		return nil, notPending(endorsementrequest.StatusEndorsed)
	case apperr.CodeOf(err) == apperr.BadUserInput && strings.Contains(err.Error(), "evidence"):
		return nil, apperr.New(apperr.Forbidden, "You can no longer see this evidence (the student stopped sharing it, or your partnership ended), so you cannot endorse it.")
	case err != nil:
		return nil, fmt.Errorf("create endorsement for request %s: %w", req.ID, err)
	}
	if err := answer(ctx, c, req.ID, endorsementrequest.StatusEndorsed, ""); err != nil {
		return nil, err
	}
	if err := mail(ctx, c, req.ID, outbox.KindEndorsementGiven, map[string]any{"endorsementID": e.ID, "statement": e.Statement}); err != nil {
		return nil, err
	}
	return e, nil
}

// Decline answers a pending request with a reason, in c. Errors as Endorse,
// with BAD_USER_INPUT on reason when it is empty or too long.
func Decline(ctx context.Context, c *ent.Client, id pulid.ID, reason string) (*ent.EndorsementRequest, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	req, err := answerable(ctx, c, v, id)
	if err != nil {
		return nil, err
	}
	reason, err = text("reason", reason, MaxReason, true)
	if err != nil {
		return nil, err
	}
	if err := answer(ctx, c, req.ID, endorsementrequest.StatusDeclined, reason); err != nil {
		return nil, err
	}
	if err := mail(ctx, c, req.ID, outbox.KindEndorsementDeclined, nil); err != nil {
		return nil, err
	}
	return c.EndorsementRequest.Get(ctx, id)
}

// Withdraw takes back a pending request, in c. Only the student who asked
// may; it returns NOT_FOUND for a request the viewer cannot see, FORBIDDEN
// for anyone else who can, CONFLICT unless the request is pending.
func Withdraw(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.EndorsementRequest, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	req, err := loadRequest(ctx, c, id)
	if err != nil {
		return nil, err
	}
	owner, err := studentAccount(ctx, c, req.StudentID)
	if err != nil {
		return nil, err
	}
	if owner != v.AccountID {
		return nil, apperr.New(apperr.Forbidden, "Only the student who asked can withdraw a request for an endorsement.")
	}
	if req.Status != endorsementrequest.StatusPending {
		return nil, notPending(req.Status)
	}
	req, err = c.EndorsementRequest.UpdateOneID(id).
		Where(endorsementrequest.StatusEQ(endorsementrequest.StatusPending)).
		SetStatus(endorsementrequest.StatusWithdrawn).
		SetRespondedAt(clock.Now(ctx).UTC()).
		Save(ctx)
	if ent.IsNotFound(err) {
		return nil, notPending(endorsementrequest.StatusEndorsed)
	}
	if err != nil {
		return nil, fmt.Errorf("withdraw endorsement request %s: %w", id, err)
	}
	return req, nil
}

// Revoke withdraws an endorsement, in c: its credential then verifies as
// revoked. The partner who gave it, or an admin of the school, may. It
// returns NOT_FOUND for an endorsement the viewer cannot see, FORBIDDEN for
// anyone else who can, CONFLICT when it is already revoked.
func Revoke(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Endorsement, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	e, err := c.Endorsement.Query().Where(endorsement.ID(id)).
		Select(endorsement.FieldID, endorsement.FieldSchoolID, endorsement.FieldPartnerID, endorsement.FieldRevokedAt).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "No endorsement with that ID that you can see.")
	}
	if err != nil {
		return nil, fmt.Errorf("read endorsement %s: %w", id, err)
	}
	if e.PartnerID != v.AccountID && !v.Has(e.SchoolID, viewer.RoleAdmin) {
		return nil, apperr.New(apperr.Forbidden, "Only the partner who gave an endorsement, or a school admin, can revoke it.")
	}
	if e.RevokedAt != nil {
		return nil, apperr.New(apperr.Conflict, "This endorsement is already revoked.")
	}
	e, err = c.Endorsement.UpdateOneID(id).
		Where(endorsement.RevokedAtIsNil()).
		SetRevokedAt(clock.Now(ctx).UTC()).
		Save(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.Conflict, "This endorsement is already revoked.")
	}
	if err != nil {
		return nil, fmt.Errorf("revoke endorsement %s: %w", id, err)
	}
	return e, nil
}

// ExpireRequests marks pending requests past their expiry EXPIRED, as the
// system, in one statement; it returns how many. The job
// expire-endorsement-requests runs it hourly; answering an expired request
// is refused whether or not it has run.
func ExpireRequests(ctx context.Context, c *ent.Client) (int, error) {
	sys := viewer.SystemContext(ctx)
	n, err := c.EndorsementRequest.Update().
		Where(endorsementrequest.StatusEQ(endorsementrequest.StatusPending),
			endorsementrequest.ExpiresAtLTE(clock.Now(ctx).UTC())).
		SetStatus(endorsementrequest.StatusExpired).
		Save(sys)
	if err != nil {
		return 0, fmt.Errorf("expire endorsement requests: %w", err)
	}
	return n, nil
}

// CountExpired counts the pending requests past their expiry, which
// ExpireRequests would mark.
func CountExpired(ctx context.Context, c *ent.Client) (int, error) {
	n, err := c.EndorsementRequest.Query().
		Where(endorsementrequest.StatusEQ(endorsementrequest.StatusPending),
			endorsementrequest.ExpiresAtLTE(clock.Now(ctx).UTC())).
		Count(viewer.SystemContext(ctx))
	if err != nil {
		return 0, fmt.Errorf("count expired endorsement requests: %w", err)
	}
	return n, nil
}

// answerable loads a request the viewer is to answer and checks it is
// theirs and still open.
func answerable(ctx context.Context, c *ent.Client, v *viewer.Viewer, id pulid.ID) (*ent.EndorsementRequest, error) {
	req, err := loadRequest(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if req.PartnerID != v.AccountID {
		return nil, apperr.New(apperr.Forbidden, "Only the partner this request was sent to can answer it.")
	}
	if req.Status != endorsementrequest.StatusPending {
		return nil, notPending(req.Status)
	}
	if !clock.Now(ctx).UTC().Before(req.ExpiresAt) {
		return nil, notPending(endorsementrequest.StatusExpired)
	}
	return req, nil
}

// answer moves a pending request to its answer; of two answers at once,
// the second finds it no longer pending.
func answer(ctx context.Context, c *ent.Client, id pulid.ID, status endorsementrequest.Status, reason string) error {
	update := c.EndorsementRequest.UpdateOneID(id).
		Where(endorsementrequest.StatusEQ(endorsementrequest.StatusPending)).
		SetStatus(status).
		SetRespondedAt(clock.Now(ctx).UTC())
	if reason != "" {
		update.SetDeclineReason(reason)
	}
	err := update.Exec(ctx)
	if ent.IsNotFound(err) {
		return notPending(endorsementrequest.StatusEndorsed)
	}
	if err != nil {
		return fmt.Errorf("answer endorsement request %s: %w", id, err)
	}
	return nil
}

func notPending(status endorsementrequest.Status) error {
	return apperr.New(apperr.Conflict, "This request is no longer pending (it is %s): it cannot be answered or withdrawn again.", strings.ToLower(string(status)))
}

// loadRequest reads a request through the viewer's privacy rules, with the
// columns the workflow needs (GraphQL field collection may narrow others).
func loadRequest(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.EndorsementRequest, error) {
	req, err := c.EndorsementRequest.Query().Where(endorsementrequest.ID(id)).
		Select(endorsementrequest.FieldID, endorsementrequest.FieldSchoolID, endorsementrequest.FieldStudentID,
			endorsementrequest.FieldEvidenceID, endorsementrequest.FieldPartnerID, endorsementrequest.FieldStatus,
			endorsementrequest.FieldExpiresAt).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "No request for an endorsement with that ID that you can see.")
	}
	if err != nil {
		return nil, fmt.Errorf("read endorsement request %s: %w", id, err)
	}
	return req, nil
}

// loadEvidence reads the facts of a piece of evidence through the viewer's
// privacy rules.
func loadEvidence(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Evidence, error) {
	ev, err := c.Evidence.Query().Where(evidence.ID(id)).
		Select(evidence.FieldID, evidence.FieldSchoolID, evidence.FieldStudentID, evidence.FieldVisibility).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("evidenceID", "No evidence with ID %q that you can see: check the ID.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read evidence %s: %w", id, err)
	}
	return ev, nil
}

// studentAccount returns the account a student signs in with (empty when
// none), read as the system: the workflow needs it whoever the viewer is,
// and it is not a disclosure of the student's record.
func studentAccount(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
	ids, err := c.Student.Query().Where(student.ID(id), student.AccountIDNotNil()).
		Select(student.FieldAccountID).Strings(viewer.SystemContext(ctx))
	if err != nil {
		return "", fmt.Errorf("read account of student %s: %w", id, err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return pulid.ID(ids[0]), nil
}

// mail writes the message of a step of request id to the outbox, in c (the
// caller's transaction): a request to its partner, an answer to the
// student (none when the student has no account). It reads what the
// message names as the system: the outbox is the server's, and a partner
// need not see the student's school, nor a student the partner's account.
// The key is kind and request: each step happens once per request (the
// status moves on from PENDING), so a replay writes nothing twice.
func mail(ctx context.Context, c *ent.Client, id pulid.ID, kind string, data map[string]any) error {
	req, err := c.EndorsementRequest.Query().Where(endorsementrequest.ID(id)).
		WithStudent(func(q *ent.StudentQuery) {
			q.Select(student.FieldPreferredName, student.FieldGivenName, student.FieldAccountID)
		}).
		WithEvidence(func(q *ent.EvidenceQuery) { q.Select(evidence.FieldTitle) }).
		WithPartner(func(q *ent.AccountQuery) { q.Select(account.FieldName) }).
		WithSchool(func(q *ent.SchoolQuery) { q.Select(school.FieldTimezone) }).
		Only(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("read endorsement request %s for its %s mail: %w", id, kind, err)
	}
	st := req.Edges.Student
	to := req.PartnerID
	if kind != outbox.KindEndorsementRequested {
		if st.AccountID == nil {
			return nil
		}
		to = *st.AccountID
	}
	name := st.PreferredName
	if name == "" {
		name = st.GivenName
	}
	payload := map[string]any{
		"endorsementRequestID": string(req.ID), "evidenceID": string(req.EvidenceID),
		"studentName": name, "evidenceTitle": req.Edges.Evidence.Title, "partnerName": req.Edges.Partner.Name,
		"message": req.Message, "expiresAt": req.ExpiresAt.UTC().Format(time.RFC3339),
		"timezone": req.Edges.School.Timezone, "reason": req.DeclineReason,
	}
	maps.Copy(payload, data)
	_, err = outbox.Enqueue(ctx, c, outbox.Message{
		SchoolID: req.SchoolID, RecipientID: to, Kind: kind, Key: outbox.Key(kind, string(req.ID)), Data: payload,
	})
	return err
}

// person returns the signed-in viewer: requests and answers are people's.
func person(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || v.AccountID == "" {
		return nil, apperr.New(apperr.Unauthenticated, "Sign in first: endorsements are asked for and given by people.")
	}
	return v, nil
}

// text trims s and checks it fits (and is there, when required).
func text(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", apperr.Invalid(field, "%s must not be empty.", field)
	}
	if len(s) > max {
		return "", apperr.Invalid(field, "%s is too long: at most %d bytes.", field, max)
	}
	return s, nil
}

func dedupe(ids []pulid.ID) []pulid.ID {
	seen := map[pulid.ID]bool{}
	var out []pulid.ID
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
