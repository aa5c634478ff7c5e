package hook

import (
	"context"
	"strings"

	"entgo.io/ent"

	gen "plp/ent"
	enthook "plp/ent/hook"
)

// NormalizeEmail stores an account's email trimmed and lower-case, so that
// sign-in and the unique index agree on what "the same email" means.
func NormalizeEmail() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return enthook.AccountFunc(func(ctx context.Context, m *gen.AccountMutation) (ent.Value, error) {
			if email, ok := m.Email(); ok {
				m.SetEmail(strings.ToLower(strings.TrimSpace(email)))
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}
