package rule

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/ent/student"
	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
)

// Zones reads the time zones of schools, for the school calendar's years
// and ages (schoolcal): one statement, as the system (a school's time zone
// is no secret, and a rule may need it before the viewer may read the
// school). An empty list reads every school's.
func Zones(ctx context.Context, c *ent.Client, schools ...pulid.ID) (map[pulid.ID]*time.Location, error) {
	q := c.School.Query().Select(school.FieldID, school.FieldTimezone)
	if len(schools) > 0 {
		q.Where(school.IDIn(schools...))
	}
	rows, err := q.All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("read the time zones of %d school(s): %w", len(schools), err)
	}
	out := make(map[pulid.ID]*time.Location, len(rows))
	for _, s := range rows {
		if out[s.ID], err = schoolcal.Location(s.Timezone); err != nil {
			return nil, fmt.Errorf("school %s: %w", s.ID, err)
		}
	}
	return out, nil
}

// Zone reads one school's time zone (see Zones).
func Zone(ctx context.Context, c *ent.Client, schoolID pulid.ID) (*time.Location, error) {
	zones, err := Zones(ctx, c, schoolID)
	if err != nil {
		return nil, err
	}
	loc, ok := zones[schoolID]
	if !ok {
		return nil, fmt.Errorf("read the time zone of school %s: %w", schoolID, &ent.NotFoundError{})
	}
	return loc, nil
}

// adultAt matches students of the schools in zones who are of
// schoolcal.AdultAge on now's day at their school.
func adultAt(now time.Time, zones map[pulid.ID]*time.Location) entql.P {
	var ps []entql.P
	for id, loc := range zones {
		ps = append(ps, allOf(entql.FieldEQ(student.FieldSchoolID, string(id)),
			entql.FieldLT(student.FieldBirthDate, schoolcal.BornBefore(schoolcal.AdultAge, now, loc))))
	}
	return anyOf(ps...)
}

// consentMissing reports whether a student matched by pred is under
// schoolcal.ConsentAge today at their school with no parental consent on
// record (COPPA). One statement; a second reads the schools' time zones
// only when a student is within a day of that age or under it, because a
// school's date is at most a day from UTC's.
func consentMissing(ctx context.Context, c *ent.Client, pred predicate.Student) (bool, error) {
	now := clock.Now(ctx)
	sys := viewer.SystemContext(ctx)
	young, err := c.Student.Query().
		Where(pred, student.ParentalConsentAtIsNil(),
			student.BirthDateGTE(schoolcal.BornBefore(schoolcal.ConsentAge, now.AddDate(0, 0, -1), time.UTC))).
		Select(student.FieldID, student.FieldSchoolID, student.FieldBirthDate).All(sys)
	if err != nil || len(young) == 0 {
		return false, err
	}
	var schools []pulid.ID
	for _, s := range young {
		schools = append(schools, s.SchoolID)
	}
	zones, err := Zones(ctx, c, schools...)
	if err != nil {
		return false, err
	}
	for _, s := range young {
		if loc := zones[s.SchoolID]; loc != nil && schoolcal.NeedsConsent(s.BirthDate, now, loc) {
			return true, nil
		}
	}
	return false, nil
}
