package hook

import (
	"context"
	"fmt"

	"entgo.io/ent"

	enthook "plp/ent/hook"
	"plp/internal/platform/clock"
)

// Timestamps sets created_at on create, and updated_at on every create and
// update, from the clock on the context (clock.Now): the request's, a
// job's, a command's, a test's. A mutation that sets either itself keeps
// it (an import of an earlier plan keeps its dates).
func Timestamps() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			now := clock.Now(ctx)
			fields := []string{"updated_at"}
			if m.Op().Is(ent.OpCreate) {
				fields = append(fields, "created_at")
			}
			for _, f := range fields {
				if _, set := m.Field(f); set {
					continue
				}
				if err := m.SetField(f, now); err != nil {
					return nil, fmt.Errorf("set %s of %s: %w", f, m.Type(), err)
				}
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}
