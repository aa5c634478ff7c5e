package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
)

// Requirement is a plan element the school requires of every student of a
// grade by a date in one school year, such as a career goal in grade 9.
// Whether a student has met it is derived from their plan (package
// requirements), never ticked by hand. Written only through package
// requirements, which sets the server-kept fields from the due date and the
// school's time zone.
type Requirement struct{ ent.Schema }

// Fields of the Requirement.
func (Requirement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("grade").Range(0, 12).Annotations(entgql.OrderField("GRADE")),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Text("description").Optional().MaxLen(4000),
		field.Time("due_on").Optional().Nillable().Annotations(entgql.OrderField("DUE_ON")).
			Comment("The due date: midnight at the start of that day in the school's time zone."),
		field.Enum("kind").NamedValues(named("annual_plan_update", "goal_in_area", "reflection_count",
			"self_assessment", "annual_review_signed", "conference_held", "pathway_reflection", "pathway_evidence")...).
			Comment("What the student's plan must show; see RequirementKind, which says what meets each kind.").
			// RequirementKind is written by hand in schema/requirements.graphqls
			// with a description per value, so entgql does not generate it.
			Annotations(entgql.OrderField("KIND"), entgql.Skip(entgql.SkipEnumField)),
		field.Enum("area").NamedValues(named("academic", "career", "personal", "civic", "wellness", "school")...).
			Optional().Nillable().
			Comment("The goal area, for GOAL_IN_AREA."),
		field.Int("min_count").Optional().Nillable().Range(1, 100).
			Comment("How many reflections, for REFLECTION_COUNT."),
		field.Enum("pathway").GoType(pathway.Pathway("")).Optional().Nillable().
			Comment("The flexible pathway, for PATHWAY_REFLECTION and PATHWAY_EVIDENCE.").
			Annotations(entgql.Type("Pathway"), entgql.Skip(entgql.SkipEnumField)),
		field.String("school_year").MaxLen(9).Match(schoolYear).Annotations(skipInputs(), entgql.OrderField("SCHOOL_YEAR")).
			Comment("The school year the requirement belongs to (the one holding its due date), as 2026-2027."),
		field.Time("year_starts_at").Annotations(skipInputs()).
			Comment("Start of the school year (1 August, school's time zone): work from then on counts."),
		field.Time("year_ends_at").Annotations(skipInputs()).
			Comment("End of the school year: work from then on counts for the next year's requirements."),
		field.Time("due_at").Annotations(skipInputs(), entgql.OrderField("DUE_AT")).
			Comment("The end of the due date in the school's time zone: from then on an unmet requirement is OVERDUE."),
		field.Time("archived_at").Optional().Nillable().Annotations(skipInputs()).
			Comment("When an admin archived it; archived requirements apply to nobody."),
	}
}

// Mixin of the Requirement.
func (Requirement) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("req"), TimeMixin{}, Tenant()}
}

// Indexes of the Requirement.
func (Requirement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("school_id", "grade", "year_starts_at")}
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
