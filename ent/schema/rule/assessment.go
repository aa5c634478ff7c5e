package rule

import (
	"context"
	"fmt"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/privacy"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// WriteAssessments keeps the two voices of a skill assessment apart: the
// student writes STUDENT assessments of themselves, and the student's staff
// (advisor, counselor, the school's admins) write ADVISOR ones beside them.
// Either is written as its author (assessor_id is the viewer) and changed
// only by the same side; nobody writes in the other's voice. plan is how
// assessments hang off their student.
func WriteAssessments(plan Plan) privacy.MutationRule {
	self, staff := plan, plan
	self.Writers, staff.Writers = Self, Staff
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return narrow(ctx, m, func(ctx context.Context) entql.P {
				return anyOf(
					allOf(entql.FieldEQ("assessor", "STUDENT"), self.predicate(ctx, Self)),
					allOf(entql.FieldEQ("assessor", "ADVISOR"), staff.predicate(ctx, Staff)),
				)
			})
		}
		me := string(viewer.FromContext(ctx).AccountID)
		if v, ok := m.Field("assessor_id"); !ok || fmt.Sprint(v) != me {
			return privacy.Denyf("%w", apperr.Invalid("assessorID", "An assessment is written as yourself."))
		}
		// The student's plan decides (WritePlan, per student); these only
		// say plainly that someone is not in that voice's audience at all.
		assessor, _ := m.Field("assessor")
		if fmt.Sprint(assessor) == "ADVISOR" {
			if len(SchoolsWhere(viewer.FromContext(ctx), StaffRoles...)) == 0 {
				return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Only the student's advisor, counselor or the school's admins write an ADVISOR assessment; assess yourself as STUDENT."))
			}
			return WritePlan(staff).EvalMutation(ctx, m)
		}
		if _, ok := studentScope(ctx, Self); !ok {
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Only the student writes a STUDENT self-assessment; staff write ADVISOR assessments beside it."))
		}
		return WritePlan(self).EvalMutation(ctx, m)
	})
}
