package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pulid"
)

// Station is a classroom device that captures evidence: its token can only
// add a photo and a reflection for the students of its class.
type Station struct{ ent.Schema }

// Fields of the Station.
func (Station) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).Validate(singleLine),
		field.String("class_name").Optional().MaxLen(200).Comment("The class the station serves."),
		field.Bytes("token_hash").Optional().Sensitive().Unique().
			Comment("SHA-256 of the station's token.").
			Annotations(entgql.Skip()),
		field.String("question").Optional().MaxLen(500).
			Comment("The reflection question the station shows students now."),
		field.Bool("active").Default(true).Annotations(skipInputs()).
			Comment("False once the station is revoked: its token no longer works."),
		field.Time("revoked_at").Optional().Nillable().Annotations(skipInputs()),
		field.Time("last_used_at").Optional().Nillable().Annotations(skipInputs()),
	}
}

// Mixin of the Station.
func (Station) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("stn"), TimeMixin{}, Tenant()}
}

// Edges of the Station.
func (Station) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("students", Student.Type).Comment("The class: students the station may add evidence for."),
	}
}

// Annotations of the Station.
func (Station) Annotations() []schema.Annotation {
	return relay(crud())
}
