package outbox

import (
	"fmt"
	"time"
)

// Mail carries times as data (RFC 3339, and the IANA zone to show them
// in) and the templates write them as people say them in the template's
// language: "Tuesday, December 1, 2026 at 10:00 AM EST", "martes 1 de
// diciembre de 2026 a las 10:00 EST". Code never formats a date for a
// reader.

// dateFuncs are the functions templates in lang may call:
//
//	{{datetime .Data.startsAt .Data.timezone}}  a day and time in the zone
//	{{date .Data.due}}                           a day: 2026-12-01, or a time's day in UTC
//	{{date .Data.expiresAt .Data.timezone}}      a time's day in the zone
//
// A value that is not a time gives "" (the template's text around it still
// reads), never an error that would hold the mail back.
func dateFuncs(lang string) map[string]any {
	w := writers[lang]
	if w == nil {
		w = writers[FallbackLanguage]
	}
	return map[string]any{
		"datetime": func(at any, zone ...any) string {
			t, ok := parseTime(at, zone)
			if !ok {
				return ""
			}
			return w.dateTime(t)
		},
		"date": func(at any, zone ...any) string {
			t, ok := parseTime(at, zone)
			if !ok {
				return ""
			}
			return w.date(t)
		},
	}
}

// parseTime reads a time (RFC 3339) or a day (2006-01-02) from template
// data, in the zone when one is given and known.
func parseTime(v any, zone []any) (time.Time, bool) {
	s, _ := v.(string)
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		day, derr := time.Parse(time.DateOnly, s)
		if derr != nil {
			return time.Time{}, false
		}
		return day, true
	}
	if len(zone) > 0 {
		if name, _ := zone[0].(string); name != "" {
			if loc, err := time.LoadLocation(name); err == nil {
				t = t.In(loc)
			}
		}
	}
	return t, true
}

// dateWriter writes dates in one language.
type dateWriter struct {
	date, dateTime func(time.Time) string
}

var spanishDays = [...]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}

var spanishMonths = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre"}

var writers = map[string]*dateWriter{
	"en": {
		date:     func(t time.Time) string { return t.Format("Monday, January 2, 2006") },
		dateTime: func(t time.Time) string { return t.Format("Monday, January 2, 2006 at 3:04 PM MST") },
	},
	"es": {
		date: func(t time.Time) string {
			return fmt.Sprintf("%s %d de %s de %d", spanishDays[t.Weekday()], t.Day(), spanishMonths[t.Month()-1], t.Year())
		},
		dateTime: func(t time.Time) string {
			at := "a las"
			if t.Hour() == 1 {
				at = "a la"
			}
			return fmt.Sprintf("%s %d de %s de %d %s %s %s", spanishDays[t.Weekday()], t.Day(),
				spanishMonths[t.Month()-1], t.Year(), at, fmt.Sprintf("%d:%02d", t.Hour(), t.Minute()), t.Format("MST"))
		},
	},
}

// DateTime writes t (already in the reader's zone) as people say it in
// lang, as the templates' datetime does: for messages outside mail, such
// as an error that names a time.
func DateTime(lang string, t time.Time) string {
	w := writers[lang]
	if w == nil {
		w = writers[FallbackLanguage]
	}
	return w.dateTime(t)
}
