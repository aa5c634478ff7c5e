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

// HostKeepsSlots lets an advisor or counselor who hosts conferences add,
// block and remove their own slots in a window of a school where they host;
// in a school where they are admin, AdminOfSchool (after this rule) lets
// them change any slot.
func HostKeepsSlots() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		admin := SchoolsWhere(v, viewer.RoleAdmin)
		var hosts []any
		for _, id := range SchoolsWhere(v, viewer.RoleAdvisor, viewer.RoleCounselor) {
			if !slices.Contains(admin, id) {
				hosts = append(hosts, string(id))
			}
		}
		if len(hosts) == 0 {
			return privacy.Skip
		}
		me := string(v.AccountID)
		ownHost := true
		if host, set := m.Field("host_id"); set {
			id, _ := host.(fmt.Stringer)
			ownHost = id != nil && id.String() == me
		}
		if !m.Op().Is(ent.OpCreate) {
			hosting := allOf(entql.FieldEQ("host_id", me), in("school_id", hosts...))
			if !ownHost {
				if len(admin) == 0 {
					return notOwnSlot()
				}
				// Handing a slot to another host is an admin's change.
				hosting = nothing
			}
			return narrow(ctx, m, func(context.Context) entql.P { return anyOf(hosting, inSchools(v, viewer.RoleAdmin)) })
		}
		w, set := m.Field("window_id")
		if !set {
			return privacy.Skip
		}
		id, _ := w.(fmt.Stringer)
		client := m.(interface{ Client() *ent.Client }).Client()
		ok, err := parentExists(ctx, client, "conference_windows", id.String(), in("school_id", hosts...))
		if err != nil {
			return privacy.Denyf("check conference window %s: %w", id, err)
		}
		if !ok {
			return privacy.Skip
		}
		if !ownHost {
			return notOwnSlot()
		}
		return privacy.Allow
	})
}

func notOwnSlot() error {
	return privacy.Denyf("%w", apperr.Invalid("hostID", "You can only keep your own slots: set hostID to your own account."))
}

// bookingFields are the conference fields a family changes when it books,
// moves or cancels, and the requests it makes at booking.
var bookingFields = []string{"slot_id", "status", "interpreter_language", "accommodations",
	"questions", "questions_private", "sequence", "cancelled_at", "updated_at"}

// GuardianBooks lets a guardian who may book (can_book, while the
// guardianship lasts and the student has not withdrawn their access) book,
// move and cancel their child's conferences, and change the requests they
// made, whatever roles they hold at other schools. plan is the type's plan:
// its writers (the student's staff) keep their own way in. The booking
// package adds the rules of the workflow: the window must be open, the
// cut-off not passed.
func GuardianBooks(plan Plan) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if len(SchoolsWhere(v, viewer.RoleFamily)) == 0 {
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
				return anyOf(entql.HasEdgeWith("student", entql.HasEdgeWith("guardianships", guardianOf(ctx, true))),
					plan.predicate(ctx, plan.Writers))
			})
		}
		s, set := m.Field("student_id")
		if !set {
			return privacy.Skip
		}
		id := pulid.ID(fmt.Sprint(s))
		client := m.(interface{ Client() *ent.Client }).Client()
		ok, err := MayBook(ctx, client, id)
		if err != nil {
			return privacy.Denyf("%w", err)
		}
		if ok {
			return privacy.Allow
		}
		writer, err := Reach(ctx, client, id, plan.Writers)
		if err != nil {
			return privacy.Denyf("%w", err)
		}
		if writer != 0 {
			return privacy.Skip
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "You are not allowed to book conferences for this student; ask the school."))
	})
}

// conferenceParts are the fields of a conference the student and the
// family write themselves, each alone: who writes it, and what anyone else
// hears ("": the rules after this one answer, as for any change they may
// not make).
var conferenceParts = map[string]struct {
	who     Audience
	refusal string
}{
	"family_feedback":  {Family, "Only the student writes their own feedback, and a guardian the family's."},
	"student_feedback": {Self, "Only the student writes their own feedback, and a guardian the family's."},
	// The student leads the conference: they arrange its agenda.
	"agenda": {Self, ""},
}

// WritesOwnPart lets a guardian of the student write the family's feedback
// on a conference, and the student their own feedback and the order of
// their agenda, and nothing else of it. plan is the conference's plan: its
// writers (the student's staff) may change those fields too.
func WritesOwnPart(plan Plan) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpUpdateOne) || len(m.ClearedFields()) > 0 {
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
		part, ok := conferenceParts[field]
		if !ok {
			return privacy.Skip
		}
		writers := plan.predicate(ctx, plan.Writers)
		scope, ok := studentScope(ctx, part.who)
		if !ok {
			if part.refusal == "" || len(SchoolsWhere(viewer.FromContext(ctx), StaffRoles...)) > 0 {
				return privacy.Skip
			}
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "%s", part.refusal))
		}
		return narrow(ctx, m, func(context.Context) entql.P { return anyOf(entql.HasEdgeWith("student", scope), writers) })
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
