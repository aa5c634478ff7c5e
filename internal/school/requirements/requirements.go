// Package requirements is the school's plan requirements: elements every
// student of a grade must show in their plan by a date of a school year
// (the annual plan update by 30 November, a career goal in grade 9, ...).
// Admins create, change and archive them; whether a student has met one is
// derived from the student's plan by SQL (completion.go), never ticked by
// hand.
//
// School years run from 1 August to 31 July in the school's time zone
// (schoolcal.YearOf). A requirement belongs to the school year
// holding its due date and counts only work done in that year; an annual
// requirement is created again for each year (RollOver copies a year's
// requirements to the next, one year later).
package requirements

import (
	"context"
	"fmt"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/requirement"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
)

// Grades a requirement may be set for: kindergarten (0) to 12.
const (
	MinGrade = 0
	MaxGrade = 12
)

// MaxCount is the most reflections a REFLECTION_COUNT requirement may ask.
const MaxCount = 100

// dueDate is the calendar date of t as written (its own offset), at
// midnight in loc, and the end of that day in loc: a client writing
// 2026-11-30 in any offset means 30 November at the school.
func dueDate(t time.Time, loc *time.Location) (on, at time.Time) {
	y, m, d := t.Date()
	on = time.Date(y, m, d, 0, 0, 0, 0, loc)
	return on.UTC(), on.AddDate(0, 0, 1).UTC()
}

// Fields is what an admin sets on a requirement.
type Fields struct {
	Grade       int
	Title       string
	Description string
	DueOn       time.Time
	Kind        requirement.Kind
	Area        *requirement.Area
	MinCount    *int
	Pathway     *pathway.Pathway
}

// check validates f for the kind: BAD_USER_INPUT naming the field.
func (f Fields) check() error {
	switch {
	case f.Grade < MinGrade || f.Grade > MaxGrade:
		return apperr.Invalid("grade", "grade must be between %d (kindergarten) and %d.", MinGrade, MaxGrade)
	case strings.TrimSpace(f.Title) == "":
		return apperr.Invalid("title", "Give the requirement a title.")
	case f.DueOn.IsZero():
		return apperr.Invalid("dueOn", "Give the requirement a due date.")
	}
	if err := requirement.KindValidator(f.Kind); err != nil {
		return apperr.Invalid("kind", "Unknown kind %q.", f.Kind)
	}
	switch f.Kind {
	case requirement.KindGoalInArea:
		if f.Area == nil {
			return apperr.Invalid("area", "A GOAL_IN_AREA requirement names the goal area (area).")
		}
		if err := requirement.AreaValidator(*f.Area); err != nil {
			return apperr.Invalid("area", "Unknown goal area %q.", *f.Area)
		}
	case requirement.KindReflectionCount:
		if f.MinCount == nil || *f.MinCount < 1 || *f.MinCount > MaxCount {
			return apperr.Invalid("minCount", "A REFLECTION_COUNT requirement asks for 1 to %d reflections (minCount).", MaxCount)
		}
	case requirement.KindPathwayReflection, requirement.KindPathwayEvidence:
		if f.Pathway == nil {
			return apperr.Invalid("pathway", "A %s requirement names the pathway (pathway), such as WORK_BASED_LEARNING.", f.Kind)
		}
		if !f.Pathway.Valid() {
			return apperr.Invalid("pathway", "Unknown pathway %q.", *f.Pathway)
		}
	}
	if f.Pathway != nil && f.Kind != requirement.KindPathwayReflection && f.Kind != requirement.KindPathwayEvidence {
		return apperr.Invalid("pathway", "Only PATHWAY_REFLECTION and PATHWAY_EVIDENCE requirements take a pathway.")
	}
	if f.Area != nil && f.Kind != requirement.KindGoalInArea {
		return apperr.Invalid("area", "Only GOAL_IN_AREA requirements take an area.")
	}
	if f.MinCount != nil && f.Kind != requirement.KindReflectionCount {
		return apperr.Invalid("minCount", "Only REFLECTION_COUNT requirements take minCount.")
	}
	return nil
}

// Create adds a requirement to the school for every student of the grade.
//
// It returns FORBIDDEN for anyone but an admin of the school (the
// Requirement policy), NOT_FOUND for a school the viewer cannot see, and
// BAD_USER_INPUT for a grade out of range, a missing or unknown kind's
// parameter, or a due date in a school year that has already ended.
func Create(ctx context.Context, c *ent.Client, schoolID pulid.ID, f Fields) (*ent.Requirement, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	loc, err := timezone(ctx, c, schoolID)
	if err != nil {
		return nil, err
	}
	create := c.Requirement.Create().SetSchoolID(schoolID).SetGrade(f.Grade).SetTitle(strings.TrimSpace(f.Title)).
		SetDescription(f.Description).SetKind(f.Kind).SetNillableArea(f.Area).SetNillableMinCount(f.MinCount).SetNillablePathway(f.Pathway)
	if err := setDue(ctx, create.Mutation(), f.DueOn, loc); err != nil {
		return nil, err
	}
	r, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create requirement: %w", err)
	}
	return r, nil
}

// Update changes a requirement: each non-nil field of u; clearDescription
// empties the description. Errors as Create, and NOT_FOUND for a
// requirement of another school, CONFLICT for an archived one.
func Update(ctx context.Context, c *ent.Client, id pulid.ID, u Change) (*ent.Requirement, error) {
	r, err := c.Requirement.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, id)
	}
	if r.ArchivedAt != nil {
		return nil, apperr.New(apperr.Conflict, "That requirement is archived; create a new one instead.")
	}
	if u.ClearDueOn {
		return nil, apperr.Invalid("dueOn", "A requirement keeps a due date: give a new one instead of clearing it.")
	}
	f := Fields{Grade: r.Grade, Title: r.Title, Description: r.Description, Kind: r.Kind, Area: r.Area, MinCount: r.MinCount,
		Pathway: r.Pathway}
	if r.DueOn != nil {
		f.DueOn = *r.DueOn
	}
	loc, err := timezone(ctx, c, r.SchoolID)
	if err != nil {
		return nil, err
	}
	f.DueOn = f.DueOn.In(loc)
	if u.Grade != nil {
		f.Grade = *u.Grade
	}
	if u.Title != nil {
		f.Title = *u.Title
	}
	if u.Description != nil {
		f.Description = *u.Description
	}
	if u.DueOn != nil {
		f.DueOn = *u.DueOn
	}
	if u.Kind != nil && *u.Kind != f.Kind {
		f.Kind, f.Area, f.MinCount, f.Pathway = *u.Kind, nil, nil, nil
	}
	if u.ClearPathway {
		f.Pathway = nil
	}
	if u.Pathway != nil {
		f.Pathway = u.Pathway
	}
	if u.ClearArea {
		f.Area = nil
	}
	if u.ClearMinCount {
		f.MinCount = nil
	}
	if u.Area != nil {
		f.Area = u.Area
	}
	if u.MinCount != nil {
		f.MinCount = u.MinCount
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	update := c.Requirement.UpdateOneID(id).SetGrade(f.Grade).SetTitle(strings.TrimSpace(f.Title)).
		SetDescription(f.Description).SetKind(f.Kind).ClearArea().ClearMinCount().ClearPathway().
		SetNillableArea(f.Area).SetNillableMinCount(f.MinCount).SetNillablePathway(f.Pathway)
	if u.DueOn != nil {
		if err := setDue(ctx, update.Mutation(), f.DueOn, loc); err != nil {
			return nil, err
		}
	}
	r, err = update.Save(ctx)
	if err != nil {
		return nil, notFound(err, id)
	}
	return r, nil
}

// Change is an update of a requirement: nil fields stay as they are.
// Changing the kind drops the old kind's area, minCount and pathway.
type Change struct {
	Grade       *int
	Title       *string
	Description *string
	DueOn       *time.Time
	Kind        *requirement.Kind
	Area        *requirement.Area
	MinCount    *int
	Pathway     *pathway.Pathway
	// ClearArea, ClearMinCount and ClearPathway drop the parameter;
	// ClearDueOn is refused: a requirement keeps a due date.
	ClearArea, ClearMinCount, ClearPathway, ClearDueOn bool
}

// Archive takes a requirement out of use: it applies to nobody from then
// on, and reports no longer show it. Archiving twice changes nothing.
// NOT_FOUND for a requirement of another school; FORBIDDEN for anyone but
// the school's admins.
func Archive(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Requirement, error) {
	r, err := c.Requirement.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, id)
	}
	if r.ArchivedAt != nil {
		return r, nil
	}
	r, err = c.Requirement.UpdateOneID(id).SetArchivedAt(clock.Now(ctx).UTC()).Save(ctx)
	if err != nil {
		return nil, notFound(err, id)
	}
	return r, nil
}

// RollOver copies the school's active requirements of schoolYear to the
// next school year, each due one year later, and returns the copies. A
// requirement whose copy exists (same grade, kind and title in the next
// year, archived or not) is skipped, so rolling over twice copies nothing
// the second time. FORBIDDEN for anyone but the school's admins.
func RollOver(ctx context.Context, c *ent.Client, schoolID pulid.ID, schoolYear string) ([]*ent.Requirement, error) {
	loc, err := timezone(ctx, c, schoolID)
	if err != nil {
		return nil, err
	}
	if v := viewer.FromContext(ctx); !v.IsSystem() && !v.Has(schoolID, viewer.RoleAdmin) {
		return nil, apperr.New(apperr.Forbidden, "Only the school's admins can roll requirements over.")
	}
	from, err := schoolcal.ParseYear(schoolYear, loc)
	if err != nil {
		return nil, err
	}
	to := schoolcal.YearStarting(from.StartYear()+1, loc)
	rs, err := c.Requirement.Query().
		Where(requirement.SchoolID(schoolID), requirement.SchoolYear(from.Name), requirement.ArchivedAtIsNil()).
		Order(ent.Asc(requirement.FieldGrade), ent.Asc(requirement.FieldDueAt), ent.Asc(requirement.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read requirements of %s: %w", from.Name, err)
	}
	next, err := c.Requirement.Query().Where(requirement.SchoolID(schoolID), requirement.SchoolYear(to.Name)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read requirements of %s: %w", to.Name, err)
	}
	type key struct {
		grade int
		kind  requirement.Kind
		title string
	}
	have := map[key]bool{}
	for _, r := range next {
		have[key{r.Grade, r.Kind, r.Title}] = true
	}
	out := []*ent.Requirement{}
	for _, r := range rs {
		if have[key{r.Grade, r.Kind, r.Title}] || r.DueOn == nil {
			continue
		}
		create := c.Requirement.Create().SetSchoolID(schoolID).SetGrade(r.Grade).SetTitle(r.Title).
			SetDescription(r.Description).SetKind(r.Kind).SetNillableArea(r.Area).SetNillableMinCount(r.MinCount).SetNillablePathway(r.Pathway)
		if err := setDue(ctx, create.Mutation(), r.DueOn.In(loc).AddDate(1, 0, 0), loc); err != nil {
			return nil, err
		}
		copied, err := create.Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("roll requirement %s over: %w", r.ID, err)
		}
		out = append(out, copied)
	}
	return out, nil
}

// setDue sets the due date and what follows from it: the school year and
// its bounds, and the moment the requirement turns overdue. A due date in a
// school year that has ended is BAD_USER_INPUT.
func setDue(ctx context.Context, m *ent.RequirementMutation, due time.Time, loc *time.Location) error {
	on, at := dueDate(due, loc)
	year := schoolcal.YearOf(on, loc)
	if now := clock.Now(ctx); !now.Before(year.End) {
		return apperr.Invalid("dueOn", "The due date is in the %s school year, which has ended; give a date in this school year or a later one.", year.Name)
	}
	m.SetDueOn(on)
	m.SetDueAt(at)
	m.SetSchoolYear(year.Name)
	m.SetYearStartsAt(year.Start)
	m.SetYearEndsAt(year.End)
	return nil
}

// timezone is the school's time zone; NOT_FOUND when the viewer cannot see
// the school.
func timezone(ctx context.Context, c *ent.Client, schoolID pulid.ID) (*time.Location, error) {
	s, err := c.School.Query().Where(school.ID(schoolID)).Select(school.FieldTimezone).Only(ctx)
	if err != nil {
		return nil, notFound(err, schoolID)
	}
	return schoolcal.Location(s.Timezone)
}

func notFound(err error, id pulid.ID) error {
	if ent.IsNotFound(err) {
		return apperr.New(apperr.NotFound, "Nothing found with ID %s: it does not exist or you cannot see it.", id)
	}
	return err
}
