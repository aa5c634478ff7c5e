package implementation

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/survey"
	"plp/ent/surveyresponse"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// StartSurvey opens a new round of the school's self-assessment, taken now
// or, for a survey entered after the fact (last year's paper survey), at
// takenAt, installing the state framework first if the school has none.
// Only the school's admins can (FORBIDDEN otherwise); a school has one open
// survey at a time (CONFLICT while another is open); a takenAt in the
// future is BAD_USER_INPUT.
func StartSurvey(ctx context.Context, c *ent.Client, schoolID pulid.ID, title string, takenAt *time.Time) (*ent.Survey, error) {
	now := clock.Now(ctx).UTC()
	at := now
	if takenAt != nil {
		if takenAt.After(now) {
			return nil, apperr.Invalid("takenAt", "A survey cannot be dated in the future: give the day the team took it.")
		}
		at = takenAt.UTC()
	}
	if err := EnsureInstalled(ctx, c, schoolID); err != nil {
		return nil, err
	}
	// Created first, so the privacy policy answers who may before the
	// check below tells anything about the school's surveys.
	s, err := c.Survey.Create().SetSchoolID(schoolID).SetTitle(title).SetTakenAt(at).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("start survey: %w", err)
	}
	open, err := c.Survey.Query().Where(survey.SchoolID(schoolID), survey.ClosedAtIsNil(), survey.IDNEQ(s.ID)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("look for an open survey of %s: %w", schoolID, err)
	}
	if open != nil {
		return nil, apperr.New(apperr.Conflict, "The survey %q is still open: close it before starting another.", open.Title)
	}
	return s, nil
}

// CloseSurvey ends a survey: its answers stand as the school's result and
// no one can change them. Admins only; closing a closed survey is CONFLICT.
func CloseSurvey(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Survey, error) {
	s, err := c.Survey.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if s.ClosedAt != nil {
		return nil, apperr.New(apperr.Conflict, "The survey %q is already closed.", s.Title)
	}
	return s.Update().SetClosedAt(clock.Now(ctx).UTC()).Save(ctx)
}

// Rating is one person's answer for one step.
type Rating struct {
	SurveyID, StepID pulid.ID
	Rating           surveyresponse.Rating
	Note, Evidence   *string
}

// RateStep records the viewer's rating of a step in an open survey, or
// changes the rating they gave before (one answer per person per step).
// Only the school's PLP team may answer (the survey is NOT_FOUND to anyone
// else); a closed survey is CONFLICT; a step of another school is
// BAD_USER_INPUT.
func RateStep(ctx context.Context, c *ent.Client, in Rating) (*ent.SurveyResponse, error) {
	s, err := c.Survey.Get(ctx, in.SurveyID)
	if err != nil {
		return nil, err
	}
	if s.ClosedAt != nil {
		return nil, apperr.New(apperr.Conflict, "The survey %q is closed: its answers can no longer change.", s.Title)
	}
	st, err := c.Step.Get(ctx, in.StepID)
	if ent.IsNotFound(err) || (err == nil && st.SchoolID != s.SchoolID) {
		return nil, apperr.Invalid("stepID", "No step with ID %q in the survey's school: check the ID.", in.StepID)
	}
	if err != nil {
		return nil, fmt.Errorf("read step %s: %w", in.StepID, err)
	}
	me := viewer.FromContext(ctx).AccountID
	prior, err := c.SurveyResponse.Query().Where(surveyresponse.SurveyID(s.ID), surveyresponse.StepID(st.ID),
		surveyresponse.RespondentID(me)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return c.SurveyResponse.Create().SetSurveyID(s.ID).SetStepID(st.ID).SetRespondentID(me).SetSchoolID(s.SchoolID).
			SetRating(in.Rating).SetNillableNote(in.Note).SetNillableEvidence(in.Evidence).Save(ctx)
	case err != nil:
		return nil, fmt.Errorf("read earlier answer: %w", err)
	}
	return prior.Update().SetRating(in.Rating).SetNillableNote(in.Note).SetNillableEvidence(in.Evidence).Save(ctx)
}
