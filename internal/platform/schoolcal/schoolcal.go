// Package schoolcal is the school calendar: school years, their two
// terms, and the ages the law counts (18, when the rights over the
// education record pass from the family to the student under FERPA; 13,
// below which a parent consents first under COPPA). Every date is read in
// the school's time zone, which every function takes: 31 July 23:59 in
// Auckland is still last year there, whatever the UTC date says.
//
// It is the one place these facts are written. Privacy rules
// (ent/schema/rule) and every capability call it; it imports nothing of
// the data layer, so the rules can.
package schoolcal

import (
	"fmt"
	"time"

	"plp/internal/platform/apperr"
)

// The ages of the law.
const (
	// AdultAge is the age at which a student becomes an eligible student
	// (FERPA): they sign their own annual review, ask for amendments,
	// export their plan and may withdraw their family's access.
	AdultAge = 18
	// ConsentAge is the age below which a student adds to their plan only
	// once a parent has consented (COPPA).
	ConsentAge = 13
)

// startMonth is the month a school year starts in, on its first day at
// midnight in the school's time zone.
const startMonth = time.August

// Year is one school year of a school.
type Year struct {
	// Name is like 2026-2027.
	Name string
	// Start is 1 August at midnight in the school's time zone, End the
	// next year's Start (exclusive); both in UTC.
	Start, End time.Time
	first      int
}

// YearOf is the school year holding t in the school's time zone loc.
func YearOf(t time.Time, loc *time.Location) Year {
	t = t.In(loc)
	y := t.Year()
	if t.Month() < startMonth {
		y--
	}
	return YearStarting(y, loc)
}

// YearStarting is the school year that starts in August of calendar year y.
func YearStarting(y int, loc *time.Location) Year {
	return Year{
		Name:  fmt.Sprintf("%d-%d", y, y+1),
		Start: time.Date(y, startMonth, 1, 0, 0, 0, 0, loc).UTC(),
		End:   time.Date(y+1, startMonth, 1, 0, 0, 0, 0, loc).UTC(),
		first: y,
	}
}

// StartYear is the calendar year the school year starts in (2026 for
// 2026-2027).
func (y Year) StartYear() int { return y.first }

// EndYear is the calendar year the school year ends in, when its seniors
// graduate (2027 for 2026-2027).
func (y Year) EndYear() int { return y.StartYear() + 1 }

// ParseYear reads a school year written like 2026-2027; BAD_USER_INPUT on
// schoolYear otherwise.
func ParseYear(name string, loc *time.Location) (Year, error) {
	var y1, y2 int
	if n, _ := fmt.Sscanf(name, "%4d-%4d", &y1, &y2); n != 2 || y2 != y1+1 || len(name) != 9 || y1 < 1900 || y1 > 2199 {
		return Year{}, apperr.Invalid("schoolYear", "A school year is written like 2026-2027.")
	}
	return YearStarting(y1, loc), nil
}

// Half is one of the two terms of a school year.
type Half string

// The terms: fall runs from August to December, spring from January to
// July.
const (
	Fall   Half = "fall"
	Spring Half = "spring"
)

// Term is one half of a school year.
type Term struct {
	Year Year
	Half Half
	// Start is 1 August (fall) or 1 January (spring) at midnight in the
	// school's time zone, End the next term's Start; both in UTC.
	Start, End time.Time
}

// TermOf is the term holding t in the school's time zone loc.
func TermOf(t time.Time, loc *time.Location) Term {
	y := YearOf(t, loc)
	spring := time.Date(y.StartYear()+1, time.January, 1, 0, 0, 0, 0, loc).UTC()
	if t.Before(spring) {
		return Term{Year: y, Half: Fall, Start: y.Start, End: spring}
	}
	return Term{Year: y, Half: Spring, Start: spring, End: y.End}
}

// String names the term with its school year: "2026-2027 fall".
func (t Term) String() string { return t.Year.Name + " " + string(t.Half) }

// Title names the term as schools write it on a conference window: "Fall
// 2026", "Spring 2027" (the calendar year it starts in).
func (t Term) Title() string {
	year := t.Year.StartYear()
	title := "Fall"
	if t.Half == Spring {
		year, title = year+1, "Spring"
	}
	return fmt.Sprintf("%s %d", title, year)
}

// BornBefore is the instant before which a person must be born to be at
// least age on the day t falls on in the school's time zone loc. A birth
// date is a calendar day, stored at midnight UTC (any time of that UTC
// day counts as the day), so the bound is midnight UTC of the day after
// the latest birthday that qualifies. Someone born on 29 February has
// their birthday on 1 March in other years. Use it in SQL as
// birth_date < BornBefore(...).
func BornBefore(age int, t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	y -= age
	// The latest qualifying birthday is the same day age years before; 29
	// February of a year without one is 28 February (someone born on 1
	// March is not yet that age).
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// IsAdult reports whether someone born on birth is AdultAge or over on the
// day t falls on at the school; an unknown birth date is not.
func IsAdult(birth *time.Time, t time.Time, loc *time.Location) bool {
	return birth != nil && birth.Before(BornBefore(AdultAge, t, loc))
}

// NeedsConsent reports whether someone born on birth is under ConsentAge
// on the day t falls on at the school; an unknown birth date is not
// counted as under it.
func NeedsConsent(birth *time.Time, t time.Time, loc *time.Location) bool {
	return birth != nil && !birth.Before(BornBefore(ConsentAge, t, loc))
}

// Location is the time zone a school names (School.timezone, an IANA
// name).
func Location(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("school time zone %q: %w", name, err)
	}
	return loc, nil
}
