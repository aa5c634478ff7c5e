package agenda

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// Text renders the visible items as plain text, numbered.
func (a *Agenda) Text() string {
	var b strings.Builder
	for i, it := range a.Visible() {
		fmt.Fprintf(&b, "%d. %s\n", i+1, it.Title)
		for _, l := range it.Lines {
			fmt.Fprintf(&b, "   %s\n", l)
		}
	}
	return b.String()
}

var page = template.Must(template.New("agenda").Parse(`<ol class="agenda">
{{- range .}}
<li><strong>{{.Title}}</strong>{{if .Lines}}<ul>{{range .Lines}}<li>{{.}}</li>{{end}}</ul>{{end}}</li>
{{- end}}
</ol>`))

// HTML renders the visible items as an HTML fragment (escaped).
func (a *Agenda) HTML() string {
	var b bytes.Buffer
	if err := page.Execute(&b, a.Visible()); err != nil {
		return ""
	}
	return b.String()
}

// mailItems is the agenda as mail templates see it.
func (a *Agenda) mailItems() []map[string]any {
	var out []map[string]any
	for _, it := range a.Visible() {
		lines := make([]any, len(it.Lines))
		for i, l := range it.Lines {
			lines[i] = l
		}
		out = append(out, map[string]any{"title": it.Title, "lines": lines})
	}
	return out
}
