package review_test

import (
	"encoding/json"
	"testing"
	"time"

	"plp/ent/goal"
	"plp/internal/devtools/apitest"
	"plp/internal/school/review"
)

const sign = `mutation($in: SignAnnualReviewInput!) { signAnnualReview(input: $in) { annualReview {
  id schoolYear studentSignedAt staffSignerID staffSignedAt guardianSignerID guardianSignedAt studentSnapshot staffSnapshot guardianSnapshot } } }`

type apiReview struct {
	ID, SchoolYear                                   string
	StudentSignedAt, StaffSignedAt, GuardianSignedAt *time.Time
	StaffSignerID, GuardianSignerID                  *string
	StudentSnapshot, StaffSnapshot, GuardianSnapshot *string
}

const missing = `{ caseload(first: 10) { rows { studentID missingSignOffs } } }`

// TestAnnualReviewSignOff: the student, a school representative and a
// guardian each sign, with who, when and the plan as each saw it; others
// cannot; the caseload shows who is missing.
func TestAnnualReviewSignOff(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	home := w.Home
	sys := s.System()
	s.DB.Client.Goal.Create().SetStudentID(home.Student.ID).SetArea(goal.AreaCareer).SetTitle("Apprenticeship").
		SetStatus(goal.StatusActive).SetVisibility(goal.VisibilityFamily).ExecX(sys)
	s.DB.Client.Goal.Create().SetStudentID(home.Student.ID).SetArea(goal.AreaPersonal).SetTitle("Private").
		SetVisibility(goal.VisibilityPrivate).ExecX(sys)
	in := map[string]any{"in": map[string]any{"studentID": home.Student.ID}}
	counselor := s.As(t, home.Counselor)

	var caseload struct {
		Caseload struct {
			Rows []struct {
				StudentID       string
				MissingSignOffs []string
			}
		}
	}
	counselor.MustDo(t, missing, nil, &caseload)
	if got := caseload.Caseload.Rows[0].MissingSignOffs; len(got) != 3 {
		t.Errorf("before any signature, missing %v", got)
	}

	// Outsiders and partners have no part; nothing is created.
	s.As(t, home.Partner).MustFail(t, "FORBIDDEN", sign, in)
	s.As(t, w.Other.Admin).MustFail(t, "NOT_FOUND", sign, in)
	if n := s.DB.Client.AnnualReview.Query().CountX(sys); n != 0 {
		t.Fatalf("refusals created %d reviews", n)
	}

	var out struct {
		SignAnnualReview struct{ AnnualReview apiReview }
	}
	student := s.As(t, home.StudentAccount)
	student.MustDo(t, sign, in, &out)
	r := out.SignAnnualReview.AnnualReview
	if r.SchoolYear != "2026-2027" || r.StudentSignedAt == nil || r.StaffSignedAt != nil || r.StudentSnapshot == nil {
		t.Fatalf("after the student = %+v", r)
	}
	var snap review.Snapshot
	if err := json.Unmarshal([]byte(*r.StudentSnapshot), &snap); err != nil || len(snap.Goals) != 2 {
		t.Errorf("student's snapshot (their own private goal included) = %s", *r.StudentSnapshot)
	}
	student.MustFail(t, "CONFLICT", sign, in)

	counselor.MustDo(t, sign, in, &out)
	r = out.SignAnnualReview.AnnualReview
	if r.StaffSignerID == nil || *r.StaffSignerID != string(home.Counselor.ID) || r.StaffSnapshot == nil {
		t.Fatalf("after the counselor = %+v", r)
	}
	if err := json.Unmarshal([]byte(*r.StaffSnapshot), &snap); err != nil || len(snap.Goals) != 1 {
		t.Errorf("staff snapshot leaves out the private goal: %s", *r.StaffSnapshot)
	}
	s.As(t, home.Advisor).MustFail(t, "CONFLICT", sign, in) // the school has signed

	counselor.MustDo(t, missing, nil, &caseload)
	if got := caseload.Caseload.Rows[0].MissingSignOffs; len(got) != 1 || got[0] != "GUARDIAN" {
		t.Errorf("after student and school, missing %v", got)
	}
	s.As(t, home.Family).MustDo(t, sign, in, &out)
	r = out.SignAnnualReview.AnnualReview
	if r.GuardianSignerID == nil || *r.GuardianSignerID != string(home.Family.ID) || r.GuardianSignedAt == nil {
		t.Fatalf("after the guardian = %+v", r)
	}
	counselor.MustDo(t, missing, nil, &caseload)
	if got := caseload.Caseload.Rows[0].MissingSignOffs; len(got) != 0 {
		t.Errorf("after all three, missing %v", got)
	}

	// An adult student: no guardian signs, and none is missing.
	s.DB.Client.Student.UpdateOneID(home.Student.ID).SetBirthDate(time.Date(2007, 1, 1, 0, 0, 0, 0, time.UTC)).ExecX(sys)
	next := map[string]any{"in": map[string]any{"studentID": home.Student.ID, "schoolYear": "2027-2028"}}
	s.As(t, home.Family).MustFail(t, "FORBIDDEN", sign, next)
	student.MustFail(t, "BAD_USER_INPUT", sign, map[string]any{"in": map[string]any{"studentID": home.Student.ID, "schoolYear": "2027"}})
	if got := review.Missing(nil, &[]time.Time{time.Date(2007, 1, 1, 0, 0, 0, 0, time.UTC)}[0], s.Clock.Now(), time.UTC); len(got) != 2 {
		t.Errorf("an adult's review needs %v", got)
	}
}
