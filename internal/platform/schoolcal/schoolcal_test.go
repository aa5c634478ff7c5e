package schoolcal

import (
	"errors"
	"testing"
	"time"

	"plp/internal/platform/apperr"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := Location(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// The school year turns at midnight on 1 August in the school's own zone:
// in New York (behind UTC) and in Auckland (ahead of it, in winter in
// July), 31 July 23:59 local is the old year and 1 August 00:00 the new,
// whatever day it is in UTC at those moments.
func TestYearTurnsOnFirstOfAugustInTheSchoolsZone(t *testing.T) {
	for _, name := range []string{"America/New_York", "Pacific/Auckland", "UTC"} {
		loc := zone(t, name)
		last := time.Date(2026, time.July, 31, 23, 59, 0, 0, loc)
		first := time.Date(2026, time.August, 1, 0, 0, 0, 0, loc)
		if y := YearOf(last, loc); y.Name != "2025-2026" {
			t.Errorf("%s: 31 July 23:59 is in %s, want 2025-2026", name, y.Name)
		}
		y := YearOf(first, loc)
		if y.Name != "2026-2027" || y.StartYear() != 2026 || y.EndYear() != 2027 {
			t.Errorf("%s: 1 August 00:00 is in %s (%d-%d), want 2026-2027", name, y.Name, y.StartYear(), y.EndYear())
		}
		if !y.Start.Equal(first) || y.Start.Location() != time.UTC {
			t.Errorf("%s: year starts %v, want %v in UTC", name, y.Start, first)
		}
		if want := time.Date(2027, time.August, 1, 0, 0, 0, 0, loc); !y.End.Equal(want) {
			t.Errorf("%s: year ends %v, want %v", name, y.End, want)
		}
		// The same instants read in UTC would have put Auckland's 1 August
		// in July, and New York's 31 July in August: the zone decides.
		if got := YearOf(last.UTC(), loc); got.Name != "2025-2026" {
			t.Errorf("%s: the UTC instant of 31 July 23:59 local is in %s", name, got.Name)
		}
		if got := YearOf(first.UTC(), loc); got.Name != "2026-2027" {
			t.Errorf("%s: the UTC instant of 1 August 00:00 local is in %s", name, got.Name)
		}
	}
}

func TestParseYear(t *testing.T) {
	loc := zone(t, "Pacific/Auckland")
	y, err := ParseYear("2026-2027", loc)
	if err != nil || y != YearStarting(2026, loc) {
		t.Fatalf("ParseYear(2026-2027) = %+v, %v", y, err)
	}
	for _, bad := range []string{"2026", "2026-2028", "26-27", "2026-2027x", "1800-1801"} {
		_, err := ParseYear(bad, loc)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.BadUserInput || ae.Field != "schoolYear" {
			t.Errorf("ParseYear(%q) = %v, want BAD_USER_INPUT on schoolYear", bad, err)
		}
	}
}

// Fall runs August to December, spring January to July, each from
// midnight of its first day in the school's zone.
func TestTerms(t *testing.T) {
	for _, name := range []string{"America/New_York", "Pacific/Auckland"} {
		loc := zone(t, name)
		for _, c := range []struct {
			at          time.Time
			name, title string
		}{
			{time.Date(2026, time.July, 31, 23, 59, 0, 0, loc), "2025-2026 spring", "Spring 2026"},
			{time.Date(2026, time.August, 1, 0, 0, 0, 0, loc), "2026-2027 fall", "Fall 2026"},
			{time.Date(2026, time.December, 31, 23, 59, 0, 0, loc), "2026-2027 fall", "Fall 2026"},
			{time.Date(2027, time.January, 1, 0, 0, 0, 0, loc), "2026-2027 spring", "Spring 2027"},
			{time.Date(2027, time.January, 15, 0, 0, 0, 0, loc), "2026-2027 spring", "Spring 2027"},
		} {
			term := TermOf(c.at.UTC(), loc)
			if term.String() != c.name || term.Title() != c.title {
				t.Errorf("%s %v: term %q (%q), want %q (%q)", name, c.at, term, term.Title(), c.name, c.title)
			}
			if c.at.Before(term.Start) || !c.at.Before(term.End) {
				t.Errorf("%s %v: outside its term [%v, %v)", name, c.at, term.Start, term.End)
			}
		}
		spring := TermOf(time.Date(2027, time.March, 1, 0, 0, 0, 0, loc), loc)
		if want := time.Date(2027, time.January, 1, 0, 0, 0, 0, loc); !spring.Start.Equal(want) || !spring.End.Equal(spring.Year.End) {
			t.Errorf("%s: spring is [%v, %v), want [%v, %v)", name, spring.Start, spring.End, want, spring.Year.End)
		}
		fall := TermOf(time.Date(2026, time.October, 1, 0, 0, 0, 0, loc), loc)
		if !fall.Start.Equal(fall.Year.Start) || !fall.End.Equal(spring.Start) {
			t.Errorf("%s: fall is [%v, %v)", name, fall.Start, fall.End)
		}
	}
}

func born(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// A student is 18 (and 13) from the first moment of their birthday in the
// school's zone, not a moment before; the day before, they are not.
func TestAgesOnBirthdays(t *testing.T) {
	for _, name := range []string{"America/New_York", "Pacific/Auckland", "UTC"} {
		loc := zone(t, name)
		b := born(2008, time.May, 10)
		dayBefore := time.Date(2026, time.May, 9, 23, 59, 0, 0, loc)
		birthday := time.Date(2026, time.May, 10, 0, 0, 0, 0, loc)
		if IsAdult(b, dayBefore, loc) || !IsAdult(b, birthday, loc) {
			t.Errorf("%s: 18th birthday: adult the day before %v, on the day %v", name, IsAdult(b, dayBefore, loc), IsAdult(b, birthday, loc))
		}
		if !IsAdult(b, birthday.AddDate(1, 0, 0), loc) {
			t.Errorf("%s: not adult a year after the 18th birthday", name)
		}
		k := born(2013, time.May, 10)
		if !NeedsConsent(k, dayBefore, loc) || NeedsConsent(k, birthday, loc) {
			t.Errorf("%s: 13th birthday: needs consent the day before %v, on the day %v", name, NeedsConsent(k, dayBefore, loc), NeedsConsent(k, birthday, loc))
		}
		if IsAdult(nil, birthday, loc) || NeedsConsent(nil, birthday, loc) {
			t.Errorf("%s: an unknown birth date counts as an age", name)
		}
	}
}

// The birthday is the school's day: at 20:00 on 9 May in New York it is
// already 10 May in UTC, but the student is not 18 until midnight there;
// in Auckland the birthday starts while it is still 9 May in UTC.
func TestBirthdayIsTheSchoolsDay(t *testing.T) {
	b := born(2008, time.May, 10)
	ny := zone(t, "America/New_York")
	evening := time.Date(2026, time.May, 9, 20, 0, 0, 0, ny)
	if IsAdult(b, evening, ny) {
		t.Error("New York: adult on the evening before the birthday (already the birthday in UTC)")
	}
	nz := zone(t, "Pacific/Auckland")
	morning := time.Date(2026, time.May, 10, 8, 0, 0, 0, nz) // 9 May in UTC
	if !IsAdult(b, morning, nz) {
		t.Error("Auckland: not adult on the morning of the birthday (still the day before in UTC)")
	}
	// A birth date written at local midnight elsewhere west of UTC is
	// still the same calendar day.
	late := time.Date(2008, time.May, 10, 4, 0, 0, 0, time.UTC)
	if IsAdult(&late, time.Date(2026, time.May, 9, 12, 0, 0, 0, ny), ny) || !IsAdult(&late, time.Date(2026, time.May, 10, 0, 0, 0, 0, ny), ny) {
		t.Error("a birth date stored at 04:00 UTC is not read as its calendar day")
	}
}

// Someone born on 29 February turns 18 and 13 on 1 March in years without
// one, and on 29 February in years with one; someone born on 1 March is
// not 18 on a 29 February.
func TestLeapDayBirthdays(t *testing.T) {
	loc := zone(t, "America/New_York")
	leap := born(2008, time.February, 29)
	feb28 := time.Date(2026, time.February, 28, 12, 0, 0, 0, loc)
	mar1 := time.Date(2026, time.March, 1, 0, 0, 0, 0, loc)
	if IsAdult(leap, feb28, loc) || !IsAdult(leap, mar1, loc) {
		t.Errorf("born 29 Feb 2008: adult on 28 Feb 2026 %v, on 1 March %v", IsAdult(leap, feb28, loc), IsAdult(leap, mar1, loc))
	}
	kid := born(2012, time.February, 29)
	feb28, feb29 := time.Date(2025, time.February, 28, 23, 0, 0, 0, loc), time.Date(2028, time.February, 29, 0, 0, 0, 0, loc)
	if !NeedsConsent(kid, feb28, loc) || NeedsConsent(kid, time.Date(2025, time.March, 1, 0, 0, 0, 0, loc), loc) {
		t.Error("born 29 Feb 2012: 13 before 1 March 2025")
	}
	if !IsAdult(kid, time.Date(2030, time.March, 1, 0, 0, 0, 0, loc), loc) || IsAdult(kid, time.Date(2030, time.February, 28, 0, 0, 0, 0, loc), loc) {
		t.Error("born 29 Feb 2012: 18 before 1 March 2030")
	}
	// On a 29 February, those born on 28 February of a year without one
	// have had their birthday; those born on 1 March have not.
	if !IsAdult(born(2010, time.February, 28), feb29, loc) || IsAdult(born(2010, time.March, 1), feb29, loc) {
		t.Error("on 29 Feb 2028: born 28 Feb 2010 not adult, or born 1 March 2010 adult")
	}
	if !IsAdult(born(2010, time.February, 28), feb29, loc) || !IsAdult(born(2008, time.February, 29), time.Date(2026, time.March, 1, 0, 0, 0, 0, loc), loc) {
		t.Error("leap birthdays")
	}
}

func TestBornBeforeIsMidnightUTC(t *testing.T) {
	loc := zone(t, "Pacific/Auckland")
	got := BornBefore(AdultAge, time.Date(2026, time.May, 10, 8, 0, 0, 0, loc), loc)
	if want := time.Date(2008, time.May, 11, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("BornBefore = %v, want %v", got, want)
	}
}
