// Package caseload answers a counselor's (or advisor's, or admin's)
// question across hundreds of students: who is moving and who is stalled.
// Each row is one student with figures from their plan: goals, average
// progress, overdue milestones, days since the last reflection, evidence,
// endorsements and overdue plan requirements, and each skill's latest self-assessment and its change
// since last term.
//
// Cost: one SQL statement for the page of students with every per-student
// figure (grouped subqueries joined to the students, so filters and
// ordering by any figure run in the database), one for the total, and one
// each for the nested lists of the page (goals by status and area, skill
// levels): a constant number however many students, never one per
// student.
//
// What staff see: the figures count what staff may see of a plan, never
// the student's PRIVATE goals or evidence (rule.visibleTo). Reads are
// recorded in the audit trail, one event per student.
package caseload

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/annualreview"
	"plp/ent/endorsement"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/milestone"
	"plp/ent/predicate"
	"plp/ent/reflection"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/selfassessment"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/audit"
	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
	"plp/internal/school/requirements"
	"plp/internal/school/review"
)

// MaxPage is the most rows one page holds.
const MaxPage = 500

// Filter narrows the caseload. Nil fields do not filter.
type Filter struct {
	// SchoolID keeps one of the viewer's schools.
	SchoolID *pulid.ID
	Grade    *int
	// AdvisorID keeps one advisor's advisees.
	AdvisorID *pulid.ID
	// Area keeps students with a goal in the area.
	Area *goal.Area
	// StalledDays keeps students with no goal progress and no reflection
	// in that many days.
	StalledDays *int
	// OverdueRequirement keeps students with (true) or without (false) an
	// overdue plan requirement (requirements.OverdueCounts).
	OverdueRequirement *bool
	// Pathway keeps students with a goal or evidence (that staff may see)
	// from that flexible pathway.
	Pathway *pathway.Pathway
}

// OrderField is a figure rows can be ordered by.
type OrderField string

// The figures rows can be ordered by.
const (
	ByName              OrderField = "NAME"
	ByGrade             OrderField = "GRADE"
	ByGoals             OrderField = "GOALS"
	ByAverageProgress   OrderField = "AVERAGE_PROGRESS"
	ByOverdueMilestones OrderField = "OVERDUE_MILESTONES"
	ByLastReflection    OrderField = "LAST_REFLECTION"
	ByLastActivity      OrderField = "LAST_ACTIVITY"
	ByEvidence          OrderField = "EVIDENCE"
	ByEndorsements      OrderField = "ENDORSEMENTS"
	// ByOverdueRequirements orders by the number of overdue requirements.
	ByOverdueRequirements OrderField = "OVERDUE_REQUIREMENTS"
)

// orderExpr is the SQL each field orders by: the expressions of the row
// query, not their aliases, which PostgreSQL does not allow inside an
// expression of ORDER BY.
var orderExpr = map[OrderField]string{
	ByName:                "", // family then preferred name, below
	ByGrade:               "",
	ByGoals:               "COALESCE(g.goals, 0)",
	ByAverageProgress:     "g.average_progress",
	ByOverdueMilestones:   "COALESCE(m.overdue, 0)",
	ByLastReflection:      "r.last_reflection",
	ByLastActivity:        lastActivity,
	ByEvidence:            "COALESCE(e.evidence, 0)",
	ByEndorsements:        "COALESCE(n.endorsements, 0)",
	ByOverdueRequirements: "COALESCE(rq.overdue, 0)",
}

// Order is a field and a direction.
type Order struct {
	Field OrderField
	Desc  bool
}

// Row is one student of the caseload.
type Row struct {
	StudentID         pulid.ID  `sql:"id"`
	SchoolID          pulid.ID  `sql:"school_id"`
	PreferredName     string    `sql:"preferred_name"`
	FamilyName        string    `sql:"family_name"`
	Grade             int       `sql:"grade"`
	AdvisorID         *pulid.ID `sql:"advisor_id"`
	BirthDate         nullTime  `sql:"birth_date"`
	Goals             int       `sql:"goals"`
	AverageProgress   *float64  `sql:"average_progress"`
	OverdueMilestones int       `sql:"overdue_milestones"`
	LastReflection    nullTime  `sql:"last_reflection_at"`
	LastActivity      nullTime  `sql:"last_activity_at"`
	Evidence          int       `sql:"evidence"`
	Endorsements      int       `sql:"endorsements"`
	// OverdueRequirements counts this school year's plan requirements past
	// due and not met.
	OverdueRequirements int        `sql:"overdue_requirements"`
	LastReflectionAt    *time.Time `sql:"-"`
	LastActivityAt      *time.Time `sql:"-"`
	// DaysSinceReflection is nil when the student never reflected.
	DaysSinceReflection *int `sql:"-"`
	// GoalsByStatusAndArea are the student's goals by status and area.
	GoalsByStatusAndArea []GoalCount `sql:"-"`
	// Skills are the latest self-assessment per skill.
	Skills []SkillLevel `sql:"-"`
	// MissingSignOffs are the signatures this school year's annual review
	// still needs (review.Missing).
	MissingSignOffs []string `sql:"-"`
	// Pathways are the flexible pathways of the goals and evidence staff
	// may see, in pathway.All's order.
	Pathways []pathway.Pathway `sql:"-"`
}

// GoalCount is how many goals a student has in one status and area.
type GoalCount struct {
	StudentID pulid.ID    `sql:"student_id"`
	Status    goal.Status `sql:"status"`
	Area      goal.Area   `sql:"area"`
	Count     int         `sql:"n"`
}

// SkillLevel is a student's latest self-assessment of a skill and the
// latest before this term began, if any.
type SkillLevel struct {
	SkillID       pulid.ID
	Level         selfassessment.Level
	TakenAt       time.Time
	PreviousLevel *selfassessment.Level
	// Change is the number of levels moved since last term (nil without
	// an assessment before this term).
	Change *int
}

// Page is a page of rows and the number of rows in all pages.
type Page struct {
	Rows       []*Row
	TotalCount int
}

// MaxStalledDays is the largest StalledDays: more would reach before any
// school year PLP holds, and past what the databases' dates can hold.
const MaxStalledDays = 3650

func checkStalledDays(f Filter) error {
	if f.StalledDays != nil && (*f.StalledDays < 0 || *f.StalledDays > MaxStalledDays) {
		return apperr.Invalid("stalledDays", "stalledDays must be between 0 and %d (ten years).", MaxStalledDays)
	}
	return nil
}

// Query returns the viewer's caseload: an admin's school, an advisor's
// advisees, a counselor's students (all three, for someone who is all
// three), filtered, ordered (then by name and ID), offset and limited.
//
// It returns FORBIDDEN for a viewer who is not staff, or SchoolID not one
// where they are; BAD_USER_INPUT for a negative or too large limit or
// offset, a StalledDays outside 0..MaxStalledDays, or an unknown order field.
func Query(ctx context.Context, c *ent.Client, f Filter, o Order, limit, offset int) (*Page, error) {
	v := viewer.FromContext(ctx)
	scope, zones, err := scopeOf(ctx, c, f.SchoolID)
	if err != nil {
		return nil, err
	}
	switch {
	case limit < 0 || limit > MaxPage:
		return nil, apperr.Invalid("first", "first must be between 0 and %d.", MaxPage)
	case offset < 0:
		return nil, apperr.Invalid("offset", "offset must not be negative.")
	case checkStalledDays(f) != nil:
		return nil, checkStalledDays(f)
	}
	if o.Field == "" {
		o.Field = ByName
	}
	if _, ok := orderExpr[o.Field]; !ok {
		return nil, apperr.Invalid("orderBy", "Unknown order field %q.", o.Field)
	}
	now := clock.Now(ctx).UTC()
	preds := filterPreds(scope, f)
	var stalledSince *time.Time
	if f.StalledDays != nil {
		t := now.AddDate(0, 0, -*f.StalledDays)
		stalledSince = &t
	}
	total, err := c.Student.Query().Where(preds...).Modify(func(s *sql.Selector) {
		joinFigures(s, now, scope, zones)
		filterFigures(s, f, stalledSince)
		s.Select(sql.Count("*"))
	}).Int(ctx)
	if err != nil {
		return nil, fmt.Errorf("count caseload: %w", err)
	}
	var rows []*Row
	if limit > 0 {
		err = c.Student.Query().Where(preds...).Modify(func(s *sql.Selector) {
			joinFigures(s, now, scope, zones)
			filterFigures(s, f, stalledSince)
			s.Select(s.C(student.FieldID), s.C(student.FieldSchoolID), s.C(student.FieldPreferredName), s.C(student.FieldFamilyName),
				s.C(student.FieldGrade), s.C(student.FieldAdvisorID), s.C(student.FieldBirthDate))
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByGoals]), "goals")
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByAverageProgress]), "average_progress")
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByOverdueMilestones]), "overdue_milestones")
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByLastReflection]), "last_reflection_at")
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByLastActivity]), "last_activity_at")
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByEvidence]), "evidence")
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByEndorsements]), "endorsements")
			s.AppendSelectExprAs(sql.Expr(orderExpr[ByOverdueRequirements]), "overdue_requirements")
			dir := " ASC"
			if o.Desc {
				dir = " DESC"
			}
			switch o.Field {
			case ByName:
				s.OrderBy(s.C(student.FieldFamilyName)+dir, s.C(student.FieldPreferredName)+dir)
			case ByGrade:
				s.OrderBy(s.C(student.FieldGrade)+dir, s.C(student.FieldFamilyName), s.C(student.FieldPreferredName))
			default:
				// Nulls (never reflected, no goals) sort as the smallest.
				expr := orderExpr[o.Field]
				s.OrderExpr(sql.Expr("CASE WHEN "+expr+" IS NULL THEN 0 ELSE 1 END"+dir), sql.Expr(expr+dir))
				s.OrderBy(s.C(student.FieldFamilyName), s.C(student.FieldPreferredName))
			}
			s.OrderBy(s.C(student.FieldID))
			s.Limit(limit).Offset(offset)
		}).Scan(ctx, &rows)
		if err != nil {
			return nil, fmt.Errorf("read caseload: %w", err)
		}
	}
	if err := details(ctx, c, rows, now, zones); err != nil {
		return nil, err
	}
	record(ctx, v, rows)
	return &Page{Rows: rows, TotalCount: total}, nil
}

// filterPreds are the predicates of the filter's students, over what
// staff may see (never PRIVATE goals or evidence); StalledDays, which
// needs the figures, is left to the callers.
func filterPreds(scope predicate.Student, f Filter) []predicate.Student {
	preds := []predicate.Student{scope}
	if f.Grade != nil {
		preds = append(preds, student.Grade(*f.Grade))
	}
	if f.AdvisorID != nil {
		preds = append(preds, student.AdvisorID(*f.AdvisorID))
	}
	if f.Area != nil {
		preds = append(preds, student.HasGoalsWith(goal.AreaEQ(*f.Area), goal.VisibilityNEQ(goal.VisibilityPrivate)))
	}
	if f.Pathway != nil {
		preds = append(preds, student.Or(
			student.HasGoalsWith(goal.PathwayEQ(*f.Pathway), goal.VisibilityNEQ(goal.VisibilityPrivate)),
			student.HasEvidenceWith(evidence.PathwayEQ(*f.Pathway), evidence.VisibilityNEQ(evidence.VisibilityPrivate)),
		))
	}
	return preds
}

// lastActivity is the later of the last goal change and the last
// reflection (NULL when neither).
const lastActivity = "CASE WHEN r.last_reflection IS NULL THEN g.last_change WHEN g.last_change IS NULL THEN r.last_reflection " +
	"WHEN r.last_reflection > g.last_change THEN r.last_reflection ELSE g.last_change END"

// filterFigures applies the filters on figures: stalled since, and
// overdue requirements.
func filterFigures(s *sql.Selector, f Filter, stalledSince *time.Time) {
	if stalledSince != nil {
		s.Where(stalled(*stalledSince))
	}
	if f.OverdueRequirement != nil {
		if *f.OverdueRequirement {
			s.Where(sql.ExprP("rq.overdue > 0"))
		} else {
			s.Where(sql.ExprP("rq.overdue IS NULL"))
		}
	}
}

// stalled keeps students with no goal change and no reflection since t.
func stalled(t time.Time) *sql.Predicate {
	return sql.And(
		sql.Or(sql.ExprP("g.last_change IS NULL"), before("g.last_change", t)),
		sql.Or(sql.ExprP("r.last_reflection IS NULL"), before("r.last_reflection", t)),
	)
}

// before is "expr < t", with t bound as the dialect binds arguments.
func before(expr string, t time.Time) *sql.Predicate {
	return sql.P(func(b *sql.Builder) { b.WriteString(expr + " < ").Arg(t) })
}

// joinFigures joins the students of s to their figures, each a subquery
// grouped by student, over what staff may see. Each subquery keeps to the
// students of scope (the viewer's caseload): unrestricted, each grouped
// every goal, milestone, reflection and piece of evidence of the whole
// database, so a counselor's page cost in step with the district's size
// (plp bench's scaling runs).
func joinFigures(s *sql.Selector, now time.Time, scope predicate.Student, zones map[pulid.ID]*time.Location) {
	b := sql.Dialect(s.Dialect())
	mine := func() *sql.Selector {
		in := b.Select(student.FieldID).From(sql.Table(student.Table))
		scope(in)
		return in
	}
	private := "PRIVATE"
	goals := b.Select(
		sql.As(goal.FieldStudentID, "student_id"),
		sql.As(sql.Count("*"), "goals"),
		sql.As(sql.Avg(goal.FieldProgress), "average_progress"),
		sql.As(sql.Max(goal.FieldUpdatedAt), "last_change"),
	).From(sql.Table(goal.Table)).Where(sql.And(sql.NEQ(goal.FieldVisibility, private), sql.In(goal.FieldStudentID, mine()))).
		GroupBy(goal.FieldStudentID).As("g")

	mt, gt := sql.Table(milestone.Table).As("ms"), sql.Table(goal.Table).As("mg")
	overdue := b.Select(sql.As(gt.C(goal.FieldStudentID), "student_id"), sql.As(sql.Count("*"), "overdue")).
		From(mt).Join(gt).On(mt.C(milestone.FieldGoalID), gt.C(goal.FieldID)).
		Where(sql.And(
			sql.IsNull(mt.C(milestone.FieldDoneAt)),
			sql.LT(mt.C(milestone.FieldDue), now),
			sql.NEQ(gt.C(goal.FieldVisibility), private),
			sql.In(gt.C(goal.FieldStatus), string(goal.StatusDraft), string(goal.StatusActive)),
			sql.In(gt.C(goal.FieldStudentID), mine()),
		)).GroupBy(gt.C(goal.FieldStudentID)).As("m")

	reflections := b.Select(sql.As(reflection.FieldStudentID, "student_id"), sql.As(sql.Max(reflection.FieldCreatedAt), "last_reflection")).
		From(sql.Table(reflection.Table)).Where(sql.In(reflection.FieldStudentID, mine())).GroupBy(reflection.FieldStudentID).As("r")

	ev := b.Select(sql.As(evidence.FieldStudentID, "student_id"), sql.As(sql.Count("*"), "evidence")).
		From(sql.Table(evidence.Table)).Where(sql.And(sql.NEQ(evidence.FieldVisibility, private), sql.In(evidence.FieldStudentID, mine()))).
		GroupBy(evidence.FieldStudentID).As("e")

	et, vt := sql.Table(endorsement.Table).As("en"), sql.Table(evidence.Table).As("ne")
	endorsements := b.Select(sql.As(vt.C(evidence.FieldStudentID), "student_id"), sql.As(sql.Count("*"), "endorsements")).
		From(et).Join(vt).On(et.C(endorsement.FieldEvidenceID), vt.C(evidence.FieldID)).
		Where(sql.And(sql.IsNull(et.C(endorsement.FieldRevokedAt)), sql.In(vt.C(evidence.FieldStudentID), mine()))).
		GroupBy(vt.C(evidence.FieldStudentID)).As("n")

	id := s.C(student.FieldID)
	s.LeftJoin(goals).On(id, goals.C("student_id"))
	s.LeftJoin(overdue).On(id, overdue.C("student_id"))
	s.LeftJoin(reflections).On(id, reflections.C("student_id"))
	s.LeftJoin(ev).On(id, ev.C("student_id"))
	s.LeftJoin(endorsements).On(id, endorsements.C("student_id"))
	// Plan requirements count what the student did, PRIVATE items too; only
	// the number overdue shows (see requirements.CompletedAt).
	overdueRequirements := requirements.OverdueCounts(b, now, zones, "rq")
	s.LeftJoin(overdueRequirements).On(id, overdueRequirements.C("student_id"))
}

// details fills in what is derived or nested, for the page: one statement
// for goals by status and area, one for self-assessments, one for this
// year's annual reviews. Years, terms and ages are each student's school's
// (zones).
func details(ctx context.Context, c *ent.Client, rows []*Row, now time.Time, zones map[pulid.ID]*time.Location) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]pulid.ID, len(rows))
	byID := map[pulid.ID]*Row{}
	for i, r := range rows {
		ids[i] = r.StudentID
		byID[r.StudentID] = r
		r.LastReflectionAt, r.LastActivityAt = r.LastReflection.ptr(), r.LastActivity.ptr()
		if t := r.LastReflectionAt; t != nil {
			days := int(now.Sub(*t).Hours() / 24)
			r.DaysSinceReflection = &days
		}
	}
	var counts []GoalCount
	err := c.Goal.Query().
		Where(goal.StudentIDIn(ids...), goal.VisibilityNEQ(goal.VisibilityPrivate)).
		GroupBy(goal.FieldStudentID, goal.FieldStatus, goal.FieldArea).
		Aggregate(ent.As(ent.Count(), "n")).
		Scan(ctx, &counts)
	if err != nil {
		return fmt.Errorf("count goals of the caseload: %w", err)
	}
	for _, gc := range counts {
		if r := byID[gc.StudentID]; r != nil {
			r.GoalsByStatusAndArea = append(r.GoalsByStatusAndArea, gc)
		}
	}
	if err := pathwaysOf(ctx, c, ids, byID); err != nil {
		return err
	}
	assessments, err := c.SelfAssessment.Query().
		Where(selfassessment.StudentIDIn(ids...)).
		Select(selfassessment.FieldStudentID, selfassessment.FieldSkillID, selfassessment.FieldLevel, selfassessment.FieldTakenAt).
		Order(selfassessment.ByTakenAt(), selfassessment.ByID()).
		All(ctx)
	if err != nil {
		return fmt.Errorf("read self-assessments of the caseload: %w", err)
	}
	// This school year, at each student's school (it turns at different
	// instants in different zones).
	var years []string
	for _, r := range rows {
		if y := schoolcal.YearOf(now, zones[r.SchoolID]).Name; !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	reviews, err := c.AnnualReview.Query().
		Where(annualreview.StudentIDIn(ids...), annualreview.SchoolYearIn(years...)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("read annual reviews of the caseload: %w", err)
	}
	type yearOf struct {
		student pulid.ID
		year    string
	}
	reviewOf := map[yearOf]*ent.AnnualReview{}
	for _, rv := range reviews {
		reviewOf[yearOf{rv.StudentID, rv.SchoolYear}] = rv
	}
	termStart := map[pulid.ID]time.Time{}
	for _, r := range rows {
		loc := zones[r.SchoolID]
		r.MissingSignOffs = []string{}
		rv := reviewOf[yearOf{r.StudentID, schoolcal.YearOf(now, loc).Name}]
		for _, m := range review.Missing(rv, r.BirthDate.ptr(), now, loc) {
			r.MissingSignOffs = append(r.MissingSignOffs, string(m))
		}
		termStart[r.StudentID] = schoolcal.TermOf(now, loc).Start
	}
	type key struct{ student, skill pulid.ID }
	latest, before := map[key]*ent.SelfAssessment{}, map[key]*ent.SelfAssessment{}
	var order []key
	for _, a := range assessments {
		k := key{a.StudentID, a.SkillID}
		if _, seen := latest[k]; !seen {
			order = append(order, k)
		}
		latest[k] = a
		if a.TakenAt.Before(termStart[a.StudentID]) {
			before[k] = a
		}
	}
	for _, k := range order {
		a := latest[k]
		sl := SkillLevel{SkillID: k.skill, Level: a.Level, TakenAt: a.TakenAt}
		if p := before[k]; p != nil && p != a {
			prev := p.Level
			change := levelRank(a.Level) - levelRank(prev)
			sl.PreviousLevel, sl.Change = &prev, &change
		}
		if r := byID[k.student]; r != nil {
			r.Skills = append(r.Skills, sl)
		}
	}
	return nil
}

// pathwaysOf fills in each row's pathways: one statement for the goals of
// the page, one for its evidence.
func pathwaysOf(ctx context.Context, c *ent.Client, ids []pulid.ID, byID map[pulid.ID]*Row) error {
	type pair struct {
		StudentID pulid.ID        `sql:"student_id"`
		Pathway   pathway.Pathway `sql:"pathway"`
	}
	var fromGoals, fromEvidence []pair
	err := c.Goal.Query().
		Where(goal.StudentIDIn(ids...), goal.PathwayNotNil(), goal.VisibilityNEQ(goal.VisibilityPrivate)).
		GroupBy(goal.FieldStudentID, goal.FieldPathway).
		Scan(ctx, &fromGoals)
	if err != nil {
		return fmt.Errorf("read pathways of the caseload's goals: %w", err)
	}
	err = c.Evidence.Query().
		Where(evidence.StudentIDIn(ids...), evidence.PathwayNotNil(), evidence.VisibilityNEQ(evidence.VisibilityPrivate)).
		GroupBy(evidence.FieldStudentID, evidence.FieldPathway).
		Scan(ctx, &fromEvidence)
	if err != nil {
		return fmt.Errorf("read pathways of the caseload's evidence: %w", err)
	}
	has := map[pulid.ID]map[pathway.Pathway]bool{}
	for _, p := range append(fromGoals, fromEvidence...) {
		if has[p.StudentID] == nil {
			has[p.StudentID] = map[pathway.Pathway]bool{}
		}
		has[p.StudentID][p.Pathway] = true
	}
	for id, r := range byID {
		r.Pathways = []pathway.Pathway{}
		for _, p := range pathway.All {
			if has[id][p] {
				r.Pathways = append(r.Pathways, p)
			}
		}
	}
	return nil
}

func levelRank(l selfassessment.Level) int {
	switch l {
	case selfassessment.LevelBeginning:
		return 1
	case selfassessment.LevelDeveloping:
		return 2
	case selfassessment.LevelProficient:
		return 3
	case selfassessment.LevelExtending:
		return 4
	}
	return 0
}

// scopeOf is the predicate of the viewer's caseload: the students they
// reach as staff (rule.StudentsReached: the schools where they are admin,
// their advisees and counselees elsewhere), in school when it is given;
// and the time zones of the schools it spans (one statement).
func scopeOf(ctx context.Context, c *ent.Client, school *pulid.ID) (predicate.Student, map[pulid.ID]*time.Location, error) {
	v := viewer.FromContext(ctx)
	staffAt := rule.SchoolsWhere(v, rule.StaffRoles...)
	if v == nil || v.IsSystem() || len(staffAt) == 0 {
		return nil, nil, apperr.New(apperr.Forbidden, "Caseloads are for school staff: counselors, advisors and admins.")
	}
	scope := rule.StudentsReached(ctx, rule.Staff)
	if school != nil {
		if !slices.Contains(staffAt, *school) {
			return nil, nil, apperr.New(apperr.Forbidden, "You are not staff of that school: you can only see the caseloads of your own school.")
		}
		staffAt, scope = []pulid.ID{*school}, student.And(student.SchoolID(*school), scope)
	}
	zones, err := rule.Zones(ctx, c, staffAt...)
	if err != nil {
		return nil, nil, err
	}
	return scope, zones, nil
}

// record writes the trail: staff read these students' records.
func record(ctx context.Context, v *viewer.Viewer, rows []*Row) {
	if len(rows) == 0 {
		return
	}
	out := make([]audit.Row, len(rows))
	for i, r := range rows {
		out[i] = audit.Row{ID: r.StudentID, SchoolID: r.SchoolID, StudentID: r.StudentID}
	}
	audit.Reads(ctx, v.AccountID, "Student", out, "caseload")
}

// nullTime scans a time that SQLite may hand back as text (an aggregate of
// a datetime column has no declared type there).
type nullTime struct{ t *time.Time }

func (n *nullTime) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		n.t = nil
	case time.Time:
		t := x.UTC()
		n.t = &t
	case string:
		return n.parse(x)
	case []byte:
		return n.parse(string(x))
	default:
		return fmt.Errorf("caseload: cannot scan %T as a time", src)
	}
	return nil
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

func (n *nullTime) parse(s string) error {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " m="); i > 0 { // a monotonic clock reading, from time.Now
		s = s[:i]
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			n.t = &t
			return nil
		}
	}
	return fmt.Errorf("caseload: cannot read %q as a time", s)
}

func (n nullTime) ptr() *time.Time { return n.t }
