package server_test

import (
	"slices"
	"strings"
	"testing"

	"plp/internal/devtools/apitest"
)

// TestReadsAreRecorded: what an advisor, a family member and a partner read
// of a student's plan shows in the student's access log, with who and what;
// the student's own reads do not.
func TestReadsAreRecorded(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	student := map[string]any{"id": w.Home.Student.ID}
	w.clients["student"].MustDo(t, `{ goals { edges { node { id } } } }`, nil, nil)
	w.clients["advisor"].MustDo(t, `query($id: ID!) { node(id: $id) { ... on Student { preferredName goals { edges { node { title } } } } } }`, student, nil)
	w.clients["partner"].MustDo(t, `{ evidence { edges { node { title } } } }`, nil, nil)
	s.FlushAudit(t)

	var log struct {
		StudentAccessLog struct {
			Edges []struct {
				Node struct {
					Action, SubjectType string
					Actor               *struct{ Email string }
				}
			}
		}
	}
	w.clients["admin"].MustDo(t, `query($id: ID!) { studentAccessLog(studentID: $id, first: 50) { edges { node { action subjectType actor { email } } } } }`, student, &log)
	seen := map[string]bool{}
	for _, e := range log.StudentAccessLog.Edges {
		if e.Node.Action == "READ" && e.Node.Actor != nil {
			seen[strings.SplitN(e.Node.Actor.Email, "@", 2)[0]+" "+e.Node.SubjectType] = true
		}
	}
	for _, want := range []string{"advisor.home Student", "advisor.home Goal", "partner.home Evidence"} {
		if !seen[want] {
			t.Errorf("access log lacks %q; has %v", want, seen)
		}
	}
	for k := range seen {
		if strings.HasPrefix(k, "student.home") {
			t.Errorf("the student's own read was recorded as a disclosure: %s", k)
		}
	}
	// The family sees the log of their child too; another family does not.
	var fam struct{ StudentAccessLog struct{ TotalCount int } }
	w.clients["family"].MustDo(t, `query($id: ID!) { studentAccessLog(studentID: $id) { totalCount } }`, student, &fam)
	if fam.StudentAccessLog.TotalCount == 0 {
		t.Error("the family sees no access log for their child")
	}
	w.clients["otherFamily"].MustDo(t, `query($id: ID!) { studentAccessLog(studentID: $id) { totalCount } }`, student, &fam)
	if fam.StudentAccessLog.TotalCount != 0 {
		t.Errorf("another family sees %d access-log entries of this child", fam.StudentAccessLog.TotalCount)
	}
}

// TestChangesAreRecorded: a change of a student's records is in the trail
// once it commits, with who, what and which fields (never the values); a
// refused change leaves nothing.
func TestChangesAreRecorded(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	advisor := w.clients["advisor"]
	var created struct {
		CreateGoal struct{ Goal struct{ ID string } }
	}
	advisor.MustDo(t, `mutation($s: ID!) { createGoal(input: {studentID: $s, area: CIVIC, title: "Serve on the town youth council"}) { goal { id } } }`,
		map[string]any{"s": w.Home.Student.ID}, &created)
	id := created.CreateGoal.Goal.ID
	advisor.MustDo(t, `mutation($id: ID!) { updateGoal(id: $id, input: {status: ACTIVE, why: "A voice for students"}) { goal { id } } }`,
		map[string]any{"id": id}, nil)
	// Refused: a title over its limit rolls the transaction back.
	advisor.MustFail(t, "BAD_USER_INPUT", `mutation($id: ID!, $t: String!) { updateGoal(id: $id, input: {title: $t}) { goal { id } } }`,
		map[string]any{"id": id, "t": strings.Repeat("x", 300)})
	s.FlushAudit(t)

	var log struct {
		StudentAccessLog struct {
			Edges []struct {
				Node struct{ Action, SubjectID, Detail string }
			}
		}
	}
	w.clients["admin"].MustDo(t, `query($id: ID!) { studentAccessLog(studentID: $id, first: 100) { edges { node { action subjectID detail } } } }`,
		map[string]any{"id": w.Home.Student.ID}, &log)
	var changes []string
	for _, e := range log.StudentAccessLog.Edges {
		if e.Node.SubjectID == id && e.Node.Action != "READ" {
			changes = append(changes, e.Node.Action+" "+e.Node.Detail)
		}
	}
	// A create names every field it set, defaults included. (The test
	// clock stands still, so both events share a time: order is not checked.)
	slices.Sort(changes)
	if len(changes) != 2 || !strings.HasPrefix(changes[0], "CREATE fields: area,") || !strings.Contains(changes[0], "title") ||
		changes[1] != "UPDATE fields: status, why" {
		t.Errorf("changes recorded: %q, want a CREATE and an UPDATE of status and why", changes)
	}
	for _, c := range changes {
		if strings.Contains(c, "voice") {
			t.Errorf("the trail holds a value: %q", c)
		}
	}
}

// TestNestedCountsUnderAStudent: a nested totalCount is an aggregate, not a
// record; the audit interceptor leaves it alone.
func TestNestedCountsUnderAStudent(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	w.clients["advisor"].MustDo(t, `query($id: ID!) { node(id: $id) { ... on Student { goals { totalCount } evidence { totalCount } revisions { totalCount } } } }`,
		map[string]any{"id": w.Home.Student.ID}, nil)
}
