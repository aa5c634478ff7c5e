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

// SelfAssessment is a student rating themselves on one skill at one time;
// the series over time is their growth.
type SelfAssessment struct{ ent.Schema }

// Fields of the SelfAssessment.
func (SelfAssessment) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("skill_id").GoType(pulidID).Immutable(),
		field.Enum("level").NamedValues(named("beginning", "developing", "proficient", "extending")...).
			Annotations(entgql.OrderField("LEVEL")),
		field.Text("note").Optional().MaxLen(4000).Comment("Why the student chose this level."),
		field.Enum("assessor").NamedValues(named("student", "advisor")...).Default("STUDENT").Immutable().
			Comment("Who assessed: the student themselves, or their advisor (shown beside the student's, never averaged into it).").
			Annotations(entgql.OrderField("ASSESSOR")),
		field.String("assessor_id").GoType(pulidID).Optional().Nillable().Immutable().
			Comment("The account that wrote the assessment.").
			Annotations(skipInputs()),
		field.Time("taken_at").Comment("When the student assessed themselves.").
			Annotations(entgql.OrderField("TAKEN_AT")),
	}
}

// Mixin of the SelfAssessment.
func (SelfAssessment) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sas"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the SelfAssessment.
func (SelfAssessment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("self_assessments").Field("student_id").Unique().Required().Immutable(),
		edge.To("skill", Skill.Type).Field("skill_id").Unique().Required().Immutable(),
		edge.To("assessed_by", Account.Type).Field("assessor_id").Unique().Immutable().Annotations(skipInputs()),
	}
}

// Indexes of the SelfAssessment.
func (SelfAssessment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("student_id", "skill_id", "taken_at")}
}

// Annotations of the SelfAssessment.
func (SelfAssessment) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
