package rule

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	gen "plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/platform/viewer"
)

// WithheldName is what people outside a student's circle see of an
// opted-out student's name.
const WithheldName = "Name withheld"

// MaskOptedOutNames withholds the names of students whose families opted
// out of directory information from everyone but the student, their family
// and school staff: a partner sees "Name withheld". It works on every read
// of students, including those loaded as an edge of another row.
func MaskOptedOutNames() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			v, err := next.Query(ctx, q)
			if students, ok := v.([]*gen.Student); ok && err == nil {
				err = maskStudents(ctx, students)
			}
			return v, err
		})
	})
}

// maskStudents withholds names the viewer may not see, in place. Only a
// partner can meet a student outside their circle (a family sees only its
// own children, a student only themselves), so only a viewer with a
// partner role somewhere is checked, and for each student by the
// student's own school: the name shows to that school's staff, the student
// and their family, whatever the viewer is at another school. The opt-out
// flags are read in one extra statement, because the query being
// intercepted may not have selected them (GraphQL field collection narrows
// the columns).
func maskStudents(ctx context.Context, students []*gen.Student) error {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || len(SchoolsWhere(v, viewer.RolePartner)) == 0 || len(students) == 0 {
		return nil
	}
	ids := make([]pulid.ID, len(students))
	for i, s := range students {
		ids[i] = s.ID
	}
	circle := []entql.P{inSchools(v, StaffRoles...)}
	for _, a := range []Audience{Self, Family} {
		if scope, ok := studentScope(ctx, a); ok {
			circle = append(circle, scope)
		}
	}
	client := students[0].Update().Mutation().Client()
	withheld, err := client.Student.Query().
		Where(student.IDIn(ids...), student.DirectoryOptOut(true), gen.StudentWhere(entql.Not(anyOf(circle...)))).
		IDs(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("read directory opt-outs: %w", err)
	}
	for _, s := range students {
		if slices.Contains(withheld, s.ID) {
			s.GivenName, s.FamilyName, s.PreferredName = "", "", WithheldName
		}
	}
	return nil
}
