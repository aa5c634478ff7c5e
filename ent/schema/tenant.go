package schema

import (
	"entgo.io/ent"

	"plp/ent/privacy"
	"plp/ent/schema/hook"
	"plp/ent/schema/rule"
)

// Policy of the TenantMixin: nobody unauthenticated, nobody across schools.
// It ends in Skip, so the schema's own rules decide what is left.
func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.AllowSystem(),
			rule.DenyAnonymous(),
			rule.StationOnly(),
			rule.FilterSchool(),
		},
		Mutation: privacy.MutationPolicy{
			rule.AllowSystem(),
			rule.DenyAnonymous(),
			rule.StationOnly(),
			rule.CreateInOwnSchool(),
			rule.FilterSchool(),
		},
	}
}

// Interceptors of the TenantMixin: reads of a student's records are
// recorded (types whose school comes from their student).
func (m TenantMixin) Interceptors() []ent.Interceptor {
	if len(m.Parents) == 0 || m.Parents[0].Field != "student_id" {
		return nil
	}
	return []ent.Interceptor{hook.AuditReads("", "StudentID")}
}

// Hooks of the TenantMixin: a new row takes its parent's school, and no row
// links to one the viewer cannot see.
func (m TenantMixin) Hooks() []ent.Hook {
	hooks := []ent.Hook{hook.GuardEdges}
	if len(m.Parents) > 0 && m.Parents[0].Field == "student_id" {
		hooks = append(hooks, hook.AuditChanges("StudentID"))
	}
	if len(m.Parents) > 0 {
		parents := make([]hook.Parent, len(m.Parents))
		for i, p := range m.Parents {
			parents[i] = hook.Parent(p)
		}
		hooks = append(hooks, hook.InheritSchool(parents))
	}
	return hooks
}
