package export

import (
	"context"
	"encoding/json"
	"time"

	"plp/ent"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/internal/conference/booking"
	"plp/internal/platform/storage"
	"plp/internal/school/review"
)

// fill turns what the reader read into plan.json's types, as the viewer on
// ctx exports in role. Files (evidence, the cover image) are described
// here and marked not included; WriteZip includes them.
func (r *reader) fill(ctx context.Context, doc *Document, role string) {
	r.blobs = map[string]string{}
	st := r.student
	doc.Student = toStudent(st)
	if st.CoverImageKey != "" {
		r.blobs[doc.Student.ID] = st.CoverImageKey
		name := "cover" + storage.Extension(st.CoverImageType)
		doc.Student.CoverImage = &File{Name: name, ContentType: st.CoverImageType}
	}
	doc.People = mapAll(r.accounts, func(a *ent.Account) Person { return Person{ID: string(a.ID), Name: a.Name} })
	doc.Guardianships = mapAll(r.guardianships, toGuardianship)
	doc.Partnerships = mapAll(r.partnerships, toPartnership)
	doc.Goals = mapAll(r.goals, toGoal)
	doc.Evidence = mapAll(r.evidence, func(e *ent.Evidence) Evidence {
		out := toEvidence(e)
		if e.BlobKey != "" {
			r.blobs[out.ID] = e.BlobKey
			out.File = &File{
				Name:        fileName(e.Title, e.ContentType, e.BlobKey),
				ContentType: e.ContentType,
				Size:        e.Size,
				SHA256:      e.Sha256,
			}
		}
		return out
	})
	doc.Reflections = mapAll(r.reflections, toReflection)
	doc.SelfAssessments = mapAll(r.selfAssessments, toSelfAssessment)
	doc.Conferences = mapAll(r.conferences, func(c *ent.Conference) Conference { return toConference(ctx, c) })
	doc.Sections = mapAll(r.sections, toSection)
	doc.Collections = mapAll(r.collections, toCollection)
	doc.AnnualReviews = mapAll(r.annualReviews, func(a *ent.AnnualReview) AnnualReview { return toAnnualReview(a, role) })
	doc.EndorsementRequests = mapAll(r.endorsementRequests, toEndorsementRequest)
	doc.AmendmentRequests = mapAll(r.amendmentRequests, toAmendmentRequest)
}

// mapAll maps a list, giving [] rather than null for an empty one.
func mapAll[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, x := range in {
		out = append(out, f(x))
	}
	return out
}

func utc(t time.Time) time.Time { return t.UTC() }

func utcp(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func idp(id *pulid.ID) *string {
	if id == nil {
		return nil
	}
	s := string(*id)
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func pathwayp(p *pathway.Pathway) *string {
	if p == nil {
		return nil
	}
	s := string(*p)
	return &s
}

func strs(in []string) []string {
	if in == nil {
		return []string{}
	}
	return in
}

func ids[T any](in []T, id func(T) pulid.ID) []string {
	return mapAll(in, func(x T) string { return string(id(x)) })
}

func toStudent(s *ent.Student) Student {
	return Student{
		ID:                  string(s.ID),
		GivenName:           s.GivenName,
		FamilyName:          s.FamilyName,
		PreferredName:       s.PreferredName,
		Pronouns:            s.Pronouns,
		Grade:               s.Grade,
		GraduationYear:      s.GraduationYear,
		BirthDate:           utcp(s.BirthDate),
		IdentityStatement:   s.IdentityStatement,
		Strengths:           strs(s.Strengths),
		Interests:           strs(s.Interests),
		LearningPreferences: s.LearningPreferences,
		Theme:               s.Theme,
		DirectoryOptOut:     s.DirectoryOptOut,
		ParentalConsentAt:   utcp(s.ParentalConsentAt),
		AccountID:           idp(s.AccountID),
		AdvisorID:           idp(s.AdvisorID),
		CounselorID:         idp(s.CounselorID),
		SourcedID:           s.SourcedID,
		CreatedAt:           utc(s.CreatedAt),
		UpdatedAt:           utc(s.UpdatedAt),
	}
}

func toGuardianship(g *ent.Guardianship) Guardianship {
	return Guardianship{
		ID:                string(g.ID),
		FamilyID:          string(g.FamilyID),
		Relationship:      g.Relationship,
		CanBook:           g.CanBook,
		ReceivesMail:      g.ReceivesMail,
		EndsAt:            utcp(g.EndsAt),
		AccessWithdrawnAt: utcp(g.AccessWithdrawnAt),
		CreatedAt:         utc(g.CreatedAt),
		UpdatedAt:         utc(g.UpdatedAt),
	}
}

func toPartnership(p *ent.Partnership) Partnership {
	return Partnership{
		ID:           string(p.ID),
		PartnerID:    string(p.PartnerID),
		Organization: p.Organization,
		Description:  p.Description,
		Scope:        string(p.Scope),
		StartsOn:     utc(p.StartsOn),
		EndsOn:       utcp(p.EndsOn),
		CreatedAt:    utc(p.CreatedAt),
		UpdatedAt:    utc(p.UpdatedAt),
	}
}

func toSkill(s *ent.Skill) SkillRef {
	return SkillRef{ID: string(s.ID), Code: s.Code, Name: s.Name, Kind: string(s.Kind)}
}

func toComment(c *ent.Comment) Comment {
	return Comment{ID: string(c.ID), AuthorID: string(c.AuthorID), Body: c.Body, CreatedAt: utc(c.CreatedAt), UpdatedAt: utc(c.UpdatedAt)}
}

func toGoal(g *ent.Goal) Goal {
	return Goal{
		ID:              string(g.ID),
		Area:            string(g.Area),
		AreaName:        g.AreaName,
		Title:           g.Title,
		Why:             g.Why,
		SuccessCriteria: g.SuccessCriteria,
		NextSteps:       g.NextSteps,
		Term:            string(g.Term),
		TargetDate:      utcp(g.TargetDate),
		Status:          string(g.Status),
		Visibility:      string(g.Visibility),
		Progress:        g.Progress,
		Pathway:         pathwayp(g.Pathway),
		Milestones: mapAll(g.Edges.Milestones, func(m *ent.Milestone) Milestone {
			return Milestone{ID: string(m.ID), Title: m.Title, Position: m.Position, Due: utcp(m.Due), DoneAt: utcp(m.DoneAt),
				CreatedAt: utc(m.CreatedAt), UpdatedAt: utc(m.UpdatedAt)}
		}),
		Skills:    mapAll(g.Edges.Skills, toSkill),
		Comments:  mapAll(g.Edges.Comments, toComment),
		CreatedAt: utc(g.CreatedAt),
		UpdatedAt: utc(g.UpdatedAt),
	}
}

func toEvidence(e *ent.Evidence) Evidence {
	return Evidence{
		ID:          string(e.ID),
		Title:       e.Title,
		Description: e.Description,
		Kind:        string(e.Kind),
		URL:         e.URL,
		Body:        e.Body,
		InSchool:    e.InSchool,
		OccurredOn:  utc(e.OccurredOn),
		Visibility:  string(e.Visibility),
		Pathway:     pathwayp(e.Pathway),
		GoalIDs:     ids(e.Edges.Goals, func(g *ent.Goal) pulid.ID { return g.ID }),
		Skills:      mapAll(e.Edges.Skills, toSkill),
		Comments:    mapAll(e.Edges.Comments, toComment),
		CreatedAt:   utc(e.CreatedAt),
		UpdatedAt:   utc(e.UpdatedAt),
	}
}

func toReflection(r *ent.Reflection) Reflection {
	return Reflection{
		ID:           string(r.ID),
		Prompt:       r.Prompt,
		Body:         r.Body,
		Source:       string(r.Source),
		GoalID:       idp(r.GoalID),
		EvidenceID:   idp(r.EvidenceID),
		ConferenceID: idp(r.ConferenceID),
		CreatedAt:    utc(r.CreatedAt),
		UpdatedAt:    utc(r.UpdatedAt),
	}
}

func toSelfAssessment(a *ent.SelfAssessment) SelfAssessment {
	sk := SkillRef{ID: string(a.SkillID)}
	if a.Edges.Skill != nil {
		sk = toSkill(a.Edges.Skill)
	}
	return SelfAssessment{ID: string(a.ID), Skill: sk, Level: string(a.Level), Note: a.Note,
		Assessor: string(a.Assessor), AssessorID: idp(a.AssessorID), TakenAt: utc(a.TakenAt),
		CreatedAt: utc(a.CreatedAt), UpdatedAt: utc(a.UpdatedAt)}
}

// toConference writes a conference as the viewer on ctx may see it: the
// host's notes and the family's questions as the API shows them.
func toConference(ctx context.Context, c *ent.Conference) Conference {
	out := Conference{
		ID:                  string(c.ID),
		Status:              string(c.Status),
		InterpreterLanguage: c.InterpreterLanguage,
		Accommodations:      c.Accommodations,
		Agenda:              c.Agenda,
		Notes:               deref(booking.Notes(ctx, c)),
		NotesShared:         c.NotesShared,
		NextSteps:           c.NextSteps,
		Questions:           deref(booking.Questions(ctx, c)),
		QuestionsPrivate:    c.QuestionsPrivate,
		FamilyFeedback:      c.FamilyFeedback,
		StudentFeedback:     c.StudentFeedback,
		BookedByID:          idp(c.BookedByID),
		CancelledAt:         utcp(c.CancelledAt),
		JointID:             idp(c.JointID),
		AttendeeIDs:         ids(c.Edges.Attendees, func(a *ent.Account) pulid.ID { return a.ID }),
		CreatedAt:           utc(c.CreatedAt),
		UpdatedAt:           utc(c.UpdatedAt),
	}
	if w := c.Edges.Window; w != nil {
		out.Term, out.Location, out.VideoURL = w.Term, w.Location, w.VideoURL
	}
	if s := c.Edges.Slot; s != nil {
		start, end := utc(s.StartsAt), utc(s.EndsAt)
		out.StartsAt, out.EndsAt, out.HostID = &start, &end, string(s.HostID)
		// A slot's own place overrides its window's.
		if s.Location != "" {
			out.Location = s.Location
		}
		if s.VideoURL != "" {
			out.VideoURL = s.VideoURL
		}
	}
	return out
}

func toSection(s *ent.Section) Section {
	blocks := make([]ContentBlock, 0, len(s.Blocks))
	for _, b := range s.Blocks {
		blocks = append(blocks, ContentBlock{Kind: b.Kind, Text: b.Text, RefID: b.RefID, URL: b.URL})
	}
	return Section{ID: string(s.ID), Title: s.Title, Position: s.Position, Blocks: blocks,
		CreatedAt: utc(s.CreatedAt), UpdatedAt: utc(s.UpdatedAt)}
}

func toCollection(c *ent.Collection) Collection {
	return Collection{
		ID:            string(c.ID),
		Title:         c.Title,
		Description:   c.Description,
		Audience:      c.Audience,
		EvidenceIDs:   ids(c.Edges.Evidence, func(e *ent.Evidence) pulid.ID { return e.ID }),
		GoalIDs:       ids(c.Edges.Goals, func(g *ent.Goal) pulid.ID { return g.ID }),
		ReflectionIDs: ids(c.Edges.Reflections, func(r *ent.Reflection) pulid.ID { return r.ID }),
		ShareLinks: mapAll(c.Edges.ShareLinks, func(l *ent.ShareLink) ShareLink {
			return ShareLink{ID: string(l.ID), CreatedByID: string(l.CreatedByID), StartsAt: utc(l.StartsAt),
				EndsAt: utcp(l.EndsAt), RevokedAt: utcp(l.RevokedAt), CreatedAt: utc(l.CreatedAt), UpdatedAt: utc(l.UpdatedAt)}
		}),
		CreatedAt: utc(c.CreatedAt),
		UpdatedAt: utc(c.UpdatedAt),
	}
}

// snapshotsFor says which signers' snapshots an export in a role holds:
// those whose view is within the exporter's (the student sees all of their
// plan, staff all but private records, the family what is shared with it).
var snapshotsFor = map[string]struct{ student, staff, guardian bool }{
	RoleStudent: {true, true, true},
	RoleSystem:  {true, true, true},
	RoleAdmin:   {false, true, true},
	RoleFamily:  {false, false, true},
}

// snapshot decodes a stored snapshot; nil when there is none, or when it is
// not the exporter's to see.
func snapshot(stored string, show bool) *review.Snapshot {
	if stored == "" || !show {
		return nil
	}
	var s review.Snapshot
	if json.Unmarshal([]byte(stored), &s) != nil {
		return nil
	}
	return &s
}

func toAnnualReview(a *ent.AnnualReview, role string) AnnualReview {
	show := snapshotsFor[role]
	return AnnualReview{
		ID:               string(a.ID),
		SchoolYear:       a.SchoolYear,
		StudentSignedAt:  utcp(a.StudentSignedAt),
		StaffSignerID:    idp(a.StaffSignerID),
		StaffSignedAt:    utcp(a.StaffSignedAt),
		GuardianSignerID: idp(a.GuardianSignerID),
		GuardianSignedAt: utcp(a.GuardianSignedAt),
		Notes:            a.Notes,
		StudentSnapshot:  snapshot(a.StudentSnapshot, show.student),
		StaffSnapshot:    snapshot(a.StaffSnapshot, show.staff),
		GuardianSnapshot: snapshot(a.GuardianSnapshot, show.guardian),
		CreatedAt:        utc(a.CreatedAt),
		UpdatedAt:        utc(a.UpdatedAt),
	}
}

func toEndorsementRequest(q *ent.EndorsementRequest) EndorsementRequest {
	out := EndorsementRequest{
		ID:            string(q.ID),
		EvidenceID:    string(q.EvidenceID),
		PartnerID:     string(q.PartnerID),
		Message:       q.Message,
		Status:        string(q.Status),
		ExpiresAt:     utc(q.ExpiresAt),
		RespondedAt:   utcp(q.RespondedAt),
		DeclineReason: q.DeclineReason,
		CreatedAt:     utc(q.CreatedAt),
		UpdatedAt:     utc(q.UpdatedAt),
	}
	if e := q.Edges.Endorsement; e != nil {
		out.Endorsement = &Endorsement{
			ID:        string(e.ID),
			PartnerID: string(e.PartnerID),
			Statement: e.Statement,
			Skills:    mapAll(e.Edges.Skills, toSkill),
			IssuedAt:  utc(e.IssuedAt),
			RevokedAt: utcp(e.RevokedAt),
			CreatedAt: utc(e.CreatedAt),
			UpdatedAt: utc(e.UpdatedAt),
		}
	}
	return out
}

func toAmendmentRequest(a *ent.AmendmentRequest) AmendmentRequest {
	return AmendmentRequest{
		ID:           string(a.ID),
		RequesterID:  string(a.RequesterID),
		SubjectType:  a.SubjectType,
		SubjectID:    a.SubjectID,
		Reason:       a.Reason,
		Status:       string(a.Status),
		Resolution:   a.Resolution,
		ResolvedByID: idp(a.ResolvedByID),
		ResolvedAt:   utcp(a.ResolvedAt),
		Events: mapAll(a.Edges.Events, func(e *ent.AmendmentEvent) AmendmentEvent {
			return AmendmentEvent{ID: string(e.ID), ActorID: string(e.ActorID), Status: string(e.Status), Note: e.Note, At: utc(e.At)}
		}),
		CreatedAt: utc(a.CreatedAt),
		UpdatedAt: utc(a.UpdatedAt),
	}
}
