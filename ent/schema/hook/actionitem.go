package hook

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "plp/ent"
	enthook "plp/ent/hook"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// ActionItemOwnerOnTeam refuses an action item owned by someone outside
// the school's PLP team (its staff and those given PLP_TEAM): the owner is
// reminded as the item falls due and must be able to read it. A partner, or
// a family member never invited to the team, is BAD_USER_INPUT on ownerID.
// It runs after the tenant hooks, so a new item's school is set.
func ActionItemOwnerOnTeam() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, ok := m.Field("owner_id")
			if !ok {
				return next.Mutate(ctx, m)
			}
			owner, _ := v.(pulid.ID)
			school, ok := m.Field("school_id")
			if !ok {
				old, err := m.OldField(ctx, "school_id")
				if err != nil {
					return nil, fmt.Errorf("read the school of an action item: %w", err)
				}
				school = old
			}
			roles := make([]membership.Role, len(rule.TeamRoles))
			for i, r := range rule.TeamRoles {
				roles[i] = membership.Role(r)
			}
			client := m.(interface{ Client() *gen.Client }).Client()
			// Whether someone is on the team is not the viewer's to read
			// (a student on the team cannot list memberships).
			onTeam, err := client.Membership.Query().Where(membership.AccountID(owner),
				membership.SchoolID(school.(pulid.ID)), membership.RoleIn(roles...)).
				Exist(viewer.SystemContext(ctx))
			if err != nil {
				return nil, fmt.Errorf("check the owner of an action item: %w", err)
			}
			if !onTeam {
				return nil, apperr.Invalid("ownerID", "The owner must be on the school's PLP team (its staff, or someone an admin added with the role PLP_TEAM).")
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)
}
