package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
	"plp/ent/schema/schematype"
)

// Section is a part of a student's home page that they design themselves.
type Section struct{ ent.Schema }

// Fields of the Section.
func (Section) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Int("position").Default(0).Min(0).Annotations(entgql.OrderField("POSITION")),
		field.JSON("blocks", []schematype.ContentBlock{}).Optional().
			Comment("Content in order: text, evidence, goals, links. Set by the home-page editor.").
			Annotations(entgql.Type("[ContentBlock!]"), skipInputs()),
	}
}

// Mixin of the Section.
func (Section) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sec"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Section.
func (Section) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("sections").Field("student_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Section.
func (Section) Indexes() []ent.Index {
	return []ent.Index{index.Fields("student_id", "position")}
}

// Annotations of the Section.
func (Section) Annotations() []schema.Annotation {
	return relay(crud())
}
