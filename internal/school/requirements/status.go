package requirements

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/predicate"
	"plp/ent/requirement"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
)

// State is where a student stands on a requirement.
type State string

// The states of a requirement for a student.
const (
	// Complete: the plan shows it (on time or late: CompletedAt says when).
	Complete State = "COMPLETE"
	// Due: not met yet, and not yet due.
	Due State = "DUE"
	// Overdue: not met, and the due date has passed.
	Overdue State = "OVERDUE"
)

// Status is one requirement that applies to a student, and where the
// student stands on it.
type Status struct {
	Requirement *ent.Requirement
	State       State
	CompletedAt *time.Time
}

// stateOf is a requirement's state at now, given when it was met.
func stateOf(r *ent.Requirement, completed *time.Time, now time.Time) State {
	switch {
	case completed != nil:
		return Complete
	case !now.Before(r.DueAt):
		return Overdue
	}
	return Due
}

// ForStudent lists the requirements that apply to the student (their
// school's, of their grade, not archived) in schoolYear, or in the current
// school year when it is nil, by due date, each with its state: ForStudents
// for one student.
func ForStudent(ctx context.Context, c *ent.Client, studentID pulid.ID, schoolYear *string) ([]*Status, error) {
	byStudent, err := ForStudents(ctx, c, []pulid.ID{studentID}, schoolYear)
	if err != nil {
		return nil, err
	}
	return byStudent[studentID], nil
}

// ForStudents lists, for each of the students, the requirements that apply
// to them (their school's, of their grade, not archived) in schoolYear, or
// in the current school year when it is nil, by due date, each with its
// state. Two SQL statements whatever the number of students and
// requirements: which requirement applies to which student and when each
// was met, then the requirements. They are read under their privacy
// policy: a viewer who may not read them (a partner) gets empty lists.
// Callers keep studentIDs under the bind-parameter limits (a page).
//
// BAD_USER_INPUT when schoolYear is not written like 2026-2027.
//
// The students are joined by ID (their school, grade and birth date come
// from the rows): the caller has read them under their privacy policy.
func ForStudents(ctx context.Context, c *ent.Client, studentIDs []pulid.ID, schoolYear *string) (map[pulid.ID][]*Status, error) {
	now := clock.Now(ctx).UTC()
	preds := []predicate.Requirement{}
	if schoolYear != nil {
		y, err := schoolcal.ParseYear(*schoolYear, time.UTC)
		if err != nil {
			return nil, err
		}
		preds = append(preds, requirement.SchoolYear(y.Name))
	} else {
		preds = append(preds, requirement.YearStartsAtLTE(now), requirement.YearEndsAtGT(now))
	}
	out := make(map[pulid.ID][]*Status, len(studentIDs))
	ids := make([]driver.Value, len(studentIDs))
	for i, id := range studentIDs {
		ids[i] = string(id)
		out[id] = []*Status{}
	}
	if len(studentIDs) == 0 {
		return out, nil
	}
	// The students are of the viewer's schools (every school, for the
	// system): their zones count their ages.
	var schools []pulid.ID
	if v := viewer.FromContext(ctx); !v.IsSystem() {
		schools = v.SchoolIDs()
	}
	zones, err := rule.Zones(ctx, c, schools...)
	if err != nil {
		return nil, err
	}
	// Two statements, as ent cannot scan an extra computed column into its
	// rows on SQLite: first the pairs with when each was met.
	var pairs []struct {
		StudentID   pulid.ID  `sql:"student_id"`
		ID          pulid.ID  `sql:"id"`
		CompletedAt timeValue `sql:"completed_at"`
	}
	err = c.Requirement.Query().Where(preds...).Modify(func(s *sql.Selector) {
		t := sql.Table(student.Table).As("s")
		cols := Columns{Requirement: s.C, Student: t.C}
		s.Join(t).OnP(sql.And(sql.InValues(t.C(student.FieldID), ids...), sql.ExprP(Applies(cols))))
		s.Select(sql.As(t.C(student.FieldID), "student_id"), s.C(requirement.FieldID))
		s.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) { CompletedAt(b, cols, now, zones) }), "completed_at")
	}).Scan(ctx, &pairs)
	if err != nil {
		return nil, fmt.Errorf("derive requirements of %d student(s): %w", len(studentIDs), err)
	}
	if len(pairs) == 0 {
		return out, nil
	}
	reqIDs := make([]pulid.ID, 0, len(pairs))
	for _, p := range pairs {
		reqIDs = append(reqIDs, p.ID)
	}
	slices.Sort(reqIDs)
	rs, err := c.Requirement.Query().Where(requirement.IDIn(slices.Compact(reqIDs)...)).
		Order(ent.Asc(requirement.FieldDueAt), ent.Asc(requirement.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read requirements of %d student(s): %w", len(studentIDs), err)
	}
	type pair struct{ student, requirement pulid.ID }
	met := make(map[pair]*time.Time, len(pairs))
	for _, p := range pairs {
		met[pair{p.StudentID, p.ID}] = p.CompletedAt.t
	}
	for _, id := range studentIDs {
		for _, r := range rs {
			when, ok := met[pair{id, r.ID}]
			if !ok {
				continue
			}
			out[id] = append(out[id], &Status{Requirement: r, State: stateOf(r, when, now), CompletedAt: when})
		}
	}
	return out, nil
}

// GroupBy is how a completion report groups students.
type GroupBy string

// The groupings of a report.
const (
	ByGrade   GroupBy = "GRADE"
	ByAdvisor GroupBy = "ADVISOR"
)

// Report is a school's completion report for one school year.
type Report struct {
	SchoolYear   string
	Requirements []*ent.Requirement
	Rows         []*ReportRow
}

// ReportRow is one requirement in one group of students: a grade, or one
// advisor's advisees (AdvisorID nil for students without an advisor).
type ReportRow struct {
	Grade         *int      `sql:"grade"`
	AdvisorID     *pulid.ID `sql:"advisor_id"`
	RequirementID pulid.ID  `sql:"requirement_id"`
	// Assigned is how many students of the group the requirement applies to.
	Assigned int `sql:"assigned"`
	// Complete is how many of them have met it.
	Complete int `sql:"complete"`
	// Overdue is how many have not, past the due date.
	Overdue     int              `sql:"-"`
	Requirement *ent.Requirement `sql:"-"`
}

// CompletionReport counts, for each requirement of the school's schoolYear
// (the current one when nil) and each grade or advisor, the students it
// applies to, those who met it and those overdue: two SQL statements (the
// requirements, then every count grouped in the database), whatever the
// number of students. Rows come by group (grade, or advisor ID with no
// advisor last), then the requirement's due date.
//
// FORBIDDEN for anyone but the school's admins, counselors and advisors;
// an advisor's or counselor's counts cover the students they may read.
// BAD_USER_INPUT for a malformed schoolYear or an unknown groupBy.
func CompletionReport(ctx context.Context, c *ent.Client, schoolID pulid.ID, schoolYear *string, by GroupBy) (*Report, error) {
	if v := viewer.FromContext(ctx); !v.IsSystem() && !rule.IsStaffOf(v, schoolID) {
		return nil, apperr.New(apperr.Forbidden, "Requirement reports are for the school's staff: admins, counselors and advisors.")
	}
	var group string
	switch by {
	case ByGrade:
		group = student.FieldGrade
	case ByAdvisor:
		group = student.FieldAdvisorID
	default:
		return nil, apperr.Invalid("groupBy", "Unknown grouping %q: use GRADE or ADVISOR.", by)
	}
	loc, err := timezone(ctx, c, schoolID)
	if err != nil {
		return nil, err
	}
	now := clock.Now(ctx).UTC()
	year := schoolcal.YearOf(now, loc)
	if schoolYear != nil {
		if year, err = schoolcal.ParseYear(*schoolYear, loc); err != nil {
			return nil, err
		}
	}
	rs, err := c.Requirement.Query().
		Where(requirement.SchoolID(schoolID), requirement.SchoolYear(year.Name), requirement.ArchivedAtIsNil()).
		Order(ent.Asc(requirement.FieldGrade), ent.Asc(requirement.FieldDueAt), ent.Asc(requirement.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read requirements of %s: %w", year.Name, err)
	}
	report := &Report{SchoolYear: year.Name, Requirements: rs, Rows: []*ReportRow{}}
	if len(rs) == 0 {
		return report, nil
	}
	byID := map[pulid.ID]*ent.Requirement{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	var rows []*ReportRow
	err = c.Student.Query().Where(student.SchoolID(schoolID)).Modify(func(s *sql.Selector) {
		q := sql.Table(requirement.Table).As("q")
		cols := Columns{Requirement: func(c string) string { return "q." + c }, Student: s.C}
		s.Join(q).OnP(sql.P(func(b *sql.Builder) {
			b.WriteString(Applies(cols) + " AND q.school_year = ").Arg(year.Name)
		}))
		s.Select(sql.As(s.C(group), group), sql.As(q.C(requirement.FieldID), "requirement_id"))
		s.AppendSelectExprAs(sql.Raw("COUNT(*)"), "assigned")
		s.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("COUNT(")
			CompletedAt(b, cols, now, map[pulid.ID]*time.Location{schoolID: loc})
			b.WriteString(")")
		}), "complete")
		s.GroupBy(s.C(group), q.C(requirement.FieldID))
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("count requirements of %s: %w", year.Name, err)
	}
	for _, row := range rows {
		row.Requirement = byID[row.RequirementID]
		if row.Requirement == nil {
			continue
		}
		if !now.Before(row.Requirement.DueAt) {
			row.Overdue = row.Assigned - row.Complete
		}
		report.Rows = append(report.Rows, row)
	}
	sortRows(report.Rows)
	return report, nil
}

// sortRows orders rows by group (no advisor last), then due date and ID.
func sortRows(rows []*ReportRow) {
	key := func(r *ReportRow) string {
		switch {
		case r.Grade != nil:
			return fmt.Sprintf("%02d", *r.Grade)
		case r.AdvisorID != nil:
			return string(*r.AdvisorID)
		}
		return "~"
	}
	less := func(a, b *ReportRow) int {
		if c := strings.Compare(key(a), key(b)); c != 0 {
			return c
		}
		if c := a.Requirement.DueAt.Compare(b.Requirement.DueAt); c != 0 {
			return c
		}
		return strings.Compare(string(a.RequirementID), string(b.RequirementID))
	}
	slices.SortFunc(rows, less)
}

// timeValue scans a time with scanTime.
type timeValue struct{ t *time.Time }

func (v *timeValue) Scan(src any) (err error) {
	v.t, err = scanTime(src)
	return err
}

// scanTime reads a time the database hands back from an expression: a
// time.Time on PostgreSQL, text on SQLite (modernc writes times as
// time.Time.String, with a monotonic suffix when taken from time.Now).
func scanTime(v any) (*time.Time, error) {
	var s string
	switch x := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		t := x.UTC()
		return &t, nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return nil, fmt.Errorf("requirements: cannot read %T as a time", v)
	}
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " m="); i > 0 {
		s = s[:i]
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t, nil
		}
	}
	return nil, fmt.Errorf("requirements: cannot read %q as a time", s)
}

var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999 -0700 MST", // modernc's own (time.Time.String)
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
}
