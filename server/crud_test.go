package server_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
)

// crudCase is one type of the plan: how to create it, what it reads back,
// where it is listed, and how an update shows.
type crudCase struct {
	typ string // GraphQL type, e.g. "Goal"; its mutations are createGoal and updateGoal
	// fields are selected on the created row, on node(id:) and after the update.
	fields string
	input  func() map[string]any
	want   map[string]any // values the created row must read back (a subset)
	// refs are more wanted values, known only once earlier rows exist.
	refs func() map[string]any
	// school is the school the row must be in: its parent's, or the one the
	// input named. Nil for a type with no school (Account).
	school func() string
	// lists are queries, with $id the new row and $p the parent, whose
	// responses must mention the new row.
	lists  []string
	parent func() string
	// after runs once the row is created and read back.
	after      func(t *testing.T, id string)
	update     map[string]any // nil for a type with no update mutation
	wantUpdate map[string]any
	// as is who creates, reads and updates the row; nil for Home's admin.
	as *apitest.Client
	// create is the mutation that creates the row when it is not
	// create<typ> (its input type is the name, capitalised, + "Input").
	create string
}

// crudAllowedCodes are the codes of DESIGN.md's outside contract that a
// refused request may carry: never INTERNAL.
var crudAllowedCodes = map[string]bool{
	"UNAUTHENTICATED": true, "FORBIDDEN": true, "NOT_FOUND": true, "BAD_USER_INPUT": true,
	"CONFLICT": true, "RATE_LIMITED": true, "LIMIT_EXCEEDED": true,
}

// crudCheckCodes fails the test for an error whose code is not in the
// contract.
func crudCheckCodes(t *testing.T, what string, r *apitest.Response) {
	t.Helper()
	for _, e := range r.Errors {
		if !crudAllowedCodes[e.Code()] {
			t.Errorf("%s: error %q has code %q, want one of the contract's codes (never INTERNAL)", what, e.Message, e.Code())
		}
	}
}

// crudDo runs a query that must succeed and returns its data as a map.
func crudDo(t *testing.T, c *apitest.Client, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := c.Do(t, query, vars)
	crudCheckCodes(t, query, r)
	if len(r.Errors) > 0 {
		t.Fatalf("query failed: %+v\nquery: %s\nvariables: %v", r.Errors, query, vars)
	}
	var out map[string]any
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
	return out
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// crudMatch reports how got differs from want: maps are compared on want's
// keys, lists element by element, and strings that are both RFC 3339 times
// as instants (PostgreSQL and SQLite may answer in different offsets).
func crudMatch(path string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s = %v, want an object", path, got)}
		}
		var diffs []string
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				diffs = append(diffs, fmt.Sprintf("%s.%s is missing", path, k))
				continue
			}
			diffs = append(diffs, crudMatch(path+"."+k, gv, wv)...)
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s = %v, want %v", path, got, want)}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, crudMatch(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])...)
		}
		return diffs
	case string:
		if g, ok := got.(string); ok {
			wt, werr := time.Parse(time.RFC3339Nano, w)
			gt, gerr := time.Parse(time.RFC3339Nano, g)
			if werr == nil && gerr == nil {
				if !gt.Equal(wt) {
					return []string{fmt.Sprintf("%s = %s, want %s", path, g, w)}
				}
				return nil
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		return []string{fmt.Sprintf("%s = %#v, want %#v", path, got, want)}
	}
	return nil
}

// crudJSON turns Go values into what encoding/json decodes (float64
// numbers, []any lists), so they compare with a response.
func crudJSON(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// crudMentions reports whether the decoded response holds an "id": id.
func crudMentions(v any, id string) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "id" && x == id {
				return true
			}
			if crudMentions(x, id) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if crudMentions(x, id) {
				return true
			}
		}
	}
	return false
}

// crudTime reads a timestamp of a row, to the microsecond: PostgreSQL keeps
// microseconds, while a mutation answers the nanoseconds it meant to store.
func crudTime(t *testing.T, row map[string]any, field string) time.Time {
	t.Helper()
	s, _ := row[field].(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || at.IsZero() {
		t.Errorf("%s = %q, want an RFC 3339 time", field, row[field])
	}
	return at.Truncate(time.Microsecond)
}

// crudParentSchool reads the school of any parent row.
const crudParentSchool = `query($p: ID!) { node(id: $p) { __typename
  ... on Student { school { id } } ... on Goal { school { id } } ... on Framework { school { id } } ... on ConferenceWindow { school { id } }
} }`

// TestCreateReadUpdateEachType creates one row of each type of the plan
// through its mutation, reads it back through node(id:) and through its
// parent or top-level connection, checks that it landed in its parent's
// school, then updates it and reads the new values back.
func TestCreateReadUpdateEachType(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)

	home := string(w.Home.School.ID)
	ids := map[string]string{}
	id := func(typ string) func() string { return func() string { return ids[typ] } }
	homeSchool := func() string { return home }
	ref := func(id string) map[string]any { return map[string]any{"id": id} }

	cases := []crudCase{
		{
			typ:    "Account",
			fields: "email name preferredLanguage disabled",
			input: func() map[string]any {
				return map[string]any{"email": "  Jordan.Lee@Home.PLP.test ", "name": "Jordan Lee"}
			},
			want: map[string]any{"email": "jordan.lee@home.plp.test", "name": "Jordan Lee", "preferredLanguage": "en", "disabled": false},
			// createAccount gives the account its first role in the same
			// step, so it is at once one of Home's people.
			after: func(t *testing.T, id string) {
				var out struct {
					Node struct {
						Memberships []struct{ Role, SchoolID string }
					}
				}
				admin.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Account { memberships { role schoolID } } } }`, map[string]any{"id": id}, &out)
				if len(out.Node.Memberships) != 1 || out.Node.Memberships[0].Role != "ADVISOR" || out.Node.Memberships[0].SchoolID != home {
					t.Errorf("memberships of the new account = %+v, want one ADVISOR at Home", out.Node.Memberships)
				}
			},
			lists: []string{
				`query($id: ID!) { accounts(where: {id: $id}) { totalCount edges { node { id } } } }`,
				`{ accounts(where: {emailContains: "jordan.lee"}) { edges { node { id } } } }`,
			},
			update:     map[string]any{"name": "Jordan Q. Lee", "preferredLanguage": "es-MX"},
			wantUpdate: map[string]any{"email": "jordan.lee@home.plp.test", "name": "Jordan Q. Lee", "preferredLanguage": "es-MX"},
		},
		{
			typ:    "Membership",
			fields: "role accountID account { id } schoolID",
			input: func() map[string]any {
				return map[string]any{"accountID": w.Home.Advisor.ID, "schoolID": home, "role": "COUNSELOR"}
			},
			want:   map[string]any{"role": "COUNSELOR", "accountID": string(w.Home.Advisor.ID), "account": ref(string(w.Home.Advisor.ID)), "schoolID": home},
			school: homeSchool,
			parent: func() string { return string(w.Home.Advisor.ID) },
			lists: []string{
				`query($id: ID!) { memberships(where: {id: $id}) { edges { node { id } } } }`,
				`query($p: ID!) { node(id: $p) { ... on Account { memberships { id } } } }`,
			},
		},
		{
			typ:    "Student",
			fields: "givenName familyName preferredName grade graduationYear strengths theme advisor { id }",
			input: func() map[string]any {
				return map[string]any{"schoolID": home, "givenName": "Amara", "familyName": "Okafor", "preferredName": "Mara",
					"grade": 9, "graduationYear": 2030, "strengths": []string{"drawing", "public speaking"}, "advisorID": w.Home.Advisor.ID}
			},
			want: map[string]any{"givenName": "Amara", "familyName": "Okafor", "preferredName": "Mara", "grade": 9, "graduationYear": 2030,
				"strengths": []string{"drawing", "public speaking"}, "theme": "default", "advisor": ref(string(w.Home.Advisor.ID))},
			school: homeSchool,
			lists:  []string{`query($id: ID!) { students(where: {id: $id}) { edges { node { id } } } }`},
			// appendStrengths adds to the list the student already has.
			update: map[string]any{"preferredName": "Amy", "grade": 10, "appendStrengths": []string{"chess"}},
			wantUpdate: map[string]any{"givenName": "Amara", "preferredName": "Amy", "grade": 10,
				"strengths": []string{"drawing", "public speaking", "chess"}},
		},
		{
			typ:    "Guardianship",
			fields: "relationship canBook receivesMail endsAt student { id } family { id }",
			input: func() map[string]any {
				return map[string]any{"studentID": ids["Student"], "familyID": w.Home.Family.ID, "relationship": "aunt"}
			},
			want: map[string]any{"relationship": "aunt", "canBook": true, "receivesMail": true, "endsAt": nil,
				"family": ref(string(w.Home.Family.ID))},
			school:     homeSchool,
			parent:     id("Student"),
			lists:      []string{`query($p: ID!) { node(id: $p) { ... on Student { guardianships { edges { node { id } } } } } }`},
			update:     map[string]any{"relationship": "legal guardian", "canBook": false},
			wantUpdate: map[string]any{"relationship": "legal guardian", "canBook": false, "receivesMail": true},
		},
		{
			typ:    "Partnership",
			fields: "organization scope startsOn endsOn student { id } partner { id }",
			input: func() map[string]any {
				return map[string]any{"studentID": ids["Student"], "partnerID": w.Home.Partner.ID, "organization": "City Library", "startsOn": "2026-10-01T00:00:00Z"}
			},
			want: map[string]any{"organization": "City Library", "scope": "SHARED_ITEMS", "startsOn": "2026-10-01T00:00:00Z", "endsOn": nil,
				"partner": ref(string(w.Home.Partner.ID))},
			school:     homeSchool,
			parent:     id("Student"),
			lists:      []string{`query($p: ID!) { node(id: $p) { ... on Student { partnerships { edges { node { id } } } } } }`},
			update:     map[string]any{"organization": "City Library Teen Lab", "endsOn": "2027-06-15T00:00:00Z"},
			wantUpdate: map[string]any{"organization": "City Library Teen Lab", "startsOn": "2026-10-01T00:00:00Z", "endsOn": "2027-06-15T00:00:00Z"},
		},
		{
			typ:    "Framework",
			fields: "name version description",
			input:  func() map[string]any { return map[string]any{"schoolID": home, "name": "Transferable Skills"} },
			want:   map[string]any{"name": "Transferable Skills", "version": "1"},
			school: homeSchool,
			lists:  []string{`query($id: ID!) { frameworks(where: {id: $id}) { edges { node { id } } } }`},
			update: map[string]any{"name": "Portrait of a Graduate", "description": "What every graduate can do."},
			wantUpdate: map[string]any{"name": "Portrait of a Graduate", "version": "1",
				"description": "What every graduate can do."},
		},
		{
			typ:    "Skill",
			fields: "code name kind position framework { id }",
			input: func() map[string]any {
				return map[string]any{"frameworkID": ids["Framework"], "code": "TS-COMM", "name": "Communication"}
			},
			want:   map[string]any{"code": "TS-COMM", "name": "Communication", "kind": "TRANSFERABLE", "position": 0},
			school: homeSchool,
			parent: id("Framework"),
			lists: []string{
				`query($p: ID!) { node(id: $p) { ... on Framework { skills { id } } } }`,
				`query($id: ID!) { skills(where: {id: $id}) { edges { node { id } } } }`,
			},
			update:     map[string]any{"name": "Clear communication", "position": 2},
			wantUpdate: map[string]any{"code": "TS-COMM", "name": "Clear communication", "position": 2},
		},
		{
			typ:    "Goal",
			fields: "area title status progress term student { id } skills { id }",
			input: func() map[string]any {
				return map[string]any{"studentID": ids["Student"], "area": "CAREER", "title": "Shadow a nurse", "skillIDs": []string{ids["Skill"]}}
			},
			want:   map[string]any{"area": "CAREER", "title": "Shadow a nurse", "status": "DRAFT", "progress": 0, "term": "SHORT"},
			refs:   func() map[string]any { return map[string]any{"skills": []any{ref(ids["Skill"])}} },
			school: homeSchool,
			parent: id("Student"),
			lists: []string{
				`query($p: ID!) { node(id: $p) { ... on Student { goals { edges { node { id } } } } } }`,
				`query($id: ID!) { goals(where: {id: $id}) { edges { node { id } } } }`,
			},
			update:     map[string]any{"title": "Shadow two nurses", "status": "ACTIVE"},
			wantUpdate: map[string]any{"area": "CAREER", "title": "Shadow two nurses", "status": "ACTIVE"},
		},
		{
			typ:    "Milestone",
			fields: "title position due doneAt goal { id }",
			input: func() map[string]any {
				return map[string]any{"goalID": ids["Goal"], "title": "Email the hospital", "due": "2026-12-15T17:00:00Z"}
			},
			want:       map[string]any{"title": "Email the hospital", "position": 0, "due": "2026-12-15T17:00:00Z", "doneAt": nil},
			school:     homeSchool,
			parent:     id("Goal"),
			lists:      []string{`query($p: ID!) { node(id: $p) { ... on Goal { milestones { id } } } }`},
			update:     map[string]any{"title": "Email the hospital's volunteer office", "doneAt": "2026-12-10T15:30:00Z"},
			wantUpdate: map[string]any{"title": "Email the hospital's volunteer office", "due": "2026-12-15T17:00:00Z", "doneAt": "2026-12-10T15:30:00Z"},
		},
		{
			typ:    "Evidence",
			fields: "title kind url occurredOn visibility inSchool student { id }",
			input: func() map[string]any {
				return map[string]any{"studentID": ids["Student"], "title": "Portfolio site", "kind": "LINK",
					"url": "https://example.org/amara", "occurredOn": "2026-11-01T00:00:00Z", "visibility": "FAMILY"}
			},
			want: map[string]any{"title": "Portfolio site", "kind": "LINK", "url": "https://example.org/amara",
				"occurredOn": "2026-11-01T00:00:00Z", "visibility": "FAMILY", "inSchool": true},
			school: homeSchool,
			parent: id("Student"),
			lists: []string{
				`query($p: ID!) { node(id: $p) { ... on Student { evidence { edges { node { id } } } } } }`,
				`query($id: ID!) { evidence(where: {id: $id}) { edges { node { id } } } }`,
			},
			update:     map[string]any{"title": "Portfolio website", "visibility": "SCHOOL"},
			wantUpdate: map[string]any{"title": "Portfolio website", "kind": "LINK", "visibility": "SCHOOL"},
		},
		{
			typ:    "Reflection",
			fields: "body prompt source goal { id } student { id }",
			input: func() map[string]any {
				return map[string]any{"studentID": ids["Student"], "goalID": ids["Goal"], "body": "Nurses write a lot more than I thought."}
			},
			want:   map[string]any{"body": "Nurses write a lot more than I thought.", "source": "FREE"},
			refs:   func() map[string]any { return map[string]any{"goal": ref(ids["Goal"])} },
			school: homeSchool,
			parent: id("Student"),
			lists: []string{
				`query($p: ID!) { node(id: $p) { ... on Student { reflections { edges { node { id } } } } } }`,
				`query($id: ID!) { reflections(where: {id: $id}) { edges { node { id } } } }`,
			},
			update:     map[string]any{"body": "Nurses chart everything.", "prompt": "What surprised you?"},
			wantUpdate: map[string]any{"body": "Nurses chart everything.", "prompt": "What surprised you?", "source": "FREE"},
		},
		{
			typ:    "SelfAssessment",
			fields: "level note takenAt skill { id } student { id }",
			// Only the student assesses themselves.
			as: s.As(t, w.Home.StudentAccount),
			input: func() map[string]any {
				return map[string]any{"studentID": w.Home.Student.ID, "skillID": ids["Skill"], "level": "DEVELOPING", "takenAt": "2026-11-20T15:00:00Z"}
			},
			want:   map[string]any{"level": "DEVELOPING", "takenAt": "2026-11-20T15:00:00Z"},
			refs:   func() map[string]any { return map[string]any{"skill": ref(ids["Skill"])} },
			school: homeSchool,
			parent: func() string { return string(w.Home.Student.ID) },
			lists: []string{
				`query($p: ID!) { node(id: $p) { ... on Student { selfAssessments { edges { node { id } } } } } }`,
				`query($id: ID!) { selfAssessments(where: {id: $id}) { edges { node { id } } } }`,
			},
			update:     map[string]any{"level": "PROFICIENT", "note": "I led the group call."},
			wantUpdate: map[string]any{"level": "PROFICIENT", "note": "I led the group call.", "takenAt": "2026-11-20T15:00:00Z"},
		},
		{
			typ:    "ConferenceWindow",
			fields: "term opensAt closesAt slotMinutes bufferMinutes hosts { id }",
			input: func() map[string]any {
				return map[string]any{"schoolID": home, "term": "Fall 2026", "opensAt": "2026-11-01T12:00:00Z",
					"closesAt": "2026-12-15T12:00:00Z", "hostIDs": []string{string(w.Home.Advisor.ID)}}
			},
			want: map[string]any{"term": "Fall 2026", "opensAt": "2026-11-01T12:00:00Z", "closesAt": "2026-12-15T12:00:00Z",
				"slotMinutes": 20, "bufferMinutes": 5, "hosts": []any{ref(string(w.Home.Advisor.ID))}},
			school:     homeSchool,
			lists:      []string{`query($id: ID!) { conferenceWindows(where: {id: $id}) { edges { node { id } } } }`},
			update:     map[string]any{"term": "Fall 2026 conferences", "slotMinutes": 30},
			wantUpdate: map[string]any{"term": "Fall 2026 conferences", "slotMinutes": 30, "closesAt": "2026-12-15T12:00:00Z"},
		},
		{
			typ:    "Slot",
			fields: "startsAt endsAt capacity blocked location window { id } host { id }",
			input: func() map[string]any {
				return map[string]any{"windowID": ids["ConferenceWindow"], "hostID": w.Home.Advisor.ID,
					"startsAt": "2026-12-01T20:00:00Z", "endsAt": "2026-12-01T20:20:00Z"}
			},
			want: map[string]any{"startsAt": "2026-12-01T20:00:00Z", "endsAt": "2026-12-01T20:20:00Z", "capacity": 1,
				"blocked": false, "host": ref(string(w.Home.Advisor.ID))},
			school:     homeSchool,
			parent:     id("ConferenceWindow"),
			lists:      []string{`query($p: ID!) { node(id: $p) { ... on ConferenceWindow { slots { edges { node { id } } } } } }`},
			update:     map[string]any{"capacity": 2, "location": "Room 101"},
			wantUpdate: map[string]any{"capacity": 2, "location": "Room 101", "startsAt": "2026-12-01T20:00:00Z"},
		},
		{
			typ:    "Conference",
			create: "bookConference",
			fields: "status interpreterLanguage notesShared student { id } window { id } slot { id }",
			input: func() map[string]any {
				return map[string]any{"studentID": ids["Student"], "slotID": ids["Slot"], "interpreterLanguage": "es"}
			},
			want: map[string]any{"status": "BOOKED", "interpreterLanguage": "es"},
			refs: func() map[string]any {
				return map[string]any{"window": ref(ids["ConferenceWindow"]), "slot": ref(ids["Slot"])}
			},
			school: homeSchool,
			parent: id("Student"),
			lists: []string{
				`query($p: ID!) { node(id: $p) { ... on Student { conferences { edges { node { id } } } } } }`,
				`query($id: ID!) { conferences(where: {id: $id}) { edges { node { id } } } }`,
			},
			update:     map[string]any{"notesShared": true, "interpreterLanguage": "pt-BR"},
			wantUpdate: map[string]any{"status": "BOOKED", "notesShared": true, "interpreterLanguage": "pt-BR"},
		},
	}

	// Rows that hang off a parent must name it back.
	parentField := map[string]string{
		"Guardianship": "student", "Partnership": "student", "Skill": "framework", "Goal": "student",
		"Milestone": "goal", "Evidence": "student", "Reflection": "student", "SelfAssessment": "student",
		"Slot": "window", "Conference": "student",
	}

	for _, tc := range cases {
		ok := t.Run(tc.typ, func(t *testing.T) {
			admin := admin
			if tc.as != nil {
				admin = tc.as
			}
			payload := lowerFirst(tc.typ)
			selection := "id createdAt updatedAt " + tc.fields
			if tc.school != nil {
				selection += " schoolID school { id }"
			}
			want := crudJSON(t, tc.want).(map[string]any)
			if f, ok := parentField[tc.typ]; ok {
				want[f] = map[string]any{"id": tc.parent()}
			}
			if tc.refs != nil {
				for k, v := range crudJSON(t, tc.refs()).(map[string]any) {
					want[k] = v
				}
			}
			if tc.school != nil {
				want["schoolID"] = tc.school()
				want["school"] = map[string]any{"id": tc.school()}
				// The parent, read through the API, is in that school too.
				if tc.parent != nil {
					p, _ := crudDo(t, admin, crudParentSchool, map[string]any{"p": tc.parent()})["node"].(map[string]any)
					if school, ok := p["school"]; ok && !reflect.DeepEqual(school, want["school"]) {
						t.Errorf("parent %s is in school %v, want %s", tc.parent(), school, tc.school())
					}
				}
			}

			// Create.
			params, args, vars := "", "input: $in", map[string]any{"in": tc.input()}
			if tc.typ == "Account" {
				params, args, vars["school"] = ", $school: ID!", "input: $in, schoolID: $school, role: ADVISOR", home
			}
			createName := "create" + tc.typ
			if tc.create != "" {
				createName = tc.create
			}
			create := fmt.Sprintf(`mutation($in: %sInput!%s) { %s(%s) { %s { %s } } }`,
				strings.ToUpper(createName[:1])+createName[1:], params, createName, args, payload, selection)
			out := crudDo(t, admin, create, vars)
			created, _ := out[createName].(map[string]any)[payload].(map[string]any)
			rowID, _ := created["id"].(string)
			if rowID == "" {
				t.Fatalf("create%s returned no id: %v", tc.typ, out)
			}
			ids[tc.typ] = rowID
			for _, d := range crudMatch("create"+tc.typ, created, want) {
				t.Error(d)
			}
			createdAt := crudTime(t, created, "createdAt")
			updatedAt := crudTime(t, created, "updatedAt")
			if updatedAt.Before(createdAt) {
				t.Errorf("updatedAt %v is before createdAt %v", updatedAt, createdAt)
			}
			if tc.after != nil {
				tc.after(t, rowID)
			}

			// Read back through node(id:).
			read := fmt.Sprintf(`query($id: ID!) { node(id: $id) { __typename ... on %s { %s } } }`, tc.typ, selection)
			node, _ := crudDo(t, admin, read, map[string]any{"id": rowID})["node"].(map[string]any)
			if node == nil {
				t.Fatalf("node(id: %s) is null", rowID)
			}
			if node["__typename"] != tc.typ {
				t.Errorf("node(id: %s).__typename = %v, want %s", rowID, node["__typename"], tc.typ)
			}
			for _, d := range crudMatch("node", node, want) {
				t.Error(d)
			}
			if !crudTime(t, node, "createdAt").Equal(createdAt) {
				t.Errorf("node createdAt = %v, but create answered %v", node["createdAt"], created["createdAt"])
			}

			// Read back through the parent's edge and the top-level connection.
			for _, q := range tc.lists {
				vars := map[string]any{}
				if strings.Contains(q, "$id") {
					vars["id"] = rowID
				}
				if strings.Contains(q, "$p") {
					vars["p"] = tc.parent()
				}
				r := admin.Do(t, q, vars)
				crudCheckCodes(t, q, r)
				if len(r.Errors) > 0 {
					t.Errorf("list query failed: %+v\nquery: %s", r.Errors, q)
					continue
				}
				var data any
				_ = json.Unmarshal(r.Data, &data)
				if !crudMentions(data, rowID) {
					t.Errorf("%s does not list the new %s %s: %s", q, tc.typ, rowID, r.Data)
				}
			}

			if tc.update == nil {
				return
			}
			// Update, and read the new values back.
			update := fmt.Sprintf(`mutation($id: ID!, $in: Update%sInput!) { update%s(id: $id, input: $in) { %s { %s } } }`, tc.typ, tc.typ, payload, selection)
			out = crudDo(t, admin, update, map[string]any{"id": rowID, "in": tc.update})
			updated, _ := out["update"+tc.typ].(map[string]any)[payload].(map[string]any)
			wantUpdate := crudJSON(t, tc.wantUpdate).(map[string]any)
			wantUpdate["id"] = rowID
			if tc.school != nil {
				wantUpdate["school"] = map[string]any{"id": tc.school()}
			}
			for _, d := range crudMatch("update"+tc.typ, updated, wantUpdate) {
				t.Error(d)
			}
			node, _ = crudDo(t, admin, read, map[string]any{"id": rowID})["node"].(map[string]any)
			for _, d := range crudMatch("node after update", node, wantUpdate) {
				t.Error(d)
			}
			if node != nil {
				if !crudTime(t, node, "createdAt").Equal(createdAt) {
					t.Errorf("createdAt changed on update: %v, was %v", node["createdAt"], created["createdAt"])
				}
				if crudTime(t, node, "updatedAt").Before(updatedAt) {
					t.Errorf("updatedAt went back on update: %v, was %v", node["updatedAt"], created["updatedAt"])
				}
			}
		})
		if !ok && ids[tc.typ] == "" {
			t.Fatalf("%s was not created; the types that hang off it cannot be tested", tc.typ)
		}
	}

	t.Run("School", func(t *testing.T) {
		const q = `query($id: ID!) { node(id: $id) { ... on School { id name timezone reminderCadenceDays createdAt updatedAt } } }`
		before, _ := crudDo(t, admin, q, map[string]any{"id": home})["node"].(map[string]any)
		if before == nil {
			t.Fatalf("node(id: %s) is null", home)
		}
		createdAt := crudTime(t, before, "createdAt")
		crudTime(t, before, "updatedAt")
		out := crudDo(t, admin, `mutation($id: ID!, $in: UpdateSchoolInput!) { updateSchool(id: $id, input: $in) { school { id name timezone reminderCadenceDays } } }`,
			map[string]any{"id": home, "in": map[string]any{"name": "Home Regional High School", "reminderCadenceDays": 7}})
		want := crudJSON(t, map[string]any{"id": home, "name": "Home Regional High School", "timezone": "America/New_York", "reminderCadenceDays": 7}).(map[string]any)
		for _, d := range crudMatch("updateSchool", out["updateSchool"].(map[string]any)["school"], want) {
			t.Error(d)
		}
		after, _ := crudDo(t, admin, q, map[string]any{"id": home})["node"].(map[string]any)
		for _, d := range crudMatch("node after updateSchool", after, want) {
			t.Error(d)
		}
		if after != nil && !crudTime(t, after, "createdAt").Equal(createdAt) {
			t.Errorf("createdAt changed on update: %v, was %v", after["createdAt"], before["createdAt"])
		}
		list := crudDo(t, admin, `{ schools { edges { node { id name } } } }`, nil)
		if !crudMentions(list, home) || strings.Contains(fmt.Sprint(list), string(w.Other.School.ID)) {
			t.Errorf("schools = %v, want Home's only", list)
		}
	})
}

// TestBadInputIsRefused sends bad input of each kind. Each is refused with
// the contract's code (never INTERNAL), BAD_USER_INPUT names the input field
// at fault, and nothing is saved.
func TestBadInputIsRefused(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	otherAdmin := s.As(t, w.Other.Admin)

	// Rows of the Other school, made by its own admin.
	var fw struct {
		CreateFramework struct{ Framework struct{ ID string } }
	}
	otherAdmin.MustDo(t, `mutation($in: CreateFrameworkInput!) { createFramework(input: $in) { framework { id } } }`,
		map[string]any{"in": map[string]any{"schoolID": w.Other.School.ID, "name": "Other framework"}}, &fw)
	var sk struct {
		CreateSkill struct{ Skill struct{ ID string } }
	}
	otherAdmin.MustDo(t, `mutation($in: CreateSkillInput!) { createSkill(input: $in) { skill { id } } }`,
		map[string]any{"in": map[string]any{"frameworkID": fw.CreateFramework.Framework.ID, "code": "OT-1", "name": "Other skill"}}, &sk)
	var og struct {
		CreateGoal struct{ Goal struct{ ID string } }
	}
	otherAdmin.MustDo(t, `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
		map[string]any{"in": map[string]any{"studentID": w.Other.Student.ID, "area": "CIVIC", "title": "Other goal"}}, &og)
	otherSkill, otherGoal := sk.CreateSkill.Skill.ID, og.CreateGoal.Goal.ID

	const (
		createGoal    = `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`
		createStudent = `mutation($in: CreateStudentInput!) { createStudent(input: $in) { student { id } } }`
		createAccount = `mutation($in: CreateAccountInput!, $school: ID!) { createAccount(input: $in, schoolID: $school, role: FAMILY) { account { id } } }`
		// unknownStudent is well formed but names no row.
		unknownStudent = "stu_01JD5V2K9Q8M1W3X4Y5Z6A7B8C"
	)
	goal := func(fields map[string]any) map[string]any {
		in := map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC", "title": "Read 12 books"}
		for k, v := range fields {
			in[k] = v
		}
		return map[string]any{"in": in}
	}
	student := func(fields map[string]any) map[string]any {
		in := map[string]any{"schoolID": w.Home.School.ID, "givenName": "Sam", "familyName": "Reyes", "preferredName": "Sam", "grade": 10, "graduationYear": 2029}
		for k, v := range fields {
			in[k] = v
		}
		return map[string]any{"in": in}
	}

	cases := []struct {
		name  string
		query string
		vars  map[string]any
		code  string
		field string // extensions.field, checked when set
	}{
		{"title over its limit", createGoal, goal(map[string]any{"title": strings.Repeat("x", 201)}), "BAD_USER_INPUT", "title"},
		{"empty required string", createGoal, goal(map[string]any{"title": ""}), "BAD_USER_INPUT", "title"},
		{"grade out of range", createStudent, student(map[string]any{"grade": 13}), "BAD_USER_INPUT", "grade"},
		{"bad email", createAccount, map[string]any{"in": map[string]any{"email": "not-an-email", "name": "Nobody"}, "school": w.Home.School.ID}, "BAD_USER_INPUT", "email"},
		{"bad time zone",
			`mutation($id: ID!) { updateSchool(id: $id, input: {timezone: "Mars/Olympus"}) { school { id } } }`,
			map[string]any{"id": w.Home.School.ID}, "BAD_USER_INPUT", "timezone"},
		{"unknown enum value as a literal",
			`mutation($s: ID!) { createGoal(input: {studentID: $s, area: SPACE, title: "Orbit"}) { goal { id } } }`,
			map[string]any{"s": w.Home.Student.ID}, "BAD_USER_INPUT", ""},
		{"unknown enum value as a variable",
			`mutation($s: ID!, $a: GoalArea!) { createGoal(input: {studentID: $s, area: $a, title: "Orbit"}) { goal { id } } }`,
			map[string]any{"s": w.Home.Student.ID, "a": "SPACE"}, "BAD_USER_INPUT", ""},
		{"unknown enum value inside an input variable", createGoal, goal(map[string]any{"area": "SPACE"}), "BAD_USER_INPUT", ""},
		{"missing required argument", `mutation { createGoal { goal { id } } }`, nil, "BAD_USER_INPUT", ""},
		{"missing required input field", createGoal,
			map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC"}}, "BAD_USER_INPUT", ""},
		{"wrong-typed argument",
			`mutation($sc: ID!) { createStudent(input: {schoolID: $sc, givenName: "Sam", familyName: "Reyes", preferredName: "Sam", grade: "ten", graduationYear: 2029}) { student { id } } }`,
			map[string]any{"sc": w.Home.School.ID}, "BAD_USER_INPUT", ""},
		{"wrong-typed variable", createStudent, student(map[string]any{"grade": "ten"}), "BAD_USER_INPUT", ""},
		{"malformed query", `{ students { `, nil, "BAD_USER_INPUT", ""},
		// Values a custom scalar (Time, ID) cannot decode are the client's
		// mistake too.
		{"malformed time in a variable", createGoal, goal(map[string]any{"targetDate": "next tuesday"}), "BAD_USER_INPUT", ""},
		{"malformed time as a literal",
			`mutation($s: ID!) { createGoal(input: {studentID: $s, area: CAREER, title: "Intern", targetDate: "next tuesday"}) { goal { id } } }`,
			map[string]any{"s": w.Home.Student.ID}, "BAD_USER_INPUT", ""},
		{"number for an ID", createGoal, goal(map[string]any{"studentID": 12}), "BAD_USER_INPUT", ""},
		{"garbage ID", `{ node(id: "garbage") { id } }`, nil, "NOT_FOUND", ""},
		{"goal for the other school's student", createGoal, goal(map[string]any{"studentID": w.Other.Student.ID}), "BAD_USER_INPUT", "studentID"},
		{"goal for an unknown student", createGoal, goal(map[string]any{"studentID": unknownStudent}), "BAD_USER_INPUT", "studentID"},
		{"goal linking the other school's skill", createGoal, goal(map[string]any{"skillIDs": []string{otherSkill}}), "BAD_USER_INPUT", "skillIDs"},
		{"update of the other school's goal",
			`mutation($id: ID!) { updateGoal(id: $id, input: {title: "Taken over"}) { goal { id title } } }`,
			map[string]any{"id": otherGoal}, "NOT_FOUND", ""},
		{"student in the other school", createStudent, student(map[string]any{"schoolID": w.Other.School.ID}), "BAD_USER_INPUT", "schoolID"},
		{"duplicate account email", createAccount,
			map[string]any{"in": map[string]any{"email": strings.ToUpper(w.Home.Counselor.Email), "name": "Second Counselor"}, "school": w.Home.School.ID}, "CONFLICT", ""},
	}
	errs := map[string]apitest.Error{}
	for _, tc := range cases {
		r := admin.Do(t, tc.query, tc.vars)
		if len(r.Errors) == 0 {
			t.Errorf("%s: succeeded (%s), want %s", tc.name, r.Data, tc.code)
			continue
		}
		// The first error must have the wanted code (never INTERNAL); any
		// others, one of the contract's.
		crudCheckCodes(t, tc.name, &apitest.Response{Errors: r.Errors[1:]})
		e := r.Errors[0]
		errs[tc.name] = e
		if e.Code() != tc.code {
			t.Errorf("%s: code %q (message %q), want %s", tc.name, e.Code(), e.Message, tc.code)
		}
		if tc.field != "" && e.Field() != tc.field {
			t.Errorf("%s: extensions.field %q (message %q), want %q", tc.name, e.Field(), e.Message, tc.field)
		}
		if e.Message == "" {
			t.Errorf("%s: empty message", tc.name)
		}
		if strings.Contains(string(r.Data), `"id":"`) {
			t.Errorf("%s: refused request still answered a row: %s", tc.name, r.Data)
		}
	}

	// A student of another school is refused exactly as one that does not
	// exist: the message does not tell the two apart, nor name the school.
	foreign, unknown := errs["goal for the other school's student"], errs["goal for an unknown student"]
	if strings.ReplaceAll(foreign.Message, string(w.Other.Student.ID), "ID") != strings.ReplaceAll(unknown.Message, unknownStudent, "ID") {
		t.Errorf("other school's student says %q but an unknown student says %q", foreign.Message, unknown.Message)
	}
	for _, leak := range []string{w.Other.School.Name, string(w.Other.School.ID), "other school"} {
		if strings.Contains(strings.ToLower(foreign.Message), strings.ToLower(leak)) {
			t.Errorf("message %q reveals %q", foreign.Message, leak)
		}
	}

	// node(id:) answers the same for another school's student and for an ID
	// that names nothing.
	const node = `query($id: ID!) { node(id: $id) { id ... on Student { preferredName } } }`
	nodeOf := func(id string) *apitest.Response {
		r := admin.Do(t, node, map[string]any{"id": id})
		crudCheckCodes(t, "node("+id+")", r)
		return r
	}
	foreignNode, unknownNode := nodeOf(string(w.Other.Student.ID)), nodeOf(unknownStudent)
	if string(unknownNode.Data) != `{"node":null}` {
		t.Errorf("node(unknown id) data = %s, want {\"node\":null}", unknownNode.Data)
	}
	for _, e := range unknownNode.Errors {
		if e.Code() != "NOT_FOUND" {
			t.Errorf("node(unknown id) error %q has code %q, want none or NOT_FOUND", e.Message, e.Code())
		}
	}
	if string(foreignNode.Data) != string(unknownNode.Data) || len(foreignNode.Errors) != len(unknownNode.Errors) {
		t.Errorf("node(other school's student) = %s %+v, but node(unknown id) = %s %+v",
			foreignNode.Data, foreignNode.Errors, unknownNode.Data, unknownNode.Errors)
	} else {
		for i := range foreignNode.Errors {
			f, u := foreignNode.Errors[i], unknownNode.Errors[i]
			if f.Code() != u.Code() || f.Message != u.Message {
				t.Errorf("node(other school's student) error %q (%s), but node(unknown id) error %q (%s)", f.Message, f.Code(), u.Message, u.Code())
			}
		}
	}

	// Nothing was saved, and the other school's goal is untouched.
	ctx := s.System()
	c := s.DB.Client
	count := func(what string, n int, err error, want int) {
		t.Helper()
		if err != nil {
			t.Fatalf("count %s: %v", what, err)
		}
		if n != want {
			t.Errorf("%d %s after refused input, want %d", n, what, want)
		}
	}
	n, err := c.Goal.Query().Count(ctx)
	count("goals", n, err, 1)
	n, err = c.Student.Query().Count(ctx)
	count("students", n, err, 2)
	n, err = c.Account.Query().Count(ctx)
	count("accounts", n, err, 12)
	n, err = c.Skill.Query().Count(ctx)
	count("skills", n, err, 1)
	g, err := c.Goal.Get(ctx, pulid.ID(otherGoal))
	if err != nil || g.Title != "Other goal" {
		t.Errorf("other school's goal after the refused update: %v, %v; want title %q", g, err, "Other goal")
	}
	sch, err := c.School.Get(ctx, w.Home.School.ID)
	if err != nil || sch.Timezone != "America/New_York" {
		t.Errorf("school after the refused time zone: %v, %v; want America/New_York", sch, err)
	}
	var seen struct{ Goals struct{ TotalCount int } }
	admin.MustDo(t, `{ goals { totalCount } }`, nil, &seen)
	if seen.Goals.TotalCount != 0 {
		t.Errorf("Home's admin sees %d goals, want 0", seen.Goals.TotalCount)
	}
}
