package hook

import (
	"context"

	"entgo.io/ent"

	gen "plp/ent"
	"plp/ent/schema/schematype"
	"plp/internal/platform/viewer"
)

// revisionFields are the profile fields whose changes are kept.
var revisionFields = []string{"identity_statement", "strengths", "interests", "learning_preferences",
	"pronouns", "preferred_name", "theme"}

// changedProfileFields names the profile fields the mutation changes: set,
// cleared, or (for the list fields) appended to, which ent keeps apart
// from setting (appendStrengths, appendInterests).
func changedProfileFields(sm *gen.StudentMutation) []string {
	appended := map[string]bool{}
	if v, ok := sm.AppendedStrengths(); ok && len(v) > 0 {
		appended["strengths"] = true
	}
	if v, ok := sm.AppendedInterests(); ok && len(v) > 0 {
		appended["interests"] = true
	}
	var changed []string
	for _, f := range revisionFields {
		if _, set := sm.Field(f); set || sm.FieldCleared(f) || appended[f] {
			changed = append(changed, f)
		}
	}
	return changed
}

// RecordRevisions keeps the profile as it was before each UpdateOne that
// touches a profile field, in the same transaction.
func RecordRevisions() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			sm, ok := m.(*gen.StudentMutation)
			if !ok || !m.Op().Is(ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			changed := changedProfileFields(sm)
			if len(changed) == 0 {
				return next.Mutate(ctx, m)
			}
			id, ok := sm.ID()
			if !ok {
				return next.Mutate(ctx, m)
			}
			sys := viewer.SystemContext(ctx)
			old, err := sm.Client().Student.Get(sys, id)
			if err != nil {
				return nil, err
			}
			before := schematype.ProfileSnapshot{
				IdentityStatement: old.IdentityStatement, Strengths: old.Strengths, Interests: old.Interests,
				LearningPreferences: old.LearningPreferences, Pronouns: old.Pronouns,
				PreferredName: old.PreferredName, Theme: old.Theme,
			}
			value, err := next.Mutate(ctx, m)
			if err != nil {
				return value, err
			}
			create := sm.Client().StudentRevision.Create().
				SetStudentID(id).SetChangedFields(changed).SetBefore(before)
			if v := viewer.FromContext(ctx); v != nil && v.AccountID != "" {
				create.SetEditorID(v.AccountID)
			}
			if err := create.Exec(sys); err != nil {
				return nil, err
			}
			return value, nil
		})
	}
}
