package layout_test

import (
	"bufio"
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"plp/internal/devtools/layout"
)

// TestImportsFollowTheLayout checks the module's own import graph against
// the rules of the layout.
func TestImportsFollowTheLayout(t *testing.T) {
	g := moduleGraph(t)
	for _, must := range []string{"plp/ent/schema", "plp/ent/schema/hook", "plp/graph", "plp/server", "plp/internal/plan", "plp/internal/platform/clock"} {
		if _, ok := g[must]; !ok {
			t.Fatalf("go list did not list %s: the check would see nothing", must)
		}
	}
	for _, v := range layout.Check(g, layout.Rules) {
		t.Errorf("%s", v)
	}
	// The packages ent/schema relies on being standalone must stay so.
	for _, p := range []string{"plp/internal/platform/apperr", "plp/internal/platform/clock", "plp/internal/platform/viewer"} {
		if !layout.Standalone(g, p) {
			t.Errorf("%s is no longer standalone: it reaches %v", p, g.Deps(p))
		}
	}
}

// moduleGraph reads the packages of the module and their imports (not
// their tests') from go list.
func moduleGraph(t *testing.T) layout.Graph {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{with .Error}} ERROR {{.}}{{end}}`, layout.Module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	g := layout.Graph{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if i := slices.Index(fields, "ERROR"); i >= 0 {
			t.Fatalf("go list: %s", sc.Text())
		}
		g[fields[0]] = fields[1:]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestCheckFindsViolations proves the check can fail: a graph with one
// violation of each rule, and one allowed import of each kind, gives
// exactly the violations expected, each with its chain.
func TestCheckFindsViolations(t *testing.T) {
	g := layout.Graph{
		// Allowed: the arrows of the layout.
		"plp/cmd/plp":                   {"plp/server", "plp/internal/devtools/demo"},
		"plp/server":                    {"plp/graph", "plp/internal/plan"},
		"plp/graph":                     {"plp/internal/plan", "plp/internal/platform/clock"},
		"plp/internal/plan":             {"plp/ent", "plp/internal/platform/audit", "fmt"},
		"plp/internal/platform/audit":   {"plp/ent", "plp/ent/schema/hook"},
		"plp/internal/platform/clock":   {"context", "time"},
		"plp/internal/platform/viewer":  {"plp/ent/schema/pulid"},
		"plp/internal/devtools/demo":    {"plp/internal/devtools/apitest"},
		"plp/internal/devtools/apitest": {"plp/server"},
		"plp/ent":                       {"plp/ent/goal", "plp/ent/schema/pulid"},
		"plp/ent/goal":                  {"plp/ent/schema/pulid"},
		"plp/ent/schema/pulid":          nil,
		"plp/ent/schema/hook":           {"plp/ent", "plp/internal/platform/clock", "plp/internal/platform/viewer"},
		"plp/ent/runtime":               {"plp/ent/schema"},
		"plp/ent/schema":                {"plp/ent/schema/hook"},
		"plp/web":                       {"plp/web/gql", "plp/web/locale", "plp/ent/schema/pulid", "plp/internal/platform/clock"},
		"plp/web/gql":                   {"net/http"},
		"plp/web/locale":                nil,
	}
	if got := layout.Check(g, layout.Rules); len(got) != 0 {
		t.Fatalf("the allowed graph has violations: %v", got)
	}
	r := layout.Rules
	for _, c := range []struct {
		name string
		add  layout.Graph // imports added to the allowed graph
		want []string
	}{
		{"a capability imports graph",
			layout.Graph{"plp/internal/caseload": {"plp/graph"}},
			[]string{r[0].Name + ": plp/internal/caseload → plp/graph"}},
		{"a capability reaches server through another package",
			layout.Graph{"plp/internal/conference/booking": {"plp/internal/school/review"}, "plp/internal/school/review": {"plp/ent/goal", "plp/server"}},
			[]string{
				r[0].Name + ": plp/internal/conference/booking → plp/internal/school/review → plp/server",
				r[0].Name + ": plp/internal/school/review → plp/server",
			}},
		{"a capability imports a development tool",
			layout.Graph{"plp/internal/jobs": {"plp/internal/devtools/demo"}},
			[]string{
				r[0].Name + ": plp/internal/jobs → plp/internal/devtools/demo",
				r[4].Name + ": plp/internal/jobs → plp/internal/devtools/demo",
			}},
		{"graph imports server",
			layout.Graph{"plp/graph/directives": {"plp/server"}},
			[]string{r[1].Name + ": plp/graph/directives → plp/server"}},
		{"ent/schema imports a capability",
			layout.Graph{"plp/ent/schema/rule": {"plp/internal/plan"}},
			[]string{r[2].Name + ": plp/ent/schema/rule → plp/internal/plan"}},
		{"ent/schema imports a platform package that uses the client",
			layout.Graph{"plp/ent/schema/rule": {"plp/internal/platform/audit"}},
			[]string{r[2].Name + ": plp/ent/schema/rule → plp/internal/platform/audit"}},
		{"ent/schema imports the web app",
			layout.Graph{"plp/ent/schema/pathway": {"plp/web/pages"}},
			[]string{r[2].Name + ": plp/ent/schema/pathway → plp/web/pages"}},
		{"platform imports a capability",
			layout.Graph{"plp/internal/platform/storage": {"plp/internal/plan"}},
			[]string{r[3].Name + ": plp/internal/platform/storage → plp/internal/plan"}},
		{"platform reaches a capability through the schema",
			layout.Graph{"plp/internal/platform/database": {"plp/ent/runtime"}, "plp/ent/schema": {"plp/ent/schema/hook", "plp/internal/plan"}},
			[]string{
				r[2].Name + ": plp/ent/schema → plp/internal/plan",
				r[3].Name + ": plp/internal/platform/database → plp/ent/runtime → plp/ent/schema → plp/internal/plan",
			}},
		{"the web app imports the ent client",
			layout.Graph{"plp/web": {"plp/web/gql", "plp/ent"}},
			[]string{r[5].Name + ": plp/web → plp/ent"}},
		{"the web app reaches a capability through a platform package that is not standalone",
			layout.Graph{"plp/web/gql": {"plp/internal/platform/audit"}},
			[]string{
				r[5].Name + ": plp/web → plp/web/gql → plp/internal/platform/audit",
				r[5].Name + ": plp/web/gql → plp/internal/platform/audit",
			}},
		{"the web app imports server",
			layout.Graph{"plp/web/locale": {"plp/server"}},
			[]string{
				r[5].Name + ": plp/web → plp/web/locale → plp/server",
				r[5].Name + ": plp/web/locale → plp/server",
			}},
		{"server imports a development tool",
			layout.Graph{"plp/server/routes": {"plp/internal/devtools/apitest"}},
			[]string{r[4].Name + ": plp/server/routes → plp/internal/devtools/apitest"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := layout.Graph{}
			for p, imports := range g {
				bad[p] = imports
			}
			for p, imports := range c.add {
				bad[p] = imports
			}
			var got []string
			for _, v := range layout.Check(bad, layout.Rules) {
				got = append(got, v.String())
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("violations:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, pkg string
		want         bool
	}{
		{"plp/graph/...", "plp/graph", true},
		{"plp/graph/...", "plp/graph/generated", true},
		{"plp/graph/...", "plp/graphql", false},
		{"plp/graph", "plp/graph/generated", false},
		{"plp/...", "plp", true},
	} {
		if got := layout.Match(c.pattern, c.pkg); got != c.want {
			t.Errorf("Match(%q, %q) = %v", c.pattern, c.pkg, got)
		}
	}
}
