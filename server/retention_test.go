package server_test

import (
	"testing"

	"plp/ent/auditevent"
	"plp/ent/goal"
	"plp/ent/student"
	"plp/internal/devtools/apitest"
)

// TestDeleteStudentRecordsOnRequest: an admin deletes a student's whole
// plan, confirming with the student's name; nothing of it is left but the
// audit trail, which gains a DELETE event. Nobody else can.
func TestDeleteStudentRecordsOnRequest(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	ctx := s.System()
	const del = `mutation($id: ID!, $name: String!) { deleteStudentRecords(studentID: $id, confirmName: $name) { deletedStudentID removed } }`
	args := map[string]any{"id": w.Home.Student.ID, "name": "Robin"}

	// A read first, so the trail has something to keep.
	w.clients["advisor"].MustDo(t, `{ goals { totalCount edges { node { id } } } }`, nil, nil)
	for _, who := range []string{"advisor", "counselor", "family", "student", "partner", "otherSchool"} {
		if r := w.clients[who].Do(t, del, args); len(r.Errors) == 0 {
			t.Fatalf("%s deleted the student's records", who)
		}
	}
	e := w.clients["admin"].MustFail(t, "BAD_USER_INPUT", del, map[string]any{"id": w.Home.Student.ID, "name": "Robyn"})
	if e.Field() != "confirmName" {
		t.Errorf("a wrong name answered field %q", e.Field())
	}
	var out struct {
		DeleteStudentRecords struct{ DeletedStudentID, Removed string }
	}
	w.clients["admin"].MustDo(t, del, args, &out)
	t.Logf("removed: %s", out.DeleteStudentRecords.Removed)
	s.FlushAudit(t)

	c := s.DB.Client
	if n := c.Student.Query().Where(student.ID(w.Home.Student.ID)).CountX(ctx); n != 0 {
		t.Errorf("the student is still there")
	}
	if n := c.Goal.Query().Where(goal.StudentID(w.Home.Student.ID)).CountX(ctx); n != 0 {
		t.Errorf("%d goals are still there", n)
	}
	if n := c.Goal.Query().Where(goal.StudentID(w.s2.ID)).CountX(ctx); n == 0 {
		t.Errorf("another student's goals went too")
	}
	if n := c.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionRead)).CountX(ctx); n == 0 {
		t.Errorf("the audit trail of reads was deleted with the student")
	}
	deletion, err := c.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionDelete), auditevent.SubjectID(string(w.Home.Student.ID))).Only(ctx)
	if err != nil {
		t.Fatalf("no DELETE event names the student: %v", err)
	}
	if deletion.ActorID == nil || *deletion.ActorID != w.Home.Admin.ID {
		t.Errorf("the DELETE event's actor is %v, want the admin", deletion.ActorID)
	}
	// The student's sign-in is gone too: it had no other role.
	if r := s.Anonymous().Do(t, `mutation { signIn(input: {email: "`+w.Home.StudentAccount.Email+`", password: "`+apitest.Password+`"}) { token } }`, nil); len(r.Errors) == 0 {
		t.Errorf("the deleted student can still sign in")
	}
}
