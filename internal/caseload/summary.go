package caseload

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
)

// GroupBy is how a summary groups students.
type GroupBy string

// The groupings of a summary.
const (
	ByGradeGroup   GroupBy = "GRADE"
	ByAdvisorGroup GroupBy = "ADVISOR"
)

// DefaultStalledDays is how long without goal progress or reflection makes
// a student count as stalled in a summary, unless the filter says.
const DefaultStalledDays = 30

// SummaryRow is the figures of one grade or one advisor's advisees.
type SummaryRow struct {
	Grade     *int      `sql:"grade"`
	AdvisorID *pulid.ID `sql:"advisor_id"`
	Students  int       `sql:"students"`
	// AverageProgress is the mean of the students' average progress, over
	// students with goals.
	AverageProgress   *float64 `sql:"average_progress"`
	Goals             int      `sql:"goals"`
	OverdueMilestones int      `sql:"overdue_milestones"`
	// Stalled counts students with no goal progress and no reflection in
	// StalledDays.
	Stalled int `sql:"stalled"`
	// NeverReflected counts students without a reflection.
	NeverReflected int `sql:"never_reflected"`
	Evidence       int `sql:"evidence"`
	Endorsements   int `sql:"endorsements"`
	// OverdueRequirements sums the students' overdue plan requirements.
	OverdueRequirements int `sql:"overdue_requirements"`
}

// Summary is the school-wide view of the same figures, one row per grade or
// per advisor (a null advisor for students without one), in one statement.
// The filter narrows it as it narrows Query; StalledDays sets what counts
// as stalled (DefaultStalledDays when nil) rather than filtering. Errors
// as Query.
func Summary(ctx context.Context, c *ent.Client, f Filter, by GroupBy) ([]*SummaryRow, error) {
	scope, zones, err := scopeOf(ctx, c, f.SchoolID)
	if err != nil {
		return nil, err
	}
	var column string
	switch by {
	case ByGradeGroup, "":
		column = student.FieldGrade
	case ByAdvisorGroup:
		column = student.FieldAdvisorID
	default:
		return nil, apperr.Invalid("groupBy", "Group by GRADE or ADVISOR.")
	}
	days := DefaultStalledDays
	if f.StalledDays != nil {
		if err := checkStalledDays(f); err != nil {
			return nil, err
		}
		days = *f.StalledDays
	}
	now := clock.Now(ctx).UTC()
	since := now.AddDate(0, 0, -days)
	preds := filterPreds(scope, f)
	var rows []*SummaryRow
	err = c.Student.Query().Where(preds...).Modify(func(s *sql.Selector) {
		joinFigures(s, now, scope, zones)
		key := s.C(column)
		s.Select(sql.As(key, column))
		s.AppendSelectExprAs(sql.Expr("COUNT(*)"), "students")
		s.AppendSelectExprAs(sql.Expr("AVG(g.average_progress)"), "average_progress")
		s.AppendSelectExprAs(sql.Expr("SUM(COALESCE(g.goals, 0))"), "goals")
		s.AppendSelectExprAs(sql.Expr("SUM(COALESCE(m.overdue, 0))"), "overdue_milestones")
		s.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("SUM(CASE WHEN ").Join(stalled(since)).WriteString(" THEN 1 ELSE 0 END)")
		}), "stalled")
		s.AppendSelectExprAs(sql.Expr("SUM(CASE WHEN r.last_reflection IS NULL THEN 1 ELSE 0 END)"), "never_reflected")
		s.AppendSelectExprAs(sql.Expr("SUM(COALESCE(e.evidence, 0))"), "evidence")
		s.AppendSelectExprAs(sql.Expr("SUM(COALESCE(n.endorsements, 0))"), "endorsements")
		s.AppendSelectExprAs(sql.Expr("SUM(COALESCE(rq.overdue, 0))"), "overdue_requirements")
		if f.OverdueRequirement != nil {
			filterFigures(s, Filter{OverdueRequirement: f.OverdueRequirement}, nil)
		}
		s.GroupBy(key).OrderBy(key)
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("summarize caseload: %w", err)
	}
	if by == ByAdvisorGroup {
		for _, r := range rows {
			r.Grade = nil
		}
	} else {
		for _, r := range rows {
			r.AdvisorID = nil
		}
	}
	return rows, nil
}
