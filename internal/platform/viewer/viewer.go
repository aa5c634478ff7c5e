// Package viewer carries who is asking on the request context. Privacy rules,
// resolvers and jobs read it; nothing else decides who someone is.
package viewer

import (
	"context"
	"slices"
	"time"

	"plp/ent/schema/pulid"
)

// Role is what a person does at a school.
type Role string

// The roles of DESIGN.md, one per kind of person, spelled as the
// membership.Role values they mirror.
const (
	RoleAdmin     Role = "ADMIN"
	RoleCounselor Role = "COUNSELOR"
	RoleAdvisor   Role = "ADVISOR"
	RoleStudent   Role = "STUDENT"
	RoleFamily    Role = "FAMILY"
	RolePartner   Role = "PARTNER"
	// RoleTeam puts a student or family member on the school's PLP
	// implementation team, beside its staff.
	RoleTeam Role = "PLP_TEAM"
)

// Roles lists every role, in the order the schema declares them.
var Roles = []Role{RoleAdmin, RoleCounselor, RoleAdvisor, RoleStudent, RoleFamily, RolePartner, RoleTeam}

// Membership is one role at one school.
type Membership struct {
	SchoolID pulid.ID
	Role     Role
}

// Viewer is a signed-in account, a classroom evidence station, or the system
// itself (jobs, the CLI, seeding).
type Viewer struct {
	// Station is set (and the account fields are empty) when a classroom
	// evidence station's device token is asking; see NewStation.
	Station   *Station
	AccountID pulid.ID
	SessionID pulid.ID
	// SessionExpiresAt is when the viewer's token stops working.
	SessionExpiresAt time.Time
	Memberships      []Membership
	system           bool
}

// System returns the viewer that jobs and the command line run as. It passes
// every privacy rule, by an explicit rule rather than by skipping them.
func System() *Viewer { return &Viewer{system: true} }

// Station is a classroom evidence station acting by its device token. It
// has no roles: privacy rules let it read its own question and class and
// add evidence for its class, and nothing else.
type Station struct {
	ID       pulid.ID
	SchoolID pulid.ID
}

// NewStation returns the viewer of a station's device token.
func NewStation(id, school pulid.ID) *Viewer {
	return &Viewer{Station: &Station{ID: id, SchoolID: school}}
}

// IsStation reports whether v is a station's device token.
func (v *Viewer) IsStation() bool { return v != nil && v.Station != nil }

// Key names the viewer for per-viewer budgets: the account, or the station.
func (v *Viewer) Key() string {
	if v.IsStation() {
		return "station:" + string(v.Station.ID)
	}
	return string(v.AccountID)
}

// IsSystem reports whether v is the system viewer.
func (v *Viewer) IsSystem() bool { return v != nil && v.system }

// SchoolIDs returns the schools the viewer has any role at.
func (v *Viewer) SchoolIDs() []pulid.ID {
	ids := make([]pulid.ID, 0, len(v.Memberships))
	for _, m := range v.Memberships {
		if !slices.Contains(ids, m.SchoolID) {
			ids = append(ids, m.SchoolID)
		}
	}
	return ids
}

// InSchool reports whether the viewer has any role at the school.
func (v *Viewer) InSchool(school pulid.ID) bool {
	return slices.ContainsFunc(v.Memberships, func(m Membership) bool { return m.SchoolID == school })
}

// Has reports whether the viewer has the role at the school. Roles are
// per school, never "at any school": who someone is to a student or a
// school (staff, family, partner) is decided by ent/schema/rule.
func (v *Viewer) Has(school pulid.ID, role Role) bool {
	return slices.Contains(v.Memberships, Membership{SchoolID: school, Role: role})
}

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer on ctx, or nil when nobody is signed in.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// SystemContext returns ctx running as the system viewer.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, System())
}
