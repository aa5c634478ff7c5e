package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/auditevent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/schema/schematype"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/apperr"
	"plp/internal/platform/audit"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
	"plp/internal/records/export"
)

// now is the clock of every test: the World's partnerships have started.
var now = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func system() context.Context {
	return clock.NewContext(viewer.SystemContext(context.Background()), func() time.Time { return now })
}

// as returns a context signed in as the account, with its memberships as
// the server would load them.
func as(t testing.TB, db *database.DB, a *ent.Account) context.Context {
	t.Helper()
	ms, err := db.Client.Membership.Query().Where(membership.AccountID(a.ID)).All(system())
	if err != nil {
		t.Fatalf("memberships of %s: %v", a.Email, err)
	}
	v := &viewer.Viewer{AccountID: a.ID}
	for _, m := range ms {
		v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	return clock.NewContext(viewer.NewContext(context.Background(), v), func() time.Time { return now })
}

var visibilities = []goal.Visibility{goal.VisibilityPrivate, goal.VisibilitySchool, goal.VisibilityFamily, goal.VisibilityPartners}

// plan is what seedPlan created, for the assertions.
type plan struct {
	skills   []*ent.Skill
	evidence map[string]*ent.Evidence // by visibility
	files    map[string]string        // blob key → contents
}

// seedPlan gives the school's student a plan with a record of every type:
// goals of each visibility (nGoals in all, cycling through them), evidence
// of each visibility with a file, and one each of the rest.
func seedPlan(t testing.TB, c *ent.Client, s apitest.School, nGoals int) *plan {
	t.Helper()
	ctx := system()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed plan: %v", err)
		}
	}
	p := &plan{evidence: map[string]*ent.Evidence{}, files: map[string]string{}}
	fw, err := c.Framework.Create().SetSchoolID(s.School.ID).SetName("Transferable skills").Save(ctx)
	must(err)
	for i, name := range []string{"Clear communication", "Self-direction"} {
		sk, err := c.Skill.Create().SetFrameworkID(fw.ID).SetCode(fmt.Sprintf("TS-%d", i)).SetName(name).SetPosition(i).Save(ctx)
		must(err)
		p.skills = append(p.skills, sk)
	}
	goals := addGoals(t, c, s, p.skills, 0, nGoals)
	for i, vis := range visibilities {
		body := fmt.Sprintf("contents of the %s file", vis)
		key := fmt.Sprintf("evidence/%s/%d.png", s.Student.ID, i)
		sum := sha256.Sum256([]byte(body))
		e, err := c.Evidence.Create().SetStudentID(s.Student.ID).SetTitle(fmt.Sprintf("Poster (%s)", vis)).
			SetKind("IMAGE").SetOccurredOn(now.AddDate(0, -1, 0)).SetVisibility(evidence.Visibility(vis)).
			SetBlobKey(key).SetContentType("image/png").SetSize(int64(len(body))).SetSha256(hex.EncodeToString(sum[:])).
			AddGoals(goals[i%len(goals)]).AddSkills(p.skills[0]).Save(ctx)
		must(err)
		must(c.Comment.Create().SetEvidenceID(e.ID).SetAuthorID(s.Advisor.ID).SetBody("Lovely work.").Exec(ctx))
		p.evidence[string(vis)] = e
		p.files[key] = body
	}
	shared := p.evidence["FAMILY"]
	refl, err := c.Reflection.Create().SetStudentID(s.Student.ID).SetPrompt("What did you learn?").
		SetBody("That posters need fewer words.").SetEvidenceID(shared.ID).Save(ctx)
	must(err)
	must(c.SelfAssessment.Create().SetStudentID(s.Student.ID).SetSkillID(p.skills[1].ID).
		SetLevel("DEVELOPING").SetTakenAt(now.AddDate(0, -2, 0)).Exec(ctx))
	win, err := c.ConferenceWindow.Create().SetSchoolID(s.School.ID).SetTerm("Fall 2026").
		SetOpensAt(now.AddDate(0, -1, 0)).SetClosesAt(now.AddDate(0, 1, 0)).Save(ctx)
	must(err)
	slot, err := c.Slot.Create().SetWindowID(win.ID).SetHostID(s.Advisor.ID).
		SetStartsAt(now.Add(48 * time.Hour)).SetEndsAt(now.Add(48*time.Hour + 20*time.Minute)).SetLocation("Room 12").Save(ctx)
	must(err)
	must(c.Conference.Create().SetStudentID(s.Student.ID).SetWindowID(win.ID).SetSlotID(slot.ID).
		SetAccommodations("Step-free access").AddAttendeeIDs(s.Family.ID, s.Advisor.ID).Exec(ctx))
	must(c.Section.Create().SetStudentID(s.Student.ID).SetTitle("About me").
		SetBlocks([]schematype.ContentBlock{{Kind: "text", Text: "I like making things."}, {Kind: "evidence", RefID: string(shared.ID)}}).Exec(ctx))
	col, err := c.Collection.Create().SetStudentID(s.Student.ID).SetTitle("Best work").
		AddEvidence(shared).AddGoals(goals[0]).AddReflections(refl).Save(ctx)
	must(err)
	must(c.ShareLink.Create().SetCollectionID(col.ID).SetCreatedByID(s.StudentAccount.ID).
		SetTokenHash([]byte("hash-" + string(col.ID))).SetStartsAt(now.AddDate(0, 0, -3)).Exec(ctx))
	must(c.AnnualReview.Create().SetStudentID(s.Student.ID).SetSchoolYear("2026-2027").
		SetStaffSignerID(s.Advisor.ID).SetStaffSignedAt(now).Exec(ctx))
	req, err := c.EndorsementRequest.Create().SetStudentID(s.Student.ID).SetEvidenceID(p.evidence["PARTNERS"].ID).
		SetPartnerID(s.Partner.ID).SetMessage("Would you endorse my poster?").SetExpiresAt(now.AddDate(0, 1, 0)).
		SetStatus("ENDORSED").Save(ctx)
	must(err)
	must(c.Endorsement.Create().SetRequestID(req.ID).SetEvidenceID(req.EvidenceID).SetPartnerID(s.Partner.ID).
		SetStatement("Robin explained the design clearly.").SetIssuedAt(now).AddSkills(p.skills[0]).Exec(ctx))
	amd, err := c.AmendmentRequest.Create().SetStudentID(s.Student.ID).SetRequesterID(s.Family.ID).
		SetSubjectID(string(shared.ID)).SetSubjectType("Evidence").SetReason("The date is wrong.").Save(ctx)
	must(err)
	must(c.AmendmentEvent.Create().SetRequestID(amd.ID).SetActorID(s.Family.ID).SetStatus("OPEN").
		SetNote("Asked").SetAt(now).Exec(ctx))
	return p
}

// addGoals adds goals from..to-1 to the student, visibilities cycling,
// each with two milestones, both skills and a comment.
func addGoals(t testing.TB, c *ent.Client, s apitest.School, skills []*ent.Skill, from, to int) []*ent.Goal {
	t.Helper()
	ctx := system()
	creates := make([]*ent.GoalCreate, 0, to-from)
	for i := from; i < to; i++ {
		vis := visibilities[i%len(visibilities)]
		creates = append(creates, c.Goal.Create().SetStudentID(s.Student.ID).SetArea("ACADEMIC").
			SetTitle(fmt.Sprintf("Goal %d %s", i, vis)).SetVisibility(vis).AddSkills(skills...))
	}
	goals, err := c.Goal.CreateBulk(creates...).Save(ctx)
	if err != nil {
		t.Fatalf("create goals: %v", err)
	}
	var milestones []*ent.MilestoneCreate
	var comments []*ent.CommentCreate
	for _, g := range goals {
		for m := range 2 {
			milestones = append(milestones, c.Milestone.Create().SetGoalID(g.ID).SetTitle(fmt.Sprintf("Step %d", m)).SetPosition(1-m))
		}
		comments = append(comments, c.Comment.Create().SetGoalID(g.ID).SetAuthorID(s.Advisor.ID).SetBody("Keep going."))
	}
	if err := c.Milestone.CreateBulk(milestones...).Exec(ctx); err != nil {
		t.Fatalf("create milestones: %v", err)
	}
	if err := c.Comment.CreateBulk(comments...).Exec(ctx); err != nil {
		t.Fatalf("create comments: %v", err)
	}
	return goals
}

func setBirthDate(t testing.TB, c *ent.Client, s *ent.Student, d time.Time) {
	t.Helper()
	if err := c.Student.UpdateOneID(s.ID).SetBirthDate(d).Exec(system()); err != nil {
		t.Fatalf("set birth date: %v", err)
	}
}

// zipped is an export read back.
type zipped struct {
	doc   export.Document
	files map[string]string // every entry but plan.json, by name
}

func exportAs(t testing.TB, ctx context.Context, c *ent.Client, id pulid.ID, files export.Files) zipped {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Plan(ctx, c, id, files, &buf); err != nil {
		t.Fatalf("export: %v", err)
	}
	return readZip(t, buf.Bytes())
}

func readZip(t testing.TB, b []byte) zipped {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("open zip: %v", err)
	}
	out := zipped{files: map[string]string{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		if f.Name == "plan.json" {
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&out.doc); err != nil {
				t.Fatalf("decode plan.json: %v\n%s", err, body)
			}
			continue
		}
		out.files[f.Name] = string(body)
	}
	if out.doc.SchemaVersion == 0 {
		t.Fatalf("the zip has no plan.json; it has %v", keys(out.files))
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func goalVisibilities(doc export.Document) map[string]int {
	seen := map[string]int{}
	for _, g := range doc.Goals {
		seen[g.Visibility]++
	}
	return seen
}

func evidenceVisibilities(doc export.Document) map[string]int {
	seen := map[string]int{}
	for _, e := range doc.Evidence {
		seen[e.Visibility]++
	}
	return seen
}

func TestFamilyExportHoldsWhatTheFamilySees(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	home := w.Home
	seedPlan(t, db.Client, home, 8)
	z := exportAs(t, as(t, db, home.Family), db.Client, home.Student.ID, nil)
	doc := z.doc

	if doc.Format != export.Format || doc.SchemaVersion != export.SchemaVersion || !doc.ExportedAt.Equal(now) {
		t.Errorf("header: format %q version %d at %v", doc.Format, doc.SchemaVersion, doc.ExportedAt)
	}
	if doc.ExportedBy != (export.Exporter{AccountID: string(home.Family.ID), Role: export.RoleFamily}) {
		t.Errorf("exportedBy = %+v", doc.ExportedBy)
	}
	if doc.Student.ID != string(home.Student.ID) || doc.Student.PreferredName != "Robin" || doc.School.Name != "home High School" {
		t.Errorf("student %+v, school %+v", doc.Student, doc.School)
	}
	if got := goalVisibilities(doc); got["PRIVATE"] != 0 || got["SCHOOL"] != 0 || got["FAMILY"] != 2 || got["PARTNERS"] != 2 {
		t.Errorf("goals by visibility = %v, want 2 FAMILY and 2 PARTNERS only", got)
	}
	if got := evidenceVisibilities(doc); got["PRIVATE"] != 0 || got["SCHOOL"] != 0 || got["FAMILY"] != 1 || got["PARTNERS"] != 1 {
		t.Errorf("evidence by visibility = %v, want 1 FAMILY and 1 PARTNERS only", got)
	}
	g := doc.Goals[0]
	if len(g.Milestones) != 2 || g.Milestones[0].Title != "Step 1" || g.Milestones[0].Position != 0 {
		t.Errorf("milestones of %s not in position order: %+v", g.Title, g.Milestones)
	}
	if len(g.Skills) != 2 || g.Skills[0].Name != "Clear communication" || len(g.Comments) != 1 || g.Comments[0].AuthorID != string(home.Advisor.ID) {
		t.Errorf("goal skills %+v, comments %+v", g.Skills, g.Comments)
	}
	for _, e := range doc.Evidence {
		if e.File == nil || e.File.Included || e.File.Path != "" || !strings.Contains(e.File.Note, "not included") ||
			e.File.ContentType != "image/png" || e.File.SHA256 == "" || !strings.HasSuffix(e.File.Name, ".png") {
			t.Errorf("evidence %s file = %+v, want described and not included", e.Title, e.File)
		}
		if len(e.GoalIDs) != 1 || len(e.Skills) != 1 || len(e.Comments) != 1 {
			t.Errorf("evidence %s: goals %v skills %v comments %v", e.Title, e.GoalIDs, e.Skills, e.Comments)
		}
	}
	for name := range z.files {
		if strings.HasPrefix(name, "files/") {
			t.Errorf("the zip has %s though no file storage was given", name)
		}
	}
	if !strings.Contains(z.files["README.txt"], "exported by a member of the student's family") ||
		!strings.Contains(z.files["README.txt"], "goals[].milestones[]") {
		t.Errorf("README.txt does not explain the family's view and the fields:\n%s", z.files["README.txt"])
	}
	counts := map[string]int{
		"reflections": len(doc.Reflections), "selfAssessments": len(doc.SelfAssessments), "conferences": len(doc.Conferences),
		"sections": len(doc.Sections), "collections": len(doc.Collections), "annualReviews": len(doc.AnnualReviews),
		"endorsementRequests": len(doc.EndorsementRequests), "amendmentRequests": len(doc.AmendmentRequests),
		"guardianships": len(doc.Guardianships), "partnerships": len(doc.Partnerships),
	}
	for k, n := range counts {
		if n != 1 {
			t.Errorf("%s: %d records, want 1", k, n)
		}
	}
	if sa := doc.SelfAssessments; len(sa) == 1 && (sa[0].Skill.Name != "Self-direction" || sa[0].Level != "DEVELOPING") {
		t.Errorf("self-assessment = %+v", sa[0])
	}
	if c := doc.Conferences; len(c) == 1 && (c[0].Term != "Fall 2026" || c[0].StartsAt == nil || c[0].Location != "Room 12" ||
		c[0].HostID != string(home.Advisor.ID) || len(c[0].AttendeeIDs) != 2) {
		t.Errorf("conference = %+v", c[0])
	}
	if er := doc.EndorsementRequests; len(er) == 1 && (er[0].Endorsement == nil || len(er[0].Endorsement.Skills) != 1) {
		t.Errorf("endorsement request = %+v", er[0])
	}
	if ar := doc.AmendmentRequests; len(ar) == 1 && (len(ar[0].Events) != 1 || ar[0].Events[0].Status != "OPEN") {
		t.Errorf("amendment request = %+v", ar[0])
	}
	if c := doc.Collections; len(c) == 1 {
		// The collection's goal is goal 0, which is PRIVATE: the family
		// sees the collection, not that goal.
		if len(c[0].EvidenceIDs) != 1 || len(c[0].GoalIDs) != 0 || len(c[0].ReflectionIDs) != 1 {
			t.Errorf("collection = %+v, want its evidence and reflection, not its private goal", c[0])
		}
		if len(c[0].ShareLinks) != 0 {
			t.Errorf("the family sees share links: %+v", c[0].ShareLinks)
		}
	}
	if s := doc.Sections; len(s) == 1 && (len(s[0].Blocks) != 2 || s[0].Blocks[1].RefID == "") {
		t.Errorf("section = %+v", s[0])
	}
	names := map[string]string{}
	for _, p := range doc.People {
		names[p.ID] = p.Name
	}
	if names[string(home.Advisor.ID)] != home.Advisor.Name || names[string(home.Family.ID)] != home.Family.Name {
		t.Errorf("people = %v, want the advisor and the family member named", doc.People)
	}
	if _, ok := names[string(home.Partner.ID)]; ok {
		t.Errorf("the family's export names the partner, whom the family may not see: %v", doc.People)
	}
}

func TestEligibleStudentExportHoldsEverything(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	home := w.Home
	seedPlan(t, db.Client, home, 8)
	setBirthDate(t, db.Client, home.Student, time.Date(2008, 11, 23, 0, 0, 0, 0, time.UTC)) // 18 today
	doc := exportAs(t, as(t, db, home.StudentAccount), db.Client, home.Student.ID, nil).doc
	if doc.ExportedBy.Role != export.RoleStudent {
		t.Errorf("role = %q, want STUDENT", doc.ExportedBy.Role)
	}
	for _, vis := range visibilities {
		if goalVisibilities(doc)[string(vis)] != 2 || evidenceVisibilities(doc)[string(vis)] != 1 {
			t.Errorf("%s: goals %v, evidence %v; want every goal and evidence of the student", vis, goalVisibilities(doc), evidenceVisibilities(doc))
		}
	}
	if c := doc.Collections; len(c) != 1 || len(c[0].GoalIDs) != 1 || len(c[0].ShareLinks) != 1 {
		t.Errorf("collections = %+v, want the private goal and the share link", c)
	}
}

func TestAdminExportHoldsWhatStaffSee(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	seedPlan(t, db.Client, w.Home, 8)
	doc := exportAs(t, as(t, db, w.Home.Admin), db.Client, w.Home.Student.ID, nil).doc
	if got := goalVisibilities(doc); doc.ExportedBy.Role != export.RoleAdmin || got["PRIVATE"] != 0 || got["SCHOOL"] != 2 || got["FAMILY"] != 2 {
		t.Errorf("admin export: role %q, goals by visibility %v; want no PRIVATE goals", doc.ExportedBy.Role, got)
	}
}

// TestWhoMayExport is the authorization matrix of the export: the student
// from 18, a current guardian and the school's admins; everyone else who
// can see the student is refused, and whoever cannot gets NOT_FOUND, as
// for an ID that does not exist.
func TestWhoMayExport(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	home, other := w.Home, w.Other
	seedPlan(t, db.Client, home, 4)
	sys := system()
	// A second family member whose guardianship has ended, and one whose
	// access the student withdrew.
	exGuardian := addFamily(t, db.Client, home, func(g *ent.GuardianshipCreate) { g.SetEndsAt(now.AddDate(0, -1, 0)) })
	withdrawn := addFamily(t, db.Client, home, func(g *ent.GuardianshipCreate) { g.SetAccessWithdrawnAt(now.AddDate(0, 0, -1)) })

	type ctxFunc func() context.Context
	signedIn := func(a *ent.Account) ctxFunc { return func() context.Context { return as(t, db, a) } }
	cases := []struct {
		name    string
		ctx     ctxFunc
		student pulid.ID
		birth   *time.Time // set on the home student first
		want    apperr.Code
	}{
		{"family", signedIn(home.Family), home.Student.ID, nil, ""},
		{"admin", signedIn(home.Admin), home.Student.ID, nil, ""},
		{"system", func() context.Context { return sys }, home.Student.ID, nil, ""},
		{"student with no birth date", signedIn(home.StudentAccount), home.Student.ID, nil, apperr.Forbidden},
		{"student of 17", signedIn(home.StudentAccount), home.Student.ID, ptr(time.Date(2008, 11, 24, 0, 0, 0, 0, time.UTC)), apperr.Forbidden},
		{"student of 18", signedIn(home.StudentAccount), home.Student.ID, ptr(time.Date(2008, 11, 23, 0, 0, 0, 0, time.UTC)), ""},
		{"advisor", signedIn(home.Advisor), home.Student.ID, nil, apperr.Forbidden},
		{"counselor", signedIn(home.Counselor), home.Student.ID, nil, apperr.Forbidden},
		{"partner", signedIn(home.Partner), home.Student.ID, nil, apperr.Forbidden},
		{"guardianship ended", signedIn(exGuardian), home.Student.ID, nil, apperr.NotFound},
		{"access withdrawn", signedIn(withdrawn), home.Student.ID, nil, apperr.NotFound},
		{"other school's admin", signedIn(other.Admin), home.Student.ID, nil, apperr.NotFound},
		{"other school's family", signedIn(other.Family), home.Student.ID, nil, apperr.NotFound},
		{"other student", signedIn(other.StudentAccount), home.Student.ID, nil, apperr.NotFound},
		{"unknown ID", signedIn(home.Family), pulid.New("stu"), nil, apperr.NotFound},
		{"not a student's ID", signedIn(home.Family), pulid.ID("goal_01JD5V2K9Q8M1W3X4Y5Z6A7B8C"), nil, apperr.NotFound},
		{"nobody", func() context.Context { return context.Background() }, home.Student.ID, nil, apperr.Unauthenticated},
	}
	for _, tc := range cases { // sequential: some set the birth date
		t.Run(tc.name, func(t *testing.T) {
			if tc.birth != nil {
				setBirthDate(t, db.Client, home.Student, *tc.birth)
			}
			err := export.Plan(tc.ctx(), db.Client, tc.student, nil, io.Discard)
			if got := code(err); got != tc.want {
				t.Fatalf("export: %v (code %q), want code %q", err, got, tc.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func addFamily(t testing.TB, c *ent.Client, s apitest.School, set func(*ent.GuardianshipCreate)) *ent.Account {
	t.Helper()
	ctx := system()
	a, err := c.Account.Create().SetEmail(strings.ToLower(string(pulid.New("fam"))) + "@home.plp.test").
		SetName("Another parent").SetPasswordHash(apitest.PasswordHash()).Save(ctx)
	if err != nil {
		t.Fatalf("create account: %v", err)
	}
	if err := c.Membership.Create().SetAccountID(a.ID).SetSchoolID(s.School.ID).SetRole(membership.RoleFamily).Exec(ctx); err != nil {
		t.Fatalf("create membership: %v", err)
	}
	g := c.Guardianship.Create().SetStudentID(s.Student.ID).SetFamilyID(a.ID).SetRelationship("parent")
	set(g)
	if err := g.Exec(ctx); err != nil {
		t.Fatalf("create guardianship: %v", err)
	}
	return a
}

// memFiles is file storage in memory; Open counts what is open, so the
// test can check each file is closed.
type memFiles struct {
	data map[string]string
	open int
}

func (m *memFiles) Open(_ context.Context, key string) (io.ReadCloser, error) {
	body, ok := m.data[key]
	if !ok {
		return nil, fs.ErrNotExist
	}
	m.open++
	return closer{strings.NewReader(body), m}, nil
}

type closer struct {
	io.Reader
	m *memFiles
}

func (c closer) Close() error { c.m.open--; return nil }

func TestFilesAreIncluded(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	p := seedPlan(t, db.Client, w.Home, 4)
	store := &memFiles{data: map[string]string{}}
	for k, v := range p.files {
		store.data[k] = v
	}
	// One file is gone from storage, one has changed since its upload.
	delete(store.data, p.evidence["SCHOOL"].BlobKey)
	store.data[p.evidence["FAMILY"].BlobKey] = "tampered"
	// The home page's cover image is a file of the plan too.
	store.data["covers/robin.jpg"] = "cover image"
	if err := db.Client.Student.UpdateOneID(w.Home.Student.ID).SetCoverImageKey("covers/robin.jpg").
		SetCoverImageType("image/jpeg").Exec(system()); err != nil {
		t.Fatal(err)
	}
	setBirthDate(t, db.Client, w.Home.Student, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	z := exportAs(t, as(t, db, w.Home.StudentAccount), db.Client, w.Home.Student.ID, store)
	cover, want := z.doc.Student.CoverImage, "files/"+string(w.Home.Student.ID)+"/cover.jpg"
	if cover == nil || !cover.Included || cover.Path != want || cover.ContentType != "image/jpeg" || z.files[want] != "cover image" {
		t.Errorf("cover image %+v; zip has %v", cover, keys(z.files))
	}
	if store.open != 0 {
		t.Errorf("%d files left open", store.open)
	}
	for _, e := range z.doc.Evidence {
		f := e.File
		switch e.Visibility {
		case "SCHOOL":
			if f.Included || f.Path != "" || !strings.Contains(f.Note, "could not be read") {
				t.Errorf("missing file: %+v", f)
			}
		case "FAMILY":
			if !f.Included || z.files[f.Path] != "tampered" || !strings.Contains(f.Note, "checksum") {
				t.Errorf("changed file: %+v", f)
			}
		default:
			want := "files/" + e.ID + "/" + f.Name
			if !f.Included || f.Path != want || f.Note != "" || z.files[want] != p.files[p.evidence[e.Visibility].BlobKey] {
				t.Errorf("file of %s: %+v; zip has %v", e.Title, f, keys(z.files))
			}
			if f.Name != fmt.Sprintf("Poster (%s).png", e.Visibility) {
				t.Errorf("file name = %q", f.Name)
			}
		}
	}
	if !strings.Contains(z.files["README.txt"], "files/<evidence ID>/<name>") {
		t.Errorf("README.txt does not explain files/:\n%s", z.files["README.txt"])
	}
}

// TestStatementsDoNotGrowWithThePlan holds DESIGN.md's rule for the export:
// one query per type and per eager-loaded edge, so 50 goals cost what 5 do.
func TestStatementsDoNotGrowWithThePlan(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	home := w.Home
	p := seedPlan(t, db.Client, home, 5)
	setBirthDate(t, db.Client, home.Student, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	viewers := map[string]*ent.Account{"family": home.Family, "student": home.StudentAccount, "admin": home.Admin}
	measure := func() map[string]int64 {
		out := map[string]int64{}
		for name, a := range viewers {
			ctx := as(t, db, a)
			before := db.Statements()
			if err := export.Plan(ctx, db.Client, home.Student.ID, nil, io.Discard); err != nil {
				t.Fatalf("export as %s: %v", name, err)
			}
			out[name] = db.Statements() - before
		}
		return out
	}
	five := measure()
	addGoals(t, db.Client, home, p.skills, 5, 50)
	fifty := measure()
	for name := range viewers {
		t.Logf("%s: %d statements for 5 goals, %d for 50", name, five[name], fifty[name])
		if five[name] != fifty[name] {
			t.Errorf("%s: %d statements for 5 goals, %d for 50: some read runs per row", name, five[name], fifty[name])
		}
		if five[name] > 40 {
			t.Errorf("%s: %d statements; one per type and edge is about 32", name, five[name])
		}
	}
}

func TestExportIsAudited(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	seedPlan(t, db.Client, w.Home, 4)
	rec := audit.NewRecorder(db.Client, slog.New(slog.DiscardHandler), audit.Options{Now: func() time.Time { return now }})
	t.Cleanup(func() { _ = rec.Close(context.Background()) })
	ctx := audit.WithRequest(audit.NewContext(as(t, db, w.Home.Family), rec), "req-export-1")
	if err := export.Plan(ctx, db.Client, w.Home.Student.ID, nil, io.Discard); err != nil {
		t.Fatalf("export: %v", err)
	}
	// A refused export is no disclosure.
	partner := audit.NewContext(as(t, db, w.Home.Partner), rec)
	if err := export.Plan(partner, db.Client, w.Home.Student.ID, nil, io.Discard); code(err) != apperr.Forbidden {
		t.Fatalf("partner export: %v", err)
	}
	if err := rec.Flush(context.Background()); err != nil {
		t.Fatalf("flush: %v", err)
	}
	events, err := db.Client.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionExport)).All(system())
	if err != nil {
		t.Fatalf("read audit events: %v", err)
	}
	if len(events) != 1 {
		t.Fatalf("%d EXPORT events, want 1: %+v", len(events), events)
	}
	e := events[0]
	if e.ActorID == nil || *e.ActorID != w.Home.Family.ID || e.StudentID == nil || *e.StudentID != w.Home.Student.ID ||
		e.SchoolID != w.Home.School.ID || e.SubjectType != "Student" || e.SubjectID != string(w.Home.Student.ID) ||
		e.RequestID != "req-export-1" || e.Detail != "plan export" {
		t.Errorf("EXPORT event = %+v", e)
	}
}

func TestFilename(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	sys := system()
	for name, want := range map[string][2]string{
		"Robin":          {"plp-Robin-2026-11-23.zip", "plp-Robin-2026-11-23.zip"},
		"Zoë Ann":        {"plp-Zoë-Ann-2026-11-23.zip", "plp-Zo-Ann-2026-11-23.zip"},
		"../../etc\"x;y": {"plp-etc-x-y-2026-11-23.zip", "plp-etc-x-y-2026-11-23.zip"},
		"李小龙":            {"plp-李小龙-2026-11-23.zip", "plp-student-2026-11-23.zip"},
	} {
		if err := db.Client.Student.UpdateOneID(w.Home.Student.ID).SetPreferredName(name).Exec(sys); err != nil {
			t.Fatalf("rename: %v", err)
		}
		e, err := export.Load(sys, db.Client, w.Home.Student.ID)
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		if got := [2]string{e.Filename(), e.ASCIIFilename()}; got != want {
			t.Errorf("%q: file names %q, want %q", name, got, want)
		}
	}
}
