package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/guardianship"
	"plp/ent/milestone"
	"plp/ent/partnership"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
)

// TestNoQueryReachesAnotherFamilysChild asks every list the API has, and
// node and nodes, as another family, another advisor and another school,
// and checks that no ID of the child's records appears in any answer. New
// connections are covered as they are added: the list comes from the
// schema itself.
func TestNoQueryReachesAnotherFamilysChild(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	ctx := s.System()
	c := s.DB.Client
	id := w.Home.Student.ID
	var secret []pulid.ID
	secret = append(secret, id)
	secret = append(secret, c.Goal.Query().Where(goal.StudentID(id)).IDsX(ctx)...)
	secret = append(secret, c.Milestone.Query().Where(milestone.HasGoalWith(goal.StudentID(id))).IDsX(ctx)...)
	secret = append(secret, c.Evidence.Query().Where(evidence.StudentID(id)).IDsX(ctx)...)
	secret = append(secret, c.Reflection.Query().Where(reflection.StudentID(id)).IDsX(ctx)...)
	secret = append(secret, c.Guardianship.Query().Where(guardianship.StudentID(id)).IDsX(ctx)...)
	secret = append(secret, c.Partnership.Query().Where(partnership.StudentID(id)).IDsX(ctx)...)

	// Every top-level connection, from introspection.
	var schema struct {
		Schema struct {
			QueryType struct {
				Fields []struct {
					Name string
					Type struct {
						Name   string
						OfType *struct{ Name string }
					}
				}
			}
		} `json:"__schema"`
	}
	w.clients["admin"].MustDo(t, `{ __schema { queryType { fields { name type { name ofType { name } } } } } }`, nil, &schema)
	var queries []string
	for _, f := range schema.Schema.QueryType.Fields {
		typ := f.Type.Name
		if f.Type.OfType != nil {
			typ = f.Type.OfType.Name
		}
		switch {
		case f.Name == "studentTimeline":
			// The timeline is of one student, and its items are a union.
			queries = append(queries, fmt.Sprintf(`{ studentTimeline(studentID: %q, first: 500) { edges { node { ... on Node { id } } } } }`, id))
		case strings.HasSuffix(typ, "Connection") && f.Name != "studentAccessLog":
			queries = append(queries, fmt.Sprintf(`{ %s(first: 500) { edges { node { id } } } }`, f.Name))
		}
	}
	if len(queries) < 15 {
		t.Fatalf("found only %d connections in the schema: %v", len(queries), queries)
	}
	ids := make([]string, len(secret))
	for i, x := range secret {
		ids[i] = string(x)
	}
	for _, who := range []string{"otherFamily", "otherAdvisor", "otherSchool"} {
		client := w.clients[who]
		for _, q := range queries {
			r := client.Do(t, q, nil)
			if len(r.Errors) > 0 {
				t.Errorf("%s asking %s: %+v", who, q, r.Errors)
			}
			for _, x := range ids {
				if strings.Contains(string(r.Data), x) {
					t.Errorf("%s reached %s through %s", who, x, q)
				}
			}
		}
		r := client.Do(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
		for _, x := range ids {
			if strings.Contains(string(r.Data), x) {
				t.Errorf("%s reached %s through nodes(ids:)", who, x)
			}
		}
	}
	// The same lists do reach the child for the child's own family: the test
	// would see a leak.
	reached := 0
	for _, q := range queries {
		r := w.clients["family"].Do(t, q, nil)
		if slices.ContainsFunc(ids, func(x string) bool { return strings.Contains(string(r.Data), x) }) {
			reached++
		}
	}
	if reached == 0 {
		t.Error("the child's own family reaches the child through no list: the test cannot see a leak")
	}
	t.Logf("%d connections asked by 3 outsiders; %d reached the child for the child's family", len(queries), reached)
}
