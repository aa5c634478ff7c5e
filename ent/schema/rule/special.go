package rule

import (
	"context"
	"slices"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/privacy"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// ReadOwnOrSchoolStaff lets the account in column own read its rows, and the
// staff of the row's school read all of them (memberships, notifications).
func ReadOwnOrSchoolStaff(own string, roles ...viewer.Role) privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		f.Where(anyOf(entql.FieldEQ(own, string(v.AccountID)), inSchools(v, roles...)))
		return privacy.Allow
	})
}

// ReadAudit lets a school's admins read its audit trail, and a student and
// their family read the trail of the student's records.
func ReadAudit() privacy.QueryRule {
	plan := Plan{Path: []string{"student"}, Readers: Self | Family}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(anyOf(inSchools(viewer.FromContext(ctx), viewer.RoleAdmin), plan.readable(ctx)))
		return privacy.Allow
	})
}

// ReadAccounts narrows accounts to: the viewer; for staff, the people of
// their schools; for everyone, the staff of their schools (a family sees its
// child's advisor); for a student, their community partners; for admins, accounts with no role anywhere yet: one that
// createAccount made in the same transaction, a moment before giving it its
// first role (no such account outlives that transaction).
func ReadAccounts() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		var roles []any
		for _, r := range StaffRoles {
			roles = append(roles, string(r))
		}
		visible := []entql.P{
			entql.FieldEQ("id", string(v.AccountID)),
			entql.HasEdgeWith("memberships", inSchools(v, StaffRoles...)),
			entql.HasEdgeWith("memberships", in("school_id", memberSchools(v)...), in("role", roles...)),
		}
		if len(SchoolsWhere(v, viewer.RoleAdmin)) > 0 {
			visible = append(visible, entql.Not(entql.HasEdge("memberships")))
		}
		// A student sees their community partners: whom to ask for an
		// endorsement, and who gave one. (Their family does not: partners
		// are not the family's contacts; see export_test.)
		if scope, ok := studentScope(ctx, Self); ok {
			visible = append(visible, entql.HasEdgeWith("partnerships", entql.HasEdgeWith("student", scope)))
		}
		f.Where(anyOf(visible...))
		return privacy.Allow
	})
}

// WriteAccounts lets people change their own account, and admins the
// accounts of their schools' people.
func WriteAccounts() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if m.Op().Is(ent.OpCreate) {
			return DenyCreateUnlessAdmin().EvalMutation(ctx, m)
		}
		return narrow(ctx, m, func(ctx context.Context) entql.P {
			v := viewer.FromContext(ctx)
			return anyOf(
				entql.FieldEQ("id", string(v.AccountID)),
				entql.HasEdgeWith("memberships", inSchools(v, viewer.RoleAdmin)),
			)
		})
	})
}

// WriteSchool lets a school's admins change its settings.
func WriteSchool() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if m.Op().Is(ent.OpCreate) {
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Schools are created by the server's operators."))
		}
		return narrow(ctx, m, func(ctx context.Context) entql.P {
			return in("id", schoolValues(viewer.FromContext(ctx), viewer.RoleAdmin)...)
		})
	})
}

// StudentEditsOwnProfileOnly keeps a student to the parts of their record
// that are theirs to tell: how they are named and described, not their
// grade, advisor or consent. Those are changed by the student's staff
// (plan's Staff writers): a change of any other field is narrowed to the
// students the viewer serves as staff, and refused outright to someone who
// is staff nowhere.
func StudentEditsOwnProfileOnly(plan Plan, allowed ...string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		for _, f := range append(m.Fields(), m.ClearedFields()...) {
			if f == "updated_at" || slices.Contains(allowed, f) {
				continue
			}
			if len(SchoolsWhere(viewer.FromContext(ctx), StaffRoles...)) == 0 {
				return privacy.Denyf("%w", &apperr.Error{Code: apperr.Forbidden, Field: apperr.FieldName(f),
					Message: "Only school staff can change " + apperr.FieldName(f) + "."})
			}
			return narrow(ctx, m, func(ctx context.Context) entql.P { return plan.predicate(ctx, Staff) })
		}
		return privacy.Skip
	})
}

// EligibleStudentWithdrawsFamily lets a student of 18 or over (at their
// school, in its time zone) withdraw (or restore) a family member's access
// to their plan, and change nothing else of the guardianship. Admins of
// the school (AdminOfSchool, after this rule) keep their way in.
func EligibleStudentWithdrawsFamily() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		self, ok := studentScope(ctx, Self)
		if !m.Op().Is(ent.OpUpdateOne|ent.OpUpdate) || !ok {
			return privacy.Skip
		}
		for _, f := range append(m.Fields(), m.ClearedFields()...) {
			if f != "access_withdrawn_at" && f != "updated_at" {
				return privacy.Skip
			}
		}
		client := m.(interface{ Client() *ent.Client }).Client()
		zones, err := Zones(ctx, client, SchoolsWhere(v, viewer.RoleStudent)...)
		if err != nil {
			return privacy.Denyf("%w", err)
		}
		adult := allOf(self, adultAt(clock.Now(ctx), zones))
		return narrow(ctx, m, func(ctx context.Context) entql.P {
			return anyOf(entql.HasEdgeWith("student", adult), inSchools(v, viewer.RoleAdmin))
		})
	})
}

// AuthorIsViewer makes a new row's author (column) the viewer, and lets
// only its author change it.
func AuthorIsViewer(column string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		me := string(viewer.FromContext(ctx).AccountID)
		if m.Op().Is(ent.OpCreate) {
			if v, ok := m.Field(column); ok {
				if id, _ := v.(interface{ String() string }); id != nil && id.String() == me {
					return privacy.Skip
				}
			}
			return privacy.Denyf("%w", apperr.Invalid(apperr.FieldName(column), "You can only write as yourself: set %s to your own account.", apperr.FieldName(column)))
		}
		return narrow(ctx, m, func(context.Context) entql.P { return entql.FieldEQ(column, me) })
	})
}

// OnCreate applies rule to creations only.
func OnCreate(rule privacy.MutationRule) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		return rule.EvalMutation(ctx, m)
	})
}

// FamilyDecidesDirectoryAndConsent lets a guardian opt their child out of
// directory information and record parental consent, and change nothing
// else of the student's record. plan is the student's: its Staff writers
// may change those fields too.
func FamilyDecidesDirectoryAndConsent(plan Plan) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		family, ok := studentScope(ctx, Family)
		if !m.Op().Is(ent.OpUpdateOne|ent.OpUpdate) || !ok {
			return privacy.Skip
		}
		for _, f := range append(m.Fields(), m.ClearedFields()...) {
			if f != "directory_opt_out" && f != "parental_consent_at" && f != "updated_at" {
				return privacy.Skip
			}
		}
		return narrow(ctx, m, func(ctx context.Context) entql.P { return anyOf(family, plan.predicate(ctx, Staff)) })
	})
}

// UnderThirteenNeedsConsent keeps a student under 13 (at their school, in
// its time zone) from adding to or changing their plan until a parent has
// consented (COPPA): the family records it as parentalConsentAt on the
// student.
func UnderThirteenNeedsConsent() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		self, ok := studentScope(ctx, Self)
		if !ok {
			return privacy.Skip
		}
		client := m.(interface{ Client() *ent.Client }).Client()
		young, err := consentMissing(ctx, client, ent.StudentWhere(self))
		if err != nil {
			return privacy.Denyf("check parental consent: %w", err)
		}
		if young {
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden,
				"A parent or guardian must consent before a student under 13 adds to their plan; ask your family to give consent."))
		}
		return privacy.Skip
	})
}
