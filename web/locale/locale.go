// Package locale holds the web app's words and how it says dates: message
// catalogues (go-i18n, YAML files <area>.<lang>.yaml, embedded; a school can add
// or override messages with files of its own) and CLDR date and time formats
// in the school's time zone.
//
// The language of a page is, first, the one the reader chose with the
// switch (the plp_lang cookie), then the account's language, then the
// browser's Accept-Language, then English.
package locale

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/es"
	"github.com/goccy/go-yaml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// CookieName is the cookie the language switch sets.
const CookieName = "plp_lang"

// Languages are the languages every page is written in, the default first.
var Languages = []string{"en", "es"}

//go:embed messages/*.yaml
var catalogues embed.FS

var matcher = language.NewMatcher([]language.Tag{language.English, language.Spanish})

// Catalog holds the messages of every language.
type Catalog struct {
	bundle *i18n.Bundle
}

// Load reads the embedded catalogues, then each extra file (web.<lang>.yaml,
// a school's additions and overrides; the language comes from the name).
func Load(extra ...string) (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	names, err := fs.Glob(catalogues, "messages/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := b.LoadMessageFileFS(catalogues, name); err != nil {
			return nil, fmt.Errorf("load catalogue %s: %w", name, err)
		}
	}
	for _, path := range extra {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read messages: %w", err)
		}
		if _, err := b.ParseMessageFileBytes(raw, filepath.Base(path)); err != nil {
			return nil, fmt.Errorf("messages %s (name it web.<lang>.yaml): %w", path, err)
		}
	}
	return &Catalog{bundle: b}, nil
}

// Keys returns the message IDs of one language's embedded catalogues: every
// file messages/<area>.<lang>.yaml (one file an area of the app, so pages
// of different areas do not edit one file).
func Keys(lang string) ([]string, error) {
	names, err := fs.Glob(catalogues, "messages/*."+lang+".yaml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no catalogue for %s", lang)
	}
	var keys []string
	for _, name := range names {
		raw, err := catalogues.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := yaml.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for k := range m {
			if slices.Contains(keys, k) {
				return nil, fmt.Errorf("%s: %s is also in another %s catalogue", name, k, lang)
			}
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// Choose picks the page's language: the reader's switch (cookie), the
// account's language, then the browser's Accept-Language; English when none
// is one of Languages.
func Choose(r *http.Request, account string) string {
	if c, err := r.Cookie(CookieName); err == nil {
		if l, ok := Supported(c.Value); ok {
			return l
		}
	}
	if l, ok := Supported(account); ok {
		return l
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return Languages[0]
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[i]
}

// Supported reports whether lang (a tag such as "es" or "es-MX") is one of
// Languages, and which.
func Supported(lang string) (string, bool) {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	base, _, _ = strings.Cut(base, "_")
	for _, l := range Languages {
		if l == base {
			return l, true
		}
	}
	return "", false
}

// Printer says things in one language, with dates in one time zone.
type Printer struct {
	Lang string
	loc  *i18n.Localizer
	cldr locales.Translator
	zone *time.Location
}

// For returns a printer in lang, with dates in UTC until In is called.
func (c *Catalog) For(lang string) *Printer {
	l, ok := Supported(lang)
	if !ok {
		l = Languages[0]
	}
	p := &Printer{Lang: l, loc: i18n.NewLocalizer(c.bundle, l), zone: time.UTC}
	switch l {
	case "es":
		p.cldr = es.New()
	default:
		p.cldr = en.New()
	}
	return p
}

// In returns a copy of the printer that writes dates in zone (an IANA name;
// UTC when it is unknown).
func (p *Printer) In(zone string) *Printer {
	q := *p
	if loc, err := time.LoadLocation(zone); err == nil {
		q.zone = loc
	}
	return &q
}

// T returns the message id, filled with data (a map of its {{.Fields}}).
// A missing message shows its id, so a page never breaks on one.
func (p *Printer) T(id string, data ...map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := p.loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// Has reports whether the message id exists in the printer's language.
func (p *Printer) Has(id string) bool {
	_, tag, err := p.loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id})
	return err == nil && tag.String() == p.Lang
}

// Date says a day as people do: "Tuesday, December 8, 2026", "martes, 8 de
// diciembre de 2026".
func (p *Printer) Date(t time.Time) string { return p.cldr.FmtDateFull(t.In(p.zone)) }

// Time says a time of day: "3:30 pm", "15:30".
func (p *Printer) Time(t time.Time) string { return p.cldr.FmtTimeShort(t.In(p.zone)) }

// DateTime is Date and Time together.
func (p *Printer) DateTime(t time.Time) string { return p.Date(t) + ", " + p.Time(t) }

// Day is the date in the printer's zone as YYYY-MM-DD, to group by day.
func (p *Printer) Day(t time.Time) string { return t.In(p.zone).Format(time.DateOnly) }

// Zone is the printer's time zone.
func (p *Printer) Zone() *time.Location { return p.zone }
