package rule

import (
	"context"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/privacy"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// ReadOwnSessions lets a person see their own sessions (mySessions), and
// nobody else's; the server's sign-in code reads them all as the system.
func ReadOwnSessions() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(entql.FieldEQ("account_id", string(viewer.FromContext(ctx).AccountID)))
		return privacy.Allow
	})
}

// EndSessions lets a person end their own sessions, and an admin end the
// sessions of the people of their school (a lost phone, someone leaving).
// A role counts only at its own school: an admin elsewhere who is a family
// member here ends no one's sessions here. Sessions are created only by the
// server.
func EndSessions() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if m.Op().Is(ent.OpCreate) {
			return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Sessions start only by signing in."))
		}
		return narrow(ctx, m, func(ctx context.Context) entql.P {
			v := viewer.FromContext(ctx)
			return anyOf(
				entql.FieldEQ("account_id", string(v.AccountID)),
				entql.HasEdgeWith("account", entql.HasEdgeWith("memberships", inSchools(v, viewer.RoleAdmin))),
			)
		})
	})
}
