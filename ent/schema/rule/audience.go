package rule

import (
	"context"

	"entgo.io/ent/entql"

	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Audience is a group of people who may see part of a student's plan,
// relative to that student.
type Audience uint8

// The audiences of a student's plan (DESIGN.md, Who uses it).
const (
	// Staff is the student's advisor and counselor, and the admins of
	// the student's school.
	Staff Audience = 1 << iota
	// Self is the student.
	Self
	// Family is the student's guardians, while the guardianship lasts and
	// the student (at 18 or over) has not withdrawn their access.
	Family
	// Partner is a community partner with an active partnership that
	// shares items.
	Partner
)

// Everyone is every audience of a plan.
const Everyone = Staff | Self | Family | Partner

// visibleTo lists the visibility values an audience may see: a student sees
// all of their own items, staff what is not private, family what is shared
// with family or partners, partners what is shared with partners.
func visibleTo(a Audience) []any {
	switch a {
	case Staff:
		return []any{"SCHOOL", "FAMILY", "PARTNERS"}
	case Family:
		return []any{"FAMILY", "PARTNERS"}
	case Partner:
		return []any{"PARTNERS"}
	}
	return nil // Self: everything
}

// studentScope returns a predicate on Student rows matching the students the
// viewer reaches as audience a, or false when the viewer is not in it.
func studentScope(ctx context.Context, a Audience) (entql.P, bool) {
	v := viewer.FromContext(ctx)
	me := string(v.AccountID)
	now := clock.Now(ctx).UTC()
	var ps []entql.P
	switch a {
	case Staff:
		if admin := schoolsWithRole(v, viewer.RoleAdmin); len(admin) > 0 {
			ps = append(ps, in("school_id", admin...))
		}
		if v.HasRole(viewer.RoleAdvisor) {
			ps = append(ps, entql.FieldEQ("advisor_id", me))
		}
		if v.HasRole(viewer.RoleCounselor) {
			ps = append(ps, entql.FieldEQ("counselor_id", me))
		}
	case Self:
		if v.HasRole(viewer.RoleStudent) {
			ps = append(ps, entql.FieldEQ("account_id", me))
		}
	case Family:
		if v.HasRole(viewer.RoleFamily) {
			ps = append(ps, entql.HasEdgeWith("guardianships",
				entql.FieldEQ("family_id", me),
				entql.FieldNil("access_withdrawn_at"),
				anyOf(entql.FieldNil("ends_at"), entql.FieldGT("ends_at", now)),
			))
		}
	case Partner:
		if v.HasRole(viewer.RolePartner) {
			ps = append(ps, entql.HasEdgeWith("partnerships",
				entql.FieldEQ("partner_id", me),
				entql.FieldEQ("scope", "SHARED_ITEMS"),
				entql.FieldLTE("starts_on", now),
				anyOf(entql.FieldNil("ends_on"), entql.FieldGTE("ends_on", now)),
			))
		}
	}
	if len(ps) == 0 {
		return nil, false
	}
	return anyOf(ps...), true
}

// schoolsWithRole lists the schools where the viewer has the role.
func schoolsWithRole(v *viewer.Viewer, role viewer.Role) []any {
	var ids []any
	for _, m := range v.Memberships {
		if m.Role == role {
			ids = append(ids, string(m.SchoolID))
		}
	}
	return ids
}

// staffSchools lists the schools where the viewer is admin, advisor or counselor.
func staffSchools(v *viewer.Viewer) []any {
	var ids []any
	for _, role := range []viewer.Role{viewer.RoleAdmin, viewer.RoleAdvisor, viewer.RoleCounselor} {
		ids = append(ids, schoolsWithRole(v, role)...)
	}
	return ids
}

// nothing matches no row (ids are never null), everything every row.
var (
	nothing    = entql.FieldNil("id")
	everything = entql.FieldNotNil("id")
)

func anyOf(ps ...entql.P) entql.P {
	switch len(ps) {
	case 0:
		return nothing
	case 1:
		return ps[0]
	}
	return entql.Or(ps[0], ps[1], ps[2:]...)
}

func allOf(ps ...entql.P) entql.P {
	switch len(ps) {
	case 0:
		return everything
	case 1:
		return ps[0]
	}
	return entql.And(ps[0], ps[1], ps[2:]...)
}

// in matches rows whose field is one of vals; none when vals is empty (a
// viewer with no admin role has no admin schools).
func in(field string, vals ...any) entql.P {
	if len(vals) == 0 {
		return nothing
	}
	return entql.FieldIn(field, vals...)
}
