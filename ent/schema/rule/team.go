package rule

import (
	"context"

	"plp/ent/privacy"
	"plp/internal/platform/viewer"
)

// TeamRoles are the roles of a school's PLP implementation team: its staff,
// and the students and family members its admins invited.
var TeamRoles = []viewer.Role{viewer.RoleAdmin, viewer.RoleAdvisor, viewer.RoleCounselor, viewer.RoleTeam}

// ReadIfTeam lets only a school's PLP team read a type: surveys, their
// answers and the action plan.
func ReadIfTeam() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(inSchools(viewer.FromContext(ctx), TeamRoles...))
		return privacy.Allow
	})
}

// TeamOfSchool lets the school's PLP team create and change rows of a type
// (as AdminOfSchool does for admins).
func TeamOfSchool(parent *Parent) privacy.MutationRule {
	return roleOfSchool(parent, "PLP team", TeamRoles...)
}
