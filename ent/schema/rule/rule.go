// Package rule holds the privacy rules shared by every ent schema. Each rule
// is small and named for what it decides; schemas compose them into policies.
package rule

import (
	"context"

	"plp/ent"
	"plp/ent/privacy"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// AllowSystem allows the system viewer: jobs, the command line and seeding
// pass through an explicit rule rather than around the policy.
func AllowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).IsSystem() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// DenyAnonymous denies everything to a request nobody signed in to.
func DenyAnonymous() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return privacy.Denyf("%w", apperr.New(apperr.Unauthenticated, "Sign in first: send Authorization: Bearer <token> from signIn."))
		}
		return privacy.Skip
	})
}

// FilterSchool narrows reads, updates and deletes to rows of the viewer's
// schools. A row of another school is then indistinguishable from a row
// that does not exist: both answer NOT_FOUND.
func FilterSchool() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(in("school_id", memberSchools(viewer.FromContext(ctx))...))
		return privacy.Skip
	})
}

// CreateInOwnSchool lets a viewer create rows only in their own schools.
// Rows whose school is copied from a parent are checked when the parent is
// read (see the tenant hook), so they pass here with no school yet.
func CreateInOwnSchool() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		v, set := m.Field("school_id")
		school, _ := v.(interface{ String() string })
		if !set || school == nil {
			return privacy.Skip
		}
		for _, id := range viewer.FromContext(ctx).SchoolIDs() {
			if id.String() == school.String() {
				return privacy.Skip
			}
		}
		return privacy.Denyf("%w", apperr.Invalid("schoolID", "School not found: you can only create records in your own school."))
	})
}

// FilterSchools narrows schools to the viewer's.
func FilterSchools() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(in("id", memberSchools(viewer.FromContext(ctx))...))
		return privacy.Skip
	})
}

// DenyUnlessSystem denies everyone but the system viewer; for sessions and
// other rows no client reads directly.
func DenyUnlessSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).IsSystem() {
			return privacy.Allow
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "This record is kept by the server."))
	})
}

// DenyCreateUnlessAdmin lets only a school admin (or the system) create
// rows of a type that is not in any one school, such as accounts.
func DenyCreateUnlessAdmin() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		if len(SchoolsWhere(viewer.FromContext(ctx), viewer.RoleAdmin)) > 0 {
			return privacy.Skip
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Only a school admin can create %s records.", m.Type()))
	})
}

// memberSchools lists, as entql values, every school the viewer has a role
// at.
func memberSchools(v *viewer.Viewer) []any {
	ids := v.SchoolIDs()
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = string(id)
	}
	return vals
}
