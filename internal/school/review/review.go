// Package review is the annual review of a student's plan: each school
// year the student, a school representative (their advisor, counselor or
// an admin) and, for a student under 18, a guardian sign off the year's
// plan. Each signature records who, when, and the plan as the signer saw
// it at that moment (a JSON snapshot: goals with status and progress,
// counts of evidence and reflections), so the school can show every plan
// was reviewed, as the state's rules ask.
//
// Who may write which part is the AnnualReview privacy policy
// (rule.SignsOwnPart for the student and guardians, staff otherwise).
package review

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/annualreview"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
)

// Signer is the capacity someone signs in.
type Signer string

// The three signatures of a review.
const (
	SignerStudent  Signer = "STUDENT"
	SignerSchool   Signer = "SCHOOL"
	SignerGuardian Signer = "GUARDIAN"
)

// Missing lists the signatures a review still needs (nil review: all of
// them). A guardian signs for a student under 18 on now's day at their
// school (in its zone loc), or of unknown age.
func Missing(r *ent.AnnualReview, birthDate *time.Time, now time.Time, loc *time.Location) []Signer {
	minor := !schoolcal.IsAdult(birthDate, now, loc)
	var out []Signer
	if r == nil || r.StudentSignedAt == nil {
		out = append(out, SignerStudent)
	}
	if r == nil || r.StaffSignedAt == nil {
		out = append(out, SignerSchool)
	}
	if minor && (r == nil || r.GuardianSignedAt == nil) {
		out = append(out, SignerGuardian)
	}
	return out
}

// Sign signs the student's review of schoolYear (the current one when
// empty) in the viewer's capacity: the student themselves, staff of the
// student, or a guardian of a student under 18. The review is created with
// the first signature.
//
// It returns NOT_FOUND for a student the viewer cannot see; FORBIDDEN for
// anyone without a part to sign (a partner, a guardian of an adult);
// BAD_USER_INPUT on schoolYear when it is not like 2026-2027; CONFLICT when
// the viewer's part is already signed.
func Sign(ctx context.Context, c *ent.Client, studentID pulid.ID, schoolYear string) (*ent.AnnualReview, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || v.AccountID == "" {
		return nil, apperr.New(apperr.Unauthenticated, "Sign in first: reviews are signed by people.")
	}
	now := clock.Now(ctx).UTC()
	if schoolYear != "" {
		if _, err := schoolcal.ParseYear(schoolYear, time.UTC); err != nil {
			return nil, err
		}
	}
	st, err := c.Student.Query().Where(student.ID(studentID)).
		Select(student.FieldID, student.FieldSchoolID, student.FieldBirthDate).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "No student with that ID that you can see.")
	}
	if err != nil {
		return nil, fmt.Errorf("read student %s: %w", studentID, err)
	}
	loc, err := rule.Zone(ctx, c, st.SchoolID)
	if err != nil {
		return nil, err
	}
	if schoolYear == "" {
		schoolYear = schoolcal.YearOf(now, loc).Name
	}
	as, err := capacity(ctx, c, st, now, loc)
	if err != nil {
		return nil, err
	}
	snap, err := snapshot(ctx, c, studentID, now)
	if err != nil {
		return nil, err
	}
	existing, err := c.AnnualReview.Query().
		Where(annualreview.StudentID(studentID), annualreview.SchoolYear(schoolYear)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("read review of %s %s: %w", studentID, schoolYear, err)
	}
	if existing != nil && signed(existing, as) {
		return nil, apperr.New(apperr.Conflict, "You have already signed this year's review (%s).", schoolYear)
	}
	var m interface {
		SetStudentSignedAt(time.Time)
		SetStudentSnapshot(string)
		SetStaffSignerID(pulid.ID)
		SetStaffSignedAt(time.Time)
		SetStaffSnapshot(string)
		SetGuardianSignerID(pulid.ID)
		SetGuardianSignedAt(time.Time)
		SetGuardianSnapshot(string)
	}
	var save func() (*ent.AnnualReview, error)
	if existing == nil {
		create := c.AnnualReview.Create().SetStudentID(studentID).SetSchoolYear(schoolYear)
		m, save = create.Mutation(), func() (*ent.AnnualReview, error) { return create.Save(ctx) }
	} else {
		update := c.AnnualReview.UpdateOneID(existing.ID)
		m, save = update.Mutation(), func() (*ent.AnnualReview, error) { return update.Save(ctx) }
	}
	switch as {
	case SignerStudent:
		m.SetStudentSignedAt(now)
		m.SetStudentSnapshot(snap)
	case SignerSchool:
		m.SetStaffSignerID(v.AccountID)
		m.SetStaffSignedAt(now)
		m.SetStaffSnapshot(snap)
	case SignerGuardian:
		m.SetGuardianSignerID(v.AccountID)
		m.SetGuardianSignedAt(now)
		m.SetGuardianSnapshot(snap)
	}
	r, err := save()
	if ent.IsConstraintError(err) {
		return nil, apperr.New(apperr.Conflict, "Someone signed this review at the same moment: try again.")
	}
	if err != nil {
		return nil, fmt.Errorf("sign review of %s %s: %w", studentID, schoolYear, err)
	}
	return r, nil
}

func signed(r *ent.AnnualReview, as Signer) bool {
	switch as {
	case SignerStudent:
		return r.StudentSignedAt != nil
	case SignerSchool:
		return r.StaffSignedAt != nil
	}
	return r.GuardianSignedAt != nil
}

// capacity is the part the viewer signs: the student's own, the school's
// (an admin of the school, or the student's advisor or counselor), or a
// guardian's, as the privacy rules count them (rule.Reach). A guardian
// signs only for a student under 18 at the school (in its zone loc).
func capacity(ctx context.Context, c *ent.Client, st *ent.Student, now time.Time, loc *time.Location) (Signer, error) {
	as, err := rule.Reach(ctx, c, st.ID, rule.Self|rule.Staff|rule.Family)
	if err != nil {
		return "", err
	}
	switch {
	case as&rule.Self != 0:
		return SignerStudent, nil
	case as&rule.Staff != 0:
		return SignerSchool, nil
	case as&rule.Family != 0:
		if schoolcal.IsAdult(st.BirthDate, now, loc) {
			return "", apperr.New(apperr.Forbidden, "The student is %d or over and signs their review themselves; no guardian signs.", schoolcal.AdultAge)
		}
		return SignerGuardian, nil
	}
	return "", apperr.New(apperr.Forbidden, "Only the student, a school representative or a guardian signs a student's annual review.")
}

// Snapshot is the plan at the moment of a signature, as the signer saw it.
type Snapshot struct {
	TakenAt     time.Time      `json:"takenAt"`
	Goals       []SnapshotGoal `json:"goals"`
	Evidence    int            `json:"evidence"`
	Reflections int            `json:"reflections"`
}

// SnapshotGoal is one goal of a snapshot.
type SnapshotGoal struct {
	ID       pulid.ID `json:"id"`
	Title    string   `json:"title"`
	Area     string   `json:"area"`
	Status   string   `json:"status"`
	Progress int      `json:"progress"`
}

// snapshot reads the plan through the signer's own privacy rules (what they
// saw is what they signed), three statements.
func snapshot(ctx context.Context, c *ent.Client, studentID pulid.ID, now time.Time) (string, error) {
	goals, err := c.Goal.Query().Where(goal.StudentID(studentID)).
		Select(goal.FieldID, goal.FieldTitle, goal.FieldArea, goal.FieldStatus, goal.FieldProgress).
		Order(goal.ByCreatedAt(), goal.ByID()).All(ctx)
	if err != nil {
		return "", fmt.Errorf("read goals for the review: %w", err)
	}
	s := Snapshot{TakenAt: now, Goals: []SnapshotGoal{}}
	for _, g := range goals {
		s.Goals = append(s.Goals, SnapshotGoal{ID: g.ID, Title: g.Title, Area: string(g.Area), Status: string(g.Status), Progress: g.Progress})
	}
	if s.Evidence, err = c.Evidence.Query().Where(evidence.StudentID(studentID)).Count(ctx); err != nil {
		return "", fmt.Errorf("count evidence for the review: %w", err)
	}
	if s.Reflections, err = c.Reflection.Query().Where(reflection.StudentID(studentID)).Count(ctx); err != nil {
		return "", fmt.Errorf("count reflections for the review: %w", err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("encode snapshot: %w", err)
	}
	return string(b), nil
}
