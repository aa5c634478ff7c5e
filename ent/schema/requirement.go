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

// Requirement is a plan element the school requires of a grade by a date.
type Requirement struct{ ent.Schema }

// Fields of the Requirement.
func (Requirement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("grade").Range(0, 12).Annotations(entgql.OrderField("GRADE")),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Text("description").Optional().MaxLen(4000),
		field.Time("due_on").Optional().Nillable().Annotations(entgql.OrderField("DUE_ON")),
	}
}

// Mixin of the Requirement.
func (Requirement) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("req"), TimeMixin{}, Tenant()}
}

// Annotations of the Requirement.
func (Requirement) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}

// AnnualReview is the yearly sign-off of a plan by the student, a school
// representative and a guardian.
type AnnualReview struct{ ent.Schema }

// Fields of the AnnualReview.
func (AnnualReview) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("school_year").NotEmpty().MaxLen(9).Match(schoolYear).Immutable().
			Comment("The school year, as 2026-2027.").
			Annotations(entgql.OrderField("SCHOOL_YEAR")),
		field.Time("student_signed_at").Optional().Nillable(),
		field.String("staff_signer_id").GoType(pulidID).Optional().Nillable(),
		field.Time("staff_signed_at").Optional().Nillable(),
		field.String("guardian_signer_id").GoType(pulidID).Optional().Nillable(),
		field.Time("guardian_signed_at").Optional().Nillable(),
		field.Text("notes").Optional().MaxLen(4000),
		field.Text("student_snapshot").Optional().Annotations(skipInputs()).
			Comment("The plan as the student saw it when signing (JSON: goals with status and progress, counts)."),
		field.Text("staff_snapshot").Optional().Annotations(skipInputs()).
			Comment("The plan as the school's representative saw it when signing (JSON)."),
		field.Text("guardian_snapshot").Optional().Annotations(skipInputs()).
			Comment("The plan as the guardian saw it when signing (JSON)."),
	}
}

// Mixin of the AnnualReview.
func (AnnualReview) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("arv"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the AnnualReview.
func (AnnualReview) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("annual_reviews").Field("student_id").Unique().Required().Immutable(),
		edge.To("staff_signer", Account.Type).Field("staff_signer_id").Unique(),
		edge.To("guardian_signer", Account.Type).Field("guardian_signer_id").Unique(),
	}
}

// Indexes of the AnnualReview.
func (AnnualReview) Indexes() []ent.Index {
	return []ent.Index{index.Fields("student_id", "school_year").Unique()}
}

// Annotations of the AnnualReview.
func (AnnualReview) Annotations() []schema.Annotation {
	return relay(crud())
}
