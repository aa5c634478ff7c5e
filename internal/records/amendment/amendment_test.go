package amendment_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/amendmentevent"
	"plp/ent/amendmentrequest"
	"plp/ent/auditevent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/apperr"
	"plp/internal/platform/audit"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
	"plp/internal/records/amendment"
)

// now is the clock of every domain test (the API server's too).
var now = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

// Birth dates around the eligible age on now.
var (
	turns18Today  = time.Date(2008, 11, 23, 0, 0, 0, 0, time.UTC)
	turns18Monday = time.Date(2008, 11, 24, 0, 0, 0, 0, time.UTC)
)

// plan is a world with records of each school's student.
type plan struct {
	db  *database.DB
	w   *apitest.World
	sys context.Context
	// Records of the Home student, by visibility where they have one.
	familyGoal, partnersGoal, privateGoal, otherGoal *ent.Goal
	milestone                                        *ent.Milestone
	evidence                                         *ent.Evidence
	reflection                                       *ent.Reflection
	comment                                          *ent.Comment
}

func newPlan(tb testing.TB) *plan {
	tb.Helper()
	db := apitest.NewDB(tb)
	p := &plan{db: db, w: apitest.NewWorld(tb, db), sys: apitest.SystemAt(apitest.Start)}
	c, home := db.Client, p.w.Home
	newGoal := func(s *ent.Student, vis goal.Visibility) *ent.Goal {
		tb.Helper()
		g, err := c.Goal.Create().SetStudentID(s.ID).SetArea(goal.AreaAcademic).SetTitle("Read 20 books").SetVisibility(vis).Save(p.sys)
		must(tb, err)
		return g
	}
	p.familyGoal = newGoal(home.Student, goal.VisibilityFamily)
	p.partnersGoal = newGoal(home.Student, goal.VisibilityPartners)
	p.privateGoal = newGoal(home.Student, goal.VisibilityPrivate)
	p.otherGoal = newGoal(p.w.Other.Student, goal.VisibilityFamily)
	var err error
	p.milestone, err = c.Milestone.Create().SetGoalID(p.familyGoal.ID).SetTitle("Ten books").Save(p.sys)
	must(tb, err)
	p.evidence, err = c.Evidence.Create().SetStudentID(home.Student.ID).SetTitle("Book list").SetKind(evidence.KindText).
		SetBody("...").SetOccurredOn(now).SetVisibility(evidence.VisibilityFamily).Save(p.sys)
	must(tb, err)
	p.reflection, err = c.Reflection.Create().SetStudentID(home.Student.ID).SetBody("I read less than I hoped.").Save(p.sys)
	must(tb, err)
	p.comment, err = c.Comment.Create().SetAuthorID(home.Advisor.ID).SetGoalID(p.familyGoal.ID).SetBody("Robin reads slowly.").Save(p.sys)
	must(tb, err)
	return p
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// as returns a context for the account, with its roles, at now.
func (p *plan) as(tb testing.TB, a *ent.Account) context.Context {
	tb.Helper()
	ms, err := p.db.Client.Membership.Query().Where(membership.AccountID(a.ID)).All(p.sys)
	must(tb, err)
	v := &viewer.Viewer{AccountID: a.ID}
	for _, m := range ms {
		v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	return clock.NewContext(viewer.NewContext(context.Background(), v), func() time.Time { return now })
}

// bornOn sets the Home student's birth date.
func (p *plan) bornOn(tb testing.TB, d time.Time) {
	tb.Helper()
	must(tb, p.db.Client.Student.UpdateOneID(p.w.Home.Student.ID).SetBirthDate(d).Exec(p.sys))
}

// wantCode checks err's code (and field, when want has one): "" wants no error.
func wantCode(tb testing.TB, err error, code apperr.Code, field string) {
	tb.Helper()
	if code == "" {
		if err != nil {
			tb.Fatalf("got %v, want no error", err)
		}
		return
	}
	e, ok := apperr.As(err)
	if !ok {
		tb.Fatalf("got %v, want %s", err, code)
	}
	if e.Code != code || e.Field != field {
		tb.Fatalf("got %s (field %q): %s; want %s (field %q)", e.Code, e.Field, e.Message, code, field)
	}
}

func TestRequestWhoMayAsk(t *testing.T) {
	p := newPlan(t)
	home, other := p.w.Home, p.w.Other
	p.bornOn(t, turns18Monday) // 17: the family's right

	for _, tc := range []struct {
		name    string
		who     *ent.Account
		subject pulid.ID
		code    apperr.Code
		field   string
	}{
		{"family, goal shared with family", home.Family, p.familyGoal.ID, "", ""},
		{"family, the student's own record", home.Family, home.Student.ID, "", ""},
		{"family, milestone (as its goal)", home.Family, p.milestone.ID, "", ""},
		{"family, evidence", home.Family, p.evidence.ID, "", ""},
		{"family, reflection", home.Family, p.reflection.ID, "", ""},
		{"family, comment on a goal", home.Family, p.comment.ID, "", ""},
		{"family, private goal", home.Family, p.privateGoal.ID, apperr.BadUserInput, "subjectID"},
		{"family, another school's goal", home.Family, p.otherGoal.ID, apperr.BadUserInput, "subjectID"},
		{"another family", other.Family, p.familyGoal.ID, apperr.BadUserInput, "subjectID"},
		{"another school's admin", other.Admin, p.familyGoal.ID, apperr.BadUserInput, "subjectID"},
		{"partner, goal not shared with partners", home.Partner, p.familyGoal.ID, apperr.BadUserInput, "subjectID"},
		{"partner, goal shared with partners", home.Partner, p.partnersGoal.ID, apperr.Forbidden, ""},
		{"advisor", home.Advisor, p.familyGoal.ID, apperr.Forbidden, ""},
		{"counselor", home.Counselor, p.familyGoal.ID, apperr.Forbidden, ""},
		{"admin", home.Admin, p.familyGoal.ID, apperr.Forbidden, ""},
		{"student under 18", home.StudentAccount, p.familyGoal.ID, apperr.Forbidden, ""},
		{"unknown goal", home.Family, pulid.New("goal"), apperr.BadUserInput, "subjectID"},
		{"not an ID", home.Family, "goal_nope", apperr.BadUserInput, "subjectID"},
		{"unknown prefix", home.Family, pulid.New("zzz"), apperr.BadUserInput, "subjectID"},
		{"not a record of a plan", home.Family, home.Family.ID, apperr.BadUserInput, "subjectID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := amendment.Request(p.as(t, tc.who), p.db.Client, amendment.RequestInput{SubjectID: tc.subject, Reason: "Robin read 25 books, not 20."})
			wantCode(t, err, tc.code, tc.field)
			if tc.code != "" {
				return
			}
			if req.Status != amendmentrequest.StatusOpen || req.RequesterID != tc.who.ID || req.StudentID != home.Student.ID ||
				req.SubjectID != string(tc.subject) || req.SchoolID != home.School.ID {
				t.Errorf("request %+v", req)
			}
		})
	}

	// A subject the viewer cannot see and one that does not exist read the same.
	_, hidden := amendment.Request(p.as(t, home.Family), p.db.Client, amendment.RequestInput{SubjectID: p.privateGoal.ID, Reason: "x"})
	_, missing := amendment.Request(p.as(t, home.Family), p.db.Client, amendment.RequestInput{SubjectID: pulid.New("goal"), Reason: "x"})
	if hidden.Error() != missing.Error() {
		t.Errorf("hidden: %v; missing: %v", hidden, missing)
	}

	// Nothing was created by the refusals: six requests, each with its event.
	n, err := p.db.Client.AmendmentRequest.Query().Count(p.sys)
	must(t, err)
	events, err := p.db.Client.AmendmentEvent.Query().Count(p.sys)
	must(t, err)
	if n != 6 || events != 6 {
		t.Errorf("%d requests and %d events, want 6 and 6", n, events)
	}
}

func TestRequestSubjectType(t *testing.T) {
	p := newPlan(t)
	ctx := p.as(t, p.w.Home.Family)
	for subject, want := range map[pulid.ID]string{
		p.familyGoal.ID:     "Goal",
		p.w.Home.Student.ID: "Student",
		p.milestone.ID:      "Milestone",
		p.evidence.ID:       "Evidence",
		p.reflection.ID:     "Reflection",
		p.comment.ID:        "Comment",
		p.partnersGoal.ID:   "Goal",
	} {
		req, err := amendment.Request(ctx, p.db.Client, amendment.RequestInput{SubjectID: subject, Reason: "Wrong."})
		must(t, err)
		if req.SubjectType != want {
			t.Errorf("%s: subject type %q, want %q", subject, req.SubjectType, want)
		}
	}
}

func TestEligibleStudent(t *testing.T) {
	p := newPlan(t)
	home := p.w.Home
	ask := func(subject pulid.ID) error {
		_, err := amendment.Request(p.as(t, home.StudentAccount), p.db.Client, amendment.RequestInput{SubjectID: subject, Reason: "Wrong."})
		return err
	}
	// No birth date on record: not known to be eligible.
	wantCode(t, ask(p.familyGoal.ID), apperr.Forbidden, "")
	p.bornOn(t, turns18Monday)
	wantCode(t, ask(p.familyGoal.ID), apperr.Forbidden, "")
	p.bornOn(t, turns18Today)
	wantCode(t, ask(p.familyGoal.ID), "", "")
	// The student sees their private goal; the family does not.
	wantCode(t, ask(p.privateGoal.ID), "", "")
	// FERPA: at 18 the right to ask passes from the family to the student.
	_, err := amendment.Request(p.as(t, home.Family), p.db.Client, amendment.RequestInput{SubjectID: p.familyGoal.ID, Reason: "Wrong too."})
	wantCode(t, err, apperr.Forbidden, "")
}

func TestFamilyWhoseAccessEnded(t *testing.T) {
	p := newPlan(t)
	home := p.w.Home
	gs, err := p.db.Client.Student.QueryGuardianships(home.Student).All(p.sys)
	must(t, err)
	must(t, p.db.Client.Guardianship.UpdateOneID(gs[0].ID).SetEndsAt(now.Add(-time.Hour)).Exec(p.sys))
	_, err = amendment.Request(p.as(t, home.Family), p.db.Client, amendment.RequestInput{SubjectID: p.familyGoal.ID, Reason: "Wrong."})
	wantCode(t, err, apperr.BadUserInput, "subjectID")
}

func TestRequestInput(t *testing.T) {
	p := newPlan(t)
	ctx := p.as(t, p.w.Home.Family)
	ask := func(reason string) error {
		_, err := amendment.Request(ctx, p.db.Client, amendment.RequestInput{SubjectID: p.familyGoal.ID, Reason: reason})
		return err
	}
	wantCode(t, ask(""), apperr.BadUserInput, "reason")
	wantCode(t, ask(" \n\t"), apperr.BadUserInput, "reason")
	wantCode(t, ask(strings.Repeat("x", amendment.MaxText+1)), apperr.BadUserInput, "reason")
	wantCode(t, ask("  "+strings.Repeat("x", amendment.MaxText)+"\n"), "", "") // trimmed to fit

	// One open request per person per record.
	wantCode(t, ask("Again."), apperr.Conflict, "")
	// Once it is resolved, the family may ask again.
	open, err := p.db.Client.AmendmentRequest.Query().Only(p.sys)
	must(t, err)
	_, err = amendment.Resolve(p.as(t, p.w.Home.Advisor), p.db.Client, open.ID, amendmentrequest.StatusAmended, "")
	must(t, err)
	wantCode(t, ask("Still wrong."), "", "")
}

func TestResolve(t *testing.T) {
	p := newPlan(t)
	home, other := p.w.Home, p.w.Other
	// A second advisor of the school, who is not the student's.
	stranger, err := p.db.Client.Account.Create().SetEmail("advisor2@home.plp.test").SetName("Advisor Two").Save(p.sys)
	must(t, err)
	must(t, p.db.Client.Membership.Create().SetAccountID(stranger.ID).SetSchoolID(home.School.ID).SetRole(membership.RoleAdvisor).Exec(p.sys))

	ask := func() *ent.AmendmentRequest {
		t.Helper()
		req, err := amendment.Request(p.as(t, home.Family), p.db.Client, amendment.RequestInput{SubjectID: p.comment.ID, Reason: "Not slowly."})
		must(t, err)
		return req
	}
	req := ask()

	for _, tc := range []struct {
		name string
		who  *ent.Account
		code apperr.Code
	}{
		{"family", home.Family, apperr.Forbidden},
		{"partner", home.Partner, apperr.NotFound},
		{"another advisor", stranger, apperr.NotFound},
		{"another school's admin", other.Admin, apperr.NotFound},
		{"another family", other.Family, apperr.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := amendment.Resolve(p.as(t, tc.who), p.db.Client, req.ID, amendmentrequest.StatusAmended, "Done.")
			wantCode(t, err, tc.code, "")
		})
	}
	// The student under 18 reads their requests, but does not decide them.
	p.bornOn(t, turns18Monday)
	_, err = amendment.Resolve(p.as(t, home.StudentAccount), p.db.Client, req.ID, amendmentrequest.StatusAmended, "")
	wantCode(t, err, apperr.Forbidden, "")

	advisor := p.as(t, home.Advisor)
	_, err = amendment.Resolve(advisor, p.db.Client, req.ID, amendmentrequest.StatusOpen, "")
	wantCode(t, err, apperr.BadUserInput, "decision")
	_, err = amendment.Resolve(advisor, p.db.Client, req.ID, amendmentrequest.StatusDeclined, "  ")
	wantCode(t, err, apperr.BadUserInput, "resolution")
	_, err = amendment.Resolve(advisor, p.db.Client, req.ID, amendmentrequest.StatusDeclined, strings.Repeat("x", amendment.MaxText+1))
	wantCode(t, err, apperr.BadUserInput, "resolution")

	done, err := amendment.Resolve(advisor, p.db.Client, req.ID, amendmentrequest.StatusDeclined, "The comment is accurate: see the reading log.")
	must(t, err)
	if done.Status != amendmentrequest.StatusDeclined || done.ResolvedByID == nil || *done.ResolvedByID != home.Advisor.ID ||
		done.ResolvedAt == nil || !done.ResolvedAt.Equal(now) || done.Resolution != "The comment is accurate: see the reading log." {
		t.Errorf("resolved request %+v", done)
	}
	// Twice: CONFLICT, whoever asks and whatever they decide.
	_, err = amendment.Resolve(advisor, p.db.Client, req.ID, amendmentrequest.StatusAmended, "")
	wantCode(t, err, apperr.Conflict, "")
	_, err = amendment.Resolve(p.as(t, home.Admin), p.db.Client, req.ID, amendmentrequest.StatusDeclined, "No.")
	wantCode(t, err, apperr.Conflict, "")

	// The counselor and the admin decide too.
	for _, who := range []*ent.Account{home.Counselor, home.Admin} {
		req := ask()
		_, err := amendment.Resolve(p.as(t, who), p.db.Client, req.ID, amendmentrequest.StatusAmended, "")
		must(t, err)
	}

	events, err := p.db.Client.AmendmentEvent.Query().Where(amendmentevent.RequestID(req.ID)).
		Order(amendmentevent.ByAt(), amendmentevent.ByID()).All(p.sys)
	must(t, err)
	if len(events) != 2 || events[0].Status != amendmentevent.StatusOpen || events[0].Note != "Not slowly." || events[0].ActorID != home.Family.ID ||
		events[1].Status != amendmentevent.StatusDeclined || events[1].ActorID != home.Advisor.ID || !events[1].At.Equal(now) {
		t.Errorf("history %+v", events)
	}
}

func TestAddStatement(t *testing.T) {
	p := newPlan(t)
	home := p.w.Home
	family, advisor := p.as(t, home.Family), p.as(t, home.Advisor)
	req, err := amendment.Request(family, p.db.Client, amendment.RequestInput{SubjectID: p.evidence.ID, Reason: "The list is incomplete."})
	must(t, err)

	_, err = amendment.AddStatement(family, p.db.Client, req.ID, "I disagree.")
	wantCode(t, err, apperr.Conflict, "") // still open
	_, err = amendment.Resolve(advisor, p.db.Client, req.ID, amendmentrequest.StatusDeclined, "The list is what Robin submitted.")
	must(t, err)

	_, err = amendment.AddStatement(family, p.db.Client, req.ID, " ")
	wantCode(t, err, apperr.BadUserInput, "statement")
	_, err = amendment.AddStatement(advisor, p.db.Client, req.ID, "I disagree.")
	wantCode(t, err, apperr.Forbidden, "")
	p.bornOn(t, turns18Today) // the student reads the request but did not ask
	_, err = amendment.AddStatement(p.as(t, home.StudentAccount), p.db.Client, req.ID, "I disagree.")
	wantCode(t, err, apperr.Forbidden, "")
	_, err = amendment.AddStatement(p.as(t, p.w.Other.Family), p.db.Client, req.ID, "I disagree.")
	wantCode(t, err, apperr.NotFound, "")

	got, err := amendment.AddStatement(family, p.db.Client, req.ID, "Robin also read three books at the library.")
	must(t, err)
	if got.Status != amendmentrequest.StatusDeclined {
		t.Errorf("status %s after a statement", got.Status)
	}
	events, err := p.db.Client.AmendmentEvent.Query().Where(amendmentevent.RequestID(req.ID)).
		Order(amendmentevent.ByAt(), amendmentevent.ByID()).All(p.sys)
	must(t, err)
	if len(events) != 3 || events[2].Status != amendmentevent.StatusDeclined || events[2].ActorID != home.Family.ID ||
		events[2].Note != "Robin also read three books at the library." {
		t.Errorf("history %+v", events)
	}

	// An amended request takes no statement. (Under 18 again, so that the
	// family may ask.)
	p.bornOn(t, turns18Monday)
	req2, err := amendment.Request(family, p.db.Client, amendment.RequestInput{SubjectID: p.reflection.ID, Reason: "Wrong."})
	must(t, err)
	_, err = amendment.Resolve(advisor, p.db.Client, req2.ID, amendmentrequest.StatusAmended, "")
	must(t, err)
	_, err = amendment.AddStatement(family, p.db.Client, req2.ID, "Thanks.")
	wantCode(t, err, apperr.Conflict, "")
}

// TestCallersTransaction: in a caller's transaction the writes are the
// caller's to commit or roll back, and the trail records only the changes
// that commit (reads are disclosures whether or not the change commits).
func TestCallersTransaction(t *testing.T) {
	p := newPlan(t)
	rec := audit.NewRecorder(p.db.Client, nil, audit.Options{FlushInterval: time.Hour})
	t.Cleanup(func() { _ = rec.Close(context.Background()) })
	count := func() (requests, trail int) {
		t.Helper()
		must(t, rec.Flush(context.Background()))
		requests, err := p.db.Client.AmendmentRequest.Query().Count(p.sys)
		must(t, err)
		trail, err = p.db.Client.AuditEvent.Query().Where(auditevent.SubjectType("AmendmentRequest"),
			auditevent.ActionIn(auditevent.ActionCreate, auditevent.ActionUpdate)).Count(p.sys)
		must(t, err)
		return requests, trail
	}
	family := audit.NewContext(p.as(t, p.w.Home.Family), rec)

	for _, commit := range []bool{false, true} {
		tx, err := p.db.Client.Tx(family)
		must(t, err)
		ctx := ent.NewContext(ent.NewTxContext(family, tx), tx.Client())
		_, err = amendment.Request(ctx, tx.Client(), amendment.RequestInput{SubjectID: p.familyGoal.ID, Reason: "Wrong."})
		must(t, err)
		if commit {
			must(t, tx.Commit())
		} else {
			must(t, tx.Rollback())
		}
	}
	if requests, trail := count(); requests != 1 || trail != 1 {
		t.Errorf("after a rollback and a commit: %d requests, %d audit events; want 1 and 1", requests, trail)
	}

	// Without a caller's transaction, each call is one of its own.
	req, err := p.db.Client.AmendmentRequest.Query().Only(p.sys)
	must(t, err)
	advisor := audit.NewContext(p.as(t, p.w.Home.Advisor), rec)
	_, err = amendment.Resolve(advisor, p.db.Client, req.ID, amendmentrequest.StatusDeclined, "Accurate.")
	must(t, err)
	_, err = amendment.AddStatement(family, p.db.Client, req.ID, "I disagree.")
	must(t, err)
	if _, trail := count(); trail != 3 {
		t.Errorf("%d audit events after request, decision and statement; want 3", trail)
	}
}

// TestResolveAtOnce: of two people deciding the same request at the same
// time, one decides and the other is told it is already resolved.
func TestResolveAtOnce(t *testing.T) {
	p := newPlan(t)
	home := p.w.Home
	for range 5 {
		req, err := amendment.Request(p.as(t, home.Family), p.db.Client, amendment.RequestInput{SubjectID: p.familyGoal.ID, Reason: "Wrong."})
		must(t, err)
		errs := make(chan error, 2)
		for _, who := range []*ent.Account{home.Advisor, home.Admin} {
			ctx := p.as(t, who)
			go func() {
				_, err := amendment.Resolve(ctx, p.db.Client, req.ID, amendmentrequest.StatusDeclined, "Accurate.")
				errs <- err
			}()
		}
		var ok, conflicts int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case apperr.CodeOf(err) == apperr.Conflict:
				conflicts++
			default:
				t.Fatalf("resolve: %v", err)
			}
		}
		events, err := p.db.Client.AmendmentEvent.Query().Where(amendmentevent.RequestID(req.ID)).Count(p.sys)
		must(t, err)
		if ok != 1 || conflicts != 1 || events != 2 {
			t.Fatalf("%d resolved, %d conflicts, %d events; want 1, 1 and 2", ok, conflicts, events)
		}
	}
}
