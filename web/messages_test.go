package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"plp/web/locale"
)

// Every message a page or handler names is in the catalogues (a missing
// one would show its ID to people).
func TestEveryMessageUsedExists(t *testing.T) {
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	inPages := regexp.MustCompile(`\.T\.T "([A-Za-z]+)"`)
	inCode := regexp.MustCompile(`(?:\.T\(|view\(r, s, |fail\(w, r, [^,]+, )"([A-Z][A-Za-z]+)"`)
	pages, err := fs.Glob(pageFiles, "page/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range pages {
		b, _ := pageFiles.ReadFile(name)
		for _, m := range inPages.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sources {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range inCode.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, st := range []string{"BOOKED", "CONFIRMED", "COMPLETED", "CANCELLED", "NO_SHOW"} {
		used["Status"+st] = true
	}
	if len(used) < 50 {
		t.Fatalf("found only %d messages in use", len(used))
	}
	for _, lang := range locale.Languages {
		p := cat.For(lang)
		for id := range used {
			if !p.Has(id) {
				t.Errorf("%s: %s is used but not in web.%s.yaml", lang, id, lang)
			}
		}
	}
}
