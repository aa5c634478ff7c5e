package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
)

// Membership gives an account one role at one school.
type Membership struct{ ent.Schema }

// Fields of the Membership.
func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(pulidID).Immutable().
			Comment("The account holding the role."),
		field.Enum("role").NamedValues(named("admin", "counselor", "advisor", "student", "family", "partner", "plp_team")...).
			Comment("What the account does at the school. PLP_TEAM puts a student or family member on the school's PLP implementation team (staff are on it already).").
			Annotations(entgql.OrderField("ROLE")),
		field.String("district_sourced_id").Optional().Nillable().MaxLen(255).
			Comment("Set when a OneRoster import gave the role through a role on this district org (a district administrator): it follows that role, at every school of the district.").
			Annotations(entgql.Skip()),
	}
}

// Mixin of the Membership.
func (Membership) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("mem"), TimeMixin{}, Tenant()}
}

// Edges of the Membership.
func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("memberships").Field("account_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the Membership.
func (Membership) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "school_id", "role").Unique()}
}

// Annotations of the Membership.
func (Membership) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), entgql.Mutations(entgql.MutationCreate()))
}
