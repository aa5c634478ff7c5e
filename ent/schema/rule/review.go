package rule

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/privacy"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// signatureFields are what each signer of an annual review writes: their
// own signature and snapshot, nothing of anyone else's.
var signatureFields = map[Audience][]string{
	Self:   {"student_signed_at", "student_snapshot"},
	Family: {"guardian_signer_id", "guardian_signed_at", "guardian_snapshot"},
}

// SignsOwnPart lets a student sign their own annual review, and a guardian
// their child's, changing only their own signature (and, creating the
// year's review, its student and year), whatever roles they hold at other
// schools. plan is the review's plan: its writers (the student's staff)
// fall through to the rules after it.
func SignsOwnPart(plan Plan) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
			return privacy.Skip
		}
		client := m.(interface{ Client() *ent.Client }).Client()
		id, _ := m.Field("student_id")
		signs := false
		for _, a := range []Audience{Self, Family} {
			scope, ok := studentScope(ctx, a)
			if !ok {
				continue
			}
			signs = true
			allowed := append([]string{"id", "school_id", "created_at", "updated_at", "student_id", "school_year"}, signatureFields[a]...)
			mine := true
			for _, f := range append(m.Fields(), m.ClearedFields()...) {
				if !slices.Contains(allowed, f) {
					mine = false
				}
			}
			if signer, set := m.Field("guardian_signer_id"); set && fmt.Sprint(signer) != string(v.AccountID) {
				mine = false
			}
			if !mine {
				continue
			}
			if !m.Op().Is(ent.OpCreate) {
				return narrow(ctx, m, func(ctx context.Context) entql.P {
					return anyOf(entql.HasEdgeWith("student", scope), plan.predicate(ctx, plan.Writers))
				})
			}
			ok, err := parentExists(ctx, client, "students", fmt.Sprint(id), scope)
			if err != nil {
				return privacy.Denyf("check student %v: %w", id, err)
			}
			if ok {
				return privacy.Allow
			}
		}
		if !signs {
			return privacy.Skip
		}
		// The student's staff write the rest, in the rules after this one.
		if m.Op().Is(ent.OpCreate) {
			writer, err := Reach(ctx, client, pulid.ID(fmt.Sprint(id)), plan.Writers)
			if err != nil {
				return privacy.Denyf("%w", err)
			}
			if writer != 0 {
				return privacy.Skip
			}
		} else if len(SchoolsWhere(v, StaffRoles...)) > 0 {
			return privacy.Skip
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "You can sign only your own part of an annual review: the student theirs, a guardian theirs."))
	})
}
