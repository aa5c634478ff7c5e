package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
)

// EndorsementRequest is a student asking a partner to vouch for evidence.
type EndorsementRequest struct{ ent.Schema }

// Fields of the EndorsementRequest.
func (EndorsementRequest) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("evidence_id").GoType(pulidID).Immutable(),
		field.String("partner_id").GoType(pulidID).Immutable().Comment("The partner asked."),
		field.Text("message").Optional().MaxLen(2000).Comment("What the student asks the partner."),
		field.Enum("status").NamedValues(named("pending", "endorsed", "declined", "withdrawn", "expired")...).Default("PENDING").
			Annotations(entgql.OrderField("STATUS"), skipInputs()),
		field.Time("expires_at").Comment("After this the partner can no longer answer."),
		field.Time("responded_at").Optional().Nillable().Annotations(skipInputs()),
		field.String("decline_reason").Optional().MaxLen(2000).Annotations(skipInputs()),
	}
}

// Mixin of the EndorsementRequest.
func (EndorsementRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("erq"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the EndorsementRequest.
func (EndorsementRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("endorsement_requests").Field("student_id").Unique().Required().Immutable(),
		edge.From("evidence", Evidence.Type).Ref("endorsement_requests").Field("evidence_id").Unique().Required().Immutable(),
		edge.To("partner", Account.Type).Field("partner_id").Unique().Required().Immutable(),
		edge.To("endorsement", Endorsement.Type).Unique().Annotations(skipInputs()),
	}
}

// Indexes of the EndorsementRequest.
func (EndorsementRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id", "status"),
		// One pending request per piece of evidence per partner, even when
		// two arrive at once: the database decides.
		index.Fields("evidence_id", "partner_id").Unique().
			Annotations(entsql.IndexWhere("status = 'PENDING'")),
		index.Fields("status", "expires_at"),
	}
}

// Annotations of the EndorsementRequest.
func (EndorsementRequest) Annotations() []schema.Annotation {
	return relay(entgql.QueryField())
}

// Endorsement is a partner's statement that evidence shows real work.
type Endorsement struct{ ent.Schema }

// Fields of the Endorsement.
func (Endorsement) Fields() []ent.Field {
	return []ent.Field{
		field.String("request_id").GoType(pulidID).Immutable(),
		field.String("evidence_id").GoType(pulidID).Immutable(),
		field.String("partner_id").GoType(pulidID).Immutable(),
		field.Text("statement").NotEmpty().MaxLen(4000).Comment("The partner's endorsement, in their words."),
		field.Time("issued_at").Annotations(entgql.OrderField("ISSUED_AT"), skipInputs()),
		field.Time("revoked_at").Optional().Nillable().Annotations(skipInputs()).
			Comment("When the partner (or a school admin) withdrew the endorsement; its credential then verifies as revoked."),
	}
}

// Mixin of the Endorsement.
func (Endorsement) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("end"), TimeMixin{}, Tenant(Parent{"evidence_id", "evidences"})}
}

// Edges of the Endorsement.
func (Endorsement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("request", EndorsementRequest.Type).Ref("endorsement").Field("request_id").Unique().Required().Immutable(),
		edge.From("evidence", Evidence.Type).Ref("endorsements").Field("evidence_id").Unique().Required().Immutable(),
		edge.To("partner", Account.Type).Field("partner_id").Unique().Required().Immutable(),
		edge.To("skills", Skill.Type).Comment("Skills the partner saw in the work."),
	}
}

// Indexes of the Endorsement.
func (Endorsement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("evidence_id")}
}

// Annotations of the Endorsement.
func (Endorsement) Annotations() []schema.Annotation {
	return relay(entgql.QueryField())
}
