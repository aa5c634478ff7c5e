package home_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/internal/devtools/apitest"
)

func system() context.Context { return apitest.SystemAt(apitest.Start) }

const updateIdentity = `mutation($id: ID!, $s: String!) { updateStudent(id: $id, input: {identityStatement: $s}) { student { id } } }`

const revisionsQuery = `query($id: ID!) { node(id: $id) { ... on Student { revisions(first: 10) { edges { node {
	changedFields editorID before { identityStatement } } } } } } }`

type revisions struct {
	Node struct {
		Revisions struct {
			Edges []struct {
				Node struct {
					ChangedFields []string
					EditorID      string
					Before        struct{ IdentityStatement string }
				}
			}
		}
	}
}

// TestAppendsAreInTheHistory: adding strengths or interests (the append
// inputs) is a change of the profile like any other: a revision with the
// field named, and one revision naming every field one update changes.
func TestAppendsAreInTheHistory(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	student := s.As(t, w.Home.StudentAccount)
	id := w.Home.Student.ID
	student.MustDo(t, `mutation($id: ID!) { updateStudent(id: $id, input: {appendStrengths: ["welding"]}) { student { id } } }`,
		map[string]any{"id": id}, nil)
	student.MustDo(t, `mutation($id: ID!) { updateStudent(id: $id, input: {appendInterests: ["boats"]}) { student { id } } }`,
		map[string]any{"id": id}, nil)
	student.MustDo(t, `mutation($id: ID!) { updateStudent(id: $id, input: {identityStatement: "I weld.", appendStrengths: ["drawing"]}) { student { id } } }`,
		map[string]any{"id": id}, nil)
	var out struct {
		Node struct {
			Revisions struct {
				Edges []struct {
					Node struct {
						ChangedFields []string
						Before        struct{ Strengths []string }
					}
				}
			}
		}
	}
	student.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Student { revisions(first: 10, orderBy: {field: CREATED_AT, direction: ASC}) {
		edges { node { changedFields before { strengths } } } } } } }`, map[string]any{"id": id}, &out)
	var got []string
	for _, e := range out.Node.Revisions.Edges {
		got = append(got, strings.Join(e.Node.ChangedFields, "+"))
	}
	if want := "strengths,interests,identity_statement+strengths"; strings.Join(got, ",") != want {
		t.Fatalf("revisions changed %v, want %s", got, want)
	}
	if b := out.Node.Revisions.Edges[2].Node.Before.Strengths; len(b) != 1 || b[0] != "welding" {
		t.Errorf("the third revision holds strengths %v before, want [welding]", b)
	}
}

func TestProfileHistory(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	student := s.As(t, w.Home.StudentAccount)
	id := w.Home.Student.ID
	student.MustDo(t, updateIdentity, map[string]any{"id": id, "s": "I build bridges."}, nil)
	student.MustDo(t, updateIdentity, map[string]any{"id": id, "s": "I build bridges and boats."}, nil)
	// A change to a field outside the profile history leaves no revision.
	s.As(t, w.Home.Admin).MustDo(t, `mutation($id: ID!) { updateStudent(id: $id, input: {grade: 11}) { student { id } } }`,
		map[string]any{"id": id}, nil)

	for name, c := range map[string]*apitest.Client{
		"student": student, "advisor": s.As(t, w.Home.Advisor), "family": s.As(t, w.Home.Family),
	} {
		var out revisions
		c.MustDo(t, revisionsQuery, map[string]any{"id": id}, &out)
		r := out.Node.Revisions
		if len(r.Edges) != 2 {
			t.Fatalf("%s: %d revisions, want 2", name, len(r.Edges))
		}
		texts := map[string]bool{}
		for _, e := range r.Edges {
			texts[e.Node.Before.IdentityStatement] = true
			if len(e.Node.ChangedFields) != 1 || e.Node.ChangedFields[0] != "identity_statement" {
				t.Errorf("%s: changed fields %v", name, e.Node.ChangedFields)
			}
			if e.Node.EditorID != string(w.Home.StudentAccount.ID) {
				t.Errorf("%s: editor %q, want the student's account", name, e.Node.EditorID)
			}
		}
		if !texts["I build bridges."] || !texts[""] {
			t.Errorf("%s: earlier versions %v, want the first text and the empty one", name, texts)
		}
	}
	// Newest first: the latest revision holds the text before the latest change.
	var newest revisions
	student.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Student {
		revisions(first: 1, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { before { identityStatement } } } } } } }`,
		map[string]any{"id": id}, &newest)
	if e := newest.Node.Revisions.Edges; len(e) != 1 || e[0].Node.Before.IdentityStatement != "I build bridges." {
		t.Fatalf("newest revision %+v", e)
	}
	// Newest first also when no orderBy is given, page after page.
	const byDefault = `query($id: ID!, $after: Cursor) { node(id: $id) { ... on Student {
		revisions(first: 1, after: $after) { edges { node { before { identityStatement } } } pageInfo { endCursor } } } } }`
	var first, second struct {
		Node struct {
			Revisions struct {
				Edges []struct {
					Node struct {
						Before struct{ IdentityStatement string }
					}
				}
				PageInfo struct{ EndCursor string }
			}
		}
	}
	student.MustDo(t, byDefault, map[string]any{"id": id}, &first)
	student.MustDo(t, byDefault, map[string]any{"id": id, "after": first.Node.Revisions.PageInfo.EndCursor}, &second)
	if e := first.Node.Revisions.Edges; len(e) != 1 || e[0].Node.Before.IdentityStatement != "I build bridges." {
		t.Fatalf("default order, first page %+v: want the newest revision", e)
	}
	if e := second.Node.Revisions.Edges; len(e) != 1 || e[0].Node.Before.IdentityStatement != "" {
		t.Fatalf("default order, second page %+v: want the oldest revision", e)
	}
	// A partner sees no history.
	r := s.As(t, w.Home.Partner).Do(t, revisionsQuery, map[string]any{"id": id})
	if strings.Contains(string(r.Data), "I build bridges.") {
		t.Fatalf("partner read the profile history: %s", r.Data)
	}
}

const createSection = `mutation($in: CreateHomeSectionInput!) { createSection(input: $in) { section { id title position blocks { kind text refId url } } } }`

func TestSections(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.DB.Client
	g := c.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaCareer).SetTitle("Become an engineer").SaveX(system())
	other := c.Evidence.Create().SetStudentID(w.Other.Student.ID).SetTitle("Not mine").SetKind(evidence.KindLink).
		SetURL("https://example.org/x").SetOccurredOn(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).
		SetVisibility(evidence.VisibilitySchool).SaveX(system())
	student := s.As(t, w.Home.StudentAccount)

	blocks := []map[string]any{
		{"kind": "text", "text": "Things I am proud of."},
		{"kind": "goal", "refId": g.ID},
		{"kind": "link", "text": "My blog", "url": "https://example.org/blog"},
	}
	var out struct {
		CreateSection struct {
			Section struct {
				ID       string
				Title    string
				Position int
				Blocks   []struct{ Kind, Text, RefID, URL string }
			}
		}
	}
	student.MustDo(t, createSection, map[string]any{"in": map[string]any{
		"studentID": w.Home.Student.ID, "title": "Proud", "position": 1, "blocks": blocks}}, &out)
	sec := out.CreateSection.Section
	if sec.Title != "Proud" || sec.Position != 1 || len(sec.Blocks) != 3 ||
		sec.Blocks[0].Text != "Things I am proud of." || sec.Blocks[1].RefID != string(g.ID) ||
		sec.Blocks[2].URL != "https://example.org/blog" || sec.Blocks[2].Text != "My blog" {
		t.Fatalf("section did not round-trip: %+v", sec)
	}
	var read struct {
		Node struct{ Blocks []struct{ Kind string } }
	}
	s.As(t, w.Home.Family).MustDo(t, `query($id: ID!) { node(id: $id) { ... on Section { blocks { kind } } } }`,
		map[string]any{"id": sec.ID}, &read)
	if len(read.Node.Blocks) != 3 || read.Node.Blocks[1].Kind != "goal" {
		t.Fatalf("family read %+v", read.Node)
	}

	// Another student's evidence is refused, naming the block.
	e := student.MustFail(t, "BAD_USER_INPUT", createSection, map[string]any{"in": map[string]any{
		"studentID": w.Home.Student.ID, "title": "Stolen",
		"blocks": []map[string]any{{"kind": "text", "text": "x"}, {"kind": "evidence", "refId": other.ID}}}})
	if e.Field() != "blocks" || !strings.Contains(e.Message, "Block 1") {
		t.Fatalf("error %+v, want field blocks naming block 1", e)
	}
	for name, b := range map[string]map[string]any{
		"kind":     {"kind": "video"},
		"link":     {"kind": "link", "url": "javascript:alert(1)"},
		"too long": {"kind": "text", "text": strings.Repeat("a", 4001)},
	} {
		e := student.MustFail(t, "BAD_USER_INPUT", createSection, map[string]any{"in": map[string]any{
			"studentID": w.Home.Student.ID, "title": "Bad", "blocks": []map[string]any{b}}})
		if e.Field() != "blocks" || !strings.Contains(e.Message, "Block 0") {
			t.Errorf("%s: error %+v", name, e)
		}
	}
	many := make([]map[string]any, 51)
	for i := range many {
		many[i] = map[string]any{"kind": "text", "text": "x"}
	}
	student.MustFail(t, "BAD_USER_INPUT", createSection, map[string]any{"in": map[string]any{
		"studentID": w.Home.Student.ID, "title": "Many", "blocks": many}})

	// The student updates and deletes; family cannot.
	const update = `mutation($id: ID!, $t: String!) { updateSection(id: $id, input: {title: $t}) { section { title blocks { kind } } } }`
	family := s.As(t, w.Home.Family)
	if r := family.Do(t, update, map[string]any{"id": sec.ID, "t": "Hijacked"}); len(r.Errors) == 0 {
		t.Fatal("family edited a section")
	}
	if r := family.Do(t, createSection, map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "title": "Family"}}); len(r.Errors) == 0 {
		t.Fatal("family created a section")
	}
	if r := family.Do(t, `mutation($id: ID!) { deleteSection(id: $id) { deletedID } }`, map[string]any{"id": sec.ID}); len(r.Errors) == 0 {
		t.Fatal("family deleted a section")
	}
	var upd struct {
		UpdateSection struct {
			Section struct {
				Title  string
				Blocks []struct{ Kind string }
			}
		}
	}
	student.MustDo(t, update, map[string]any{"id": sec.ID, "t": "Proudest"}, &upd)
	if upd.UpdateSection.Section.Title != "Proudest" || len(upd.UpdateSection.Section.Blocks) != 3 {
		t.Fatalf("update: %+v", upd.UpdateSection.Section)
	}
	student.MustDo(t, `mutation($id: ID!) { deleteSection(id: $id) { deletedID } }`, map[string]any{"id": sec.ID}, nil)
	if n := c.Section.Query().CountX(system()); n != 0 {
		t.Fatalf("%d sections after delete", n)
	}
}

func TestTheme(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	student := s.As(t, w.Home.StudentAccount)
	const set = `mutation($id: ID!, $t: String!) { setHomeTheme(studentID: $id, theme: $t) { student { theme } } }`
	var out struct {
		SetHomeTheme struct{ Student struct{ Theme string } }
	}
	student.MustDo(t, set, map[string]any{"id": w.Home.Student.ID, "t": "forest"}, &out)
	if out.SetHomeTheme.Student.Theme != "forest" {
		t.Fatalf("theme %q", out.SetHomeTheme.Student.Theme)
	}
	e := student.MustFail(t, "BAD_USER_INPUT", set, map[string]any{"id": w.Home.Student.ID, "t": "neon"})
	if e.Field() != "theme" {
		t.Fatalf("error %+v, want field theme", e)
	}
}
