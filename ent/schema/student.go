package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
)

// Student owns a plan: who they are, and everything they add to it.
type Student struct{ ent.Schema }

// Fields of the Student.
func (Student) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(pulidID).Optional().Nillable().
			Comment("The student's own sign-in, when they have one."),
		field.String("given_name").NotEmpty().MaxLen(100).Validate(singleLine).
			Comment("Legal given name, as in the school's records."),
		field.String("family_name").NotEmpty().MaxLen(100).Validate(singleLine).
			Comment("Legal family name, as in the school's records.").
			Annotations(entgql.OrderField("FAMILY_NAME")),
		field.String("preferred_name").NotEmpty().MaxLen(100).Validate(singleLine).
			Comment("The name the student goes by; shown everywhere in the plan.").
			Annotations(entgql.OrderField("PREFERRED_NAME")),
		field.String("pronouns").Optional().MaxLen(40),
		field.Int("grade").Range(0, 12).
			Comment("Grade level, 0 for kindergarten to 12.").
			Annotations(entgql.OrderField("GRADE")),
		field.Int("graduation_year").Range(2000, 2100).
			Annotations(entgql.OrderField("GRADUATION_YEAR")),
		field.Time("birth_date").Optional().Nillable().
			Comment("Decides eligible-student rights at 18 and parental consent under 13."),
		field.Text("identity_statement").Optional().MaxLen(4000).
			Comment("Who I am, in the student's words."),
		field.Strings("strengths").Optional().Comment("What the student is good at."),
		field.Strings("interests").Optional().Comment("What the student cares about."),
		field.Text("learning_preferences").Optional().MaxLen(4000).
			Comment("How the student learns best."),
		field.String("cover_image_key").Optional().MaxLen(500).
			Comment("Storage key of the home page's cover image.").
			Annotations(skipInputs()),
		field.String("cover_image_type").Optional().MaxLen(100).
			Comment("Media type of the cover image, sniffed from its bytes.").
			Annotations(entgql.Skip()),
		field.Bytes("station_code_hash").Optional().Sensitive().
			Comment("SHA-256 of the student's personal evidence-station code, salted with the student's ID.").
			Annotations(entgql.Skip()),
		field.String("theme").Default("default").MaxLen(40).
			Comment("Colour theme the student chose for their home page."),
		field.Bool("directory_opt_out").Default(false).
			Comment("The family opted out of directory information: partners and other families never see the student's name."),
		field.Time("parental_consent_at").Optional().Nillable().
			Comment("When a parent consented to the student's plan (required under 13, COPPA)."),
		field.String("advisor_id").GoType(pulidID).Optional().Nillable().
			Comment("The advisor (teacher) who guides the student."),
		field.String("counselor_id").GoType(pulidID).Optional().Nillable().
			Comment("The counselor whose caseload holds the student."),
		field.String("sourced_id").Optional().Nillable().Unique().MaxLen(255).
			Comment("The OneRoster sourcedId of the student in the student information system; imports match on it.").
			Annotations(skipInputs()),
	}
}

// Mixin of the Student.
func (Student) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("stu"), TimeMixin{}, Tenant()}
}

// Edges of the Student.
func (Student) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("stations", Station.Type).Ref("students").Annotations(skipInputs()),
		edge.To("account", Account.Type).Field("account_id").Unique(),
		edge.To("advisor", Account.Type).Field("advisor_id").Unique(),
		edge.To("counselor", Account.Type).Field("counselor_id").Unique(),
		edge.To("guardianships", Guardianship.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("partnerships", Partnership.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("goals", Goal.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("evidence", Evidence.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("reflections", Reflection.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("self_assessments", SelfAssessment.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("conferences", Conference.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("sections", Section.Type).Annotations(skipInputs()),
		edge.To("revisions", StudentRevision.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("collections", Collection.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("annual_reviews", AnnualReview.Type).Annotations(skipInputs()),
		edge.To("endorsement_requests", EndorsementRequest.Type).Annotations(entgql.RelayConnection(), skipInputs()),
	}
}

// Indexes of the Student.
func (Student) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id").Unique(),
		index.Fields("advisor_id"),
		index.Fields("counselor_id"),
		index.Fields("school_id", "grade"),
	}
}

// Hooks of the Student: changes are recorded in the audit trail.
func (Student) Hooks() []ent.Hook {
	return []ent.Hook{hook.AuditChanges("ID"), hook.RecordRevisions()}
}

// Interceptors of the Student: names of opted-out students are withheld
// from people outside the student's circle, and reads are recorded.
func (Student) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{rule.MaskOptedOutNames(), hook.AuditReads("Student", "ID")}
}

// Annotations of the Student.
func (Student) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
