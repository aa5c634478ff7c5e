package rule_test

import (
	"slices"
	"testing"

	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/internal/platform/viewer"
)

// A role counts at the school where it is held: an admin of one school who
// is a guardian at another is staff of the first only.
func TestRolesCountPerSchool(t *testing.T) {
	const home, other pulid.ID = "sch_home", "sch_other"
	v := &viewer.Viewer{AccountID: "acc_1", Memberships: []viewer.Membership{
		{SchoolID: other, Role: viewer.RoleAdmin}, {SchoolID: home, Role: viewer.RoleFamily},
	}}
	if !rule.IsStaffOf(v, other) || rule.IsStaffOf(v, home) {
		t.Errorf("staff of other %v, of home %v; want true, false", rule.IsStaffOf(v, other), rule.IsStaffOf(v, home))
	}
	if got := rule.SchoolsWhere(v, viewer.RoleFamily, viewer.RolePartner); !slices.Equal(got, []pulid.ID{home}) {
		t.Errorf("family or partner at %v, want [%s]", got, home)
	}
	if got := rule.SchoolsWhere(v, rule.StaffRoles...); !slices.Equal(got, []pulid.ID{other}) {
		t.Errorf("staff at %v, want [%s]", got, other)
	}
	if rule.SchoolsWhere(nil, viewer.RoleAdmin) != nil || rule.IsStaffOf(nil, home) || rule.IsStaffOf(viewer.System(), home) {
		t.Error("nobody, or the system, is staff of a school by role")
	}
}
