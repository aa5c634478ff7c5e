package hook

import (
	"context"
	"time"

	"entgo.io/ent"

	enthook "plp/ent/hook"
	"plp/internal/platform/apperr"
)

// EndsAfterStart refuses a row whose end is not after its start, whichever
// of the two the mutation changes. An unset optional end passes.
func EndsAfterStart(start, end string) ent.Hook { return ordered(start, end, false) }

// EndsOnOrAfterStart is EndsAfterStart for dates, where a one-day span
// starts and ends on the same day.
func EndsOnOrAfterStart(start, end string) ent.Hook { return ordered(start, end, true) }

func ordered(start, end string, sameAllowed bool) ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			s, sok := timeOf(ctx, m, start)
			e, eok := timeOf(ctx, m, end)
			if sok && eok && (e.Before(s) || (!sameAllowed && e.Equal(s))) {
				rel := "after"
				if sameAllowed {
					rel = "on or after"
				}
				return nil, apperr.Invalid(apperr.FieldName(end), "%s must be %s %s.", apperr.FieldName(end), rel, apperr.FieldName(start))
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)
}

// timeOf returns a time field's new value, or its stored one on an update.
func timeOf(ctx context.Context, m ent.Mutation, name string) (time.Time, bool) {
	if v, ok := m.Field(name); ok {
		return asTime(v)
	}
	if !m.Op().Is(ent.OpUpdateOne) {
		return time.Time{}, false
	}
	for _, cleared := range m.ClearedFields() {
		if cleared == name {
			return time.Time{}, false
		}
	}
	v, err := m.OldField(ctx, name)
	if err != nil {
		return time.Time{}, false
	}
	return asTime(v)
}

func asTime(v ent.Value) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case *time.Time:
		if t != nil {
			return *t, true
		}
	}
	return time.Time{}, false
}
