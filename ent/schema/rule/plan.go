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

// Plan says how a type hangs off a student's plan and who may see and
// change its rows.
type Plan struct {
	// Path is the chain of edges from a row to its student: nil for the
	// Student itself, {"student"} for a goal, {"goal", "student"} for a
	// milestone.
	Path []string
	// Parent is the column and table of Path's first edge, checked when a
	// row is created.
	Parent Parent
	// Visibility names the visibility field (see visibleTo), if rows have
	// one; VisibilityDepth is how many edges along Path it sits (0: on the
	// row, 1: on the row's parent).
	Visibility      string
	VisibilityDepth int
	// Readers may read rows; Writers may create, update and delete them.
	Readers, Writers Audience
	// Own names a column (partner_id, requester_id) whose account may read
	// the row, whatever its audiences: a partner sees the requests sent to
	// them.
	Own string
	// Hosted is the chain of edges from a row to the conference slots it
	// hangs off ({"slot"} for a conference, {"conferences", "slot"} for a
	// student): the slot's host may read the row, whoever's advisee the
	// student is, since a window may open hosts other than the advisor
	// (ConferenceWindow.open_hosts). Not inherited by Under.
	Hosted []string
}

// Under is the plan of a type that hangs off p's type by edge, through the
// foreign key parent (a milestone off its goal): the same audiences,
// reached one edge further, with p's visibility one edge up. Own is not
// inherited.
func (p Plan) Under(edge string, parent Parent) Plan {
	child := p
	child.Path = append([]string{edge}, p.Path...)
	child.Parent = parent
	child.Own = ""
	child.Hosted = nil
	if p.Visibility != "" {
		child.VisibilityDepth = p.VisibilityDepth + 1
	}
	return child
}

// Parent is a foreign-key column and the table it points to.
type Parent struct{ Field, Table string }

// predicate returns the rows of the plan the viewer reaches as any of the
// audiences in aud.
func (p Plan) predicate(ctx context.Context, aud Audience) entql.P {
	var ps []entql.P
	for _, a := range []Audience{Staff, Self, Family, Partner} {
		if aud&a == 0 {
			continue
		}
		scope, ok := studentScope(ctx, a)
		if !ok {
			continue
		}
		ps = append(ps, p.along(scope, a))
	}
	return anyOf(ps...)
}

// readable adds the Own column to the readers' predicate.
func (p Plan) readable(ctx context.Context) entql.P {
	pred := p.predicate(ctx, p.Readers)
	if p.Own != "" {
		pred = anyOf(pred, entql.FieldEQ(p.Own, string(viewer.FromContext(ctx).AccountID)))
	}
	if len(p.Hosted) > 0 {
		if me := viewer.FromContext(ctx).AccountID; me != "" {
			hosted := entql.FieldEQ("host_id", string(me))
			for i := len(p.Hosted) - 1; i >= 0; i-- {
				hosted = entql.HasEdgeWith(p.Hosted[i], hosted)
			}
			pred = anyOf(pred, hosted)
		}
	}
	return pred
}

// along lifts a predicate on students to one on the plan's rows.
func (p Plan) along(pred entql.P, a Audience) entql.P {
	for depth := len(p.Path) - 1; depth >= 0; depth-- {
		pred = entql.HasEdgeWith(p.Path[depth], pred)
		if p.Visibility != "" && depth == p.VisibilityDepth {
			if vis := visibleTo(a); vis != nil {
				pred = allOf(pred, in(p.Visibility, vis...))
			}
		}
	}
	if len(p.Path) == 0 && p.Visibility != "" {
		if vis := visibleTo(a); vis != nil {
			pred = allOf(pred, in(p.Visibility, vis...))
		}
	}
	return pred
}

// parentPlan is the plan as seen from the row's parent.
func (p Plan) parentPlan() Plan {
	parent := Plan{Path: p.Path[1:], Readers: p.Readers, Writers: p.Writers}
	if p.Visibility != "" && p.VisibilityDepth >= 1 {
		parent.Visibility, parent.VisibilityDepth = p.Visibility, p.VisibilityDepth-1
	}
	return parent
}

// ReadPlan filters reads to the rows of the plans the viewer may read: any
// row matching one of the specs (a comment hangs off a goal or evidence).
func ReadPlan(specs ...Plan) privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		var ps []entql.P
		for _, p := range specs {
			ps = append(ps, p.readable(ctx))
		}
		f.Where(anyOf(ps...))
		return privacy.Allow
	})
}

// WritePlan lets writers change rows of plans they may write: updates and
// deletes are narrowed to those rows (others answer NOT_FOUND), and a new
// row must hang off a parent the viewer may write.
func WritePlan(specs ...Plan) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return narrow(ctx, m, func(ctx context.Context) entql.P {
				var ps []entql.P
				for _, p := range specs {
					ps = append(ps, p.predicate(ctx, p.Writers))
				}
				return anyOf(ps...)
			})
		}
		client := m.(interface{ Client() *ent.Client }).Client()
		for _, p := range specs {
			if len(p.Path) == 0 {
				continue
			}
			v, set := m.Field(p.Parent.Field)
			if !set {
				continue
			}
			id, _ := v.(fmt.Stringer)
			ok, err := parentExists(ctx, client, p.Parent.Table, id.String(), p.parentPlan().predicate(ctx, p.Writers))
			if err != nil {
				return privacy.Denyf("check %s %s: %w", p.Parent.Table, id, err)
			}
			if ok {
				return privacy.Allow
			}
			// A parent the viewer cannot even read is reported exactly as one
			// that does not exist; one they read but may not write, plainly.
			if _, err := SchoolOf(ctx, client, p.Parent.Table, pulid.ID(id.String())); ent.IsNotFound(err) {
				return privacy.Denyf("%w", apperr.Invalid(apperr.FieldName(p.Parent.Field), "No record with ID %q that you can see: check the ID.", id))
			}
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "You cannot add %s records there.", m.Type()))
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "You cannot create %s records.", m.Type()))
	})
}

// AdminOfSchool lets a school's admins change its school-wide records; a new
// record's school is either given (schoolID) or that of its parent.
func AdminOfSchool(parent *Parent) privacy.MutationRule {
	return roleOfSchool(parent, "admins", viewer.RoleAdmin)
}

// roleOfSchool is AdminOfSchool for any of roles; who names them in the
// refusal.
func roleOfSchool(parent *Parent, who string, roles ...viewer.Role) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		admin := schoolValues(viewer.FromContext(ctx), roles...)
		denied := privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Only the school's %s can change %s records.", who, m.Type()))
		if !m.Op().Is(ent.OpCreate) {
			return narrow(ctx, m, func(context.Context) entql.P { return in("school_id", admin...) })
		}
		if v, set := m.Field("school_id"); set {
			if id, _ := v.(fmt.Stringer); id != nil && slices.Contains(admin, any(id.String())) {
				return privacy.Allow
			}
			return denied
		}
		if parent == nil {
			return denied
		}
		v, set := m.Field(parent.Field)
		if !set {
			return denied
		}
		id, _ := v.(fmt.Stringer)
		client := m.(interface{ Client() *ent.Client }).Client()
		ok, err := parentExists(ctx, client, parent.Table, id.String(), in("school_id", admin...))
		if err != nil {
			return privacy.Denyf("check %s %s: %w", parent.Table, id, err)
		}
		if !ok {
			return denied
		}
		return privacy.Allow
	})
}

// ReadIfStaff lets only a school's staff read a type (the tenant filter has
// already narrowed rows to the viewer's schools).
func ReadIfStaff() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(inSchools(viewer.FromContext(ctx), StaffRoles...))
		return privacy.Allow
	})
}

// ReadIfMember lets every member of a school read a type: frameworks,
// conference windows and slots.
func ReadIfMember() privacy.QueryRule {
	return privacy.AlwaysAllowRule()
}

// ReadIfRole lets members of a school in one of roles read a type, such as
// the school's plan requirements (staff, students and families; not
// partners, who see only what a student shares).
func ReadIfRole(roles ...viewer.Role) privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(inSchools(viewer.FromContext(ctx), roles...))
		return privacy.Allow
	})
}

// narrow applies a predicate to an update or delete and allows it: rows
// outside the predicate are not changed, and UpdateOne reports NOT_FOUND.
func narrow(ctx context.Context, m ent.Mutation, pred func(context.Context) entql.P) error {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(pred(ctx))
		return privacy.Allow
	}).EvalMutation(ctx, m)
}
