package metrics

import (
	"fmt"
	"testing"
)

// TestOperationNamesStayFew: clients choose operation names, and each new
// one is a time series; past the cap, and for names that are not
// identifiers, the label is "other".
func TestOperationNamesStayFew(t *testing.T) {
	g := &nameGuard{seen: map[string]bool{}}
	if got := g.label(""); got != "anonymous" {
		t.Errorf("no name: %q", got)
	}
	if got := g.label("Robert'); DROP TABLE students;--"); got != "other" {
		t.Errorf("a name that is not an identifier: %q", got)
	}
	for i := range maxNames {
		if got, want := g.label(fmt.Sprintf("Op%d", i)), fmt.Sprintf("Op%d", i); got != want {
			t.Fatalf("name %d: %q, want %q", i, got, want)
		}
	}
	if got := g.label("OneTooMany"); got != "other" {
		t.Errorf("name past the cap: %q", got)
	}
	if got := g.label("Op0"); got != "Op0" {
		t.Errorf("a name already seen: %q", got)
	}
}
