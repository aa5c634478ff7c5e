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

// Framework is a named set of skills a school assesses against, such as
// Vermont's transferable skills.
type Framework struct{ ent.Schema }

// Fields of the Framework.
func (Framework) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).Validate(singleLine).
			Annotations(entgql.OrderField("NAME")),
		field.String("version").Default("1").MaxLen(40),
		field.Text("description").Optional().MaxLen(4000),
	}
}

// Mixin of the Framework.
func (Framework) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("fwk"), TimeMixin{}, Tenant()}
}

// Edges of the Framework.
func (Framework) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("skills", Skill.Type).Annotations(skipInputs()),
	}
}

// Indexes of the Framework.
func (Framework) Indexes() []ent.Index {
	return []ent.Index{index.Fields("school_id", "name", "version").Unique()}
}

// Annotations of the Framework.
func (Framework) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
