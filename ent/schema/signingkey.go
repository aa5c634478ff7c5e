package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
)

// SigningKey is one of the server's keys for signing verifiable credentials
// (Open Badges endorsements). The newest key that is not retired signs;
// retired keys stay published in the JWKS so credentials they signed still
// verify. The private half never leaves the server: the type is not in the
// API and only the system reads it.
type SigningKey struct{ ent.Schema }

// Fields of the SigningKey.
func (SigningKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("kid").NotEmpty().MaxLen(100).Unique().Immutable().
			Comment("Key ID, in the header of every JWT it signs and in the JWKS."),
		field.Enum("algorithm").NamedValues(named("eddsa")...).Default("EDDSA").Immutable().
			Comment("JWS algorithm: EdDSA over Ed25519."),
		field.Bytes("public_key").Immutable().Comment("The raw public key."),
		field.Bytes("private_key").Sensitive().Immutable().
			Comment("The private key, sealed with the server's key secret when one is configured."),
		field.Bool("sealed").Default(false).Immutable().
			Comment("Whether private_key is sealed (AES-GCM) rather than raw."),
		field.Time("retired_at").Optional().Nillable().
			Comment("When a newer key took over signing; the key still verifies."),
	}
}

// Mixin of the SigningKey.
func (SigningKey) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("key"), TimeMixin{}}
}

// Indexes of the SigningKey.
func (SigningKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("retired_at", "created_at")}
}

// Annotations of the SigningKey: keys never leave the server.
func (SigningKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
