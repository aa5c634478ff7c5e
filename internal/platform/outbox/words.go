package outbox

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Words a message puts together in its reader's language: the name of a
// language ("español", not "es") and a list of names ("Nora y Luc"), by
// CLDR's data. Templates call them as {{language .Data.interpreter}} and
// {{list .Data.studentName}}; code that writes a message outside mail (an
// error, an invite) calls LanguageName and List.

// LanguageName is the name of the language tagged tag in the reader's
// language lang: LanguageName("es", "es") is "español", LanguageName("en",
// "es") "Spanish". A tag CLDR does not know is returned as given.
func LanguageName(lang, tag string) string {
	tag = strings.TrimSpace(tag)
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	reader, err := language.Parse(lang)
	if err != nil {
		reader = language.English
	}
	namer := display.Tags(reader)
	if namer == nil {
		namer = display.Tags(language.English)
	}
	if name := namer.Name(t); name != "" {
		return name
	}
	return tag
}

// listWords are the words that join the last two items of a list, per
// language (CLDR's listPattern, standard).
var listWords = map[string]struct{ pair, last string }{
	"en": {" and ", ", and "},
	"es": {" y ", " y "},
}

// List joins names as people write a list in lang: "Nora", "Nora and Luc",
// "Ana, Ben, and Cy"; in Spanish "Nora y Luc", "Ana, Ben y Cy" (and "e"
// before a name that sounds "i": "Luc e Inés").
func List(lang string, names []string) string {
	w, ok := listWords[primary(lang)]
	if !ok {
		w = listWords[FallbackLanguage]
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	last := names[len(names)-1]
	pair, joint := w.pair, w.last
	if primary(lang) == "es" && soundsI(last) {
		pair, joint = " e ", " e "
	}
	if len(names) == 2 {
		return names[0] + pair + last
	}
	return strings.Join(names[:len(names)-1], ", ") + joint + last
}

// soundsI reports whether a Spanish word starts with the sound "i" (i-,
// hi- but not hie-, hia-), before which "y" becomes "e".
func soundsI(word string) bool {
	w := strings.ToLower(word)
	if strings.HasPrefix(w, "hie") || strings.HasPrefix(w, "hia") {
		return false
	}
	for _, p := range []string{"i", "í", "hi", "hí"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// primary is a tag's primary language: "es" of "es-MX".
func primary(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// wordFuncs are the functions of words.go templates in lang may call. list
// takes a name or a list of names (as the payload's JSON gives it back).
func wordFuncs(lang string) map[string]any {
	return map[string]any{
		"language": func(tag any) string {
			s, _ := tag.(string)
			if s == "" {
				return ""
			}
			return LanguageName(lang, s)
		},
		"list": func(v any) string {
			switch v := v.(type) {
			case string:
				return v
			case []string:
				return List(lang, v)
			case []any:
				names := make([]string, 0, len(v))
				for _, n := range v {
					if s, ok := n.(string); ok {
						names = append(names, s)
					}
				}
				return List(lang, names)
			}
			return ""
		},
	}
}
