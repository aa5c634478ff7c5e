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

// Invitation asks a person the school has an account for to sign in for the
// first time: a mailed one-time link to set a password or use the school's
// single sign-on. Only a hash of the link's token is stored; sending it again
// makes a new token, so only the latest mail works.
type Invitation struct{ ent.Schema }

// Fields of the Invitation.
func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(pulidID).Immutable().
			Comment("The person invited."),
		field.String("invited_by_id").GoType(pulidID).Optional().Nillable().Immutable().
			Comment("The admin who invited; empty for an import run by an operator.").
			Annotations(skipInputs()),
		field.Bytes("token_hash").Sensitive().Unique().
			Comment("SHA-256 of the link's token.").
			Annotations(entgql.Skip()),
		field.Time("expires_at").
			Comment("After this the link no longer works; sending again gives a new one.").
			Annotations(skipInputs()),
		field.Time("sent_at").
			Comment("When the latest mail was sent.").
			Annotations(skipInputs()),
		field.Int("sent_count").Default(1).Min(1).
			Comment("How many times the invitation was mailed.").
			Annotations(skipInputs()),
		field.Time("accepted_at").Optional().Nillable().
			Comment("When the person followed the link; empty while pending.").
			Annotations(skipInputs()),
	}
}

// Mixin of the Invitation.
func (Invitation) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("inv"), TimeMixin{}, Tenant()}
}

// Edges of the Invitation.
func (Invitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Invitation: one invitation per person and school.
func (Invitation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "school_id").Unique()}
}

// Annotations of the Invitation: admins list them (pending: acceptedAt is
// null); inviting and sending again are mutations of their own.
func (Invitation) Annotations() []schema.Annotation {
	return relay(entgql.QueryField())
}
