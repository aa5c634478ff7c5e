package rule

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/guardianship"
	"plp/ent/privacy"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// HostKeepsSlots lets an advisor or counselor who hosts conferences add,
// block and remove their own slots in a window of their school; admins
// (AdminOfSchool, after this rule) change any slot of their school.
func HostKeepsSlots() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v.HasRole(viewer.RoleAdmin) || !v.IsStaff() {
			return privacy.Skip
		}
		me := string(v.AccountID)
		staff := staffSchools(v)
		if host, set := m.Field("host_id"); set {
			if id, _ := host.(fmt.Stringer); id == nil || id.String() != me {
				return privacy.Denyf("%w", apperr.Invalid("hostID", "You can only keep your own slots: set hostID to your own account."))
			}
		}
		if !m.Op().Is(ent.OpCreate) {
			return narrow(ctx, m, func(context.Context) entql.P {
				return allOf(entql.FieldEQ("host_id", me), in("school_id", staff...))
			})
		}
		w, set := m.Field("window_id")
		if !set {
			return privacy.Skip
		}
		id, _ := w.(fmt.Stringer)
		client := m.(interface{ Client() *ent.Client }).Client()
		ok, err := parentExists(ctx, client, "conference_windows", id.String(), in("school_id", staff...))
		if err != nil {
			return privacy.Denyf("check conference window %s: %w", id, err)
		}
		if !ok {
			return privacy.Skip
		}
		return privacy.Allow
	})
}

// bookingFields are the conference fields a family changes when it books,
// moves or cancels, and the requests it makes at booking.
var bookingFields = []string{"slot_id", "status", "interpreter_language", "accommodations",
	"questions", "questions_private", "sequence", "cancelled_at", "updated_at"}

// GuardianBooks lets a guardian who may book (can_book, while the
// guardianship lasts and the student has not withdrawn their access) book,
// move and cancel their child's conferences, and change the requests they
// made. The booking package adds the rules of the workflow: the window must
// be open, the cut-off not passed.
func GuardianBooks() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if !v.HasRole(viewer.RoleFamily) || v.IsStaff() {
			return privacy.Skip
		}
		if !m.Op().Is(ent.OpCreate) {
			// An update changes only what booking changes. (A new
			// conference comes only from bookConference, whose input the
			// booking package sets.)
			for _, f := range append(m.Fields(), m.ClearedFields()...) {
				if !slices.Contains(bookingFields, f) {
					return privacy.Skip
				}
			}
			return narrow(ctx, m, func(ctx context.Context) entql.P {
				return entql.HasEdgeWith("student", entql.HasEdgeWith("guardianships", mayBook(ctx)...))
			})
		}
		s, set := m.Field("student_id")
		if !set {
			return privacy.Skip
		}
		id, _ := s.(fmt.Stringer)
		client := m.(interface{ Client() *ent.Client }).Client()
		now := clock.Now(ctx).UTC()
		ok, err := client.Guardianship.Query().Where(
			guardianship.StudentID(pulid.ID(id.String())),
			guardianship.FamilyID(v.AccountID),
			guardianship.CanBook(true),
			guardianship.AccessWithdrawnAtIsNil(),
			guardianship.Or(guardianship.EndsAtIsNil(), guardianship.EndsAtGT(now)),
		).Exist(viewer.SystemContext(ctx))
		if err != nil {
			return privacy.Denyf("check guardianship: %w", err)
		}
		if !ok {
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "You are not allowed to book conferences for this student; ask the school."))
		}
		return privacy.Allow
	})
}

// mayBook matches the viewer's guardianships that allow booking.
func mayBook(ctx context.Context) []entql.P {
	now := clock.Now(ctx).UTC()
	return []entql.P{
		entql.FieldEQ("family_id", string(viewer.FromContext(ctx).AccountID)),
		entql.FieldEQ("can_book", true),
		entql.FieldNil("access_withdrawn_at"),
		anyOf(entql.FieldNil("ends_at"), entql.FieldGT("ends_at", now)),
	}
}

// LeavesFeedback lets a guardian of the student write the family's feedback
// on a conference, and the student their own, and nothing else of it.
func LeavesFeedback() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if !m.Op().Is(ent.OpUpdateOne) || v.IsStaff() || len(m.ClearedFields()) > 0 {
			return privacy.Skip
		}
		var field string
		for _, f := range m.Fields() {
			if f == "updated_at" {
				continue
			}
			if field != "" {
				return privacy.Skip
			}
			field = f
		}
		audience := Family
		switch field {
		case "family_feedback":
		case "student_feedback":
			audience = Self
		default:
			return privacy.Skip
		}
		scope, ok := studentScope(ctx, audience)
		if !ok {
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Only the student writes their own feedback, and a guardian the family's."))
		}
		return narrow(ctx, m, func(context.Context) entql.P { return entql.HasEdgeWith("student", scope) })
	})
}

// OwnFeed lets people make and revoke only their own calendar feeds.
func OwnFeed() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		me := string(viewer.FromContext(ctx).AccountID)
		if !m.Op().Is(ent.OpCreate) {
			return narrow(ctx, m, func(context.Context) entql.P { return entql.FieldEQ("account_id", me) })
		}
		if v, ok := m.Field("account_id"); ok {
			if id, _ := v.(fmt.Stringer); id != nil && id.String() == me {
				return privacy.Allow
			}
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "A calendar feed is made by the person it is for."))
	})
}
