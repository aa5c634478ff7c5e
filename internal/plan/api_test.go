package plan_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/internal/devtools/apitest"
)

const updateGoal = `mutation($id: ID!, $input: UpdateGoalInput!) {
  updateGoal(id: $id, input: $input) { goal { id status progress } }
}`

type goalOut struct {
	ID       string
	Status   string
	Progress int
}

func TestGoalTransitionsThroughAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	student := s.As(t, w.Home.StudentAccount)

	// Creating: DRAFT or ACTIVE only.
	create := `mutation($input: CreateGoalInput!) { createGoal(input: $input) { goal { id status } } }`
	in := func(status string) map[string]any {
		return map[string]any{"input": map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC", "title": "Learn to code", "status": status}}
	}
	e := student.MustFail(t, "BAD_USER_INPUT", create, in("ACHIEVED"))
	if e.Field() != "status" {
		t.Fatalf("create as ACHIEVED: field %q, want status", e.Field())
	}
	var created struct{ CreateGoal struct{ Goal goalOut } }
	student.MustDo(t, create, in("DRAFT"), &created)
	id := created.CreateGoal.Goal.ID

	move := func(to string) *apitest.Response {
		return student.Do(t, updateGoal, map[string]any{"id": id, "input": map[string]any{"status": to}})
	}
	refuse := func(to, allowed string) {
		t.Helper()
		e := student.MustFail(t, "BAD_USER_INPUT", updateGoal, map[string]any{"id": id, "input": map[string]any{"status": to}})
		if e.Field() != "status" || !strings.Contains(e.Message, allowed) {
			t.Fatalf("→ %s: field %q message %q; want status and %q", to, e.Field(), e.Message, allowed)
		}
	}
	allow := func(to string) {
		t.Helper()
		r := move(to)
		if len(r.Errors) > 0 {
			t.Fatalf("→ %s: %+v", to, r.Errors)
		}
		if !strings.Contains(string(r.Data), `"status":"`+to+`"`) {
			t.Fatalf("→ %s: %s", to, r.Data)
		}
	}
	refuse("ACHIEVED", "ACTIVE or SET_ASIDE")
	refuse("REVISED", "ACTIVE or SET_ASIDE")
	allow("ACTIVE")
	refuse("DRAFT", "ACHIEVED, REVISED or SET_ASIDE")
	allow("REVISED")
	allow("ACTIVE")
	allow("SET_ASIDE")
	refuse("ACHIEVED", "ACTIVE")
	allow("ACTIVE")
	allow("ACHIEVED")
	refuse("DRAFT", "ACTIVE")
	refuse("SET_ASIDE", "ACTIVE")
	allow("ACTIVE") // reopened

	// A refused step leaves the goal as it was.
	refuse("DRAFT", "ACHIEVED, REVISED or SET_ASIDE")
	var got struct{ Node goalOut }
	student.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Goal { id status progress } } }`, map[string]any{"id": id}, &got)
	if got.Node.Status != "ACTIVE" {
		t.Fatalf("status after a refused step = %s, want ACTIVE", got.Node.Status)
	}
}

func TestProgressFollowsMilestonesThroughAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	g, err := s.DB.Client.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaPersonal).
		SetTitle("Run a 5k").SetStatus(goal.StatusActive).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	student := s.As(t, w.Home.StudentAccount)
	advisor := s.As(t, w.Home.Advisor)

	progress := func(want int) {
		t.Helper()
		var out struct{ Node goalOut }
		student.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Goal { id status progress } } }`, map[string]any{"id": g.ID}, &out)
		if out.Node.Progress != want {
			t.Fatalf("progress = %d, want %d", out.Node.Progress, want)
		}
	}
	setProgress := func(c *apitest.Client, p int) *apitest.Response {
		return c.Do(t, updateGoal, map[string]any{"id": g.ID, "input": map[string]any{"progress": p}})
	}

	// No milestones: progress is set by hand.
	if r := setProgress(student, 30); len(r.Errors) > 0 {
		t.Fatalf("hand-set progress without milestones: %+v", r.Errors)
	}
	progress(30)

	createMilestone := `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { id doneAt } } }`
	var ids []string
	for i, c := range []*apitest.Client{student, student, advisor} {
		var out struct {
			CreateMilestone struct{ Milestone struct{ ID string } }
		}
		c.MustDo(t, createMilestone, map[string]any{"input": map[string]any{"goalID": g.ID, "title": fmt.Sprintf("Week %d", i+1), "position": i}}, &out)
		ids = append(ids, out.CreateMilestone.Milestone.ID)
	}
	progress(0)

	e := student.MustFail(t, "BAD_USER_INPUT", updateGoal, map[string]any{"id": g.ID, "input": map[string]any{"progress": 50}})
	if e.Field() != "progress" || !strings.Contains(e.Message, "progress follows the milestones") {
		t.Fatalf("hand-set progress with milestones: field %q message %q", e.Field(), e.Message)
	}
	progress(0)

	updateMilestone := `mutation($id: ID!, $input: UpdateMilestoneInput!) { updateMilestone(id: $id, input: $input) { milestone { id doneAt } } }`
	done := map[string]any{"doneAt": "2026-11-23T14:00:00Z"}
	student.MustDo(t, updateMilestone, map[string]any{"id": ids[0], "input": done}, nil)
	progress(33)
	advisor.MustDo(t, updateMilestone, map[string]any{"id": ids[1], "input": done}, nil)
	progress(67)
	// Changing something else leaves the progress alone.
	student.MustDo(t, updateMilestone, map[string]any{"id": ids[1], "input": map[string]any{"title": "Week two"}}, nil)
	progress(67)
	student.MustDo(t, updateMilestone, map[string]any{"id": ids[2], "input": done}, nil)
	progress(100)
	student.MustDo(t, updateMilestone, map[string]any{"id": ids[0], "input": map[string]any{"clearDoneAt": true}}, nil)
	progress(67)
	// A milestone created done counts at once.
	student.MustDo(t, createMilestone, map[string]any{"input": map[string]any{"goalID": g.ID, "title": "Race day", "position": 3, "doneAt": "2026-11-23T14:00:00Z"}}, nil)
	progress(75)

	// The family may read the goal but not write its milestones: the
	// progress stays.
	family := s.As(t, w.Home.Family)
	family.MustFail(t, "NOT_FOUND", updateMilestone, map[string]any{"id": ids[0], "input": done})
	progress(75)
}

// timelineQuery asks for a page of the timeline.
const timelineQuery = `query($s: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
  studentTimeline(studentID: $s, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { __typename ... on Evidence { id title occurredOn } ... on Reflection { id body createdAt } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`

type timelinePage struct {
	StudentTimeline struct {
		Edges []struct {
			Cursor string
			Node   struct {
				Typename string `json:"__typename"`
				ID       string
				Title    string
				Body     string
			}
		}
		PageInfo struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       *string
		}
	}
}

func (p timelinePage) names() []string {
	var out []string
	for _, e := range p.StudentTimeline.Edges {
		out = append(out, e.Node.Title+e.Node.Body)
	}
	return out
}

// seedTimeline gives the Home student n items, alternating evidence and
// reflections, item i at base + i hours except that items 10 and 11 share
// a time (ties are ordered by ID). It returns their names newest first.
func seedTimeline(t *testing.T, c *ent.Client, w *apitest.World, n int) []string {
	t.Helper()
	base := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	ctx := apitest.SystemAt(base)
	type named struct {
		name string
		at   time.Time
		id   string
	}
	var all []named
	for i := range n {
		at := base.Add(time.Duration(i) * time.Hour)
		if i == 11 {
			at = base.Add(10 * time.Hour)
		}
		name := fmt.Sprintf("item %02d", i)
		if i%2 == 0 {
			e, err := c.Evidence.Create().SetStudentID(w.Home.Student.ID).SetTitle(name).SetKind(evidence.KindText).
				SetBody("text").SetOccurredOn(at).SetVisibility(evidence.VisibilityFamily).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, named{name, at, string(e.ID)})
		} else {
			r, err := c.Reflection.Create().SetStudentID(w.Home.Student.ID).SetBody(name).SetCreatedAt(at).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, named{name, at, string(r.ID)})
		}
	}
	// The other school's student has items too; they never show.
	if _, err := c.Reflection.Create().SetStudentID(w.Other.Student.ID).SetBody("other school").SetCreatedAt(base).Save(ctx); err != nil {
		t.Fatal(err)
	}
	// Newest first: by time, then by ID, both descending.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0; j-- {
			a, b := all[j-1], all[j]
			if b.at.After(a.at) || (b.at.Equal(a.at) && b.id > a.id) {
				all[j-1], all[j] = b, a
			}
		}
	}
	names := make([]string, len(all))
	for i, x := range all {
		names[i] = x.name
	}
	return names
}

func TestTimelinePages(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	want := seedTimeline(t, s.DB.Client, w, 25)
	student := s.As(t, w.Home.StudentAccount)
	vars := func(kv ...any) map[string]any {
		m := map[string]any{"s": w.Home.Student.ID}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}

	// Forward, 10 at a time: 10, 10, 5.
	var got []string
	var statements []int64
	var after any
	var pages []timelinePage
	for {
		var p timelinePage
		r := student.MustDo(t, timelineQuery, vars("first", 10, "after", after), &p)
		statements = append(statements, r.Statements)
		pages = append(pages, p)
		got = append(got, p.names()...)
		if (after != nil) != p.StudentTimeline.PageInfo.HasPreviousPage {
			t.Fatalf("page %d: hasPreviousPage = %v", len(pages), p.StudentTimeline.PageInfo.HasPreviousPage)
		}
		if !p.StudentTimeline.PageInfo.HasNextPage {
			break
		}
		after = *p.StudentTimeline.PageInfo.EndCursor
		if len(pages) > 5 {
			t.Fatal("the timeline does not end")
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("forward:\n got %v\nwant %v", got, want)
	}
	if len(pages) != 3 || len(pages[2].StudentTimeline.Edges) != 5 {
		t.Fatalf("pages: %d, last holds %d", len(pages), len(pages[len(pages)-1].StudentTimeline.Edges))
	}
	for _, n := range statements {
		if n != statements[0] {
			t.Fatalf("statements per page: %v, want the same for each", statements)
		}
	}
	// Two of them are the timeline's: one query per type.
	if base := student.Do(t, `{ __typename }`, nil).Statements; statements[0] != base+2 {
		t.Fatalf("a page runs %d statements, a bare request %d: want exactly 2 more", statements[0], base)
	}

	// Backward from the end, 10 at a time: each page newest first.
	got = nil
	var before any
	var back []int64
	for range 5 {
		var p timelinePage
		r := student.MustDo(t, timelineQuery, vars("last", 10, "before", before), &p)
		back = append(back, r.Statements)
		got = append(p.names(), got...)
		if (before != nil) != p.StudentTimeline.PageInfo.HasNextPage {
			t.Fatalf("backward: hasNextPage = %v", p.StudentTimeline.PageInfo.HasNextPage)
		}
		if !p.StudentTimeline.PageInfo.HasPreviousPage {
			break
		}
		before = *p.StudentTimeline.PageInfo.StartCursor
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("backward:\n got %v\nwant %v", got, want)
	}
	for _, n := range back {
		if n != statements[0] {
			t.Fatalf("statements per backward page: %v, forward %v", back, statements)
		}
	}

	// A cursor in the middle, both ways: the items after item 5 of the
	// first page, and the items before item 15.
	mid := pages[0].StudentTimeline.Edges[4].Cursor
	var p timelinePage
	student.MustDo(t, timelineQuery, vars("first", 3, "after", mid), &p)
	if strings.Join(p.names(), ",") != strings.Join(want[5:8], ",") {
		t.Fatalf("after item 5: %v, want %v", p.names(), want[5:8])
	}
	mid = pages[1].StudentTimeline.Edges[4].Cursor // item 15
	student.MustDo(t, timelineQuery, vars("last", 3, "before", mid), &p)
	if strings.Join(p.names(), ",") != strings.Join(want[11:14], ",") {
		t.Fatalf("before item 15: %v, want %v", p.names(), want[11:14])
	}

	// Bad arguments.
	if e := student.MustFail(t, "BAD_USER_INPUT", timelineQuery, vars("after", "not-a-cursor")); e.Field() != "after" {
		t.Fatalf("bad cursor: field %q", e.Field())
	}
	if e := student.MustFail(t, "BAD_USER_INPUT", timelineQuery, vars("first", 2, "last", 2)); e.Field() != "last" {
		t.Fatalf("first and last: field %q", e.Field())
	}
	if e := student.MustFail(t, "BAD_USER_INPUT", timelineQuery, vars("last", -1)); e.Field() != "last" {
		t.Fatalf("negative last: field %q", e.Field())
	}

	// Someone of the other school sees nothing of this student.
	outsider := s.As(t, w.Other.Admin)
	outsider.MustDo(t, timelineQuery, vars("first", 50), &p)
	if len(p.StudentTimeline.Edges) != 0 {
		t.Fatalf("other school sees %v", p.names())
	}
}

func TestTimelineFollowsVisibility(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	c := s.DB.Client
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	for i, v := range []evidence.Visibility{evidence.VisibilityPrivate, evidence.VisibilitySchool, evidence.VisibilityFamily, evidence.VisibilityPartners} {
		if err := c.Evidence.Create().SetStudentID(w.Home.Student.ID).SetTitle("evidence " + string(v)).SetKind(evidence.KindText).
			SetBody("text").SetOccurredOn(at.Add(time.Duration(i) * time.Hour)).SetVisibility(v).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Reflection.Create().SetStudentID(w.Home.Student.ID).SetBody("a reflection").SetCreatedAt(at.Add(-time.Hour)).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	see := func(acc *ent.Account) string {
		var p timelinePage
		s.As(t, acc).MustDo(t, timelineQuery, map[string]any{"s": w.Home.Student.ID}, &p)
		return strings.Join(p.names(), ",")
	}
	if got, want := see(w.Home.StudentAccount), "evidence PARTNERS,evidence FAMILY,evidence SCHOOL,evidence PRIVATE,a reflection"; got != want {
		t.Errorf("student sees %s, want %s", got, want)
	}
	family := see(w.Home.Family)
	if !strings.Contains(family, "evidence FAMILY") || strings.Contains(family, "PRIVATE") {
		t.Errorf("family sees %s: want FAMILY-visible evidence and no PRIVATE", family)
	}
	if got := see(w.Other.Family); got != "" {
		t.Errorf("another school's family sees %s", got)
	}
}

// TestTimelineNestedReadsPerLevel: the nested fields of timeline items
// (goals, comments and reflections of evidence; the goal and evidence of
// reflections) are loaded for the whole page at once, one statement per
// edge and level, however many items the page holds.
func TestTimelineNestedReadsPerLevel(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	c := s.DB.Client
	g := c.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea("ACADEMIC").SetTitle("Bridge design").
		SetVisibility("FAMILY").SaveX(ctx)
	base := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	for i := range 12 {
		at := base.Add(time.Duration(i) * time.Hour)
		e := c.Evidence.Create().SetStudentID(w.Home.Student.ID).SetTitle(fmt.Sprintf("evidence %02d", i)).
			SetKind(evidence.KindText).SetBody("text").SetOccurredOn(at).SetVisibility(evidence.VisibilityFamily).
			AddGoalIDs(g.ID).SaveX(ctx)
		c.Comment.Create().SetAuthorID(w.Home.Advisor.ID).SetEvidenceID(e.ID).SetBody(fmt.Sprintf("comment %02d", i)).ExecX(ctx)
		c.Reflection.Create().SetStudentID(w.Home.Student.ID).SetBody(fmt.Sprintf("reflection %02d", i)).
			SetGoalID(g.ID).SetEvidenceID(e.ID).SetCreatedAt(at.Add(time.Minute)).ExecX(ctx)
	}
	const nested = `query($s: ID!, $first: Int) {
  studentTimeline(studentID: $s, first: $first) {
    edges { cursor node { __typename
      ... on Evidence { id title goals { id title } comments(first: 5) { edges { node { body } } } reflections(first: 5) { edges { node { body } } } }
      ... on Reflection { id body goal { id title } evidence { id title } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`
	type page struct {
		StudentTimeline struct {
			Edges []struct {
				Node struct {
					Typename string `json:"__typename"`
					Title    string
					Goals    []struct{ Title string }
					Comments struct {
						Edges []struct{ Node struct{ Body string } }
					}
					Reflections struct {
						Edges []struct{ Node struct{ Body string } }
					}
					Goal     *struct{ Title string }
					Evidence *struct{ Title string }
				}
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	student := s.As(t, w.Home.StudentAccount)
	bare := student.Do(t, `{ __typename }`, nil).Statements
	count := func(first int) int64 {
		t.Helper()
		var p page
		r := student.MustDo(t, nested, map[string]any{"s": w.Home.Student.ID, "first": first}, &p)
		if len(p.StudentTimeline.Edges) != first {
			t.Fatalf("first %d: %d items", first, len(p.StudentTimeline.Edges))
		}
		for _, e := range p.StudentTimeline.Edges {
			n := e.Node
			switch n.Typename {
			case "Evidence":
				if len(n.Goals) != 1 || n.Goals[0].Title != "Bridge design" || len(n.Comments.Edges) != 1 ||
					len(n.Reflections.Edges) != 1 || n.Reflections.Edges[0].Node.Body[len("reflection "):] != n.Title[len("evidence "):] {
					t.Fatalf("evidence item %+v", n)
				}
			case "Reflection":
				if n.Goal == nil || n.Goal.Title != "Bridge design" || n.Evidence == nil {
					t.Fatalf("reflection item %+v", n)
				}
			default:
				t.Fatalf("item type %q", n.Typename)
			}
		}
		return r.Statements - bare
	}
	small, large := count(2), count(24)
	if small != large {
		t.Fatalf("a page of 2 items runs %d statements, of 24 items %d: nested reads must not grow with the page", small, large)
	}
	// Two for the page (one per type), three nested edges of evidence and
	// two of reflections, one statement each.
	if large != 7 {
		t.Fatalf("a page with nested edges runs %d statements, want 7 (2 for the page, 5 nested levels)", large)
	}
}

// A goal is ACHIEVED only when it is done: every milestone done, or, without
// milestones, declared done at 100%. It stays done until it is reopened
// (issue 20, point 7: a goal was ACHIEVED at 33% with open milestones).
func TestAchievedMeansDone(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	student := s.As(t, w.Home.StudentAccount)
	newGoal := func(title string) string {
		t.Helper()
		g, err := s.DB.Client.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaPersonal).
			SetTitle(title).SetStatus(goal.StatusActive).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return string(g.ID)
	}
	read := func(id string) goalOut {
		t.Helper()
		var out struct{ Node goalOut }
		student.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Goal { id status progress } } }`, map[string]any{"id": id}, &out)
		return out.Node
	}
	update := func(id string, input map[string]any) *apitest.Response {
		return student.Do(t, updateGoal, map[string]any{"id": id, "input": input})
	}
	refused := func(r *apitest.Response, field, says string) {
		t.Helper()
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Field() != field || !strings.Contains(r.Errors[0].Message, says) {
			t.Fatalf("want BAD_USER_INPUT on %s saying %q, got %+v", field, says, r.Errors)
		}
	}
	createMilestone := `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { id } } }`
	updateMilestone := `mutation($id: ID!, $input: UpdateMilestoneInput!) { updateMilestone(id: $id, input: $input) { milestone { id doneAt } } }`
	done := map[string]any{"doneAt": "2026-11-23T14:00:00Z"}

	run := newGoal("Run a 5k")
	var ms []string
	for i := range 3 {
		var out struct {
			CreateMilestone struct{ Milestone struct{ ID string } }
		}
		student.MustDo(t, createMilestone, map[string]any{"input": map[string]any{"goalID": run, "title": fmt.Sprintf("Week %d", i+1), "position": i}}, &out)
		ms = append(ms, out.CreateMilestone.Milestone.ID)
	}
	student.MustDo(t, updateMilestone, map[string]any{"id": ms[0], "input": done}, nil)
	refused(update(run, map[string]any{"status": "ACHIEVED"}), "status", "2 milestones are still open")
	if g := read(run); g.Status != "ACTIVE" || g.Progress != 33 {
		t.Fatalf("after the refusal: %+v, want ACTIVE at 33", g)
	}
	for _, id := range ms[1:] {
		student.MustDo(t, updateMilestone, map[string]any{"id": id, "input": done}, nil)
	}
	if r := update(run, map[string]any{"status": "ACHIEVED"}); len(r.Errors) > 0 {
		t.Fatalf("achieve with every milestone done: %+v", r.Errors)
	}
	// Done stays done: no milestone reopened or added open.
	refused(student.Do(t, updateMilestone, map[string]any{"id": ms[0], "input": map[string]any{"clearDoneAt": true}}), "doneAt", "make it ACTIVE again")
	refused(student.Do(t, createMilestone, map[string]any{"input": map[string]any{"goalID": run, "title": "Week 4", "position": 3}}), "doneAt", "make it ACTIVE again")
	student.MustDo(t, createMilestone, map[string]any{"input": map[string]any{"goalID": run, "title": "Race day", "position": 4, "doneAt": "2026-11-24T14:00:00Z"}}, nil)
	if g := read(run); g.Status != "ACHIEVED" || g.Progress != 100 {
		t.Fatalf("achieved goal: %+v, want ACHIEVED at 100", g)
	}
	// Reopened, it takes open milestones again.
	student.MustDo(t, updateGoal, map[string]any{"id": run, "input": map[string]any{"status": "ACTIVE"}}, nil)
	student.MustDo(t, updateMilestone, map[string]any{"id": ms[0], "input": map[string]any{"clearDoneAt": true}}, nil)
	if g := read(run); g.Status != "ACTIVE" || g.Progress != 75 {
		t.Fatalf("reopened goal: %+v, want ACTIVE at 75", g)
	}

	// Without milestones, achieving declares it done.
	read2 := newGoal("Read ten books")
	student.MustDo(t, updateGoal, map[string]any{"id": read2, "input": map[string]any{"progress": 30}}, nil)
	refused(update(read2, map[string]any{"status": "ACHIEVED", "progress": 40}), "progress", "ACHIEVED goal is 100% done")
	student.MustDo(t, updateGoal, map[string]any{"id": read2, "input": map[string]any{"status": "ACHIEVED"}}, nil)
	if g := read(read2); g.Status != "ACHIEVED" || g.Progress != 100 {
		t.Fatalf("achieved without milestones: %+v, want ACHIEVED at 100", g)
	}
	refused(update(read2, map[string]any{"progress": 50}), "progress", "make it ACTIVE again")
}
