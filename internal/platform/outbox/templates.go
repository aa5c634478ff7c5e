package outbox

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"slices"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
)

//go:embed templates
var templateFS embed.FS

// FallbackLanguage is the language every kind has a template in, used when
// a template has no translation in the recipient's language.
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
// Templates may call the functions of dates.go, in their own language.
type Templates struct {
	fs fs.FS
}

// LoadTemplates checks the embedded templates against the declared kinds
// (kinds.go) and returns them: every file is the template of a declared
// kind and parses; every language has every kind's KIND.txt (a language is
// whole or absent, so no family gets half its mail in another language);
// a template reads no data its kind does not declare, and the English
// ones read all it declares.
func LoadTemplates() (*Templates, error) {
	return loadTemplates(templateFS)
}

func loadTemplates(fsys fs.FS) (*Templates, error) {
	t := &Templates{fs: fsys}
	langs, err := fs.ReadDir(t.fs, "templates")
	if err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	var problems []error
	for _, l := range langs {
		lang := l.Name()
		files, err := fs.ReadDir(t.fs, "templates/"+lang)
		if err != nil {
			return nil, fmt.Errorf("read templates/%s: %w", lang, err)
		}
		for _, f := range files {
			kind := strings.TrimSuffix(strings.TrimSuffix(f.Name(), ".txt"), ".html")
			if kind == "layout" {
				continue
			}
			if _, ok := kinds[kind]; !ok {
				problems = append(problems, fmt.Errorf("templates/%s/%s: no kind %q is declared in outbox/kinds.go", lang, f.Name(), kind))
			}
		}
		for _, kind := range Kinds() {
			if !t.has(kind, lang) {
				problems = append(problems, fmt.Errorf("templates/%s: kind %s has no %s.txt", lang, kind, kind))
				continue
			}
			read, err := t.dataRead(kind, lang)
			if err != nil {
				problems = append(problems, err)
				continue
			}
			declared := kinds[kind].Data
			for _, key := range read {
				if !slices.Contains(declared, key) {
					problems = append(problems, fmt.Errorf("templates/%s/%s reads .Data.%s, which kind %s does not declare", lang, kind, key, kind))
				}
			}
			if lang != FallbackLanguage {
				continue
			}
			for _, key := range declared {
				if !slices.Contains(read, key) {
					problems = append(problems, fmt.Errorf("kind %s declares Data[%q], which its English templates never read", kind, key))
				}
			}
		}
	}
	if !slices.ContainsFunc(langs, func(l fs.DirEntry) bool { return l.Name() == FallbackLanguage }) {
		problems = append(problems, fmt.Errorf("templates: no %s templates", FallbackLanguage))
	}
	if err := errors.Join(problems...); err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	return t, nil
}

// Render renders kind in lang, or in the closest language it has (es-MX,
// es, then English). A kind not declared is an error: its mail cannot be
// sent.
func (t *Templates) Render(kind, lang string, v View) (Rendered, error) {
	if _, ok := kinds[kind]; !ok {
		return Rendered{}, fmt.Errorf("render %s: no such kind of mail is declared", kind)
	}
	if v.Data == nil {
		v.Data = map[string]any{}
	}
	for _, l := range languages(lang) {
		if t.has(kind, l) {
			return t.render(kind, l, v)
		}
	}
	return Rendered{}, fmt.Errorf("render %s: no template", kind)
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

// parse parses the templates of kind in lang: the text ones, and the HTML
// ones (the layout, and KIND.html when there is one).
func (t *Templates) parse(kind, lang string) (*texttemplate.Template, *htmltemplate.Template, error) {
	dir := "templates/" + lang + "/"
	text, err := texttemplate.New("layout.txt").Option("missingkey=zero").Funcs(templateFuncs(lang)).
		ParseFS(t.fs, dir+"layout.txt", dir+kind+".txt")
	if err != nil {
		return nil, nil, fmt.Errorf("parse %s%s.txt: %w", dir, kind, err)
	}
	files := []string{dir + "layout.html"}
	if _, err := fs.Stat(t.fs, dir+kind+".html"); err == nil {
		files = append(files, dir+kind+".html")
	}
	html, err := htmltemplate.New("layout.html").Option("missingkey=zero").Funcs(templateFuncs(lang)).ParseFS(t.fs, files...)
	if err != nil {
		return nil, nil, fmt.Errorf("parse %s%s.html: %w", dir, kind, err)
	}
	return text, html, nil
}

// dataRead lists the keys of .Data that the templates of kind in lang
// read (as .Data.key, outside of range and with blocks that move the dot).
func (t *Templates) dataRead(kind, lang string) ([]string, error) {
	text, html, err := t.parse(kind, lang)
	if err != nil {
		return nil, err
	}
	var read []string
	note := func(n parse.Node) {
		if f, ok := n.(*parse.FieldNode); ok && len(f.Ident) >= 2 && f.Ident[0] == "Data" && !slices.Contains(read, f.Ident[1]) {
			read = append(read, f.Ident[1])
		}
	}
	for _, tpl := range text.Templates() {
		walk(tpl.Tree.Root, note)
	}
	for _, tpl := range html.Templates() {
		if tpl.Tree != nil {
			walk(tpl.Tree.Root, note)
		}
	}
	slices.Sort(read)
	return read, nil
}

// walk calls visit on n and every node under it.
func walk(n parse.Node, visit func(parse.Node)) {
	if n == nil || reflectNil(n) {
		return
	}
	visit(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walk(c, visit)
		}
	case *parse.ActionNode:
		walk(n.Pipe, visit)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			walk(c, visit)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, visit)
		}
	case *parse.ChainNode:
		walk(n.Node, visit)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.TemplateNode:
		walk(n.Pipe, visit)
	}
}

func walkBranch(b *parse.BranchNode, visit func(parse.Node)) {
	walk(b.Pipe, visit)
	walk(b.List, visit)
	walk(b.ElseList, visit)
}

// reflectNil reports a typed nil node (an absent else branch or pipe).
func reflectNil(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		return n == nil
	case *parse.PipeNode:
		return n == nil
	}
	return false
}

// render executes the templates of kind in lang.
func (t *Templates) render(kind, lang string, v View) (Rendered, error) {
	text, html, err := t.parse(kind, lang)
	if err != nil {
		return Rendered{}, err
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

// templateFuncs are the functions of dates.go and words.go, in lang.
func templateFuncs(lang string) map[string]any {
	fs := dateFuncs(lang)
	for name, f := range wordFuncs(lang) {
		fs[name] = f
	}
	return fs
}
