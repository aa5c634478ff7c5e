package requirements_test

import (
	"strings"
	"testing"

	"plp/ent/migrate"
	"plp/ent/requirement"
	"plp/graph/generated"
)

// TestKindDescriptions: RequirementKind, written by hand, has exactly the
// kinds of the ent schema, each with a description clients can read; a kind
// added to the schema without one fails here.
func TestKindDescriptions(t *testing.T) {
	var kinds []string
	for _, c := range migrate.RequirementsTable.Columns {
		if c.Name == requirement.FieldKind {
			kinds = c.Enums
		}
	}
	if len(kinds) == 0 {
		t.Fatal("no kind column in the requirements table")
	}
	enum := generated.NewExecutableSchema(generated.Config{}).Schema().Types["RequirementKind"]
	if enum == nil {
		t.Fatal("no RequirementKind in the GraphQL schema")
	}
	described := map[string]string{}
	for _, v := range enum.EnumValues {
		described[v.Name] = v.Description
	}
	for _, k := range kinds {
		if d, ok := described[k]; !ok {
			t.Errorf("RequirementKind lacks %s", k)
		} else if len(strings.Fields(d)) < 5 {
			t.Errorf("RequirementKind.%s: description %q says too little", k, d)
		}
		delete(described, k)
	}
	for k := range described {
		t.Errorf("RequirementKind.%s is no kind of the ent schema", k)
	}
}
