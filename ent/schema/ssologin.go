package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pulid"
)

// SSOLogin is one single sign-on in flight: between the redirect to the
// provider and its return. The state is stored as a hash and works once, so
// a replayed callback is refused on every replica.
type SSOLogin struct{ ent.Schema }

// Fields of the SSOLogin.
func (SSOLogin) Fields() []ent.Field {
	return []ent.Field{
		field.String("provider_id").GoType(pulidID).Immutable(),
		field.Bytes("state_hash").Sensitive().Unique().Immutable().
			Comment("SHA-256 of the state parameter."),
		field.String("nonce").Sensitive().Immutable().
			Comment("The nonce the ID token must carry."),
		field.String("code_verifier").Sensitive().Immutable().
			Comment("The PKCE verifier."),
		field.Time("expires_at").Immutable(),
		field.Time("used_at").Optional().Nillable().
			Comment("When the callback came: a state works once."),
	}
}

// Mixin of the SSOLogin.
func (SSOLogin) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ssl"), TimeMixin{}}
}

// Edges of the SSOLogin.
func (SSOLogin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("provider", SSOProvider.Type).Field("provider_id").Unique().Required().Immutable(),
	}
}

// Annotations of the SSOLogin: never leaves the server.
func (SSOLogin) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
