package graph

import (
	"entgo.io/contrib/entgql"

	"plp/ent"
)

// A student's profile history reads back from now: Student.revisions (and
// any StudentRevision connection) lists the newest first when no orderBy
// is given. entgql's default order is by ID ascending; IDs are ULIDs,
// monotonic in creation order, so descending IDs are newest first, and the
// cursors keep working as they are (made of the ID).
func init() {
	ent.DefaultStudentRevisionOrder = &ent.StudentRevisionOrder{
		Direction: entgql.OrderDirectionDesc,
		Field:     ent.DefaultStudentRevisionOrder.Field,
	}
}
