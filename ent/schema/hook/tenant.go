package hook

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "plp/ent"
	enthook "plp/ent/hook"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// Parent names the edge field whose row decides the school of a new row.
type Parent struct {
	Field string // the column on this table, e.g. "student_id"
	Table string // the table it points to, e.g. "students"
}

// GuardEdges checks that every row a mutation links to can be read by the
// viewer: a skill of another school, or an account outside the viewer's
// schools, is refused as if it did not exist. Each row is loaded through its
// privacy policy; mutations link a handful of rows, so one read each is fine.
func GuardEdges(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, mut ent.Mutation) (ent.Value, error) {
		if v := viewer.FromContext(ctx); v.IsSystem() || v.IsStation() {
			// The server's own writes (seeding, jobs, the audit trail) link
			// rows it read itself; foreign keys still hold them to exist.
			// A station's few links are each checked by rule.StationOnly,
			// which lets it read none of them back.
			return next.Mutate(ctx, mut)
		}
		client := mut.(interface{ Client() *gen.Client }).Client()
		// Checking a link is not a disclosure: keep these reads out of
		// the audit trail.
		check := WithAuditTrail(ctx, nil)
		for _, name := range mut.AddedEdges() {
			if name == "school" {
				continue
			}
			for _, v := range mut.AddedIDs(name) {
				id, _ := v.(pulid.ID)
				_, err := client.Noder(check, id, gen.WithNodeType(gen.IDToType))
				if gen.IsNotFound(err) {
					return nil, apperr.Invalid(edgeInputName(name), "No record with ID %q that you can see: check the ID.", id)
				}
				if err != nil {
					return nil, fmt.Errorf("check %s %s: %w", name, id, err)
				}
			}
		}
		return next.Mutate(ctx, mut)
	})
}

// InheritSchool copies, on create, the school of the first parent set on
// the mutation. The parent is read through its privacy policy, so a parent
// the viewer cannot see is reported exactly as one that does not exist.
func InheritSchool(parents []Parent) ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, mut ent.Mutation) (ent.Value, error) {
			if _, ok := mut.Field("school_id"); ok {
				return next.Mutate(ctx, mut)
			}
			client := mut.(interface{ Client() *gen.Client }).Client()
			for _, p := range parents {
				v, ok := mut.Field(p.Field)
				if !ok {
					continue
				}
				id, _ := v.(pulid.ID)
				school, err := rule.SchoolOf(ctx, client, p.Table, id)
				if gen.IsNotFound(err) {
					return nil, apperr.Invalid(apperr.FieldName(p.Field), "No %s with ID %q: check the ID.", parentNoun(p.Table), id)
				}
				if err != nil {
					return nil, fmt.Errorf("read school of %s %s: %w", p.Table, id, err)
				}
				if err := mut.SetField("school_id", school); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, mut)
			}
			return nil, apperr.Invalid(apperr.FieldName(parents[0].Field), "Required: the record must belong to a %s.", parentNoun(parents[0].Table))
		})
	}, ent.OpCreate)
}

// parentNoun names a parent table for people: "students" → "student".
func parentNoun(table string) string {
	switch table {
	case "evidences":
		return "evidence"
	case "categories":
		return "category"
	case "conference_windows":
		return "conference window"
	case "amendment_requests":
		return "amendment request"
	}
	return table[:len(table)-1]
}

// edgeInputName is the GraphQL input field that sets an edge:
// "family" → "familyID", "skills" → "skillIDs".
func edgeInputName(edge string) string {
	if len(edge) > 1 && edge[len(edge)-1] == 's' {
		return apperr.FieldName(edge[:len(edge)-1]) + "IDs"
	}
	return apperr.FieldName(edge) + "ID"
}
