package server_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/amendmentrequest"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/guardianship"
	"plp/ent/membership"
	"plp/ent/milestone"
	"plp/ent/partnership"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/server"
)

// The authorization matrix: every kind of viewer against every operation,
// on their own, another family's, another school's and unshared data. Each
// row's want string has one letter per viewer, in authzViewers' order:
// Y allowed, - denied. Add a row for each new query or mutation.
//
// The last two viewers hold roles at two schools: "staffFamily" is an admin
// of the Other school and a guardian (who may book) of Home's student S;
// "staffPartner" is an advisor at Other (of its student O2) and S's
// community partner at Home. Each gets exactly what the family (partner)
// column gets of Home's rows, and what their staff role gives of Other's:
// a role counts only at its own school.
var authzViewers = []string{"admin", "counselor", "advisor", "student", "family", "partner", "otherFamily", "otherAdvisor", "otherSchool",
	"staffFamily", "staffPartner"}

// authzWorld is Home's student S with one goal and one piece of evidence
// per visibility, and a second Home student S2 whose advisor and family are
// "otherAdvisor" and "otherFamily"; at Other, a second student O2 whose
// advisor is "staffPartner".
type authzWorld struct {
	*apitest.World
	s2, o2       *ent.Student
	otherFamily  *ent.Account
	otherAdvisor *ent.Account
	// Viewers with roles at both schools (see authzViewers).
	staffFamily, staffPartner *ent.Account
	goals, evidence           map[string]pulid.ID // by visibility
	reflection, s2Goal        pulid.ID
	// More of S's records, for the mutations on them.
	guardianship, partnership, milestone, selfAssessment pulid.ID
	framework, window, slot, conference                  pulid.ID
	// hosted is the conference of hostedStudent (otherAdvisor's advisee)
	// in a slot of S's advisor.
	hosted, hostedStudent pulid.ID
	skill                 pulid.ID
	clients               map[string]*apitest.Client
}

func newAuthzWorld(t *testing.T, s *apitest.Server) *authzWorld {
	t.Helper()
	ctx := s.System()
	c := s.DB.Client
	w := &authzWorld{World: apitest.NewWorld(t, s.DB), goals: map[string]pulid.ID{}, evidence: map[string]pulid.ID{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	home := w.Home.School.ID
	account := func(name string, role membership.Role) *ent.Account {
		a, err := c.Account.Create().SetEmail(name + "@home.plp.test").SetName(name).SetPasswordHash(apitest.PasswordHash()).Save(ctx)
		must(err)
		must(c.Membership.Create().SetAccountID(a.ID).SetSchoolID(home).SetRole(role).Exec(ctx))
		return a
	}
	w.otherAdvisor = account("other.advisor", membership.RoleAdvisor)
	w.otherFamily = account("other.family", membership.RoleFamily)
	var err error
	w.s2, err = c.Student.Create().SetSchoolID(home).SetGivenName("Sam").SetFamilyName("Two").SetPreferredName("Sam").
		SetGrade(11).SetGraduationYear(2028).SetAdvisorID(w.otherAdvisor.ID).Save(ctx)
	must(err)
	must(c.Guardianship.Create().SetStudentID(w.s2.ID).SetFamilyID(w.otherFamily.ID).SetRelationship("father").Exec(ctx))
	g2, err := c.Goal.Create().SetStudentID(w.s2.ID).SetArea(goal.AreaCareer).SetTitle("S2's goal").SetVisibility(goal.VisibilityPartners).Save(ctx)
	must(err)
	w.s2Goal = g2.ID
	// Two schools, two roles: staff at Other, family or partner of S at Home.
	other := w.Other.School.ID
	twoSchools := func(name string, atOther, atHome membership.Role) *ent.Account {
		a, err := c.Account.Create().SetEmail(name + "@two.plp.test").SetName(name).SetPasswordHash(apitest.PasswordHash()).Save(ctx)
		must(err)
		must(c.Membership.Create().SetAccountID(a.ID).SetSchoolID(other).SetRole(atOther).Exec(ctx))
		must(c.Membership.Create().SetAccountID(a.ID).SetSchoolID(home).SetRole(atHome).Exec(ctx))
		return a
	}
	w.staffFamily = twoSchools("staff.family", membership.RoleAdmin, membership.RoleFamily)
	must(c.Guardianship.Create().SetStudentID(w.Home.Student.ID).SetFamilyID(w.staffFamily.ID).SetRelationship("mother").SetCanBook(true).Exec(ctx))
	w.staffPartner = twoSchools("staff.partner", membership.RoleAdvisor, membership.RolePartner)
	must(c.Partnership.Create().SetStudentID(w.Home.Student.ID).SetPartnerID(w.staffPartner.ID).SetOrganization("Two Schools Lab").
		SetStartsOn(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)).Exec(ctx))
	w.o2, err = c.Student.Create().SetSchoolID(other).SetGivenName("Olu").SetFamilyName("Two").SetPreferredName("Olu").
		SetGrade(10).SetGraduationYear(2029).SetAdvisorID(w.staffPartner.ID).Save(ctx)
	must(err)
	for _, vis := range []string{"PRIVATE", "SCHOOL", "FAMILY", "PARTNERS"} {
		g, err := c.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaAcademic).SetTitle(vis + " goal").
			SetVisibility(goal.Visibility(vis)).Save(ctx)
		must(err)
		w.goals[vis] = g.ID
		must(c.Milestone.Create().SetGoalID(g.ID).SetTitle("step").Exec(ctx))
		e, err := c.Evidence.Create().SetStudentID(w.Home.Student.ID).SetTitle(vis + " evidence").SetKind("TEXT").SetBody("...").
			SetOccurredOn(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)).SetVisibility(evidence.Visibility(vis)).Save(ctx)
		must(err)
		w.evidence[vis] = e.ID
	}
	r, err := c.Reflection.Create().SetStudentID(w.Home.Student.ID).SetBody("I learned to ask for help.").Save(ctx)
	must(err)
	w.reflection = r.ID
	fw, err := c.Framework.Create().SetSchoolID(home).SetName("Skills").Save(ctx)
	must(err)
	sk, err := c.Skill.Create().SetFrameworkID(fw.ID).SetCode("TS-1").SetName("Communication").Save(ctx)
	must(err)
	w.skill = sk.ID

	w.framework = fw.ID
	w.guardianship = c.Guardianship.Query().Where(guardianship.StudentID(w.Home.Student.ID), guardianship.FamilyID(w.Home.Family.ID)).OnlyIDX(ctx)
	w.partnership = c.Partnership.Query().Where(partnership.StudentID(w.Home.Student.ID), partnership.PartnerID(w.Home.Partner.ID)).OnlyIDX(ctx)
	w.milestone = c.Milestone.Query().Where(milestone.HasGoalWith(goal.ID(w.goals["FAMILY"]))).FirstIDX(ctx)
	w.selfAssessment = c.SelfAssessment.Create().SetStudentID(w.Home.Student.ID).SetSkillID(sk.ID).
		SetLevel("DEVELOPING").SetTakenAt(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).SaveX(ctx).ID
	opens := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	w.window = c.ConferenceWindow.Create().SetSchoolID(home).SetTerm("Fall 2026").SetOpensAt(opens).SetClosesAt(opens.AddDate(0, 0, 20)).SaveX(ctx).ID
	w.slot = c.Slot.Create().SetWindowID(w.window).SetHostID(w.Home.Advisor.ID).SetStartsAt(opens.AddDate(0, 0, 10)).
		SetEndsAt(opens.AddDate(0, 0, 10).Add(20 * time.Minute)).SaveX(ctx).ID
	w.conference = c.Conference.Create().SetStudentID(w.Home.Student.ID).SetWindowID(w.window).SetSlotID(w.slot).SaveX(ctx).ID
	hostSlot := c.Slot.Create().SetWindowID(w.window).SetHostID(w.Home.Advisor.ID).SetStartsAt(opens.AddDate(0, 0, 11)).
		SetEndsAt(opens.AddDate(0, 0, 11).Add(20 * time.Minute)).SaveX(ctx).ID
	w.hostedStudent = c.Student.Create().SetSchoolID(home).SetGivenName("Hal").SetFamilyName("Hosted").SetPreferredName("Hal").
		SetGrade(11).SetGraduationYear(2028).SetAdvisorID(w.otherAdvisor.ID).SaveX(ctx).ID
	w.hosted = c.Conference.Create().SetStudentID(w.hostedStudent).SetWindowID(w.window).SetSlotID(hostSlot).SaveX(ctx).ID

	w.clients = map[string]*apitest.Client{
		"admin": s.As(t, w.Home.Admin), "counselor": s.As(t, w.Home.Counselor), "advisor": s.As(t, w.Home.Advisor),
		"student": s.As(t, w.Home.StudentAccount), "family": s.As(t, w.Home.Family), "partner": s.As(t, w.Home.Partner),
		"otherFamily": s.As(t, w.otherFamily), "otherAdvisor": s.As(t, w.otherAdvisor), "otherSchool": s.As(t, w.Other.Admin),
		"staffFamily": s.As(t, w.staffFamily), "staffPartner": s.As(t, w.staffPartner),
	}
	return w
}

// authzCovered collects the mutations the matrix has rows for; the matrix
// test holds it to the schema. Only TestAuthorizationMatrix builds rows.
var authzCovered = map[string]bool{}

// authzExempt are the mutations with tests of their own instead of rows:
// signing in and out changes who the viewer is; a deletion cannot be
// repeated per viewer.
var authzExempt = map[string]string{
	"signIn":            "server/auth_test.go, server/ratelimit_test.go",
	"signOut":           "server/auth_test.go",
	"requestSignInLink": "server/signinlink_test.go",
	"signInWithLink":    "server/signinlink_test.go",
	// Public, or only ever about the viewer's own account and sessions.
	"requestPasswordReset": "server/identity_test.go TestPasswordReset",
	"resetPassword":        "server/identity_test.go TestPasswordReset",
	"acceptInvitation":     "server/identity_test.go TestInvitation",
	"changePassword":       "server/identity_test.go TestChangePassword",
	"signOutEverywhere":    "server/identity_test.go TestSessions",
	"updateMySettings":     "server/family_test.go TestUpdateMySettings",
	// Needs a conference with a built agenda; its test asks the student,
	// advisor, family and another school.
	"arrangeAgenda":        "agenda/agenda_test.go TestAgenda",
	"deleteStudentRecords": "server/retention_test.go",
	// Uploads need multipart requests; their own matrix covers every
	// viewer and visibility.
	"uploadEvidenceFile": "server/files_test.go TestEvidenceFileAuthorization",
	"deleteEvidence":     "server/files_test.go TestEvidenceFileAuthorization",
	"importOneRoster":    "oneroster/api_test.go TestImportOneRosterThroughAPI (a zip upload; admins of the export's schools only)",
	"setCoverImage":      "server/cover_test.go TestCoverImage (student, family, staff, another school)",
	"attachResourceFile": "server/resourcefile_test.go TestResourceFile (admin, advisor, family, another school's resource)",
	// Only a station's device token may call it; people are refused.
	"stationUpload": "server/station_test.go TestEvidenceStation",
}

// authzOp runs one operation as a client and reports whether it was allowed.
// A denial must look like one: an error with an allowed code (never
// INTERNAL), or a read that finds nothing.
type authzOp func(t *testing.T, c *apitest.Client) bool

// readNode is allowed when node(id:) returns the row.
func readNode(id func() pulid.ID) authzOp {
	return func(t *testing.T, c *apitest.Client) bool {
		r := c.Do(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id()})
		if len(r.Errors) > 0 {
			if r.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("denied read answered %s, want NOT_FOUND like an unknown ID: %s", r.Errors[0].Code(), r.Errors[0].Message)
			}
			return false
		}
		return strings.Contains(string(r.Data), string(id()))
	}
}

// listHas is allowed when a list query's response includes the row.
func listHas(query string, id func() pulid.ID) authzOp {
	return func(t *testing.T, c *apitest.Client) bool {
		r := c.Do(t, query, nil)
		if len(r.Errors) > 0 {
			t.Errorf("list %s failed: %+v", query, r.Errors)
			return false
		}
		return strings.Contains(string(r.Data), string(id()))
	}
}

// mutate is allowed when the mutation succeeds; a refusal must carry one of
// the codes a refusal may have.
func mutate(query string, vars func() map[string]any) authzOp {
	if i := strings.Index(query, "{"); i >= 0 {
		name := strings.TrimSpace(query[i+1:])
		if j := strings.IndexAny(name, "( "); j >= 0 {
			authzCovered[name[:j]] = true
		}
	}
	return func(t *testing.T, c *apitest.Client) bool {
		r := c.Do(t, query, vars())
		if len(r.Errors) == 0 {
			return true
		}
		switch code := r.Errors[0].Code(); code {
		case "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT":
		default:
			t.Errorf("refusal answered %s (%s), want FORBIDDEN, NOT_FOUND or BAD_USER_INPUT", code, r.Errors[0].Message)
		}
		return false
	}
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) { c.KeySecret = "authz" }))
	w := newAuthzWorld(t, s)
	S := func() pulid.ID { return w.Home.Student.ID }
	goalOf := func(vis string) func() pulid.ID { return func() pulid.ID { return w.goals[vis] } }
	evidenceOf := func(vis string) func() pulid.ID { return func() pulid.ID { return w.evidence[vis] } }
	n := 0
	unique := func() string { n++; return fmt.Sprintf("%d", n) }

	var sharedLink sync.Once
	matrix := []struct {
		name string
		op   authzOp
		want string // admin counselor advisor student family partner otherFamily otherAdvisor otherSchool staffFamily staffPartner
	}{
		// Reads of the student's record, by node and by list.
		{"node student", readNode(S), "YYYYYY---YY"},
		{"students list", listHas(`{ students { edges { node { id } } } }`, S), "YYYYYY---YY"},
		{"node other family's student", readNode(func() pulid.ID { return w.s2.ID }), "Y-----YY---"},
		{"node other school's student", readNode(func() pulid.ID { return w.Other.Student.ID }), "--------YY-"},
		// Goals and evidence by visibility.
		{"node PRIVATE goal", readNode(goalOf("PRIVATE")), "---Y-------"},
		{"node SCHOOL goal", readNode(goalOf("SCHOOL")), "YYYY-------"},
		{"node FAMILY goal", readNode(goalOf("FAMILY")), "YYYYY----Y-"},
		{"node PARTNERS goal", readNode(goalOf("PARTNERS")), "YYYYYY---YY"},
		{"goals list has PRIVATE goal", listHas(`{ goals { edges { node { id } } } }`, goalOf("PRIVATE")), "---Y-------"},
		{"goals list has FAMILY goal", listHas(`{ goals { edges { node { id } } } }`, goalOf("FAMILY")), "YYYYY----Y-"},
		{"student.goals has PARTNERS goal", listHas(`{ students { edges { node { goals { edges { node { id } } } } } } }`, goalOf("PARTNERS")), "YYYYYY---YY"},
		{"student.goals has SCHOOL goal", listHas(`{ students { edges { node { goals { edges { node { id } } } } } } }`, goalOf("SCHOOL")), "YYYY-------"},
		{"other family's goal", readNode(func() pulid.ID { return w.s2Goal }), "Y-----YY---"},
		{"milestones of FAMILY goal", listHas(`{ goals { edges { node { id milestones { goal { id } } } } } }`, goalOf("FAMILY")), "YYYYY----Y-"},
		{"node PRIVATE evidence", readNode(evidenceOf("PRIVATE")), "---Y-------"},
		{"node SCHOOL evidence", readNode(evidenceOf("SCHOOL")), "YYYY-------"},
		{"node FAMILY evidence", readNode(evidenceOf("FAMILY")), "YYYYY----Y-"},
		{"node PARTNERS evidence", readNode(evidenceOf("PARTNERS")), "YYYYYY---YY"},
		// Personal records partners never see.
		{"node reflection", readNode(func() pulid.ID { return w.reflection }), "YYYYY----Y-"},
		{"guardianships of S", listHas(`{ students { edges { node { guardianships { edges { node { student { id } } } } } } } }`, S), "YYYYY----Y-"},
		{"partnerships of S", listHas(`{ students { edges { node { partnerships { edges { node { student { id } } } } } } } }`, S), "YYYYYY---YY"},
		// Writing the plan: the student and staff; never family, partners or outsiders.
		{"createGoal for S", mutate(`mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "area": "CIVIC", "title": "Goal " + unique()}}
			}), "YYYY-------"},
		{"updateGoal FAMILY goal", mutate(`mutation($id: ID!, $t: String!) { updateGoal(id: $id, input: {title: $t}) { goal { id } } }`,
			func() map[string]any { return map[string]any{"id": w.goals["FAMILY"], "t": "Renamed " + unique()} }), "YYYY-------"},
		{"updateGoal PRIVATE goal", mutate(`mutation($id: ID!, $t: String!) { updateGoal(id: $id, input: {title: $t}) { goal { id } } }`,
			func() map[string]any { return map[string]any{"id": w.goals["PRIVATE"], "t": "Renamed " + unique()} }), "---Y-------"},
		{"createMilestone on FAMILY goal", mutate(`mutation($in: CreateMilestoneInput!) { createMilestone(input: $in) { milestone { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"goalID": w.goals["FAMILY"], "title": "Step " + unique()}}
			}), "YYYY-------"},
		{"createSelfAssessment for S", mutate(`mutation($in: CreateSelfAssessmentInput!) { createSelfAssessment(input: $in) { selfAssessment { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "skillID": w.skill, "level": "DEVELOPING", "takenAt": "2026-11-20T15:00:00Z"}}
			}), "---Y-------"},
		{"createSelfAssessment ADVISOR for S", mutate(`mutation($in: CreateSelfAssessmentInput!) { createSelfAssessment(input: $in) { selfAssessment { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "skillID": w.skill, "level": "PROFICIENT", "takenAt": "2026-11-20T15:00:00Z", "assessor": "ADVISOR"}}
			}), "YYY--------"},
		{"createReflection for S", mutate(`mutation($in: CreateReflectionInput!) { createReflection(input: $in) { reflection { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "body": "Thinking " + unique()}}
			}), "YYYY-------"},
		{"updateStudent pronouns", mutate(`mutation($id: ID!) { updateStudent(id: $id, input: {pronouns: "they/them"}) { student { id } } }`,
			func() map[string]any { return map[string]any{"id": S()} }), "YYYY-------"},
		{"updateStudent grade", mutate(`mutation($id: ID!) { updateStudent(id: $id, input: {grade: 11}) { student { id } } }`,
			func() map[string]any { return map[string]any{"id": S()} }), "YYY--------"},
		// School-wide records: the school's admins.
		{"createStudent", mutate(`mutation($in: CreateStudentInput!) { createStudent(input: $in) { student { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "givenName": "New", "familyName": unique(), "preferredName": "New", "grade": 9, "graduationYear": 2030}}
			}), "Y----------"},
		{"updateSchool", mutate(`mutation($id: ID!) { updateSchool(id: $id, input: {reminderCadenceDays: 10}) { school { id } } }`,
			func() map[string]any { return map[string]any{"id": w.Home.School.ID} }), "Y----------"},
		{"createConferenceWindow", mutate(`mutation($in: CreateConferenceWindowInput!) { createConferenceWindow(input: $in) { conferenceWindow { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "term": "Term " + unique(), "opensAt": "2026-12-01T00:00:00Z", "closesAt": "2026-12-20T00:00:00Z"}}
			}), "Y----------"},
		{"createSkill", mutate(`mutation($in: CreateSkillInput!) { createSkill(input: $in) { skill { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"frameworkID": w.skillFramework(t, s), "code": "C" + unique(), "name": "Curiosity"}}
			}), "Y----------"},
		// Rights of families and eligible students: asking to amend a record.
		{"requestAmendment on FAMILY goal", mutate(`mutation($in: RequestAmendmentInput!) { requestAmendment(input: $in) { amendmentRequest { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"subjectID": w.goals["FAMILY"], "reason": "It says I quit; I finished. " + unique()}}
			}), "----Y----Y-"},
		{"createGuardianship", mutate(`mutation($in: CreateGuardianshipInput!) { createGuardianship(input: $in) { guardianship { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": w.s2.ID, "familyID": w.Home.Family.ID, "relationship": "aunt " + unique()}}
			}), "Y----------"},
	}
	sys := s.System()
	// Fresh conference rows, each at its own time: one host's slots never
	// overlap, and a student has one active conference per window.
	slotN := 0
	freshWindow := func() pulid.ID {
		opens := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		return s.DB.Client.ConferenceWindow.Create().SetSchoolID(w.Home.School.ID).SetTerm("Booking " + unique()).
			SetOpensAt(opens).SetClosesAt(opens.AddDate(0, 0, 20)).SaveX(sys).ID
	}
	freshSlot := func(window pulid.ID) pulid.ID {
		slotN++
		at := time.Date(2027, 1, 4, 14, 0, 0, 0, time.UTC).Add(time.Duration(slotN) * time.Hour)
		return s.DB.Client.Slot.Create().SetWindowID(window).SetHostID(w.Home.Advisor.ID).
			SetStartsAt(at).SetEndsAt(at.Add(20 * time.Minute)).SaveX(sys).ID
	}
	var sibling pulid.ID
	siblingOfS := func() pulid.ID {
		// S's brother: the same family, advisor and counselor.
		if sibling == "" {
			sibling = s.DB.Client.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("Kit").SetPreferredName("Kit").SetFamilyName("Home").
				SetGrade(9).SetGraduationYear(2030).SetAdvisorID(w.Home.Advisor.ID).SetCounselorID(w.Home.Counselor.ID).SaveX(sys).ID
			s.DB.Client.Guardianship.Create().SetStudentID(sibling).SetFamilyID(w.Home.Family.ID).SetRelationship("parent").ExecX(sys)
		}
		return sibling
	}
	freshJointWindow := func() pulid.ID {
		win := freshWindow()
		s.DB.Client.ConferenceWindow.UpdateOneID(win).SetJointMaxStudents(2).ExecX(sys)
		return win
	}
	freshConference := func() (pulid.ID, pulid.ID) {
		win := freshWindow()
		conf := s.DB.Client.Conference.Create().SetStudentID(S()).SetWindowID(win).SetSlotID(freshSlot(win)).SaveX(sys).ID
		return conf, win
	}
	amendment := func(status amendmentrequest.Status) pulid.ID {
		// A fresh record each time: one open request per person per record.
		g := s.DB.Client.Goal.Create().SetStudentID(S()).SetArea(goal.AreaCivic).SetTitle("Goal " + unique()).SaveX(sys)
		return s.DB.Client.AmendmentRequest.Create().SetStudentID(S()).SetRequesterID(w.Home.Family.ID).
			SetSubjectID(string(g.ID)).SetSubjectType("Goal").SetReason("Wrong " + unique()).SetStatus(status).SaveX(sys).ID
	}
	var collectionID pulid.ID
	collection := func() pulid.ID {
		if collectionID == "" {
			collectionID = s.DB.Client.Collection.Create().SetStudentID(S()).SetTitle("Conference").SaveX(sys).ID
		}
		return collectionID
	}
	var sectionID pulid.ID
	section := func() pulid.ID {
		if sectionID == "" {
			sectionID = s.DB.Client.Section.Create().SetStudentID(S()).SetTitle("Projects").SaveX(sys).ID
		}
		return sectionID
	}
	// A fresh station of S's class for each try (one may revoke it).
	station := func() pulid.ID {
		return s.DB.Client.Station.Create().SetSchoolID(w.Home.School.ID).SetName("Tablet " + unique()).
			SetTokenHash([]byte("authz-station-" + unique())).AddStudentIDs(S()).SaveX(sys).ID
	}
	// Each endorsement row needs fresh evidence: one pending request per
	// evidence and partner.
	partnersEvidence := func() pulid.ID {
		return s.DB.Client.Evidence.Create().SetStudentID(S()).SetTitle("Shared " + unique()).SetKind("TEXT").SetBody("...").
			SetOccurredOn(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)).SetVisibility(evidence.VisibilityPartners).SaveX(sys).ID
	}
	endorsementRequest := func() pulid.ID {
		return s.DB.Client.EndorsementRequest.Create().SetStudentID(S()).SetEvidenceID(partnersEvidence()).SetPartnerID(w.Home.Partner.ID).
			SetExpiresAt(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)).SaveX(sys).ID
	}
	// A Home family member with no password yet, to invite.
	invitee := func() pulid.ID {
		a := s.DB.Client.Account.Create().SetEmail("invitee" + unique() + "@home.plp.test").SetName("Invitee").SaveX(sys)
		s.DB.Client.Membership.Create().SetAccountID(a.ID).SetSchoolID(w.Home.School.ID).SetRole("FAMILY").ExecX(sys)
		return a.ID
	}
	issuer := discoveryServer(t)
	more := []struct {
		name string
		op   authzOp
		want string
	}{
		// Identity: only a school's admins invite, end sessions and set up
		// single sign-on, and only at their school.
		{"inviteAccount", mutate(`mutation($s: ID!, $a: ID!) { inviteAccount(input: {school: $s, account: $a}) { invitation { id } } }`,
			func() map[string]any { return map[string]any{"s": w.Home.School.ID, "a": invitee()} }), "Y----------"},
		{"inviteAccounts", mutate(`mutation($s: ID!, $a: ID!) { inviteAccounts(input: {school: $s, accounts: [$a]}) { invitations { id } } }`,
			func() map[string]any { return map[string]any{"s": w.Home.School.ID, "a": invitee()} }), "Y----------"},
		{"resendInvitation", mutate(`mutation($i: ID!) { resendInvitation(input: {invitation: $i}) { invitation { id } } }`,
			func() map[string]any {
				inv := s.DB.Client.Invitation.Create().SetSchoolID(w.Home.School.ID).SetAccountID(invitee()).
					SetTokenHash([]byte("authz-invitation-" + unique())).SetExpiresAt(time.Now().AddDate(0, 0, 7)).SetSentAt(time.Now()).SaveX(sys)
				return map[string]any{"i": inv.ID}
			}), "Y----------"},
		{"endSessions of a Home family", mutate(`mutation($a: ID!) { endSessions(account: $a) { sessionsEnded } }`,
			func() map[string]any {
				a := invitee()
				hash := apitest.PasswordHash()
				s.DB.Client.Account.UpdateOneID(a).SetPasswordHash(hash).ExecX(sys)
				s.SignIn(t, s.DB.Client.Account.GetX(sys, a).Email, apitest.Password)
				return map[string]any{"a": a}
			}), "Y----------"},
		{"configureSSOProvider", mutate(`mutation($s: ID!, $i: String!) { configureSSOProvider(input: {school: $s, name: "Google", issuer: $i, clientID: "plp", clientSecret: "secret", allowedDomains: ["home.plp.test"]}) { provider { id } } }`,
			func() map[string]any { return map[string]any{"s": w.Home.School.ID, "i": issuer} }), "Y----------"},
		{"createAccount", mutate(`mutation($s: ID!, $e: String!) { createAccount(input: {email: $e, name: "Pat"}, schoolID: $s, role: FAMILY) { account { id } } }`,
			func() map[string]any {
				return map[string]any{"s": w.Home.School.ID, "e": "pat" + unique() + "@home.plp.test"}
			}), "Y----------"},
		{"updateAccount of the family", mutate(`mutation($id: ID!) { updateAccount(id: $id, input: {preferredLanguage: "es"}) { account { id } } }`,
			func() map[string]any { return map[string]any{"id": w.Home.Family.ID} }), "Y---Y------"},
		{"createMembership", mutate(`mutation($in: CreateMembershipInput!) { createMembership(input: $in) { membership { id } } }`,
			func() map[string]any {
				a := s.DB.Client.Account.Create().SetEmail("m" + unique() + "@home.plp.test").SetName("M").SaveX(sys)
				s.DB.Client.Membership.Create().SetAccountID(a.ID).SetSchoolID(w.Home.School.ID).SetRole("FAMILY").ExecX(sys)
				return map[string]any{"in": map[string]any{"accountID": a.ID, "schoolID": w.Home.School.ID, "role": "PARTNER"}}
			}), "Y----------"},
		{"updateGuardianship", mutate(`mutation($id: ID!) { updateGuardianship(id: $id, input: {canBook: true}) { guardianship { id } } }`,
			func() map[string]any { return map[string]any{"id": w.guardianship} }), "Y----------"},
		{"setFamilyAccess of a minor's family", mutate(`mutation($id: ID!) { setFamilyAccess(guardianshipID: $id, withdrawn: false) { guardianship { id } } }`,
			func() map[string]any { return map[string]any{"id": w.guardianship} }), "Y----------"},
		{"createPartnership", mutate(`mutation($in: CreatePartnershipInput!) { createPartnership(input: $in) { partnership { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "partnerID": w.Home.Partner.ID, "organization": "Org " + unique(), "startsOn": "2026-09-01T00:00:00Z"}}
			}), "Y----------"},
		{"updatePartnership", mutate(`mutation($id: ID!) { updatePartnership(id: $id, input: {description: "Saturdays"}) { partnership { id } } }`,
			func() map[string]any { return map[string]any{"id": w.partnership} }), "Y----------"},
		{"createEvidence for S", mutate(`mutation($in: CreateEvidenceInput!) { createEvidence(input: $in) { evidence { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "title": "Essay " + unique(), "kind": "TEXT", "body": "...", "occurredOn": "2026-11-01T00:00:00Z"}}
			}), "YYYY-------"},
		{"updateEvidence FAMILY evidence", mutate(`mutation($id: ID!) { updateEvidence(id: $id, input: {description: "Revised"}) { evidence { id } } }`,
			func() map[string]any { return map[string]any{"id": w.evidence["FAMILY"]} }), "YYYY-------"},
		{"updateReflection", mutate(`mutation($id: ID!) { updateReflection(id: $id, input: {prompt: "What helped?"}) { reflection { id } } }`,
			func() map[string]any { return map[string]any{"id": w.reflection} }), "YYYY-------"},
		{"updateMilestone of FAMILY goal", mutate(`mutation($id: ID!) { updateMilestone(id: $id, input: {title: "Draft done"}) { milestone { id } } }`,
			func() map[string]any { return map[string]any{"id": w.milestone} }), "YYYY-------"},
		{"updateSelfAssessment", mutate(`mutation($id: ID!) { updateSelfAssessment(id: $id, input: {level: PROFICIENT}) { selfAssessment { id } } }`,
			func() map[string]any { return map[string]any{"id": w.selfAssessment} }), "---Y-------"},
		{"createFramework", mutate(`mutation($s: ID!, $n: String!) { createFramework(input: {schoolID: $s, name: $n}) { framework { id } } }`,
			func() map[string]any { return map[string]any{"s": w.Home.School.ID, "n": "Framework " + unique()} }), "Y----------"},
		{"updateFramework", mutate(`mutation($id: ID!) { updateFramework(id: $id, input: {description: "Ours"}) { framework { id } } }`,
			func() map[string]any { return map[string]any{"id": w.framework} }), "Y----------"},
		{"importFramework", mutate(`mutation($s: ID!, $p: String!) { importFramework(schoolID: $s, casePackage: $p) { framework { id } } }`,
			func() map[string]any {
				return map[string]any{"s": w.Home.School.ID, "p": `{"CFDocument": {"identifier": "d1", "title": "CASE ` + unique() + `", "version": "1"},
					"CFItems": [{"identifier": "i1", "humanCodingScheme": "A.1", "fullStatement": "Reads closely."}], "CFAssociations": []}`}
			}), "Y----------"},
		{"updateSkill", mutate(`mutation($id: ID!) { updateSkill(id: $id, input: {description: "Listening too"}) { skill { id } } }`,
			func() map[string]any { return map[string]any{"id": w.skill} }), "Y----------"},
		{"updateConferenceWindow", mutate(`mutation($id: ID!) { updateConferenceWindow(id: $id, input: {location: "Library"}) { conferenceWindow { id } } }`,
			func() map[string]any { return map[string]any{"id": w.window} }), "Y----------"},
		{"createSlot", mutate(`mutation($in: CreateSlotInput!) { createSlot(input: $in) { slot { id } } }`,
			func() map[string]any {
				unique()
				at := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
				return map[string]any{"in": map[string]any{"windowID": w.window, "hostID": w.Home.Advisor.ID, "startsAt": at, "endsAt": at.Add(20 * time.Minute)}}
			}), "Y-Y--------"},
		{"updateSlot", mutate(`mutation($id: ID!) { updateSlot(id: $id, input: {location: "Room 104"}) { slot { id } } }`,
			func() map[string]any { return map[string]any{"id": w.slot} }), "Y-Y--------"},
		// Conferences: hosts keep their slots; a guardian who may book
		// books, moves and cancels, as the student's staff may.
		{"generateSlots", mutate(`mutation($in: GenerateSlotsInput!) { generateSlots(input: $in) { slots { id } } }`,
			func() map[string]any {
				day := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(time.DateOnly)
				unique()
				return map[string]any{"in": map[string]any{"windowID": w.window, "hostID": w.Home.Advisor.ID,
					"ranges": []map[string]any{{"date": day, "from": "15:00", "to": "16:00"}}}}
			}), "Y-Y--------"},
		{"blockSlot", mutate(`mutation($id: ID!) { blockSlot(id: $id, blocked: true) { slot { id blocked } } }`,
			func() map[string]any { return map[string]any{"id": freshSlot(w.window)} }), "Y-Y--------"},
		{"removeSlot", mutate(`mutation($id: ID!) { removeSlot(id: $id) { deletedID } }`,
			func() map[string]any { return map[string]any{"id": freshSlot(w.window)} }), "Y-Y--------"},
		{"bookConference for S", mutate(`mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "slotID": freshSlot(freshWindow())}}
			}), "YYY-Y----Y-"},
		{"bookJointConference for S and a sibling", mutate(`mutation($in: BookJointConferenceInput!) { bookJointConference(input: $in) { conferences { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentIDs": []pulid.ID{S(), siblingOfS()}, "slotID": freshSlot(freshJointWindow())}}
			}), "YYY-Y------"},
		{"bookConferences for S and a sibling", mutate(`mutation($in: BookConferencesInput!) { bookConferences(input: $in) { conferences { id } } }`,
			func() map[string]any {
				win := freshWindow()
				return map[string]any{"in": map[string]any{"bookings": []map[string]any{
					{"studentID": S(), "slotID": freshSlot(win)}, {"studentID": siblingOfS(), "slotID": freshSlot(win)}}}}
			}), "YYY-Y------"},
		{"moveConference of S", mutate(`mutation($in: MoveConferenceInput!) { moveConference(input: $in) { conference { id } } }`,
			func() map[string]any {
				conf, win := freshConference()
				return map[string]any{"in": map[string]any{"conferenceID": conf, "slotID": freshSlot(win)}}
			}), "YYY-Y----Y-"},
		{"setConferenceStatus CONFIRMED", mutate(`mutation($id: ID!) { setConferenceStatus(id: $id, status: CONFIRMED) { conference { id } } }`,
			func() map[string]any { conf, _ := freshConference(); return map[string]any{"id": conf} }), "YYY-Y----Y-"},
		{"leaveConferenceFeedback", mutate(`mutation($in: ConferenceFeedbackInput!) { leaveConferenceFeedback(input: $in) { conference { id } } }`,
			func() map[string]any {
				conf, _ := freshConference()
				s.DB.Client.Conference.UpdateOneID(conf).SetStatus("COMPLETED").ExecX(sys)
				return map[string]any{"in": map[string]any{"conferenceID": conf, "feedback": "It went well " + unique()}}
			}), "---YY----Y-"},
		{"adoptNextSteps", mutate(`mutation($in: AdoptNextStepsInput!) { adoptNextSteps(input: $in) { goals { id } } }`,
			func() map[string]any {
				conf, _ := freshConference()
				return map[string]any{"in": map[string]any{"conferenceID": conf, "steps": []map[string]any{{"title": "Visit the clinic " + unique(), "area": "CAREER"}}}}
			}), "YYY--------"},
		{"inviteToConference the partner", mutate(`mutation($id: ID!, $a: ID!) { inviteToConference(conferenceID: $id, accountID: $a) { conference { id } } }`,
			func() map[string]any {
				conf, _ := freshConference()
				return map[string]any{"id": conf, "a": w.Home.Partner.ID}
			}), "YYYY-------"},
		{"joinWaitlist for S", mutate(`mutation($in: JoinWaitlistInput!) { joinWaitlist(input: $in) { waitlistEntry { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"windowID": freshWindow(), "studentID": S()}}
			}), "YYY-Y----Y-"},
		{"leaveWaitlist of S", mutate(`mutation($id: ID!) { leaveWaitlist(id: $id) { waitlistEntry { id } } }`,
			func() map[string]any {
				e := s.DB.Client.WaitlistEntry.Create().SetWindowID(freshWindow()).SetStudentID(S()).SetFamilyID(w.Home.Family.ID).SaveX(sys)
				return map[string]any{"id": e.ID}
			}), "YYY-Y----Y-"},
		{"createCalendarFeed at Home", mutate(`mutation($s: ID!) { createCalendarFeed(schoolID: $s) { calendarFeed { id } } }`,
			func() map[string]any { return map[string]any{"s": w.Home.School.ID} }), "YYYYYYYY-YY"},
		{"revokeCalendarFeed of the family", mutate(`mutation($id: ID!) { revokeCalendarFeed(id: $id) { calendarFeed { id } } }`,
			func() map[string]any {
				f := s.DB.Client.CalendarFeed.Create().SetSchoolID(w.Home.School.ID).SetAccountID(w.Home.Family.ID).
					SetTokenHash([]byte("authz-feed-" + unique())).SaveX(sys)
				return map[string]any{"id": f.ID}
			}), "----Y------"},
		{"cancelConference of S", mutate(`mutation($in: CancelConferenceInput!) { cancelConference(input: $in) { conference { id } } }`,
			func() map[string]any {
				conf, _ := freshConference()
				return map[string]any{"in": map[string]any{"conferenceID": conf}}
			}), "YYY-Y----Y-"},
		{"node conference", readNode(func() pulid.ID { return w.conference }), "YYYYY----Y-"},
		// The host of a slot sees the conference in it, and its student,
		// whoever's advisee (issue 19, point 2).
		{"node conference in the advisor's slot", readNode(func() pulid.ID { return w.hosted }), "Y-Y----Y---"},
		{"node student of a conference in the advisor's slot", readNode(func() pulid.ID { return w.hostedStudent }), "Y-Y----Y---"},
		{"conference invite", listHas(`{ conferences { edges { node { id invite } } } }`, func() pulid.ID { return w.conference }), "YYYYY----Y-"},
		{"bookableSlots of S", func(t *testing.T, c *apitest.Client) bool {
			r := c.Do(t, `query($w: ID!, $s: ID!) { bookableSlots(windowID: $w, studentID: $s) { id } }`, map[string]any{"w": w.window, "s": S()})
			if len(r.Errors) > 0 {
				if r.Errors[0].Code() != "NOT_FOUND" {
					t.Errorf("denied bookableSlots answered %s: %s", r.Errors[0].Code(), r.Errors[0].Message)
				}
				return false
			}
			return true
		}, "YYYYYY---YY"},
		{"updateConference notes", mutate(`mutation($id: ID!) { updateConference(id: $id, input: {notes: "Led with confidence"}) { conference { id } } }`,
			func() map[string]any { return map[string]any{"id": w.conference} }), "YYY--------"},
		// Comments: whoever sees the item may comment on it, as themselves.
		{"addComment on PARTNERS evidence", mutate(`mutation($e: ID!, $b: String!) { addComment(input: {evidenceID: $e, body: $b}) { comment { id } } }`,
			func() map[string]any {
				return map[string]any{"e": w.evidence["PARTNERS"], "b": "Great work " + unique()}
			}), "YYYYYY---YY"},
		{"addComment on SCHOOL goal", mutate(`mutation($g: ID!, $b: String!) { addComment(input: {goalID: $g, body: $b}) { comment { id } } }`,
			func() map[string]any { return map[string]any{"g": w.goals["SCHOOL"], "b": "Keep going " + unique()} }), "YYYY-------"},
		{"editComment of the advisor's comment", mutate(`mutation($id: ID!, $b: String!) { editComment(id: $id, body: $b) { comment { id } } }`,
			func() map[string]any {
				c := s.DB.Client.Comment.Create().SetAuthorID(w.Home.Advisor.ID).SetGoalID(w.goals["FAMILY"]).SetBody("Nice").SaveX(sys)
				return map[string]any{"id": c.ID, "b": "Nicer " + unique()}
			}), "--Y--------"},
		{"resolveAmendment", mutate(`mutation($id: ID!) { resolveAmendment(input: {requestID: $id, decision: AMENDED}) { amendmentRequest { id } } }`,
			func() map[string]any { return map[string]any{"id": amendment(amendmentrequest.StatusOpen)} }), "YYY--------"},
		{"addAmendmentStatement", mutate(`mutation($id: ID!) { addAmendmentStatement(input: {requestID: $id, statement: "We disagree."}) { amendmentRequest { id } } }`,
			func() map[string]any { return map[string]any{"id": amendment(amendmentrequest.StatusDeclined)} }), "----Y------"},
		// Collections and their share links: only the student curates and shares.
		{"createCollection for S", mutate(`mutation($in: CreateCollectionInput!) { createCollection(input: $in) { collection { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "title": "Portfolio " + unique(), "goalIDs": []pulid.ID{w.goals["FAMILY"]}}}
			}), "---Y-------"},
		{"updateCollection", mutate(`mutation($id: ID!, $t: String!) { updateCollection(id: $id, input: {title: $t}) { collection { id } } }`,
			func() map[string]any { return map[string]any{"id": collection(), "t": "Renamed " + unique()} }), "---Y-------"},
		// The home page: only the student edits their sections; the theme is a profile field.
		{"createSection for S", mutate(`mutation($in: CreateHomeSectionInput!) { createSection(input: $in) { section { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": S(), "title": "About me " + unique(),
					"blocks": []map[string]any{{"kind": "text", "text": "Hello"}}}}
			}), "---Y-------"},
		{"updateSection", mutate(`mutation($id: ID!, $t: String!) { updateSection(id: $id, input: {title: $t}) { section { id } } }`,
			func() map[string]any { return map[string]any{"id": section(), "t": "Renamed " + unique()} }), "---Y-------"},
		{"deleteSection", mutate(`mutation($id: ID!) { deleteSection(id: $id) { deletedID } }`,
			func() map[string]any {
				return map[string]any{"id": s.DB.Client.Section.Create().SetStudentID(S()).SetTitle("Gone " + unique()).SaveX(sys).ID}
			}), "---Y-------"},
		{"setHomeTheme", mutate(`mutation($id: ID!) { setHomeTheme(studentID: $id, theme: "ocean") { student { id } } }`,
			func() map[string]any { return map[string]any{"id": S()} }), "YYYY-------"},
		{"clearCoverImage", mutate(`mutation($id: ID!) { clearCoverImage(studentID: $id) { student { id } } }`,
			func() map[string]any { return map[string]any{"id": S()} }), "YYYY-------"},
		// Classroom stations: the school's staff, for students they can see.
		{"registerStation for S", mutate(`mutation($in: RegisterStationInput!) { registerStation(input: $in) { station { id } token } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "name": "Tablet " + unique(), "studentIDs": []pulid.ID{S()}}}
			}), "YYY--------"},
		{"setStationQuestion", mutate(`mutation($id: ID!, $q: String!) { setStationQuestion(stationID: $id, question: $q) { station { id } } }`,
			func() map[string]any { return map[string]any{"id": station(), "q": "Why? " + unique()} }), "YYY----Y---"},
		{"setStationClass to S", mutate(`mutation($id: ID!, $s: [ID!]!) { setStationClass(stationID: $id, studentIDs: $s) { station { id } } }`,
			func() map[string]any { return map[string]any{"id": station(), "s": []pulid.ID{S()}} }), "YYY--------"},
		{"revokeStation", mutate(`mutation($id: ID!) { revokeStation(stationID: $id) { station { id } } }`,
			func() map[string]any { return map[string]any{"id": station()} }), "YYY----Y---"},
		{"issueStationCodes for a class of S", mutate(`mutation($id: ID!) { issueStationCodes(stationID: $id) { cards { code } } }`,
			func() map[string]any { return map[string]any{"id": station()} }), "YYY--------"},
		{"shareCollection", mutate(`mutation($id: ID!) { shareCollection(input: {collectionID: $id}) { shareLink { id } token } }`,
			func() map[string]any { return map[string]any{"id": collection()} }), "---Y-------"},
		{"revokeShareLink", mutate(`mutation($id: ID!) { revokeShareLink(id: $id) { shareLink { id revokedAt } } }`,
			func() map[string]any {
				l := s.DB.Client.ShareLink.Create().SetCollectionID(collection()).SetCreatedByID(w.Home.StudentAccount.ID).
					SetTokenHash([]byte("authz-test-hash-" + unique())).SetStartsAt(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).SaveX(sys)
				return map[string]any{"id": l.ID}
			}), "---Y-------"},
		// A share link opens its collection to whoever holds it, signed in or not.
		{"sharedCollection by its token", func(t *testing.T, c *apitest.Client) bool {
			token := "plps_" + strings.Repeat("A", 43)
			sharedLink.Do(func() {
				sum := sha256.Sum256([]byte(token))
				s.DB.Client.ShareLink.Create().SetCollectionID(collection()).SetCreatedByID(w.Home.StudentAccount.ID).
					SetTokenHash(sum[:]).SetStartsAt(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).ExecX(sys)
			})
			r := c.Do(t, `query($t: String!) { sharedCollection(token: $t) { title } }`, map[string]any{"t": token})
			return len(r.Errors) == 0 && strings.Contains(string(r.Data), "title")
		}, "YYYYYYYYYYY"},
		// Endorsements: the student asks, the partner asked answers, the
		// partner or an admin revokes.
		{"requestEndorsement", mutate(`mutation($in: RequestEndorsementInput!) { requestEndorsement(input: $in) { endorsementRequest { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"evidenceID": partnersEvidence(), "partnerID": w.Home.Partner.ID}}
			}), "---Y-------"},
		{"endorseEvidence", mutate(`mutation($id: ID!) { endorseEvidence(input: {requestID: $id, statement: "Real work."}) { endorsement { id } } }`,
			func() map[string]any { return map[string]any{"id": endorsementRequest()} }), "-----Y-----"},
		{"declineEndorsementRequest", mutate(`mutation($id: ID!) { declineEndorsementRequest(input: {requestID: $id, reason: "I did not see it."}) { endorsementRequest { id } } }`,
			func() map[string]any { return map[string]any{"id": endorsementRequest()} }), "-----Y-----"},
		{"withdrawEndorsementRequest", mutate(`mutation($id: ID!) { withdrawEndorsementRequest(requestID: $id) { endorsementRequest { id } } }`,
			func() map[string]any { return map[string]any{"id": endorsementRequest()} }), "---Y-------"},
		{"revokeEndorsement", mutate(`mutation($id: ID!) { revokeEndorsement(endorsementID: $id) { endorsement { id } } }`,
			func() map[string]any {
				req := endorsementRequest()
				e := s.DB.Client.Endorsement.Create().SetRequestID(req).SetEvidenceID(s.DB.Client.EndorsementRequest.GetX(sys, req).EvidenceID).
					SetPartnerID(w.Home.Partner.ID).SetStatement("Real work.").SetIssuedAt(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)).SaveX(sys)
				return map[string]any{"id": e.ID}
			}), "Y----Y-----"},
		// The annual review: each signs their own part, once a year (a new
		// year per call).
		{"signAnnualReview", mutate(`mutation($id: ID!, $y: String!) { signAnnualReview(input: {studentID: $id, schoolYear: $y}) { annualReview { id } } }`,
			func() map[string]any {
				unique()
				y := 2030 + n%150 // n grows past the schema's years (19xx to 21xx) over the matrix
				return map[string]any{"id": S(), "y": fmt.Sprintf("%d-%d", y, y+1)}
			}), "YYYYY----Y-"},
	}
	// Rows of the Other school, where the two-school viewers are staff:
	// its admin and "staffFamily" (admin there) reach every student,
	// "staffPartner" their advisee O2.
	O2 := func() pulid.ID { return w.o2.ID }
	otherWindow := func(opens time.Time) pulid.ID {
		return s.DB.Client.ConferenceWindow.Create().SetSchoolID(w.Other.School.ID).SetTerm("Other " + unique()).
			SetOpensAt(opens).SetClosesAt(opens.AddDate(0, 0, 20)).SaveX(sys).ID
	}
	otherSlot := func(window pulid.ID) pulid.ID {
		slotN++
		at := time.Date(2027, 1, 4, 14, 0, 0, 0, time.UTC).Add(time.Duration(slotN) * time.Hour)
		return s.DB.Client.Slot.Create().SetWindowID(window).SetHostID(w.staffPartner.ID).
			SetStartsAt(at).SetEndsAt(at.Add(20 * time.Minute)).SaveX(sys).ID
	}
	later := s.Clock.Now().AddDate(0, 0, 3) // a window that is not open yet
	more = append(more, []struct {
		name string
		op   authzOp
		want string
	}{
		{"node O2 (Other)", readNode(O2), "--------YYY"},
		{"createGoal for O2 (Other)", mutate(`mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": O2(), "area": "CIVIC", "title": "Goal " + unique()}}
			}), "--------YYY"},
		{"updateStudent grade of O2 (Other)", mutate(`mutation($id: ID!) { updateStudent(id: $id, input: {grade: 11}) { student { id } } }`,
			func() map[string]any { return map[string]any{"id": O2()} }), "--------YYY"},
		{"updateStudent directory opt-out of O2 (Other)", mutate(`mutation($id: ID!) { updateStudent(id: $id, input: {directoryOptOut: true}) { student { id } } }`,
			func() map[string]any { return map[string]any{"id": O2()} }), "--------YYY"},
		{"createSlot at Other, hosted by staffPartner", mutate(`mutation($in: CreateSlotInput!) { createSlot(input: $in) { slot { id } } }`,
			func() map[string]any {
				unique()
				at := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
				return map[string]any{"in": map[string]any{"windowID": otherWindow(later), "hostID": w.staffPartner.ID, "startsAt": at, "endsAt": at.Add(20 * time.Minute)}}
			}), "--------YYY"},
		{"blockSlot of staffPartner at Other", mutate(`mutation($id: ID!) { blockSlot(id: $id, blocked: true) { slot { id blocked } } }`,
			func() map[string]any { return map[string]any{"id": otherSlot(otherWindow(later))} }), "--------YYY"},
		// Staff book for their students whatever the window's dates.
		{"bookConference for O2 before its window opens (Other)", mutate(`mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"studentID": O2(), "slotID": otherSlot(otherWindow(later))}}
			}), "--------YYY"},
		{"signAnnualReview for O2 (Other)", mutate(`mutation($id: ID!, $y: String!) { signAnnualReview(input: {studentID: $id, schoolYear: $y}) { annualReview { id } } }`,
			func() map[string]any {
				unique()
				y := 2030 + n%150
				return map[string]any{"id": O2(), "y": fmt.Sprintf("%d-%d", y, y+1)}
			}), "--------YYY"},
		// Home rows that only a role at Home may pass: a family books in
		// the window's dates, whatever it is elsewhere; a partner does not
		// see an opted-out student's name.
		{"bookConference for S before its window opens", mutate(`mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
			func() map[string]any {
				win := s.DB.Client.ConferenceWindow.Create().SetSchoolID(w.Home.School.ID).SetTerm("Soon " + unique()).
					SetOpensAt(later).SetClosesAt(later.AddDate(0, 0, 20)).SaveX(sys).ID
				return map[string]any{"in": map[string]any{"studentID": S(), "slotID": freshSlot(win)}}
			}), "YYY--------"},
		{"S's name, opted out of the directory", nameShown(s, S, "Robin"), "YYYYY----Y-"},
	}...)
	for _, row := range more {
		matrix = append(matrix, struct {
			name string
			op   authzOp
			want string
		}{row.name, row.op, row.want})
	}
	matrix = append(matrix, implementationAuthzRows(t, s, w, unique)...)
	matrix = append(matrix, requirementAuthzRows(t, s, w, unique)...)
	// Every mutation of the schema has a row, or a test of its own.
	var schema struct {
		Schema struct {
			MutationType struct{ Fields []struct{ Name string } }
		} `json:"__schema"`
	}
	w.clients["admin"].MustDo(t, `{ __schema { mutationType { fields { name } } } }`, nil, &schema)
	for _, f := range schema.Schema.MutationType.Fields {
		if !authzCovered[f.Name] && authzExempt[f.Name] == "" {
			t.Errorf("mutation %s has no row in the authorization matrix", f.Name)
		}
	}

	for _, row := range matrix {
		if len(row.want) != len(authzViewers) {
			t.Fatalf("%s: want %q has %d letters, want %d", row.name, row.want, len(row.want), len(authzViewers))
		}
		t.Run(row.name, func(t *testing.T) {
			got := make([]byte, len(authzViewers))
			for i, v := range authzViewers {
				got[i] = '-'
				if row.op(t, w.clients[v]) {
					got[i] = 'Y'
				}
			}
			if string(got) != row.want {
				t.Errorf("allowed %s, want %s (viewers: %s)", got, row.want, strings.Join(authzViewers, " "))
			}
		})
	}
}

// nameShown opts the student out of directory information and is allowed
// when the viewer reads the student's own name (not the withheld one).
func nameShown(s *apitest.Server, id func() pulid.ID, name string) authzOp {
	return func(t *testing.T, c *apitest.Client) bool {
		s.DB.Client.Student.UpdateOneID(id()).SetDirectoryOptOut(true).ExecX(s.System())
		var got struct {
			Node *struct{ PreferredName string }
		}
		r := c.Do(t, `query($id: ID!) { node(id: $id) { ... on Student { preferredName } } }`, map[string]any{"id": id()})
		if len(r.Errors) > 0 {
			if r.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("denied read answered %s: %s", r.Errors[0].Code(), r.Errors[0].Message)
			}
			return false
		}
		if err := json.Unmarshal(r.Data, &got); err != nil {
			t.Fatal(err)
		}
		return got.Node != nil && got.Node.PreferredName == name
	}
}

// skillFramework returns the ID of Home's framework.
func (w *authzWorld) skillFramework(t *testing.T, s *apitest.Server) pulid.ID {
	t.Helper()
	sk, err := s.DB.Client.Skill.Get(s.System(), w.skill)
	if err != nil {
		t.Fatal(err)
	}
	return sk.FrameworkID
}
