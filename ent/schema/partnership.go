package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
)

// Partnership lets a community partner mentor a student: an internship, a
// club, work-based learning.
type Partnership struct{ ent.Schema }

// Fields of the Partnership.
func (Partnership) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("partner_id").GoType(pulidID).Immutable().
			Comment("The partner's account."),
		field.String("organization").NotEmpty().MaxLen(200).Validate(singleLine),
		field.String("description").Optional().MaxLen(2000).
			Comment("What the student does with the partner."),
		field.Enum("scope").NamedValues(named("shared_items", "none")...).Default("SHARED_ITEMS").
			Comment("What the partner may see: items the student shared with partners, or nothing."),
		field.Time("starts_on").Comment("First day of the partnership."),
		field.Time("ends_on").Optional().Nillable().Comment("Last day; access stops after it."),
	}
}

// Mixin of the Partnership.
func (Partnership) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("prt"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Partnership.
func (Partnership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("partnerships").Field("student_id").Unique().Required().Immutable(),
		edge.To("partner", Account.Type).Field("partner_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Partnership.
func (Partnership) Indexes() []ent.Index {
	return []ent.Index{index.Fields("student_id", "partner_id", "organization").Unique(), index.Fields("partner_id")}
}

// Hooks of the Partnership.
func (Partnership) Hooks() []ent.Hook {
	return []ent.Hook{hook.EndsOnOrAfterStart("starts_on", "ends_on")}
}

// Annotations of the Partnership.
func (Partnership) Annotations() []schema.Annotation {
	return relay(crud())
}
