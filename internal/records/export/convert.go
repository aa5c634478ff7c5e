package export

import (
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
)

// fill turns what the reader read into plan.json's types. Evidence files
// are described here and marked not included; WriteZip includes them.
func (r *reader) fill(doc *Document) {
	doc.People = mapAll(r.accounts, func(a *ent.Account) Person { return Person{ID: string(a.ID), Name: a.Name} })
	doc.Guardianships = mapAll(r.guardianships, toGuardianship)
	doc.Partnerships = mapAll(r.partnerships, toPartnership)
	doc.Goals = mapAll(r.goals, toGoal)
	r.blobs = map[string]string{}
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
	doc.Conferences = mapAll(r.conferences, toConference)
	doc.Sections = mapAll(r.sections, toSection)
	doc.Collections = mapAll(r.collections, toCollection)
	doc.AnnualReviews = mapAll(r.annualReviews, toAnnualReview)
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
		Milestones: mapAll(g.Edges.Milestones, func(m *ent.Milestone) Milestone {
			return Milestone{ID: string(m.ID), Title: m.Title, Position: m.Position, Due: utcp(m.Due), DoneAt: utcp(m.DoneAt)}
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
	return SelfAssessment{ID: string(a.ID), Skill: sk, Level: string(a.Level), Note: a.Note, TakenAt: utc(a.TakenAt)}
}

func toConference(c *ent.Conference) Conference {
	out := Conference{
		ID:                  string(c.ID),
		Status:              string(c.Status),
		InterpreterLanguage: c.InterpreterLanguage,
		Accommodations:      c.Accommodations,
		Agenda:              c.Agenda,
		Notes:               c.Notes,
		NextSteps:           c.NextSteps,
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
	return Section{ID: string(s.ID), Title: s.Title, Position: s.Position, Blocks: blocks}
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
				EndsAt: utcp(l.EndsAt), RevokedAt: utcp(l.RevokedAt), CreatedAt: utc(l.CreatedAt)}
		}),
		CreatedAt: utc(c.CreatedAt),
		UpdatedAt: utc(c.UpdatedAt),
	}
}

func toAnnualReview(a *ent.AnnualReview) AnnualReview {
	return AnnualReview{
		ID:               string(a.ID),
		SchoolYear:       a.SchoolYear,
		StudentSignedAt:  utcp(a.StudentSignedAt),
		StaffSignerID:    idp(a.StaffSignerID),
		StaffSignedAt:    utcp(a.StaffSignedAt),
		GuardianSignerID: idp(a.GuardianSignerID),
		GuardianSignedAt: utcp(a.GuardianSignedAt),
		Notes:            a.Notes,
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
	}
	if e := q.Edges.Endorsement; e != nil {
		out.Endorsement = &Endorsement{
			ID:        string(e.ID),
			PartnerID: string(e.PartnerID),
			Statement: e.Statement,
			Skills:    mapAll(e.Edges.Skills, toSkill),
			IssuedAt:  utc(e.IssuedAt),
			RevokedAt: utcp(e.RevokedAt),
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
