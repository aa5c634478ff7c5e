package audit_test

import (
	"context"
	"testing"
	"time"

	"plp/ent/auditevent"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/audit"
)

const accessLogQuery = `query($id: ID!, $first: Int, $where: AuditEventWhereInput) {
  studentAccessLog(studentID: $id, first: $first, where: $where) {
    totalCount
    pageInfo { hasNextPage }
    edges { node { action subjectType subjectID detail actorID studentID requestID at } }
  }
}`

type accessLog struct {
	StudentAccessLog struct {
		TotalCount int
		PageInfo   struct{ HasNextPage bool }
		Edges      []struct {
			Node struct {
				Action, SubjectType, SubjectID, Detail, ActorID, StudentID, RequestID string
				At                                                                    time.Time
			}
		}
	}
}

// TestStudentAccessLog: the query lists the events of one student, newest
// first, to the school's admins and the student's family, and to nobody of
// another school.
func TestStudentAccessLog(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	srv := apitest.NewServerOn(t, db)
	home := w.Home
	r := audit.NewRecorder(db.Client, nil, audit.Options{FlushInterval: time.Hour})
	defer closeRecorder(t, r)

	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for i, e := range []audit.Event{
		{Action: auditevent.ActionRead, SubjectType: "Goal", SubjectID: "goal_1", Detail: "query goals: title", ActorID: home.Counselor.ID},
		{Action: auditevent.ActionUpdate, SubjectType: "Goal", SubjectID: "goal_1", Detail: "updateGoal: status", ActorID: home.Advisor.ID},
		{Action: auditevent.ActionExport, SubjectType: "Student", SubjectID: string(home.Student.ID), Detail: "exportPlan", ActorID: home.Family.ID},
	} {
		e.SchoolID, e.StudentID, e.RequestID, e.At = home.School.ID, home.Student.ID, "t-log", t0.Add(time.Duration(i)*time.Hour)
		r.Record(e)
	}
	// Another student's event, which must not show.
	r.Record(audit.Event{SchoolID: w.Other.School.ID, StudentID: w.Other.Student.ID, ActorID: w.Other.Admin.ID,
		Action: auditevent.ActionRead, SubjectType: "Goal", RequestID: "t-log", At: t0})
	if err := r.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}

	// Only the events this test made: the server may record its own.
	mine := map[string]any{"requestID": "t-log"}
	vars := map[string]any{"id": home.Student.ID, "where": mine}
	for _, who := range []struct {
		name string
		c    *apitest.Client
	}{{"admin", srv.As(t, home.Admin)}, {"family", srv.As(t, home.Family)}} {
		var got accessLog
		who.c.MustDo(t, accessLogQuery, vars, &got)
		log := got.StudentAccessLog
		if log.TotalCount != 3 || len(log.Edges) != 3 {
			t.Fatalf("%s: %d events (total %d), want 3", who.name, len(log.Edges), log.TotalCount)
		}
		want := []string{"EXPORT", "UPDATE", "READ"} // newest first
		for i, e := range log.Edges {
			if e.Node.Action != want[i] || e.Node.StudentID != string(home.Student.ID) {
				t.Errorf("%s: event %d is %+v, want %s of the student", who.name, i, e.Node, want[i])
			}
		}
		if first := log.Edges[0].Node; first.ActorID != string(home.Family.ID) || first.Detail != "exportPlan" || !first.At.Equal(t0.Add(2*time.Hour)) {
			t.Errorf("%s: newest event %+v", who.name, first)
		}
	}

	admin := srv.As(t, home.Admin)
	var page accessLog
	admin.MustDo(t, accessLogQuery, map[string]any{"id": home.Student.ID, "first": 2, "where": mine}, &page)
	if len(page.StudentAccessLog.Edges) != 2 || !page.StudentAccessLog.PageInfo.HasNextPage {
		t.Errorf("first: 2 gave %d events, hasNextPage %v", len(page.StudentAccessLog.Edges), page.StudentAccessLog.PageInfo.HasNextPage)
	}
	var exports accessLog
	admin.MustDo(t, accessLogQuery, map[string]any{"id": home.Student.ID, "where": map[string]any{"requestID": "t-log", "action": "EXPORT"}}, &exports)
	if exports.StudentAccessLog.TotalCount != 1 {
		t.Errorf("where action EXPORT: %d events, want 1", exports.StudentAccessLog.TotalCount)
	}

	// Another school's admin asking by ID sees nothing, as for an unknown ID.
	var other accessLog
	srv.As(t, w.Other.Admin).MustDo(t, accessLogQuery, vars, &other)
	if other.StudentAccessLog.TotalCount != 0 {
		t.Errorf("another school's admin sees %d events", other.StudentAccessLog.TotalCount)
	}
	// A partner is neither admin nor family.
	var partner accessLog
	srv.As(t, home.Partner).MustDo(t, accessLogQuery, vars, &partner)
	if partner.StudentAccessLog.TotalCount != 0 {
		t.Errorf("a partner sees %d events", partner.StudentAccessLog.TotalCount)
	}
}
