package rule

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/guardianship"
	"plp/ent/partnership"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Audience is a group of people who may see part of a student's plan,
// relative to that student. Each is decided for the student's own school:
// a role at one school gives nothing at another, so an advisor at one
// school who is a guardian at another is a guardian there, and nothing
// more.
type Audience uint8

// The audiences of a student's plan (DESIGN.md, Who uses it).
const (
	// Staff is the student's advisor and counselor, and the admins of
	// the student's school, each in that role at that school.
	Staff Audience = 1 << iota
	// Self is the student, in their student role at their school.
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

// audiences lists the audiences one by one, in the order rules try them.
var audiences = []Audience{Self, Staff, Family, Partner}

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

// StaffRoles are the roles of a school's staff.
var StaffRoles = []viewer.Role{viewer.RoleAdmin, viewer.RoleAdvisor, viewer.RoleCounselor}

// staffReach is how each staff role reaches a student of its school: an
// admin every student, an advisor their advisees, a counselor their
// counselees (the student's column that names them).
var staffReach = []struct {
	role   viewer.Role
	column string
}{
	{viewer.RoleAdmin, ""},
	{viewer.RoleAdvisor, student.FieldAdvisorID},
	{viewer.RoleCounselor, student.FieldCounselorID},
}

// SchoolsWhere lists the schools where the viewer has any of roles (none
// for nobody signed in).
func SchoolsWhere(v *viewer.Viewer, roles ...viewer.Role) []pulid.ID {
	if v == nil {
		return nil
	}
	var ids []pulid.ID
	for _, m := range v.Memberships {
		if slices.Contains(roles, m.Role) && !slices.Contains(ids, m.SchoolID) {
			ids = append(ids, m.SchoolID)
		}
	}
	return ids
}

// IsStaffOf reports whether the viewer works at the school: an admin, an
// advisor or a counselor there.
func IsStaffOf(v *viewer.Viewer, school pulid.ID) bool {
	return slices.Contains(SchoolsWhere(v, StaffRoles...), school)
}

// schoolValues lists, as entql values, the schools where the viewer has
// any of roles.
func schoolValues(v *viewer.Viewer, roles ...viewer.Role) []any {
	var ids []any
	for _, id := range SchoolsWhere(v, roles...) {
		ids = append(ids, string(id))
	}
	return ids
}

// inSchools matches rows whose school_id is one where the viewer has any
// of roles (none when they have none of them anywhere).
func inSchools(v *viewer.Viewer, roles ...viewer.Role) entql.P {
	return in("school_id", schoolValues(v, roles...)...)
}

// studentScope returns a predicate on Student rows matching the students the
// viewer reaches as audience a, or false when the viewer is not in it at
// any school. Each role counts only at the school where the viewer holds
// it: the predicate pairs it with the row's school_id.
func studentScope(ctx context.Context, a Audience) (entql.P, bool) {
	v := viewer.FromContext(ctx)
	me := string(v.AccountID)
	var ps []entql.P
	switch a {
	case Staff:
		for _, r := range staffReach {
			if len(SchoolsWhere(v, r.role)) == 0 {
				continue
			}
			if r.column == "" {
				ps = append(ps, inSchools(v, r.role))
			} else {
				ps = append(ps, allOf(entql.FieldEQ(r.column, me), inSchools(v, r.role)))
			}
		}
	case Self:
		if len(SchoolsWhere(v, viewer.RoleStudent)) > 0 {
			ps = append(ps, allOf(entql.FieldEQ(student.FieldAccountID, me), inSchools(v, viewer.RoleStudent)))
		}
	case Family:
		if len(SchoolsWhere(v, viewer.RoleFamily)) > 0 {
			ps = append(ps, entql.HasEdgeWith(student.EdgeGuardianships, guardianOf(ctx, false)))
		}
	case Partner:
		if len(SchoolsWhere(v, viewer.RolePartner)) > 0 {
			ps = append(ps, entql.HasEdgeWith(student.EdgePartnerships, partnerOf(ctx)))
		}
	}
	if len(ps) == 0 {
		return nil, false
	}
	return anyOf(ps...), true
}

// currentGuardianship matches guardianships in force at now: not ended, and
// the family's access not withdrawn by the (adult) student.
func currentGuardianship(now time.Time) entql.P {
	return allOf(
		entql.FieldNil(guardianship.FieldAccessWithdrawnAt),
		anyOf(entql.FieldNil(guardianship.FieldEndsAt), entql.FieldGT(guardianship.FieldEndsAt, now)),
	)
}

// guardianOf matches the viewer's own current guardianships, held with a
// family role at the guardianship's school; booking keeps those that may
// book (can_book).
func guardianOf(ctx context.Context, booking bool) entql.P {
	v := viewer.FromContext(ctx)
	p := allOf(
		entql.FieldEQ(guardianship.FieldFamilyID, string(v.AccountID)),
		inSchools(v, viewer.RoleFamily),
		currentGuardianship(clock.Now(ctx).UTC()),
	)
	if booking {
		p = allOf(p, entql.FieldEQ(guardianship.FieldCanBook, true))
	}
	return p
}

// activePartnership matches partnerships under way at now.
func activePartnership(now time.Time) entql.P {
	return allOf(
		entql.FieldLTE(partnership.FieldStartsOn, now),
		anyOf(entql.FieldNil(partnership.FieldEndsOn), entql.FieldGTE(partnership.FieldEndsOn, now)),
	)
}

// sharingPartnership matches partnerships under way at now that share
// items with the partner.
func sharingPartnership(now time.Time) entql.P {
	return allOf(entql.FieldEQ(partnership.FieldScope, partnership.ScopeSharedItems.String()), activePartnership(now))
}

// partnerOf matches the viewer's own sharing partnerships, held with a
// partner role at the partnership's school.
func partnerOf(ctx context.Context) entql.P {
	v := viewer.FromContext(ctx)
	return allOf(
		entql.FieldEQ(partnership.FieldPartnerID, string(v.AccountID)),
		inSchools(v, viewer.RolePartner),
		sharingPartnership(clock.Now(ctx).UTC()),
	)
}

// The typed forms of the rules above, for domain queries: the same
// definitions, not copies.

// CurrentGuardianship matches guardianships in force now (ctx's clock):
// whose guardians hear of a child's conference or get its digest.
func CurrentGuardianship(ctx context.Context) predicate.Guardianship {
	return ent.GuardianshipWhere(currentGuardianship(clock.Now(ctx).UTC()))
}

// ActivePartnership matches partnerships under way now, whatever they
// share: whom a student may invite to a conference.
func ActivePartnership(ctx context.Context) predicate.Partnership {
	return ent.PartnershipWhere(activePartnership(clock.Now(ctx).UTC()))
}

// SharingPartnership matches partnerships under way now that share items:
// whom a student may ask for an endorsement.
func SharingPartnership(ctx context.Context) predicate.Partnership {
	return ent.PartnershipWhere(sharingPartnership(clock.Now(ctx).UTC()))
}

// StudentsReached matches the students the viewer reaches as any of the
// audiences in aud, as the privacy rules count them (a caseload is
// StudentsReached(ctx, Staff)); none when the viewer is in none of them.
func StudentsReached(ctx context.Context, aud Audience) predicate.Student {
	var ps []entql.P
	for _, a := range audiences {
		if aud&a == 0 {
			continue
		}
		if p, ok := studentScope(ctx, a); ok {
			ps = append(ps, p)
		}
	}
	return ent.StudentWhere(anyOf(ps...))
}

// Reach reports which of the audiences in aud the viewer is in for the
// student, as the privacy rules count them: a workflow that depends on the
// capacity someone acts in (a review's signature, the right to ask for an
// amendment or to export) branches on it. One statement per audience the
// viewer has a role for, read as the system (it answers only about the
// viewer's own relation to the student).
func Reach(ctx context.Context, c *ent.Client, studentID pulid.ID, aud Audience) (Audience, error) {
	var out Audience
	sys := viewer.SystemContext(ctx)
	for _, a := range audiences {
		if aud&a == 0 {
			continue
		}
		p, ok := studentScope(ctx, a)
		if !ok {
			continue
		}
		in, err := c.Student.Query().Where(student.ID(studentID), ent.StudentWhere(p)).Exist(sys)
		if err != nil {
			return 0, fmt.Errorf("check the viewer's relation to student %s: %w", studentID, err)
		}
		if in {
			out |= a
		}
	}
	return out, nil
}

// MayBook reports whether the viewer is a guardian of the student who may
// book their conferences (can_book, while the guardianship lasts), whatever
// roles they hold elsewhere.
func MayBook(ctx context.Context, c *ent.Client, studentID pulid.ID) (bool, error) {
	if len(SchoolsWhere(viewer.FromContext(ctx), viewer.RoleFamily)) == 0 {
		return false, nil
	}
	ok, err := c.Guardianship.Query().
		Where(guardianship.StudentID(studentID), ent.GuardianshipWhere(guardianOf(ctx, true))).
		Exist(viewer.SystemContext(ctx))
	if err != nil {
		return false, fmt.Errorf("check guardianship of student %s: %w", studentID, err)
	}
	return ok, nil
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
