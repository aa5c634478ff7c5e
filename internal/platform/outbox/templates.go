package outbox

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	texttemplate "text/template"
)

//go:embed templates
var templateFS embed.FS

// FallbackLanguage is used when a template has no translation in the
// recipient's language.
const FallbackLanguage = "en"

// View is what a template sees.
type View struct {
	// Name is the recipient's name.
	Name string
	// Data is the notification's payload.
	Data map[string]any
	// UnsubscribeURL is set for non-essential mail only.
	UnsubscribeURL string
	// BaseURL is where the server answers, for links.
	BaseURL string
	// Paragraphs of the text body: the HTML of a kind with no KIND.html.
	Paragraphs []string
}

// Rendered is a message ready to send.
type Rendered struct {
	Subject, Text, HTML string
	// Language is the language of the template used.
	Language string
}

// Templates renders notifications from the embedded templates: per
// language a layout (layout.txt, layout.html) and per kind KIND.txt (which
// defines "subject" and "body") and KIND.html (which defines "body").
type Templates struct {
	fs fs.FS
}

// LoadTemplates checks that every embedded template parses.
func LoadTemplates() (*Templates, error) {
	t := &Templates{fs: templateFS}
	langs, err := fs.ReadDir(t.fs, "templates")
	if err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	for _, l := range langs {
		files, err := fs.ReadDir(t.fs, "templates/"+l.Name())
		if err != nil {
			return nil, fmt.Errorf("read templates/%s: %w", l.Name(), err)
		}
		for _, f := range files {
			kind, ok := strings.CutSuffix(f.Name(), ".txt")
			if !ok || kind == "layout" {
				continue
			}
			if _, err := t.render(kind, l.Name(), View{Data: map[string]any{}}, true); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

// Render renders kind in lang, or in the closest language it has (es-MX,
// es, then English). A kind with no template at all uses the generic one.
func (t *Templates) Render(kind, lang string, v View) (Rendered, error) {
	if v.Data == nil {
		v.Data = map[string]any{}
	}
	for _, l := range languages(lang) {
		if t.has(kind, l) {
			return t.render(kind, l, v, false)
		}
	}
	if kind != KindGeneric {
		return t.Render(KindGeneric, lang, v)
	}
	return Rendered{}, fmt.Errorf("no template for %s", kind)
}

func (t *Templates) has(kind, lang string) bool {
	_, err := fs.Stat(t.fs, "templates/"+lang+"/"+kind+".txt")
	return err == nil
}

// languages lists the languages to try for a language tag, best first.
func languages(tag string) []string {
	tag = strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	var out []string
	if tag != "" {
		out = append(out, tag)
		if base, _, ok := strings.Cut(tag, "-"); ok {
			out = append(out, base)
		}
	}
	return append(out, FallbackLanguage)
}

// render executes the templates. check parses only, for LoadTemplates.
func (t *Templates) render(kind, lang string, v View, check bool) (Rendered, error) {
	dir := "templates/" + lang + "/"
	text, err := texttemplate.New("layout.txt").Option("missingkey=zero").ParseFS(t.fs, dir+"layout.txt", dir+kind+".txt")
	if err != nil {
		return Rendered{}, fmt.Errorf("parse %s%s.txt: %w", dir, kind, err)
	}
	files := []string{dir + "layout.html"}
	if _, err := fs.Stat(t.fs, dir+kind+".html"); err == nil {
		files = append(files, dir+kind+".html")
	}
	html, err := htmltemplate.New("layout.html").Option("missingkey=zero").ParseFS(t.fs, files...)
	if err != nil {
		return Rendered{}, fmt.Errorf("parse %s%s.html: %w", dir, kind, err)
	}
	if check {
		return Rendered{}, nil
	}
	var subject, body, page, inner bytes.Buffer
	if err := text.ExecuteTemplate(&subject, "subject", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s subject: %w", kind, err)
	}
	if err := text.ExecuteTemplate(&inner, "body", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s body: %w", kind, err)
	}
	for _, p := range strings.Split(inner.String(), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			v.Paragraphs = append(v.Paragraphs, p)
		}
	}
	if err := text.ExecuteTemplate(&body, "layout.txt", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s text: %w", kind, err)
	}
	if err := html.ExecuteTemplate(&page, "layout.html", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s html: %w", kind, err)
	}
	return Rendered{
		Subject:  strings.Join(strings.Fields(subject.String()), " "),
		Text:     strings.TrimSpace(body.String()) + "\n",
		HTML:     page.String(),
		Language: lang,
	}, nil
}
