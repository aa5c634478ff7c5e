package sharing_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/sharelink"
	"plp/internal/devtools/apitest"
	"plp/internal/plan/sharing"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
)

var start = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func system() context.Context { return apitest.SystemAt(start) }

// as is a context signed in as the account at the given time.
func as(t testing.TB, db *database.DB, a *ent.Account, now time.Time) context.Context {
	t.Helper()
	ms, err := db.Client.Membership.Query().Where(membership.AccountID(a.ID)).All(system())
	if err != nil {
		t.Fatal(err)
	}
	v := &viewer.Viewer{AccountID: a.ID}
	for _, m := range ms {
		v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	return clock.NewContext(viewer.NewContext(context.Background(), v), func() time.Time { return now })
}

// anonymous is a context with no viewer at the given time, as a link
// viewer's request is.
func anonymous(now time.Time) context.Context {
	return clock.NewContext(context.Background(), func() time.Time { return now })
}

type items struct {
	evidence, other *ent.Evidence
	goal, otherGoal *ent.Goal
	reflection      *ent.Reflection
}

func seed(t *testing.T, db *database.DB, w *apitest.World) items {
	t.Helper()
	ctx := system()
	c := db.Client
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var it items
	var err error
	it.evidence, err = c.Evidence.Create().SetStudentID(w.Home.Student.ID).SetTitle("Bridge model").
		SetKind(evidence.KindLink).SetURL("https://example.org/bridge").SetOccurredOn(start.Add(-48 * time.Hour)).
		SetVisibility(evidence.VisibilityPrivate).Save(ctx)
	must(err)
	it.goal, err = c.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaCareer).
		SetTitle("Become an engineer").SetStatus(goal.StatusActive).Save(ctx)
	must(err)
	must(c.Milestone.Create().SetGoalID(it.goal.ID).SetTitle("Visit a firm").SetDoneAt(start).Exec(ctx))
	it.otherGoal, err = c.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaWellness).
		SetTitle("Sleep more").Save(ctx)
	must(err)
	it.reflection, err = c.Reflection.Create().SetStudentID(w.Home.Student.ID).SetPrompt("What did you learn?").
		SetBody("Trusses spread the load.").Save(ctx)
	must(err)
	// Another student of the same school, with evidence of their own.
	acc, err := c.Account.Create().SetEmail("sam@home.plp.test").SetName("Sam").Save(ctx)
	must(err)
	sam, err := c.Student.Create().SetSchoolID(w.Home.School.ID).SetAccountID(acc.ID).
		SetGivenName("Sam").SetFamilyName("Home").SetPreferredName("Sam").SetGrade(10).SetGraduationYear(2029).Save(ctx)
	must(err)
	it.other, err = c.Evidence.Create().SetStudentID(sam.ID).SetTitle("Sam's essay").
		SetKind(evidence.KindText).SetBody("secret").SetOccurredOn(start).Save(ctx)
	must(err)
	return it
}

func field(t *testing.T, err error) string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.BadUserInput {
		t.Fatalf("got %v, want BAD_USER_INPUT", err)
	}
	return e.Field
}

func TestCollectionItemsAreTheStudentsOwn(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	it := seed(t, db, w)
	ctx := as(t, db, w.Home.StudentAccount, start)

	col, err := sharing.CreateCollection(ctx, db.Client, ent.CreateCollectionInput{
		StudentID: w.Home.Student.ID, Title: "Engineering application",
		EvidenceIDs: []pulid.ID{it.evidence.ID}, GoalIDs: []pulid.ID{it.goal.ID}, ReflectionIDs: []pulid.ID{it.reflection.ID},
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	_, err = sharing.CreateCollection(ctx, db.Client, ent.CreateCollectionInput{
		StudentID: w.Home.Student.ID, Title: "Borrowed", EvidenceIDs: []pulid.ID{it.evidence.ID, it.other.ID},
	})
	if f := field(t, err); f != "evidenceIDs" {
		t.Errorf("field = %q, want evidenceIDs", f)
	}
	_, err = sharing.UpdateCollection(ctx, db.Client, col.ID, ent.UpdateCollectionInput{AddEvidenceIDs: []pulid.ID{it.other.ID}})
	if f := field(t, err); f != "addEvidenceIDs" {
		t.Errorf("field = %q, want addEvidenceIDs", f)
	}
	// The other student's evidence, named as a goal, is not a goal of hers.
	_, err = sharing.UpdateCollection(ctx, db.Client, col.ID, ent.UpdateCollectionInput{AddGoalIDs: []pulid.ID{pulid.ID(it.other.ID)}})
	if f := field(t, err); f != "addGoalIDs" {
		t.Errorf("field = %q, want addGoalIDs", f)
	}
	n, err := db.Client.Collection.QueryEvidence(col).Count(system())
	if err != nil || n != 1 {
		t.Fatalf("collection holds %d evidence (%v), want 1", n, err)
	}
	if _, err := sharing.UpdateCollection(ctx, db.Client, col.ID, ent.UpdateCollectionInput{Title: ptr("Renamed"), AddGoalIDs: []pulid.ID{it.otherGoal.ID}}); err != nil {
		t.Fatalf("update: %v", err)
	}
}

func TestShareLinkWindowAndRevoke(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	it := seed(t, db, w)
	ctx := as(t, db, w.Home.StudentAccount, start)
	col, err := sharing.CreateCollection(ctx, db.Client, ent.CreateCollectionInput{
		StudentID: w.Home.Student.ID, Title: "Conference", Audience: ptr("My family"),
		EvidenceIDs: []pulid.ID{it.evidence.ID}, GoalIDs: []pulid.ID{it.goal.ID}, ReflectionIDs: []pulid.ID{it.reflection.ID},
	})
	if err != nil {
		t.Fatal(err)
	}

	// endsAt must come after startsAt.
	_, err = sharing.Share(ctx, db.Client, sharing.ShareInput{CollectionID: col.ID, StartsAt: ptr(start.Add(time.Hour)), EndsAt: ptr(start.Add(time.Hour))})
	if f := field(t, err); f != "endsAt" {
		t.Errorf("field = %q, want endsAt", f)
	}
	// Family and the advisor read the collection but cannot share it.
	for _, a := range []*ent.Account{w.Home.Family, w.Home.Advisor} {
		if _, err := sharing.Share(as(t, db, a, start), db.Client, sharing.ShareInput{CollectionID: col.ID}); err == nil {
			t.Errorf("%s shared the student's collection", a.Email)
		}
	}

	shared, err := sharing.Share(ctx, db.Client, sharing.ShareInput{CollectionID: col.ID, StartsAt: ptr(start.Add(time.Hour)), EndsAt: ptr(start.Add(48 * time.Hour))})
	if err != nil {
		t.Fatalf("share: %v", err)
	}
	row, err := db.Client.ShareLink.Query().Where(sharelink.ID(shared.Link.ID)).Only(system())
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(shared.Token))
	if bytes.Equal(row.TokenHash, []byte(shared.Token)) || !bytes.Equal(row.TokenHash, sum[:]) {
		t.Errorf("token_hash is not the SHA-256 of the token")
	}
	if shared.Path() != "/shared/"+shared.Token {
		t.Errorf("path = %q", shared.Path())
	}

	notFound := func(at time.Time, token string) {
		t.Helper()
		_, err := sharing.ViewByToken(anonymous(at), db.Client, token)
		if !errors.Is(err, sharing.ErrNotFound) {
			t.Errorf("view at %s: got %v, want not found", at, err)
		}
	}
	notFound(start, shared.Token)                          // not yet started
	notFound(start.Add(48*time.Hour), shared.Token)        // ended
	notFound(start.Add(2*time.Hour), shared.Token+"x")     // unknown
	notFound(start.Add(2*time.Hour), "plps_"+shared.Token) // junk

	v, err := sharing.ViewByToken(anonymous(start.Add(2*time.Hour)), db.Client, shared.Token)
	if err != nil {
		t.Fatalf("view: %v", err)
	}
	if v.Title != "Conference" || v.Audience != "My family" || v.Student != "Robin" {
		t.Errorf("view = %+v", v)
	}
	if len(v.Evidence) != 1 || v.Evidence[0].URL != "https://example.org/bridge" || v.Evidence[0].Kind != "LINK" {
		t.Errorf("evidence = %+v", v.Evidence)
	}
	if len(v.Goals) != 1 || v.Goals[0].Title != "Become an engineer" || len(v.Goals[0].Milestones) != 1 || !v.Goals[0].Milestones[0].Done {
		t.Errorf("goals = %+v (only the collection's goal)", v.Goals)
	}
	if len(v.Reflections) != 1 || v.Reflections[0].Prompt != "What did you learn?" {
		t.Errorf("reflections = %+v", v.Reflections)
	}

	// A student who opted out of the directory is not named.
	if err := db.Client.Student.UpdateOneID(w.Home.Student.ID).SetDirectoryOptOut(true).Exec(system()); err != nil {
		t.Fatal(err)
	}
	v, err = sharing.ViewByToken(anonymous(start.Add(2*time.Hour)), db.Client, shared.Token)
	if err != nil || v.Student != sharing.NameWithheld {
		t.Errorf("opted-out student shown as %q (%v)", v.Student, err)
	}

	// Revoked: gone at once, and revoking again keeps the first time.
	revoked, err := sharing.Revoke(as(t, db, w.Home.StudentAccount, start.Add(3*time.Hour)), db.Client, shared.Link.ID)
	if err != nil || revoked.RevokedAt == nil {
		t.Fatalf("revoke: %v", err)
	}
	notFound(start.Add(4*time.Hour), shared.Token)
	again, err := sharing.Revoke(as(t, db, w.Home.StudentAccount, start.Add(5*time.Hour)), db.Client, shared.Link.ID)
	if err != nil || !again.RevokedAt.Equal(*revoked.RevokedAt) {
		t.Errorf("second revoke: %v, %v", again, err)
	}
	// Family cannot revoke (nor see) the link.
	if _, err := sharing.Revoke(as(t, db, w.Home.Family, start), db.Client, shared.Link.ID); err == nil {
		t.Errorf("family revoked the link")
	}
}

func ptr[T any](v T) *T { return &v }
