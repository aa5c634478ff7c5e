package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"plp/ent/schema/rule"
	"plp/internal/platform/viewer"
)

// RedisclosureNotice goes with every answer to a community partner: FERPA
// lets a school disclose records to a partner on the condition that they
// are not disclosed further (34 CFR 99.33), and the partner must be told.
const RedisclosureNotice = "These records come from a student's education records, shared with you as a community partner. " +
	"Federal law (FERPA, 34 CFR 99.33) forbids disclosing them to anyone else without the written consent of the student's family or the eligible student."

// redisclosureNotice adds extensions.redisclosureNotice to every response
// for a viewer who reads as a community partner at some school: one where
// they are partner and not also staff (staff need no such notice), whatever
// they are at other schools.
func redisclosureNotice(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	v := viewer.FromContext(ctx)
	if resp == nil || v == nil || !readsAsPartner(v) {
		return resp
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["redisclosureNotice"] = RedisclosureNotice
	return resp
}

// readsAsPartner reports whether the viewer is a partner at a school where
// they are not staff.
func readsAsPartner(v *viewer.Viewer) bool {
	for _, school := range rule.SchoolsWhere(v, viewer.RolePartner) {
		if !rule.IsStaffOf(v, school) {
			return true
		}
	}
	return false
}
