package rule

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "plp/ent"
	"plp/ent/guardianship"
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
// partner (who is not also staff) can meet a student outside their circle:
// a family sees only its own children, a student only themselves. The
// opt-out flags are read in one extra statement, because the query being
// intercepted may not have selected them (GraphQL field collection narrows
// the columns).
func maskStudents(ctx context.Context, students []*gen.Student) error {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || !v.HasRole(viewer.RolePartner) || v.IsStaff() || len(students) == 0 {
		return nil
	}
	ids := make([]pulid.ID, len(students))
	for i, s := range students {
		ids[i] = s.ID
	}
	sys := viewer.SystemContext(ctx)
	client := students[0].Update().Mutation().Client()
	optedOut, err := client.Student.Query().Where(student.IDIn(ids...), student.DirectoryOptOut(true)).IDs(sys)
	if err != nil {
		return fmt.Errorf("read directory opt-outs: %w", err)
	}
	if len(optedOut) == 0 {
		return nil
	}
	guarded := map[pulid.ID]bool{}
	if v.HasRole(viewer.RoleFamily) {
		mine, err := client.Guardianship.Query().
			Where(guardianship.FamilyID(v.AccountID), guardianship.StudentIDIn(optedOut...)).
			Select(guardianship.FieldStudentID).Strings(sys)
		if err != nil {
			return fmt.Errorf("read guardianships of %s: %w", v.AccountID, err)
		}
		for _, id := range mine {
			guarded[pulid.ID(id)] = true
		}
	}
	hidden := map[pulid.ID]bool{}
	for _, id := range optedOut {
		hidden[id] = !guarded[id]
	}
	for _, s := range students {
		if hidden[s.ID] {
			s.GivenName, s.FamilyName, s.PreferredName = "", "", WithheldName
		}
	}
	return nil
}
