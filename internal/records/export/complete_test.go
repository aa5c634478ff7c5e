package export_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/amendmentevent"
	"plp/ent/amendmentrequest"
	"plp/ent/annualreview"
	"plp/ent/collection"
	"plp/ent/comment"
	"plp/ent/conference"
	"plp/ent/endorsement"
	"plp/ent/endorsementrequest"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/guardianship"
	"plp/ent/milestone"
	"plp/ent/partnership"
	"plp/ent/reflection"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/ent/schema/schematype"
	"plp/ent/school"
	"plp/ent/section"
	"plp/ent/selfassessment"
	"plp/ent/sharelink"
	"plp/ent/skill"
	"plp/ent/student"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/apperr"
	"plp/internal/records/export"
)

// exported says, for one ent type the export writes, where plan.json has
// each of its columns. A column is exported under its API name
// (apperr.FieldName: success_criteria is successCriteria, family_id
// familyID), or under the path renamed gives, or is left out for the
// reason left gives. Columns come from ent's generated metadata (Columns),
// so a field added to a schema fails TestExportHoldsEveryField until it is
// exported or left out here, with a reason.
type exported struct {
	columns []string
	doc     reflect.Type // the type of plan.json that writes it
	renamed map[string]string
	left    map[string]string
}

// everyRecord are the columns every record of the plan has and no record
// of plan.json repeats.
var everyRecord = map[string]string{
	"school_id":  "every record is of the student's school: the document's school",
	"student_id": "every record is the student's: the document's student",
}

// The reasons shared by several types.
const (
	storageKey = "a storage key, internal: the file itself is in the zip"
	secretHash = "a hash of a secret, never shown by the API either"
	listedIn   = "the record it is listed under in plan.json"
	station    = "the classroom device it was captured on: school equipment, not the student's record"
	summary    = "plan.json refers to it, and names it; its other fields are the school's, not the student's record"
)

var exports = map[string]exported{
	"Student": {columns: student.Columns, doc: reflect.TypeFor[export.Student](),
		renamed: map[string]string{"cover_image_type": "coverImage.contentType"},
		left:    map[string]string{"cover_image_key": storageKey, "station_code_hash": secretHash}},
	"Guardianship": {columns: guardianship.Columns, doc: reflect.TypeFor[export.Guardianship]()},
	"Partnership":  {columns: partnership.Columns, doc: reflect.TypeFor[export.Partnership]()},
	"Goal":         {columns: goal.Columns, doc: reflect.TypeFor[export.Goal]()},
	"Milestone":    {columns: milestone.Columns, doc: reflect.TypeFor[export.Milestone](), left: map[string]string{"goal_id": listedIn}},
	"Comment":      {columns: comment.Columns, doc: reflect.TypeFor[export.Comment](), left: map[string]string{"goal_id": listedIn, "evidence_id": listedIn}},
	"Evidence": {columns: evidence.Columns, doc: reflect.TypeFor[export.Evidence](),
		renamed: map[string]string{"content_type": "file.contentType", "size": "file.size", "sha256": "file.sha256"},
		left:    map[string]string{"blob_key": storageKey, "station_id": station}},
	"Reflection": {columns: reflection.Columns, doc: reflect.TypeFor[export.Reflection](), left: map[string]string{"station_id": station}},
	"SelfAssessment": {columns: selfassessment.Columns, doc: reflect.TypeFor[export.SelfAssessment](),
		renamed: map[string]string{"skill_id": "skill.id"}},
	"Conference": {columns: conference.Columns, doc: reflect.TypeFor[export.Conference](),
		left: map[string]string{
			"window_id": "written out: the window's term, location and video link (term, location, videoURL)",
			"slot_id":   "written out: the slot's times, host and place (startsAt, endsAt, hostID, location, videoURL)",
			"sequence":  "the calendar invite's revision counter, for calendar apps",
		}},
	"Section":    {columns: section.Columns, doc: reflect.TypeFor[export.Section]()},
	"Collection": {columns: collection.Columns, doc: reflect.TypeFor[export.Collection]()},
	"ShareLink": {columns: sharelink.Columns, doc: reflect.TypeFor[export.ShareLink](),
		left: map[string]string{"collection_id": listedIn, "token_hash": secretHash}},
	"AnnualReview":       {columns: annualreview.Columns, doc: reflect.TypeFor[export.AnnualReview]()},
	"EndorsementRequest": {columns: endorsementrequest.Columns, doc: reflect.TypeFor[export.EndorsementRequest]()},
	"Endorsement": {columns: endorsement.Columns, doc: reflect.TypeFor[export.Endorsement](),
		left: map[string]string{"request_id": listedIn, "evidence_id": "the same as its request's evidenceID"}},
	"AmendmentRequest": {columns: amendmentrequest.Columns, doc: reflect.TypeFor[export.AmendmentRequest]()},
	"AmendmentEvent":   {columns: amendmentevent.Columns, doc: reflect.TypeFor[export.AmendmentEvent](), left: map[string]string{"request_id": listedIn}},

	// Records the plan refers to, named rather than exported whole.
	"School": {columns: school.Columns, doc: reflect.TypeFor[export.School](), left: map[string]string{
		"created_at": summary, "updated_at": summary, "locale": summary, "reminder_cadence_days": summary,
		"quiet_hours_start": summary, "quiet_hours_end": summary, "district": summary, "sourced_id": summary, "district_sourced_id": summary,
		"sign_in_link_roles": summary}},
	"Skill": {columns: skill.Columns, doc: reflect.TypeFor[export.SkillRef](), left: map[string]string{
		"created_at": summary, "updated_at": summary, "framework_id": summary, "description": summary, "position": summary}},
	"Account": {columns: account.Columns, doc: reflect.TypeFor[export.Person](), left: map[string]string{
		"created_at": summary, "updated_at": summary, "sourced_id": summary,
		"email":              "a person's contact details are theirs, not the student's record",
		"preferred_language": "a person's settings are theirs, not the student's record",
		"mail_opt_out":       "a person's settings are theirs, not the student's record",
		"password_hash":      secretHash,
		"disabled":           "sign-in state, not the student's record",
		"last_sign_in_at":    "sign-in state, not the student's record",
	}},
}

// path is where plan.json has column c of e, or "" when it is left out.
func (e exported) path(c string) string {
	if _, ok := e.left[c]; ok {
		return ""
	}
	if _, ok := everyRecord[c]; ok {
		return ""
	}
	if p, ok := e.renamed[c]; ok {
		return p
	}
	return apperr.FieldName(c)
}

// jsonField finds the field of t (a struct, or pointers and slices of one)
// whose JSON name is name.
func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == name {
			return f.Type, true
		}
	}
	return nil, false
}

// TestExportHoldsEveryColumn: every column of every type the export writes
// has a field in plan.json's types, or a reason to be left out; and the
// reasons and renames name columns that exist.
func TestExportHoldsEveryColumn(t *testing.T) {
	for name, e := range exports {
		for _, c := range e.columns {
			p := e.path(c)
			if p == "" {
				continue
			}
			typ := e.doc
			for part := range strings.SplitSeq(p, ".") {
				next, ok := jsonField(typ, part)
				if !ok {
					t.Errorf("%s.%s is not in the export: plan.json's %s has no %q. Export it, or say in exports why it is left out",
						name, c, e.doc.Name(), p)
					break
				}
				typ = next
			}
		}
		for c := range e.left {
			if !slices.Contains(e.columns, c) {
				t.Errorf("%s: left out %q, which is not one of its columns", name, c)
			}
		}
		for c := range e.renamed {
			if !slices.Contains(e.columns, c) {
				t.Errorf("%s: renamed %q, which is not one of its columns", name, c)
			}
			if _, ok := e.left[c]; ok {
				t.Errorf("%s: %q is both renamed and left out", name, c)
			}
		}
	}
}

// TestExportHoldsEveryField exports, as the system, a plan in which every
// exported column of every record has a value, and checks each value is
// in plan.json where exports says: a converter that forgets to copy a
// field fails here even when the field is declared.
func TestExportHoldsEveryField(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	c := db.Client
	seedEveryField(t, c, w.Home)
	e, err := export.Load(system(), c, w.Home.Student.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(e.Document())
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	objects := map[string]map[string]any{}
	collect(doc, objects)
	seen := map[string]bool{}
	for id, obj := range objects {
		node, err := c.Noder(system(), pulid.ID(id), ent.WithNodeType(ent.IDToType))
		if err != nil {
			t.Errorf("object %s of plan.json: %v", id, err)
			continue
		}
		name := reflect.TypeOf(node).Elem().Name()
		spec, ok := exports[name]
		if !ok {
			t.Errorf("plan.json holds a %s (%s), which exports does not describe", name, id)
			continue
		}
		seen[name] = true
		b, _ := json.Marshal(node)
		var row map[string]any
		if err := json.Unmarshal(b, &row); err != nil {
			t.Fatal(err)
		}
		for _, col := range spec.columns {
			p := spec.path(col)
			if p == "" {
				continue
			}
			want, ok := row[col]
			if !ok || isZero(want) {
				t.Errorf("%s.%s: the seed gives it no value, so it cannot be checked: set one in seedEveryField", name, col)
				continue
			}
			got := lookup(obj, p)
			if !sameJSON(want, got) {
				t.Errorf("%s %s: %s is %v in the database, %v in plan.json at %s", name, id, col, want, got, p)
			}
		}
	}
	for name := range exports {
		if !seen[name] {
			t.Errorf("plan.json holds no %s: seedEveryField must create one the export writes", name)
		}
	}
}

// collect indexes the objects of plan.json by their id. A snapshot of an
// annual review holds copies of goals as they were: not records.
func collect(v any, into map[string]map[string]any) {
	switch v := v.(type) {
	case map[string]any:
		if id, ok := v["id"].(string); ok {
			into[id] = v
		}
		for k, inner := range v {
			if !strings.HasSuffix(k, "Snapshot") {
				collect(inner, into)
			}
		}
	case []any:
		for _, inner := range v {
			collect(inner, into)
		}
	}
}

func lookup(obj map[string]any, path string) any {
	var v any = obj
	for part := range strings.SplitSeq(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

func isZero(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case float64:
		return v == 0
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// sameJSON compares a value as ent writes it with the same as plan.json
// does: times as instants (plan.json's are UTC), stored JSON text with the
// object written out, object keys without regard to case (ent's refId is
// refID) and a missing key as an empty value.
func sameJSON(db, doc any) bool {
	switch d := db.(type) {
	case string:
		if ds, ok := doc.(string); ok {
			t1, err1 := time.Parse(time.RFC3339Nano, d)
			t2, err2 := time.Parse(time.RFC3339Nano, ds)
			if err1 == nil && err2 == nil {
				return t1.Equal(t2)
			}
			return d == ds
		}
		var decoded any
		if json.Unmarshal([]byte(d), &decoded) == nil {
			return sameJSON(decoded, doc)
		}
		return false
	case map[string]any:
		o, ok := doc.(map[string]any)
		if !ok {
			return false
		}
		fold := func(m map[string]any) map[string]any {
			out := map[string]any{}
			for k, v := range m {
				if !isZero(v) {
					out[strings.ToLower(k)] = v
				}
			}
			return out
		}
		a, b := fold(d), fold(o)
		if len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if !sameJSON(v, b[k]) {
				return false
			}
		}
		return true
	case []any:
		o, ok := doc.([]any)
		if !ok || len(o) != len(d) {
			return false
		}
		for i := range d {
			if !sameJSON(d[i], o[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(db, doc)
}

// seedEveryField gives the school's student one record of every type the
// export writes, each with every column set (the World's guardianship and
// partnership filled in).
func seedEveryField(t testing.TB, c *ent.Client, s apitest.School) {
	t.Helper()
	ctx := system()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	day := func(d int) time.Time { return now.AddDate(0, 0, d) }
	must(c.Student.UpdateOneID(s.Student.ID).
		SetPronouns("they/them").SetBirthDate(day(-17 * 365)).SetIdentityStatement("I build things.").
		SetStrengths([]string{"drawing"}).SetInterests([]string{"robots"}).SetLearningPreferences("By doing.").
		SetCoverImageKey("covers/x.png").SetCoverImageType("image/png").SetTheme("forest").
		SetDirectoryOptOut(true).SetParentalConsentAt(day(-400)).SetSourcedID("sis-robin").Exec(ctx))
	must(c.Guardianship.Update().Where(guardianship.StudentID(s.Student.ID)).
		SetCanBook(true).SetReceivesMail(true).SetEndsAt(day(300)).SetAccessWithdrawnAt(day(-1)).Exec(ctx))
	must(c.Partnership.Update().Where(partnership.StudentID(s.Student.ID)).
		SetDescription("Saturday workshop").SetScope("SHARED_ITEMS").SetEndsOn(day(200)).Exec(ctx))

	fw, err := c.Framework.Create().SetSchoolID(s.School.ID).SetName("Transferable skills").Save(ctx)
	must(err)
	sk, err := c.Skill.Create().SetFrameworkID(fw.ID).SetCode("TS-1").SetName("Clear communication").Save(ctx)
	must(err)

	g, err := c.Goal.Create().SetStudentID(s.Student.ID).SetArea("CAREER").SetAreaName("Career").
		SetTitle("Build a robot arm").SetWhy("I want to be an engineer.").SetSuccessCriteria("It lifts a cup.").
		SetNextSteps("Order servos.").SetTerm("LONG").SetTargetDate(day(60)).SetStatus("ACTIVE").
		SetVisibility("SCHOOL").SetPathway(pathway.CTE).AddSkills(sk).Save(ctx)
	must(err)
	must(c.Milestone.Create().SetGoalID(g.ID).SetTitle("Sketch").SetPosition(1).SetDue(day(10)).SetDoneAt(day(-2)).Exec(ctx))
	must(c.Milestone.Create().SetGoalID(g.ID).SetTitle("Build").SetPosition(2).SetDue(day(40)).SetDoneAt(day(-1)).Exec(ctx))
	must(c.Comment.Create().SetGoalID(g.ID).SetAuthorID(s.Advisor.ID).SetBody("Keep going.").Exec(ctx))

	ev, err := c.Evidence.Create().SetStudentID(s.Student.ID).SetTitle("Arm, first test").SetDescription("It moved.").
		SetKind("IMAGE").SetBlobKey("evidence/arm.png").SetContentType("image/png").SetSize(1234).SetSha256("ab12").
		SetURL("https://example.org/arm").SetBody("Notes on the test.").SetInSchool(true).SetOccurredOn(day(-3)).
		SetVisibility("PARTNERS").SetPathway(pathway.WorkBasedLearning).AddGoals(g).AddSkills(sk).Save(ctx)
	must(err)
	must(c.Comment.Create().SetEvidenceID(ev.ID).SetAuthorID(s.Advisor.ID).SetBody("Lovely work.").Exec(ctx))

	win, err := c.ConferenceWindow.Create().SetSchoolID(s.School.ID).SetTerm("Fall 2026").
		SetOpensAt(day(-30)).SetClosesAt(day(30)).Save(ctx)
	must(err)
	slot, err := c.Slot.Create().SetWindowID(win.ID).SetHostID(s.Advisor.ID).
		SetStartsAt(day(2)).SetEndsAt(day(2).Add(20 * time.Minute)).SetLocation("Room 12").Save(ctx)
	must(err)
	conf, err := c.Conference.Create().SetStudentID(s.Student.ID).SetWindowID(win.ID).SetSlotID(slot.ID).
		SetStatus("COMPLETED").SetInterpreterLanguage("es").SetAccommodations("Step-free access").
		SetAgenda(`{"items":[]}`).SetNotes("Robin led well.").SetNotesShared(true).SetNextSteps("Enter the fair.").
		SetQuestions("How is math going?").SetQuestionsPrivate(true).SetFamilyFeedback("Proud.").
		SetStudentFeedback("Nervous, then fine.").SetBookedByID(s.Family.ID).SetCancelledAt(day(-1)).
		SetJointID(pulid.New("cnf")).AddAttendeeIDs(s.Family.ID).Save(ctx)
	must(err)

	refl, err := c.Reflection.Create().SetStudentID(s.Student.ID).SetPrompt("What did you learn?").
		SetBody("Servos need power.").SetSource("CONFERENCE").SetGoalID(g.ID).SetEvidenceID(ev.ID).
		SetConferenceID(conf.ID).Save(ctx)
	must(err)
	must(c.SelfAssessment.Create().SetStudentID(s.Student.ID).SetSkillID(sk.ID).SetLevel("DEVELOPING").
		SetNote("Getting there.").SetAssessor("ADVISOR").SetAssessorID(s.Advisor.ID).SetTakenAt(day(-5)).Exec(ctx))
	must(c.Section.Create().SetStudentID(s.Student.ID).SetTitle("About me").SetPosition(1).
		SetBlocks([]schematype.ContentBlock{{Kind: "text", Text: "I like making things."}, {Kind: "evidence", RefID: string(ev.ID)}}).Exec(ctx))
	col, err := c.Collection.Create().SetStudentID(s.Student.ID).SetTitle("Best work").SetDescription("For the fair.").
		SetAudience("judges").AddEvidence(ev).AddGoals(g).AddReflections(refl).Save(ctx)
	must(err)
	must(c.ShareLink.Create().SetCollectionID(col.ID).SetCreatedByID(s.StudentAccount.ID).
		SetTokenHash([]byte("hash")).SetStartsAt(day(-3)).SetEndsAt(day(30)).SetRevokedAt(day(-1)).Exec(ctx))
	snap := func(who string) string {
		return fmt.Sprintf(`{"takenAt":"2026-11-20T10:00:00Z","goals":[{"id":"%s","title":"%s","area":"CAREER","status":"ACTIVE","progress":50}],"evidence":1,"reflections":1}`, g.ID, who)
	}
	must(c.AnnualReview.Create().SetStudentID(s.Student.ID).SetSchoolYear("2026-2027").
		SetStudentSignedAt(day(-3)).SetStaffSignerID(s.Advisor.ID).SetStaffSignedAt(day(-2)).
		SetGuardianSignerID(s.Family.ID).SetGuardianSignedAt(day(-1)).SetNotes("A good year.").
		SetStudentSnapshot(snap("as the student saw it")).SetStaffSnapshot(snap("as staff saw it")).
		SetGuardianSnapshot(snap("as the family saw it")).Exec(ctx))
	req, err := c.EndorsementRequest.Create().SetStudentID(s.Student.ID).SetEvidenceID(ev.ID).
		SetPartnerID(s.Partner.ID).SetMessage("Would you endorse my arm?").SetStatus("ENDORSED").
		SetExpiresAt(day(30)).SetRespondedAt(day(-1)).SetDeclineReason("(none: endorsed)").Save(ctx)
	must(err)
	must(c.Endorsement.Create().SetRequestID(req.ID).SetEvidenceID(ev.ID).SetPartnerID(s.Partner.ID).
		SetStatement("Robin explained the design clearly.").SetIssuedAt(day(-1)).SetRevokedAt(now).AddSkills(sk).Exec(ctx))
	amd, err := c.AmendmentRequest.Create().SetStudentID(s.Student.ID).SetRequesterID(s.Family.ID).
		SetSubjectID(string(ev.ID)).SetSubjectType("Evidence").SetReason("The date is wrong.").
		SetStatus("AMENDED").SetResolution("Fixed the date.").SetResolvedByID(s.Admin.ID).SetResolvedAt(day(-1)).Save(ctx)
	must(err)
	must(c.AmendmentEvent.Create().SetRequestID(amd.ID).SetActorID(s.Family.ID).SetStatus("OPEN").
		SetNote("Asked").SetAt(day(-2)).Exec(ctx))
}

// TestPrivatePartsFollowTheExporter: the fields the API shows only to some
// viewers are exported only to them: the host's unshared notes to staff,
// questions the family kept for the host not to the student, and each
// annual review snapshot only to those who may see all it shows.
func TestPrivatePartsFollowTheExporter(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	home, c := w.Home, db.Client
	seedPlan(t, c, home, 4)
	setBirthDate(t, c, home.Student, time.Date(2008, 11, 23, 0, 0, 0, 0, time.UTC)) // 18 today
	if err := c.Conference.Update().Where(conference.StudentID(home.Student.ID)).
		SetNotes("For staff only.").SetQuestions("How is math going?").SetQuestionsPrivate(true).Exec(system()); err != nil {
		t.Fatal(err)
	}
	if err := c.AnnualReview.Update().Where(annualreview.StudentID(home.Student.ID)).
		SetStudentSnapshot(`{"evidence":4}`).SetStaffSnapshot(`{"evidence":3}`).SetGuardianSnapshot(`{"evidence":2}`).Exec(system()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who                          *ent.Account
		notes, questions             string
		student, staff, guardianSnap bool
	}{
		{home.Family, "", "How is math going?", false, false, true},
		{home.Admin, "For staff only.", "How is math going?", false, true, true},
		{home.StudentAccount, "", "", true, true, true},
	} {
		doc := exportAs(t, as(t, db, tc.who), c, home.Student.ID, nil).doc
		role := doc.ExportedBy.Role
		if len(doc.Conferences) != 1 || len(doc.AnnualReviews) != 1 {
			t.Fatalf("%s: %d conferences, %d reviews", role, len(doc.Conferences), len(doc.AnnualReviews))
		}
		if cf := doc.Conferences[0]; cf.Notes != tc.notes || cf.Questions != tc.questions || !cf.QuestionsPrivate {
			t.Errorf("%s: notes %q, questions %q (private %v); want %q, %q", role, cf.Notes, cf.Questions, cf.QuestionsPrivate, tc.notes, tc.questions)
		}
		r := doc.AnnualReviews[0]
		if (r.StudentSnapshot != nil) != tc.student || (r.StaffSnapshot != nil) != tc.staff || (r.GuardianSnapshot != nil) != tc.guardianSnap {
			t.Errorf("%s: snapshots student %v, staff %v, guardian %v; want %v, %v, %v", role,
				r.StudentSnapshot != nil, r.StaffSnapshot != nil, r.GuardianSnapshot != nil, tc.student, tc.staff, tc.guardianSnap)
		}
		if r.GuardianSnapshot != nil && r.GuardianSnapshot.Evidence != 2 {
			t.Errorf("%s: guardian snapshot %+v", role, r.GuardianSnapshot)
		}
	}
}
