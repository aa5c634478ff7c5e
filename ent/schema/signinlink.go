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

// SignInLink is a one-time, short-lived sign-in link sent by mail to a family
// member or partner (a "magic link"). Only a hash of its token is stored.
type SignInLink struct{ ent.Schema }

// Fields of the SignInLink.
func (SignInLink) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(pulidID).Immutable(),
		field.Bytes("token_hash").Sensitive().Unique().Immutable().
			Comment("SHA-256 of the link's token."),
		field.Time("expires_at").Immutable().Comment("After this the link no longer signs in."),
		field.Time("used_at").Optional().Nillable().Comment("When the link was used: it works once."),
	}
}

// Mixin of the SignInLink.
func (SignInLink) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sil"), TimeMixin{}}
}

// Edges of the SignInLink.
func (SignInLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SignInLink.
func (SignInLink) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id")}
}

// Annotations of the SignInLink: links never leave the server.
func (SignInLink) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
