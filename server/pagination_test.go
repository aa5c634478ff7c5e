package server_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/goal"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
)

// pageGoal is a goal the pagination tests seed, with what they filter and
// order on.
type pageGoal struct {
	ID        string
	Title     string
	Status    string
	Progress  int
	CreatedAt time.Time
	Grade     int // the student's
	Home      bool
}

// pageWorld is a World with goals: 25 for Home's Student, a few for two more
// Home students in grades 9 and 12, and some for the Other school whose
// titles and statuses match Home's filters, so a leak would show.
type pageWorld struct {
	*apitest.World
	Goals []pageGoal // in creation order
	// Mine are the 25 goals of w.Home.Student, in creation order.
	Mine          []pageGoal
	Grade9        string // Home student in grade 9
	Grade12       string // Home student in grade 12
	OtherStudents []string
}

var pageStatuses = []goal.Status{goal.StatusActive, goal.StatusDraft, goal.StatusAchieved}
var pageWords = []string{"Read", "Write", "Build", "Volunteer", "Run"}

func newPageWorld(t *testing.T, s *apitest.Server) *pageWorld {
	t.Helper()
	w := &pageWorld{World: apitest.NewWorld(t, s.DB)}
	ctx := s.System()
	c := s.DB.Client
	student := func(school pulid.ID, name string, grade int) *ent.Student {
		st, err := c.Student.Create().SetSchoolID(school).SetGivenName(name).SetFamilyName("Page").SetPreferredName(name).
			SetGrade(grade).SetGraduationYear(2039 - grade).Save(ctx)
		if err != nil {
			t.Fatalf("create student: %v", err)
		}
		return st
	}
	g9 := student(w.Home.School.ID, "Nina", 9)
	g12 := student(w.Home.School.ID, "Theo", 12)
	o12 := student(w.Other.School.ID, "Olga", 12)
	w.Grade9, w.Grade12 = string(g9.ID), string(g12.ID)
	w.OtherStudents = []string{string(w.Other.Student.ID), string(o12.ID)}

	base := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	var (
		builders []*ent.GoalCreate
		seeds    []pageGoal
	)
	add := func(st *ent.Student, title string, status goal.Status, progress int, home bool) {
		at := base.Add(time.Duration(len(builders)) * time.Minute)
		builders = append(builders, c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaAcademic).SetTitle(title).
			SetStatus(status).SetProgress(progress).SetCreatedAt(at).SetUpdatedAt(at))
		seeds = append(seeds, pageGoal{Title: title, Status: string(status), Progress: progress, CreatedAt: at, Grade: st.Grade, Home: home})
	}
	// Created in an order that is not the titles' order; progress repeats,
	// so ordering by it has ties for the cursor to step over.
	for i := range 25 {
		k := (i*7 + 3) % 25
		add(w.Home.Student, fmt.Sprintf("Goal %02d: %s", k, pageWords[k%5]), pageStatuses[k%3], (k*3%5)*25, true)
	}
	for i := range 3 {
		add(g9, fmt.Sprintf("Nina goal %d: Build", i), goal.StatusActive, 100, true)
	}
	for i := range 2 {
		add(g12, fmt.Sprintf("Theo goal %d: Read", i), goal.StatusAchieved, 50, true)
	}
	for i := range 6 {
		add(w.Other.Student, fmt.Sprintf("Goal %02d: %s", i, pageWords[i%5]), pageStatuses[i%3], 100, false)
	}
	for i := range 2 {
		add(o12, fmt.Sprintf("Other goal %d: Build", i), goal.StatusActive, 75, false)
	}
	created, err := c.Goal.CreateBulk(builders...).Save(ctx)
	if err != nil {
		t.Fatalf("create goals: %v", err)
	}
	for i, g := range created {
		seeds[i].ID = string(g.ID)
		w.Goals = append(w.Goals, seeds[i])
		if g.StudentID == w.Home.Student.ID {
			w.Mine = append(w.Mine, seeds[i])
		}
	}
	return w
}

// pageConn is a goal connection as the tests read it.
type pageConn struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct {
			ID, Title, Status string
			Progress          int
			CreatedAt         time.Time
			School            struct{ ID string }
		}
	}
}

func (c pageConn) ids() []string {
	out := make([]string, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node.ID
	}
	return out
}

const pageGoalsQuery = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: GoalWhereInput, $orderBy: GoalOrder) {
  goals(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title status progress createdAt school { id } } }
  }
}`

// pageGoals runs one goals query; vars with nil values are left out.
func pageGoals(t *testing.T, c *apitest.Client, vars map[string]any) pageConn {
	t.Helper()
	for k, v := range vars {
		if v == nil {
			delete(vars, k)
		}
	}
	var out struct{ Goals pageConn }
	r := c.MustDo(t, pageGoalsQuery, vars, &out)
	crudCheckCodes(t, "goals", r)
	return out.Goals
}

func pageIDs(goals []pageGoal) []string {
	out := make([]string, len(goals))
	for i, g := range goals {
		out[i] = g.ID
	}
	return out
}

func pageSorted(goals []pageGoal, less func(a, b pageGoal) int) []pageGoal {
	out := slices.Clone(goals)
	slices.SortStableFunc(out, less)
	return out
}

// TestGoalsPageForwardAndBackward pages through one student's 25 goals in
// title order: forward 10 at a time, backward 5 at a time, and from the
// middle in both directions.
func TestGoalsPageForwardAndBackward(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newPageWorld(t, s)
	admin := s.As(t, w.Home.Admin)
	where := map[string]any{"studentID": w.Home.Student.ID}
	byTitle := map[string]any{"field": "TITLE", "direction": "ASC"}
	want := pageIDs(pageSorted(w.Mine, func(a, b pageGoal) int { return strings.Compare(a.Title, b.Title) }))

	// Forward.
	var (
		got     []string
		cursors []string
		after   any
	)
	for page := 0; ; page++ {
		if page > 5 {
			t.Fatalf("still paging after %d pages", page)
		}
		conn := pageGoals(t, admin, map[string]any{"first": 10, "after": after, "where": where, "orderBy": byTitle})
		if conn.TotalCount != 25 {
			t.Errorf("page %d: totalCount = %d, want 25", page, conn.TotalCount)
		}
		wantLen, wantNext := 10, page < 2
		if page == 2 {
			wantLen = 5
		}
		if len(conn.Edges) != wantLen || conn.PageInfo.HasNextPage != wantNext || conn.PageInfo.HasPreviousPage != (page > 0) {
			t.Errorf("page %d: %d edges, hasNextPage %v, hasPreviousPage %v; want %d, %v, %v",
				page, len(conn.Edges), conn.PageInfo.HasNextPage, conn.PageInfo.HasPreviousPage, wantLen, wantNext, page > 0)
		}
		if len(conn.Edges) > 0 {
			if conn.PageInfo.EndCursor == nil || *conn.PageInfo.EndCursor != conn.Edges[len(conn.Edges)-1].Cursor {
				t.Errorf("page %d: endCursor %v is not the last edge's cursor %q", page, conn.PageInfo.EndCursor, conn.Edges[len(conn.Edges)-1].Cursor)
			}
			if conn.PageInfo.StartCursor == nil || *conn.PageInfo.StartCursor != conn.Edges[0].Cursor {
				t.Errorf("page %d: startCursor %v is not the first edge's cursor %q", page, conn.PageInfo.StartCursor, conn.Edges[0].Cursor)
			}
		}
		got = append(got, conn.ids()...)
		for _, e := range conn.Edges {
			cursors = append(cursors, e.Cursor)
		}
		if !conn.PageInfo.HasNextPage || conn.PageInfo.EndCursor == nil {
			break
		}
		after = *conn.PageInfo.EndCursor
	}
	if !slices.Equal(got, want) {
		t.Fatalf("forward pages gave\n%v\nwant, in title order,\n%v", got, want)
	}

	// Backward from the end.
	got = nil
	var before any
	for page := 0; ; page++ {
		if page > 6 {
			t.Fatalf("still paging back after %d pages", page)
		}
		conn := pageGoals(t, admin, map[string]any{"last": 5, "before": before, "where": where, "orderBy": byTitle})
		if conn.TotalCount != 25 || len(conn.Edges) != 5 || conn.PageInfo.HasPreviousPage != (page < 4) || conn.PageInfo.HasNextPage != (page > 0) {
			t.Errorf("back page %d: totalCount %d, %d edges, hasPreviousPage %v, hasNextPage %v; want 25, 5, %v, %v",
				page, conn.TotalCount, len(conn.Edges), conn.PageInfo.HasPreviousPage, conn.PageInfo.HasNextPage, page < 4, page > 0)
		}
		got = append(conn.ids(), got...)
		if !conn.PageInfo.HasPreviousPage || conn.PageInfo.StartCursor == nil {
			break
		}
		before = *conn.PageInfo.StartCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("backward pages gave\n%v\nwant, in title order,\n%v", got, want)
	}

	// From the middle, with cursors of the forward pass.
	cases := []struct {
		name       string
		vars       map[string]any
		want       []string
		next, prev bool
	}{
		{"last 5 before the 11th", map[string]any{"last": 5, "before": cursors[10]}, want[5:10], true, true},
		{"last 5 before the 3rd", map[string]any{"last": 5, "before": cursors[2]}, want[0:2], true, false},
		{"first 10 after the 20th", map[string]any{"first": 10, "after": cursors[19]}, want[20:], false, true},
		{"first 3 after the 1st", map[string]any{"first": 3, "after": cursors[0]}, want[1:4], true, true},
		{"first 10 after the last", map[string]any{"first": 10, "after": cursors[24]}, []string{}, false, true},
	}
	for _, tc := range cases {
		tc.vars["where"], tc.vars["orderBy"] = where, byTitle
		conn := pageGoals(t, admin, tc.vars)
		if ids := conn.ids(); !slices.Equal(ids, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
		}
		if conn.PageInfo.HasNextPage != tc.next || conn.PageInfo.HasPreviousPage != tc.prev {
			t.Errorf("%s: hasNextPage %v, hasPreviousPage %v; want %v, %v", tc.name, conn.PageInfo.HasNextPage, conn.PageInfo.HasPreviousPage, tc.next, tc.prev)
		}
		if conn.TotalCount != 25 {
			t.Errorf("%s: totalCount = %d, want 25 (the count ignores the cursor)", tc.name, conn.TotalCount)
		}
	}

	// Bad page arguments are the client's mistake, never INTERNAL.
	for _, bad := range []struct {
		name string
		vars map[string]any
	}{
		{"garbage cursor", map[string]any{"first": 10, "after": "not-a-cursor"}},
		{"negative first", map[string]any{"first": -1}},
		{"negative last", map[string]any{"last": -5}},
	} {
		r := admin.Do(t, pageGoalsQuery, bad.vars)
		if len(r.Errors) == 0 {
			t.Errorf("%s: answered %s, want BAD_USER_INPUT", bad.name, r.Data)
			continue
		}
		for _, e := range r.Errors {
			if e.Code() != "BAD_USER_INPUT" {
				t.Errorf("%s: error %q has code %q, want BAD_USER_INPUT", bad.name, e.Message, e.Code())
			}
		}
	}
}

// TestGoalFilters checks where: filters against the seeded goals. Every
// filter would also match Other's goals if they leaked.
func TestGoalFilters(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newPageWorld(t, s)
	admin := s.As(t, w.Home.Admin)
	mine := map[string]bool{}
	for _, g := range w.Mine {
		mine[g.ID] = true
	}

	cases := []struct {
		name  string
		where map[string]any
		match func(g pageGoal) bool
	}{
		{"status ACTIVE", map[string]any{"status": "ACTIVE"},
			func(g pageGoal) bool { return g.Status == "ACTIVE" }},
		{"title contains Build", map[string]any{"titleContains": "Build"},
			func(g pageGoal) bool { return strings.Contains(g.Title, "Build") }},
		{"student in grade 10 or above", map[string]any{"hasStudentWith": map[string]any{"gradeGTE": 10}},
			func(g pageGoal) bool { return g.Grade >= 10 }},
		{"achieved or at least 75% done", map[string]any{"or": []any{map[string]any{"status": "ACHIEVED"}, map[string]any{"progressGTE": 75}}},
			func(g pageGoal) bool { return g.Status == "ACHIEVED" || g.Progress >= 75 }},
		{"one student's goals that are not drafts", map[string]any{"studentID": w.Home.Student.ID, "not": map[string]any{"status": "DRAFT"}},
			func(g pageGoal) bool { return mine[g.ID] && g.Status != "DRAFT" }},
		{"under half done, active or achieved", map[string]any{"progressLT": 50, "statusIn": []string{"ACTIVE", "ACHIEVED"}},
			func(g pageGoal) bool { return g.Progress < 50 && (g.Status == "ACTIVE" || g.Status == "ACHIEVED") }},
		{"and of title and grade", map[string]any{"and": []any{map[string]any{"titleContainsFold": "build"}, map[string]any{"hasStudentWith": map[string]any{"gradeLT": 10}}}},
			func(g pageGoal) bool { return strings.Contains(g.Title, "Build") && g.Grade < 10 }},
		{"the other school's student", map[string]any{"studentIDIn": w.OtherStudents},
			func(pageGoal) bool { return false }},
	}
	for _, tc := range cases {
		var want []string
		for _, g := range w.Goals {
			if g.Home && tc.match(g) {
				want = append(want, g.ID)
			}
		}
		if len(want) == 0 && tc.name != "the other school's student" {
			t.Fatalf("%s: the seed has no goal to find", tc.name)
		}
		conn := pageGoals(t, admin, map[string]any{"first": 100, "where": tc.where})
		got := conn.ids()
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %d goals %v\nwant %d %v", tc.name, len(got), got, len(want), want)
		}
		if conn.TotalCount != len(want) {
			t.Errorf("%s: totalCount = %d, want %d", tc.name, conn.TotalCount, len(want))
		}
		for _, e := range conn.Edges {
			if e.Node.School.ID != string(w.Home.School.ID) {
				t.Errorf("%s: goal %s %q of school %s listed for Home's admin", tc.name, e.Node.ID, e.Node.Title, e.Node.School.ID)
			}
		}
	}
}

// TestGoalOrdering orders by progress (with ties, across pages) and by
// creation time, both ways.
func TestGoalOrdering(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newPageWorld(t, s)
	admin := s.As(t, w.Home.Admin)
	where := map[string]any{"studentID": w.Home.Student.ID}

	// all pages through the student's goals, size at a time. It stops at a
	// page that repeats a goal: the cursor then did not step past its row.
	all := func(orderBy map[string]any, size int) pageConn {
		var (
			out   pageConn
			after any
		)
		seen := map[string]bool{}
		for page := 0; page < 10; page++ {
			conn := pageGoals(t, admin, map[string]any{"first": size, "after": after, "where": where, "orderBy": orderBy})
			out.TotalCount = conn.TotalCount
			for _, e := range conn.Edges {
				if seen[e.Node.ID] {
					last := out.Edges[len(out.Edges)-1].Node
					t.Errorf("%v: page %d, after the cursor of goal %s (progress %d), lists goal %s (progress %d) again",
						orderBy, page, last.ID, last.Progress, e.Node.ID, e.Node.Progress)
					return out
				}
				seen[e.Node.ID] = true
			}
			out.Edges = append(out.Edges, conn.Edges...)
			if !conn.PageInfo.HasNextPage {
				return out
			}
			after = *conn.PageInfo.EndCursor
		}
		t.Fatalf("%v: still paging after 10 pages", orderBy)
		return out
	}
	complete := func(name string, conn pageConn) {
		t.Helper()
		got := conn.ids()
		sort.Strings(got)
		want := pageIDs(w.Mine)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: pages hold %d goals (some twice or missing), want each of the %d once", name, len(got), len(want))
		}
	}

	// Progress has five values, five goals each: pages of 7 cut through ties.
	for _, dir := range []string{"DESC", "ASC"} {
		name := "PROGRESS " + dir
		conn := all(map[string]any{"field": "PROGRESS", "direction": dir}, 7)
		complete(name, conn)
		for i := 1; i < len(conn.Edges); i++ {
			prev, cur := conn.Edges[i-1].Node.Progress, conn.Edges[i].Node.Progress
			if (dir == "DESC" && cur > prev) || (dir == "ASC" && cur < prev) {
				t.Errorf("%s: progress %d after %d at position %d", name, cur, prev, i)
			}
		}
		if len(conn.Edges) > 0 {
			first, last := conn.Edges[0].Node.Progress, conn.Edges[len(conn.Edges)-1].Node.Progress
			if dir == "DESC" && (first != 100 || last != 0) || dir == "ASC" && (first != 0 || last != 100) {
				t.Errorf("%s: runs from %d to %d", name, first, last)
			}
		}
	}

	// Creation time is distinct per goal: the order is exact.
	byCreation := pageIDs(pageSorted(w.Mine, func(a, b pageGoal) int { return a.CreatedAt.Compare(b.CreatedAt) }))
	conn := all(map[string]any{"field": "CREATED_AT", "direction": "ASC"}, 10)
	complete("CREATED_AT ASC", conn)
	if got := conn.ids(); !slices.Equal(got, byCreation) {
		t.Errorf("CREATED_AT ASC: %v\nwant %v", got, byCreation)
	}
	for i, e := range conn.Edges {
		if i < len(w.Mine) && !e.Node.CreatedAt.Equal(w.Mine[i].CreatedAt) {
			t.Errorf("goal %s createdAt = %v, want %v", e.Node.ID, e.Node.CreatedAt, w.Mine[i].CreatedAt)
		}
	}
	conn = all(map[string]any{"field": "CREATED_AT", "direction": "DESC"}, 10)
	reversed := slices.Clone(byCreation)
	slices.Reverse(reversed)
	if got := conn.ids(); !slices.Equal(got, reversed) {
		t.Errorf("CREATED_AT DESC: %v\nwant %v", got, reversed)
	}
	// Without orderBy the goals still come in a stable order, one page after
	// another.
	complete("no orderBy", all(nil, 10))
}

// TestOtherSchoolStaysOutOfLists holds tenancy for lists: Home's admin never
// sees Other's goals, students or accounts, however the list is filtered,
// while Other's admin does see them.
func TestOtherSchoolStaysOutOfLists(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newPageWorld(t, s)
	admin := s.As(t, w.Home.Admin)
	otherAdmin := s.As(t, w.Other.Admin)

	var homeGoals, otherGoals []string
	for _, g := range w.Goals {
		if g.Home {
			homeGoals = append(homeGoals, g.ID)
		} else {
			otherGoals = append(otherGoals, g.ID)
		}
	}
	sort.Strings(homeGoals)
	sort.Strings(otherGoals)

	list := func(c *apitest.Client, query string, vars map[string]any) (int, []string, string) {
		t.Helper()
		r := c.Do(t, query, vars)
		crudCheckCodes(t, query, r)
		if len(r.Errors) > 0 {
			t.Fatalf("query failed: %+v\nquery: %s", r.Errors, query)
		}
		var out map[string]struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID string } }
		}
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatal(err)
		}
		for _, conn := range out {
			ids := make([]string, len(conn.Edges))
			for i, e := range conn.Edges {
				ids[i] = e.Node.ID
			}
			sort.Strings(ids)
			return conn.TotalCount, ids, string(r.Data)
		}
		t.Fatalf("no connection in %s", r.Data)
		return 0, nil, ""
	}

	// Every goal, page by page, is Home's.
	var paged []string
	var after any
	for range 10 {
		conn := pageGoals(t, admin, map[string]any{"first": 10, "after": after})
		paged = append(paged, conn.ids()...)
		if !conn.PageInfo.HasNextPage {
			break
		}
		after = *conn.PageInfo.EndCursor
	}
	sort.Strings(paged)
	if !slices.Equal(paged, homeGoals) {
		t.Errorf("Home's admin paged through %d goals %v\nwant Home's %d %v", len(paged), paged, len(homeGoals), homeGoals)
	}

	var homeStudents, homeAccounts []string
	for _, id := range []pulid.ID{w.Home.Student.ID, pulid.ID(w.Grade9), pulid.ID(w.Grade12)} {
		homeStudents = append(homeStudents, string(id))
	}
	for _, a := range []*ent.Account{w.Home.Admin, w.Home.Counselor, w.Home.Advisor, w.Home.StudentAccount, w.Home.Family, w.Home.Partner} {
		homeAccounts = append(homeAccounts, string(a.ID))
	}
	sort.Strings(homeStudents)
	sort.Strings(homeAccounts)

	cases := []struct {
		name  string
		c     *apitest.Client
		query string
		vars  map[string]any
		want  []string
	}{
		{"all goals", admin, `{ goals(first: 100) { totalCount edges { node { id } } } }`, nil, homeGoals},
		{"goals of the other school's students", admin, `query($ids: [ID!]) { goals(where: {studentIDIn: $ids}) { totalCount edges { node { id } } } }`,
			map[string]any{"ids": w.OtherStudents}, nil},
		{"goals filtered on the other school", admin, `query($s: ID!) { goals(where: {schoolID: $s}) { totalCount edges { node { id } } } }`,
			map[string]any{"s": w.Other.School.ID}, nil},
		{"goals last 100", admin, `{ goals(last: 100, orderBy: {field: TITLE, direction: DESC}) { totalCount edges { node { id } } } }`, nil, homeGoals},
		{"all students", admin, `{ students(first: 100) { totalCount edges { node { id } } } }`, nil, homeStudents},
		{"students with goals titled like Other's", admin, `{ students(where: {hasGoalsWith: {titleHasPrefix: "Other goal"}}) { totalCount edges { node { id } } } }`, nil, nil},
		{"students in grade 12", admin, `{ students(where: {grade: 12}) { totalCount edges { node { id } } } }`, nil, []string{w.Grade12}},
		{"all accounts", admin, `{ accounts(first: 100) { totalCount edges { node { id } } } }`, nil, homeAccounts},
		{"accounts with the other school's emails", admin, `{ accounts(where: {emailContains: "other"}) { totalCount edges { node { id } } } }`, nil, nil},
		{"accounts with a membership at the other school", admin,
			`query($s: ID!) { accounts(where: {hasMembershipsWith: {schoolID: $s}}) { totalCount edges { node { id } } } }`,
			map[string]any{"s": w.Other.School.ID}, nil},
		// The same lists for Other's admin show Other's rows: the filters
		// above hide, they do not merely fail.
		{"Other's admin: all goals", otherAdmin, `{ goals(first: 100) { totalCount edges { node { id } } } }`, nil, otherGoals},
		{"Other's admin: accounts with the other school's emails", otherAdmin,
			`{ accounts(where: {emailContains: "other"}) { totalCount edges { node { id } } } }`, nil, nil /* checked below */},
	}
	for _, tc := range cases {
		total, got, raw := list(tc.c, tc.query, tc.vars)
		want := tc.want
		if tc.name == "Other's admin: accounts with the other school's emails" {
			if total != 6 || len(got) != 6 {
				t.Errorf("%s: %d accounts (totalCount %d), want 6", tc.name, len(got), total)
			}
			continue
		}
		if want == nil {
			want = []string{}
		}
		if got == nil {
			got = []string{}
		}
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("%s: totalCount %d, ids %v\nwant %d %v\n%s", tc.name, total, got, len(want), want, raw)
		}
		if tc.c == admin {
			for _, leak := range append(slices.Clone(otherGoals), append(w.OtherStudents, string(w.Other.School.ID), string(w.Other.Admin.ID))...) {
				if strings.Contains(raw, leak) {
					t.Errorf("%s: the answer names %s of the other school: %s", tc.name, leak, raw)
				}
			}
		}
	}

	// One Other goal by ID answers as an unknown one would.
	r := admin.Do(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": otherGoals[0]})
	crudCheckCodes(t, "node(other school's goal)", r)
	if string(r.Data) != `{"node":null}` {
		t.Errorf("node(other school's goal) = %s, want null", r.Data)
	}
	r = admin.Do(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{homeGoals[0], otherGoals[0]}})
	crudCheckCodes(t, "nodes(home and other goal)", r)
	if strings.Contains(string(r.Data), otherGoals[0]) || !strings.Contains(string(r.Data), homeGoals[0]) {
		t.Errorf("nodes(home goal, other goal) = %s, want the home goal only", r.Data)
	}
}
