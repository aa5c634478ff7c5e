package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestServerLinksOnlyTheServer fails when the plp binary links developer
// tooling again, or a dependency only that tooling needs: each one cost
// megabytes of binary and of idle memory (docs/BENCHMARKS.md, "Server
// binary"). Such code belongs in cmd/plpdev.
func TestServerLinksOnlyTheServer(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "plp/cmd/plp").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	forbidden := map[string]string{
		"plp/internal/devtools/":              "developer tooling (only devtools/demo serves --demo)",
		"ariga.io/atlas":                      "atlas: the schema diff that writes migrations",
		"github.com/hashicorp/hcl":            "atlas's HCL parser",
		"github.com/zclconf/go-cty":           "atlas's HCL values",
		"entgo.io/ent/entc":                   "ent's code generator",
		"entgo.io/ent/dialect/sql/schema":     "ent's migration engine",
		"entgo.io/contrib/entgql/entgqlgen":   "entgql's code generator",
		"github.com/99designs/gqlgen/api":     "gqlgen's code generator",
		"github.com/99designs/gqlgen/codegen": "gqlgen's code generator",
		"golang.org/x/tools":                  "go/packages, for code generators",
		"go/types":                            "the type checker, for code generators",
		"plp/ent/migrate":                     "ent's table definitions, for the migration writer (the server applies ent/migrate/migrations)",
		"github.com/johannesboyne/gofakes3":   "the S3 server the tests run",
	}
	// The gocloud.dev/blob drivers the README promises; a new one is added
	// in internal/platform/storage/drivers.go and here, with its cost.
	drivers := []string{"gocloud.dev/blob/driver", "gocloud.dev/blob/fileblob", "gocloud.dev/blob/memblob", "gocloud.dev/blob/s3blob"}
	for _, d := range deps {
		if d == "plp/internal/devtools/demo" || d == "plp/ent/migrate/migrations" {
			continue
		}
		for prefix, why := range forbidden {
			if d == prefix || strings.HasPrefix(d, strings.TrimSuffix(prefix, "/")+"/") {
				t.Errorf("plp links %s: %s", d, why)
			}
		}
		if strings.HasPrefix(d, "gocloud.dev/blob/") && !slices.Contains(drivers, d) {
			t.Errorf("plp links the blob driver %s, which the README does not promise", d)
		}
	}
}
