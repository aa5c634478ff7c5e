package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pulid"
)

// SSOProvider is an OpenID Connect provider a school signs its people in
// with (Google Workspace, Microsoft Entra ID, or any issuer with discovery).
// Several schools may use one provider: each has its own row, client and
// allowed domains.
type SSOProvider struct{ ent.Schema }

// Fields of the SSOProvider.
func (SSOProvider) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).Validate(singleLine).
			Comment("What the sign-in button says: \"Google\", \"Microsoft\"."),
		field.String("issuer").NotEmpty().MaxLen(500).Validate(validURL).
			Comment("The issuer URL; its /.well-known/openid-configuration is read (https://accounts.google.com, https://login.microsoftonline.com/<tenant>/v2.0)."),
		field.String("client_id").NotEmpty().MaxLen(500).
			Comment("The client ID the provider gave the school."),
		field.Bytes("client_secret_sealed").Sensitive().
			Comment("The client secret, sealed with the server's key secret.").
			Annotations(entgql.Skip()),
		field.Strings("allowed_domains").
			Comment("Email domains this provider may vouch for (lower-case, without @); an email elsewhere is refused."),
		field.Bool("allow_create").Default(false).
			Comment("Whether a verified person with no account gets one (as createRole, in this school)."),
		field.Enum("create_role").NamedValues(named("student", "advisor", "counselor", "family")...).Optional().Nillable().
			Comment("The role of an account SSO creates; required when allowCreate is true."),
		field.String("sourced_id_claim").Optional().MaxLen(100).
			Comment("A claim of the ID token holding the person's OneRoster sourcedId, matched before the email; empty: match by email only."),
	}
}

// Mixin of the SSOProvider.
func (SSOProvider) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sso"), TimeMixin{}, Tenant()}
}

// Annotations of the SSOProvider: admins list them; they are created and
// changed by configureSSOProvider, which seals the secret.
func (SSOProvider) Annotations() []schema.Annotation {
	return relay(entgql.QueryField())
}
