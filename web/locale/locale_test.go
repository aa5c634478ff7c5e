package locale

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Every message exists in every language, so no page shows half its words
// in another language.
func TestEveryKeyInEveryCatalogue(t *testing.T) {
	want, err := Keys(Languages[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the English catalogue is empty")
	}
	slices.Sort(want)
	for _, lang := range Languages[1:] {
		got, err := Keys(lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for _, k := range want {
			if !slices.Contains(got, k) {
				t.Errorf("web.%s.yaml lacks %s", lang, k)
			}
		}
		for _, k := range got {
			if !slices.Contains(want, k) {
				t.Errorf("web.%s.yaml has %s, which web.en.yaml lacks", lang, k)
			}
		}
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages {
		p := c.For(lang)
		for _, k := range want {
			if !p.Has(k) {
				t.Errorf("%s: %s does not render", lang, k)
			}
		}
	}
}

func TestChoose(t *testing.T) {
	cases := []struct {
		name, cookie, account, accept, want string
	}{
		{"nothing", "", "", "", "en"},
		{"browser", "", "", "es-MX,es;q=0.9,en;q=0.5", "es"},
		{"browser unknown", "", "", "fr-FR", "en"},
		{"account over browser", "", "es", "en-US", "es"},
		{"switch over account", "en", "es", "es", "en"},
		{"bad cookie", "xx", "", "es", "es"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		if c.cookie != "" {
			r.Header.Set("Cookie", CookieName+"="+c.cookie)
		}
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		if got := Choose(r, c.account); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestDatesInTheSchoolsZoneAndLanguage(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 8, 20, 30, 0, 0, time.UTC) // 15:30 in New York
	es := c.For("es").In("America/New_York")
	if got, want := es.Date(at), "martes, 8 de diciembre de 2026"; got != want {
		t.Errorf("es date %q, want %q", got, want)
	}
	if got, want := es.Time(at), "15:30"; got != want {
		t.Errorf("es time %q, want %q", got, want)
	}
	en := c.For("en").In("America/New_York")
	if got, want := en.Date(at), "Tuesday, December 8, 2026"; got != want {
		t.Errorf("en date %q, want %q", got, want)
	}
	if got, want := en.Time(at), "3:30 pm"; got != want {
		t.Errorf("en time %q, want %q", got, want)
	}
}

// A school's own file overrides a message of the embedded catalogue.
func TestSchoolOverrides(t *testing.T) {
	path := filepath.Join(t.TempDir(), "web.es.yaml")
	if err := os.WriteFile(path, []byte("NavHome: \"Mis estudiantes\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.For("es").T("NavHome"); got != "Mis estudiantes" {
		t.Errorf("override: got %q", got)
	}
	if got := c.For("en").T("NavHome"); got != "My children" {
		t.Errorf("English changed: %q", got)
	}
}
