package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
)

// Guardianship links a family account to a student it cares for.
type Guardianship struct{ ent.Schema }

// Fields of the Guardianship.
func (Guardianship) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("family_id").GoType(pulidID).Immutable().
			Comment("The family member's account."),
		field.String("relationship").NotEmpty().MaxLen(50).Validate(singleLine).
			Comment("How they are related: mother, grandfather, foster parent, ..."),
		field.Bool("can_book").Default(true).Comment("May book and move conferences."),
		field.Bool("receives_mail").Default(true).Comment("Gets reminders, digests and invites."),
		field.Time("ends_at").Optional().Nillable().
			Comment("When the guardianship ended; access stops then."),
		field.Time("access_withdrawn_at").Optional().Nillable().
			Comment("When the student, at 18 or over, withdrew this family member's access to their plan.").
			Annotations(skipInputs()),
	}
}

// Mixin of the Guardianship.
func (Guardianship) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("gdn"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Guardianship.
func (Guardianship) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("guardianships").Field("student_id").Unique().Required().Immutable(),
		edge.To("family", Account.Type).Field("family_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Guardianship.
func (Guardianship) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("student_id", "family_id").Unique(),
		index.Fields("family_id"),
	}
}

// Annotations of the Guardianship.
func (Guardianship) Annotations() []schema.Annotation {
	return relay(crud())
}
