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

// Reflection is the student thinking about their learning: on a goal, a
// piece of evidence, a conference, or freely.
type Reflection struct{ ent.Schema }

// Fields of the Reflection.
func (Reflection) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("prompt").Optional().MaxLen(500).Comment("The question the student answered, if any."),
		field.Text("body").NotEmpty().MaxLen(10000),
		field.Enum("source").NamedValues(named("free", "reminder", "conference")...).Default("FREE").
			Comment("Written freely, from a reminder's prompt, or in a conference."),
		field.String("station_id").GoType(pulidID).Optional().Nillable().Immutable().
			Comment("The classroom station it was added at, if any.").
			Annotations(skipInputs()),
		field.String("goal_id").GoType(pulidID).Optional().Nillable(),
		field.String("evidence_id").GoType(pulidID).Optional().Nillable(),
		field.String("conference_id").GoType(pulidID).Optional().Nillable(),
	}
}

// Mixin of the Reflection.
func (Reflection) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ref"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Reflection.
func (Reflection) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("collections", Collection.Type).Ref("reflections").Annotations(skipInputs()),
		edge.To("station", Station.Type).Field("station_id").Unique().Immutable().Annotations(skipInputs()),
		edge.From("student", Student.Type).Ref("reflections").Field("student_id").Unique().Required().Immutable(),
		edge.From("goal", Goal.Type).Ref("reflections").Field("goal_id").Unique(),
		edge.From("evidence", Evidence.Type).Ref("reflections").Field("evidence_id").Unique(),
		edge.From("conference", Conference.Type).Ref("reflections").Field("conference_id").Unique(),
	}
}

// Indexes of the Reflection.
func (Reflection) Indexes() []ent.Index {
	return []ent.Index{index.Fields("student_id", "created_at")}
}

// Annotations of the Reflection.
func (Reflection) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
