package requirements

import (
	"maps"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"plp/ent/annualreview"
	"plp/ent/conference"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/reflection"
	"plp/ent/requirement"
	"plp/ent/schema/pulid"
	"plp/ent/selfassessment"
	"plp/ent/slot"
	"plp/ent/studentrevision"
	"plp/internal/platform/schoolcal"
)

// Columns names the columns completion reads: those of a requirement
// (requirements.kind, ...) and of a student (students.id, .birth_date), as
// the outer query qualifies them.
type Columns struct {
	Requirement func(column string) string
	Student     func(column string) string
}

// Aliased is Columns for a requirement and a student table under the
// aliases q and s (alias.column, unquoted: every name is lower case).
func Aliased(q, s string) Columns {
	return Columns{
		Requirement: func(c string) string { return q + "." + c },
		Student:     func(c string) string { return s + "." + c },
	}
}

// CompletedAt writes a SQL expression for when the student met the
// requirement, or NULL while they have not: a correlated subquery per kind
// over the student's plan, so one statement answers for any number of
// students and requirements, with no query per student.
//
// What counts: everything in the student's own plan, PRIVATE items too (a
// requirement is about the student's plan, and a private reflection is still
// a reflection). Only the yes/no and its time ever leave the database, never
// what an item says: staff learn that a required element exists, not its
// content. Work counts when done in the requirement's school year
// (yearStartsAt to yearEndsAt); a goal in an area counts whenever it was
// set while it is ACTIVE or ACHIEVED; an annual review when the student, a
// school representative and (for a student under 18 at now in their
// school's zone, or of unknown age) a guardian have signed that year's
// review. zones holds the time zones of the students' schools (rule.Zones);
// a student of a school not in it counts as under 18.
//
// When met:
//   - ANNUAL_PLAN_UPDATE: the first change in the year of a goal,
//     reflection, piece of evidence or the profile (a StudentRevision).
//   - GOAL_IN_AREA: when the earliest such goal was created.
//   - REFLECTION_COUNT: when the minCount-th reflection of the year was
//     written.
//   - SELF_ASSESSMENT: the first the student took in the year.
//   - ANNUAL_REVIEW_SIGNED: the review's last change (its last signature).
//   - CONFERENCE_HELD: the start of the first COMPLETED conference of the
//     year.
//   - PATHWAY_REFLECTION: when the first reflection of the year on a goal
//     or a piece of evidence in the requirement's pathway was written.
//   - PATHWAY_EVIDENCE: when the first piece of evidence of the year in the
//     pathway was added.
func CompletedAt(b *sql.Builder, c Columns, now time.Time, zones map[pulid.ID]*time.Location) {
	q, s := c.Requirement, c.Student
	id := s("id")
	ys, ye := q(requirement.FieldYearStartsAt), q(requirement.FieldYearEndsAt)
	// inYear is "col in the requirement's school year".
	inYear := func(col string) string { return col + " >= " + ys + " AND " + col + " < " + ye }
	changed := func(table, col string) string {
		return "SELECT " + col + " AS t FROM " + table + " WHERE student_id = " + id + " AND " + inYear(col)
	}
	b.WriteString("CASE " + q(requirement.FieldKind))
	b.WriteString(" WHEN '" + string(requirement.KindAnnualPlanUpdate) + "' THEN (" +
		changed(goal.Table, goal.FieldCreatedAt) + " UNION ALL " +
		changed(goal.Table, goal.FieldUpdatedAt) + " UNION ALL " +
		changed(reflection.Table, reflection.FieldCreatedAt) + " UNION ALL " +
		changed(evidence.Table, evidence.FieldCreatedAt) + " UNION ALL " +
		changed(evidence.Table, evidence.FieldUpdatedAt) + " UNION ALL " +
		changed(studentrevision.Table, studentrevision.FieldCreatedAt) +
		" ORDER BY 1 LIMIT 1)")
	b.WriteString(" WHEN '" + string(requirement.KindGoalInArea) + "' THEN (SELECT MIN(rg.created_at) FROM " + goal.Table +
		" rg WHERE rg.student_id = " + id + " AND rg.area = " + q(requirement.FieldArea) +
		" AND (rg.status = '" + string(goal.StatusActive) + "' OR rg.status = '" + string(goal.StatusAchieved) + "'))")
	b.WriteString(" WHEN '" + string(requirement.KindReflectionCount) + "' THEN (SELECT MIN(rr.created_at) FROM " + reflection.Table +
		" rr WHERE rr.student_id = " + id + " AND " + inYear("rr.created_at") +
		" AND (SELECT COUNT(*) FROM " + reflection.Table + " rn WHERE rn.student_id = " + id +
		" AND rn.created_at >= " + ys + " AND rn.created_at <= rr.created_at) >= " + q(requirement.FieldMinCount) + ")")
	b.WriteString(" WHEN '" + string(requirement.KindSelfAssessment) + "' THEN (SELECT MIN(ra.taken_at) FROM " + selfassessment.Table +
		" ra WHERE ra.student_id = " + id + " AND ra.assessor = '" + string(selfassessment.AssessorStudent) + "' AND " + inYear("ra.taken_at") + ")")
	b.WriteString(" WHEN '" + string(requirement.KindAnnualReviewSigned) + "' THEN (SELECT MAX(rv.updated_at) FROM " + annualreview.Table +
		" rv WHERE rv.student_id = " + id + " AND rv.school_year = " + q(requirement.FieldSchoolYear) +
		" AND rv.student_signed_at IS NOT NULL AND rv.staff_signed_at IS NOT NULL AND (rv.guardian_signed_at IS NOT NULL OR ")
	adult(b, s, now, zones)
	b.WriteString("))")
	b.WriteString(" WHEN '" + string(requirement.KindConferenceHeld) + "' THEN (SELECT MIN(rs.starts_at) FROM " + conference.Table +
		" rc JOIN " + slot.Table + " rs ON rs.id = rc.slot_id WHERE rc.student_id = " + id +
		" AND rc.status = '" + string(conference.StatusCompleted) + "' AND " + inYear("rs.starts_at") + ")")
	b.WriteString(" WHEN '" + string(requirement.KindPathwayReflection) + "' THEN (SELECT MIN(pr.created_at) FROM " + reflection.Table +
		" pr LEFT JOIN " + goal.Table + " pg ON pg.id = pr.goal_id LEFT JOIN " + evidence.Table + " pe ON pe.id = pr.evidence_id" +
		" WHERE pr.student_id = " + id + " AND " + inYear("pr.created_at") +
		" AND (pg.pathway = " + q(requirement.FieldPathway) + " OR pe.pathway = " + q(requirement.FieldPathway) + "))")
	b.WriteString(" WHEN '" + string(requirement.KindPathwayEvidence) + "' THEN (SELECT MIN(pv.created_at) FROM " + evidence.Table +
		" pv WHERE pv.student_id = " + id + " AND pv.pathway = " + q(requirement.FieldPathway) + " AND " + inYear("pv.created_at") + ")")
	b.WriteString(" END")
}

// adult writes whether the student is schoolcal.AdultAge or over on now's
// day at their school: born before that school's bound. Schools go in a
// fixed order, so the statement's text (and its cached plan) repeats.
func adult(b *sql.Builder, s func(string) string, now time.Time, zones map[pulid.ID]*time.Location) {
	schools := slices.Sorted(maps.Keys(zones))
	if len(schools) == 0 {
		b.WriteString("1 = 0")
		return
	}
	b.WriteString("(")
	for i, id := range schools {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("(" + s("school_id") + " = ").Arg(string(id))
		b.WriteString(" AND " + s("birth_date") + " < ").Arg(schoolcal.BornBefore(schoolcal.AdultAge, now, zones[id]))
		b.WriteString(")")
	}
	b.WriteString(")")
}

// Applies writes the join condition of a requirement to the students it
// applies to: same school, same grade, not archived.
func Applies(c Columns) string {
	q, s := c.Requirement, c.Student
	return q(requirement.FieldSchoolID) + " = " + s("school_id") + " AND " + q(requirement.FieldGrade) + " = " + s("grade") +
		" AND " + q(requirement.FieldArchivedAt) + " IS NULL"
}

// OverdueCounts is a subquery of students with their number of overdue
// requirements (only students with at least one): requirements of the
// current school year past their due date and not met (zones: see
// CompletedAt). Its columns are
// student_id and overdue; caseload joins it to its rows.
func OverdueCounts(b *sql.DialectBuilder, now time.Time, zones map[pulid.ID]*time.Location, as string) *sql.Selector {
	c := Aliased("oq", "os")
	st, rq := sql.Table("students").As("os"), sql.Table(requirement.Table).As("oq")
	return b.Select(sql.As(st.C("id"), "student_id"), sql.As(sql.Count("*"), "overdue")).
		From(st).
		Join(rq).On(rq.C(requirement.FieldSchoolID), st.C("school_id")).
		Where(sql.P(func(b *sql.Builder) {
			b.WriteString(Applies(c) + " AND oq.due_at <= ").Arg(now.UTC())
			b.WriteString(" AND oq.year_ends_at > ").Arg(now.UTC())
			b.WriteString(" AND (")
			CompletedAt(b, c, now, zones)
			b.WriteString(") IS NULL")
		})).
		GroupBy(st.C("id")).As(as)
}
