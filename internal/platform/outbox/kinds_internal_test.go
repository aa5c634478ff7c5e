package outbox

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// embedded copies the embedded templates into a map that a test may change.
func embedded(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		out[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLoadingChecksKindsAgainstTemplates: each way a declaration and its
// templates can drift apart stops loading, with a message naming it.
func TestLoadingChecksKindsAgainstTemplates(t *testing.T) {
	if _, err := loadTemplates(embedded(t)); err != nil {
		t.Fatalf("the embedded templates: %v", err)
	}
	cases := map[string]struct {
		change func(fstest.MapFS)
		want   string
	}{
		"a template of a kind not declared": {func(m fstest.MapFS) {
			m["templates/en/party_invite.txt"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}Party{{end}}{{define "body"}}Come.{{end}}`)}
		}, `no kind "party_invite" is declared`},
		"a declared kind with no English template": {func(m fstest.MapFS) {
			delete(m, "templates/en/endorsement_given.txt")
		}, "templates/en: kind endorsement_given has no endorsement_given.txt"},
		"a declared kind with no Spanish template": {func(m fstest.MapFS) {
			delete(m, "templates/es/action_item_due.txt")
		}, "templates/es: kind action_item_due has no action_item_due.txt"},
		"a template reading data its kind does not declare": {func(m fstest.MapFS) {
			m["templates/es/magic_link.txt"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}Entrar{{end}}{{define "body"}}{{.Data.link}} {{.Data.validMinutes}} {{.Data.password}}{{end}}`)}
		}, "templates/es/magic_link reads .Data.password, which kind magic_link does not declare"},
		"a declaration of data no template reads": {func(m fstest.MapFS) {
			m["templates/en/magic_link.txt"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}Sign in{{end}}{{define "body"}}{{.Data.link}}{{end}}`)}
			delete(m, "templates/en/magic_link.html")
		}, `kind magic_link declares Data["validMinutes"], which its English templates never read`},
		"a template that does not parse": {func(m fstest.MapFS) {
			m["templates/es/waitlist_offer.txt"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}{{.Data.term}{{end}}`)}
		}, "parse templates/es/waitlist_offer.txt"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := embedded(t)
			c.change(m)
			_, err := loadTemplates(m)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("load: %v; want an error saying %q", err, c.want)
			}
		})
	}
}
