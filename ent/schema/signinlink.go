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

// SignInLink is a one-time, short-lived link sent by mail: a sign-in link
// (a "magic link") or a password reset. Only a hash of its token is stored.
type SignInLink struct{ ent.Schema }

// Fields of the SignInLink.
func (SignInLink) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(pulidID).Immutable(),
		field.Bytes("token_hash").Sensitive().Unique().Immutable().
			Comment("SHA-256 of the link's token."),
		field.Time("expires_at").Immutable().Comment("After this the link no longer signs in."),
		field.Enum("purpose").Values("sign_in", "password_reset").Default("sign_in").Immutable().
			Comment("What the link does: signs in, or lets the person choose a new password."),
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
