// Package export writes a student's whole plan as a zip: the right of a
// family, and of an eligible student (18 or over), to inspect and keep the
// education record (FERPA).
//
// The zip holds README.txt (what is in it, and whose view it is), files/
// (each evidence file, as files/<evidence ID>/<name>) and plan.json (a
// Document: schema-versioned JSON with stable field names, documented on
// the types of document.go).
//
// Everything is read with the caller's context, so the privacy rules decide
// what an export holds exactly as they decide what the API shows: a
// family's export has no private or school-only goals, an eligible
// student's has everything of their own. Each type is read in one query
// (eager loads add one per edge), so the cost does not grow with the plan.
//
// The export is complete by test, not by care: complete_test.go reads the
// columns of every type it writes from ent's generated metadata and fails
// for a column that plan.json neither holds (with its value) nor leaves out
// with a stated reason. A field added to a plan schema is exported, or
// named there with why not.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/amendmentevent"
	"plp/ent/amendmentrequest"
	"plp/ent/annualreview"
	"plp/ent/collection"
	"plp/ent/comment"
	"plp/ent/conference"
	"plp/ent/endorsementrequest"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/guardianship"
	"plp/ent/milestone"
	"plp/ent/partnership"
	"plp/ent/privacy"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/ent/section"
	"plp/ent/selfassessment"
	"plp/ent/sharelink"
	"plp/ent/skill"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Files opens stored files by their storage key. File storage plugs in
// here; a nil Files exports plan.json and the README without files.
type Files interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// The roles an export can be made in (Exporter.Role).
const (
	RoleStudent = "STUDENT"
	RoleFamily  = "FAMILY"
	RoleAdmin   = "ADMIN"
	RoleSystem  = "SYSTEM"
)

// Plan writes the zip of a student's plan to w, as the viewer on ctx may
// see it, and records the export in the audit trail. It is Load followed
// by WriteZip; callers that must answer before the first byte (an HTTP
// handler setting headers) call those two themselves.
//
// Errors: see Load; after that, only write errors, when part of the zip
// may already be written.
func Plan(ctx context.Context, client *ent.Client, studentID pulid.ID, files Files, w io.Writer) error {
	e, err := Load(ctx, client, studentID)
	if err != nil {
		return err
	}
	return e.WriteZip(ctx, files, w)
}

// Export is a student's plan, read and ready to be written.
type Export struct {
	doc      Document
	student  *ent.Student
	actor    pulid.ID
	location *time.Location
	// blobs holds the storage keys of files, by the ID of the evidence or
	// student (cover image) they belong to: keys are internal and are not
	// in plan.json.
	blobs map[string]string
}

// Load checks that the viewer on ctx may export the student's plan and
// reads it. Who may: the student at 18 or over (by birth date, on the
// clock of ctx), a current guardian of the student, an admin of the
// student's school, and the system viewer (the server's operators).
//
// Errors: UNAUTHENTICATED with no viewer; NOT_FOUND when the viewer cannot
// see the student at all, exactly as for an unknown ID; FORBIDDEN when they
// can see the student but may not export the plan (staff who are not
// admins, partners, a student under 18). Anything else is a database error.
func Load(ctx context.Context, client *ent.Client, studentID pulid.ID) (*Export, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Sign in first: call signIn and send Authorization: Bearer <token>.")
	}
	now := clock.Now(ctx).UTC()
	st, err := client.Student.Query().Where(student.ID(studentID)).WithSchool().Only(ctx)
	if ent.IsNotFound(err) || ent.IsNotSingular(err) {
		return nil, notFound()
	}
	if err != nil {
		return nil, readError("student", studentID, err)
	}
	r := &reader{client: client, student: st, people: map[pulid.ID]bool{}}
	role, err := r.authorize(ctx, v, now)
	if err != nil {
		return nil, err
	}
	if err := r.readAll(ctx); err != nil {
		return nil, err
	}
	loc := time.UTC
	doc := Document{
		SchemaVersion: SchemaVersion,
		Format:        Format,
		ExportedAt:    now,
		ExportedBy:    Exporter{AccountID: string(v.AccountID), Role: role},
	}
	if school := st.Edges.School; school != nil {
		doc.School = School{ID: string(school.ID), Name: school.Name, Timezone: school.Timezone}
		if l, err := time.LoadLocation(school.Timezone); err == nil {
			loc = l
		}
	}
	r.fill(ctx, &doc, role)
	return &Export{doc: doc, student: st, actor: v.AccountID, location: loc, blobs: r.blobs}, nil
}

// Document returns plan.json as it stands before files are written (every
// evidence file not yet included).
func (e *Export) Document() Document { return e.doc }

// Filename is the name the zip should be saved as:
// plp-<preferred name>-<date>.zip, the date in the school's timezone, the
// name reduced to letters and digits (which may be beyond ASCII: see
// ASCIIFilename).
func (e *Export) Filename() string {
	return e.filename(slug(e.doc.Student.PreferredName, 40, "student"))
}

// ASCIIFilename is Filename with only ASCII letters and digits in the name
// ("Zoë" becomes "Zo", a name with none becomes "student"), for clients
// that do not read UTF-8 file names.
func (e *Export) ASCIIFilename() string {
	ascii := strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII {
			return ' '
		}
		return r
	}, e.doc.Student.PreferredName)
	return e.filename(slug(ascii, 40, "student"))
}

func (e *Export) filename(name string) string {
	return "plp-" + name + "-" + e.doc.ExportedAt.In(e.location).Format("2006-01-02") + ".zip"
}

func notFound() error {
	return apperr.New(apperr.NotFound, "Nothing found with that ID: it does not exist or you cannot see it.")
}

func readError(what string, id pulid.ID, err error) error {
	if errors.Is(err, privacy.Deny) {
		// Anonymous viewers are stopped before, so a denial here means
		// the rules refuse this viewer the type outright.
		return apperr.New(apperr.Forbidden, "You are not allowed to export this plan.")
	}
	return fmt.Errorf("export: read %s of %s: %w", what, id, err)
}

// reader reads a student's plan, one query per type.
type reader struct {
	client  *ent.Client
	student *ent.Student
	// people collects the accounts the records refer to.
	people map[pulid.ID]bool
	blobs  map[string]string

	guardianships       []*ent.Guardianship
	guardianshipsRead   bool
	partnerships        []*ent.Partnership
	goals               []*ent.Goal
	evidence            []*ent.Evidence
	reflections         []*ent.Reflection
	selfAssessments     []*ent.SelfAssessment
	conferences         []*ent.Conference
	sections            []*ent.Section
	collections         []*ent.Collection
	annualReviews       []*ent.AnnualReview
	endorsementRequests []*ent.EndorsementRequest
	amendmentRequests   []*ent.AmendmentRequest
	accounts            []*ent.Account
}

// authorize decides in which role the viewer exports, or refuses them.
// The student was read through its privacy policy, so the viewer can see
// them; the question is only whether they may take the whole plan away.
func (r *reader) authorize(ctx context.Context, v *viewer.Viewer, now time.Time) (string, error) {
	st := r.student
	self := st.AccountID != nil && *st.AccountID == v.AccountID && v.HasRole(viewer.RoleStudent)
	switch {
	case v.IsSystem():
		return RoleSystem, nil
	case v.Has(st.SchoolID, viewer.RoleAdmin):
		return RoleAdmin, nil
	case self && eligible(st, now):
		return RoleStudent, nil
	case v.HasRole(viewer.RoleFamily):
		// The privacy rules show a family only the guardianships of
		// children they are a current guardian of; the viewer may see
		// the student in another role, so look for theirs.
		if err := r.readGuardianships(ctx); err != nil {
			return "", err
		}
		for _, g := range r.guardianships {
			if g.FamilyID == v.AccountID && g.AccessWithdrawnAt == nil && (g.EndsAt == nil || g.EndsAt.After(now)) {
				return RoleFamily, nil
			}
		}
	}
	if self {
		return "", apperr.New(apperr.Forbidden,
			"Students can export their own plan from the age of 18 (by the birth date on record); until then a parent or guardian can.")
	}
	return "", apperr.New(apperr.Forbidden,
		"Only the student's family, the student at 18 or over, and the school's admins can export a plan.")
}

// eligible reports whether the student is 18 or over, as the privacy rules
// count it (rule.EligibleStudentWithdrawsFamily).
func eligible(st *ent.Student, now time.Time) bool {
	return st.BirthDate != nil && !st.BirthDate.After(now.AddDate(-18, 0, 0))
}

func (r *reader) readGuardianships(ctx context.Context) error {
	if r.guardianshipsRead {
		return nil
	}
	gs, err := r.client.Guardianship.Query().
		Where(guardianship.StudentID(r.student.ID)).
		Order(guardianship.ByID()).
		All(ctx)
	if err != nil {
		return readError("guardianships", r.student.ID, err)
	}
	r.guardianships, r.guardianshipsRead = gs, true
	return nil
}

// bySkillOrder orders eager-loaded skills as their framework lists them.
func bySkillOrder(q *ent.SkillQuery) { q.Order(skill.ByPosition(), skill.ByCode(), skill.ByID()) }

func onlyGoalIDs(q *ent.GoalQuery)             { q.Select(goal.FieldID).Order(goal.ByID()) }
func onlyEvidenceIDs(q *ent.EvidenceQuery)     { q.Select(evidence.FieldID).Order(evidence.ByID()) }
func onlyReflectionIDs(q *ent.ReflectionQuery) { q.Select(reflection.FieldID).Order(reflection.ByID()) }
func onlyAccountIDs(q *ent.AccountQuery)       { q.Select(account.FieldID).Order(account.ByID()) }
func commentsInOrder(q *ent.CommentQuery)      { q.Order(comment.ByID()) }

// readAll reads every type of the plan: one query per type and one per
// eager-loaded edge (none when the type has no rows), whatever the size
// of the plan.
func (r *reader) readAll(ctx context.Context) error {
	id := r.student.ID
	c := r.client
	steps := []struct {
		what string
		read func() error
	}{
		{"guardianships", func() error { return r.readGuardianships(ctx) }},
		{"partnerships", func() (err error) {
			r.partnerships, err = c.Partnership.Query().Where(partnership.StudentID(id)).Order(partnership.ByID()).All(ctx)
			return err
		}},
		{"goals", func() (err error) {
			r.goals, err = c.Goal.Query().Where(goal.StudentID(id)).Order(goal.ByID()).
				WithMilestones(func(q *ent.MilestoneQuery) { q.Order(milestone.ByPosition(), milestone.ByID()) }).
				WithSkills(bySkillOrder).
				WithComments(commentsInOrder).
				All(ctx)
			return err
		}},
		{"evidence", func() (err error) {
			r.evidence, err = c.Evidence.Query().Where(evidence.StudentID(id)).Order(evidence.ByID()).
				WithGoals(onlyGoalIDs).
				WithSkills(bySkillOrder).
				WithComments(commentsInOrder).
				All(ctx)
			return err
		}},
		{"reflections", func() (err error) {
			r.reflections, err = c.Reflection.Query().Where(reflection.StudentID(id)).Order(reflection.ByID()).All(ctx)
			return err
		}},
		{"self-assessments", func() (err error) {
			r.selfAssessments, err = c.SelfAssessment.Query().Where(selfassessment.StudentID(id)).
				Order(selfassessment.ByTakenAt(), selfassessment.ByID()).
				WithSkill().
				All(ctx)
			return err
		}},
		{"conferences", func() (err error) {
			r.conferences, err = c.Conference.Query().Where(conference.StudentID(id)).Order(conference.ByID()).
				WithSlot().
				WithWindow().
				WithAttendees(onlyAccountIDs).
				All(ctx)
			return err
		}},
		{"sections", func() (err error) {
			r.sections, err = c.Section.Query().Where(section.StudentID(id)).Order(section.ByPosition(), section.ByID()).All(ctx)
			return err
		}},
		{"collections", func() (err error) {
			r.collections, err = c.Collection.Query().Where(collection.StudentID(id)).Order(collection.ByID()).
				WithEvidence(onlyEvidenceIDs).
				WithGoals(onlyGoalIDs).
				WithReflections(onlyReflectionIDs).
				WithShareLinks(func(q *ent.ShareLinkQuery) { q.Order(sharelink.ByID()) }).
				All(ctx)
			return err
		}},
		{"annual reviews", func() (err error) {
			r.annualReviews, err = c.AnnualReview.Query().Where(annualreview.StudentID(id)).
				Order(annualreview.BySchoolYear(), annualreview.ByID()).All(ctx)
			return err
		}},
		{"endorsement requests", func() (err error) {
			r.endorsementRequests, err = c.EndorsementRequest.Query().Where(endorsementrequest.StudentID(id)).
				Order(endorsementrequest.ByID()).
				WithEndorsement(func(q *ent.EndorsementQuery) { q.WithSkills(bySkillOrder) }).
				All(ctx)
			return err
		}},
		{"amendment requests", func() (err error) {
			r.amendmentRequests, err = c.AmendmentRequest.Query().Where(amendmentrequest.StudentID(id)).
				Order(amendmentrequest.ByID()).
				WithEvents(func(q *ent.AmendmentEventQuery) { q.Order(amendmentevent.ByAt(), amendmentevent.ByID()) }).
				All(ctx)
			return err
		}},
	}
	for _, s := range steps {
		if err := s.read(); err != nil {
			return readError(s.what, id, err)
		}
	}
	return r.readPeople(ctx)
}

// readPeople reads the names of the accounts the plan refers to, in one
// query, as the viewer may see them: a family sees the school's staff, not
// other families or partners, whose IDs stay without a name.
func (r *reader) readPeople(ctx context.Context) error {
	st := r.student
	r.person(st.AdvisorID, st.CounselorID)
	for _, g := range r.guardianships {
		r.people[g.FamilyID] = true
	}
	for _, p := range r.partnerships {
		r.people[p.PartnerID] = true
	}
	for _, g := range r.goals {
		r.commenters(g.Edges.Comments)
	}
	for _, e := range r.evidence {
		r.commenters(e.Edges.Comments)
	}
	for _, a := range r.selfAssessments {
		r.person(a.AssessorID)
	}
	for _, c := range r.conferences {
		if c.Edges.Slot != nil {
			r.people[c.Edges.Slot.HostID] = true
		}
		r.person(c.BookedByID)
		for _, a := range c.Edges.Attendees {
			r.people[a.ID] = true
		}
	}
	for _, c := range r.collections {
		for _, l := range c.Edges.ShareLinks {
			r.people[l.CreatedByID] = true
		}
	}
	for _, a := range r.annualReviews {
		r.person(a.StaffSignerID, a.GuardianSignerID)
	}
	for _, q := range r.endorsementRequests {
		r.people[q.PartnerID] = true
		if e := q.Edges.Endorsement; e != nil {
			r.people[e.PartnerID] = true
		}
	}
	for _, a := range r.amendmentRequests {
		r.people[a.RequesterID] = true
		r.person(a.ResolvedByID)
		for _, e := range a.Edges.Events {
			r.people[e.ActorID] = true
		}
	}
	delete(r.people, "")
	if len(r.people) == 0 {
		return nil
	}
	ids := make([]pulid.ID, 0, len(r.people))
	for id := range r.people {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	// A plan refers to tens or hundreds of people, far below the bind
	// parameter limits (32,766 on SQLite).
	accounts, err := r.client.Account.Query().Where(account.IDIn(ids...)).
		Select(account.FieldID, account.FieldName).Order(account.ByID()).All(ctx)
	if err != nil {
		return readError("people", st.ID, err)
	}
	r.accounts = accounts
	return nil
}

func (r *reader) person(ids ...*pulid.ID) {
	for _, id := range ids {
		if id != nil {
			r.people[*id] = true
		}
	}
}

func (r *reader) commenters(cs []*ent.Comment) {
	for _, c := range cs {
		r.people[c.AuthorID] = true
	}
}
