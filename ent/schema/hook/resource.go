package hook

import (
	"context"
	"fmt"

	"entgo.io/ent"

	enthook "plp/ent/hook"
	"plp/internal/platform/apperr"
)

// ResourceFileOrLink refuses a link on an implementation resource that has
// a file: a resource is one or the other, and its file must be removed
// (removeResourceFile, which releases the stored file) before it links.
func ResourceFileOrLink() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		// Generic field access: the rule reads the fields by name.
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, _ := m.Field("url"); v == nil || v.(string) == "" {
				return next.Mutate(ctx, m)
			}
			key, set := m.Field("file_key")
			if !set && !m.FieldCleared("file_key") && m.Op().Is(ent.OpUpdateOne) {
				var err error
				if key, err = m.OldField(ctx, "file_key"); err != nil {
					return nil, fmt.Errorf("read the file of a resource: %w", err)
				}
			}
			if k, _ := key.(string); k != "" {
				return nil, apperr.Invalid("url", "This resource has a file: remove the file (removeResourceFile) before giving it a link.")
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)
}
