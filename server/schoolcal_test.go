package server_test

import (
	"testing"
	"time"

	"plp/internal/devtools/apitest"
)

// TestAgesCountOnTheSchoolsDay: a student turns 13 and 18 on their
// birthday at their school, not in UTC. The server's clock stands at
// 14:00 UTC on 23 November 2026: already 24 November in Auckland, still
// the 23rd in New York. Born on 24 November, Robin has their birthday
// today in Auckland and tomorrow in New York.
func TestAgesCountOnTheSchoolsDay(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	sys := s.System()
	c := s.DB.Client
	zone := func(name string) { c.School.UpdateOneID(w.Home.School.ID).SetTimezone(name).ExecX(sys) }
	born := func(y int) {
		c.Student.UpdateOneID(w.Home.Student.ID).SetBirthDate(time.Date(y, 11, 24, 0, 0, 0, 0, time.UTC)).ExecX(sys)
	}
	if now := s.Clock.Now(); !now.Equal(time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)) {
		t.Fatalf("the test server's clock starts at %v: set the dates below anew", now)
	}

	// 13: parental consent (COPPA).
	const reflect = `mutation($s: ID!) { createReflection(input: {studentID: $s, body: "I built a birdhouse."}) { reflection { id } } }`
	student := map[string]any{"s": w.Home.Student.ID}
	born(2013)
	zone("America/New_York")
	w.clients["student"].MustFail(t, "FORBIDDEN", reflect, student) // 12 until midnight in New York
	zone("Pacific/Auckland")
	w.clients["student"].MustDo(t, reflect, student, nil) // 13 today in Auckland

	// 18: the student may withdraw their family's access (FERPA).
	const set = `mutation($id: ID!) { setFamilyAccess(guardianshipID: $id, withdrawn: true) { guardianship { id } } }`
	g := map[string]any{"id": w.guardianship}
	born(2008)
	zone("America/New_York")
	w.clients["student"].MustFail(t, "NOT_FOUND", set, g)
	zone("Pacific/Auckland")
	w.clients["student"].MustDo(t, set, g, nil)
}

// TestSchoolYearTurnsOnTheSchoolsFirstOfAugust: a review signed without a
// year is of the school year at the school. At 12:30 UTC on 31 July 2027
// it is already 1 August in Auckland (2027-2028) and still 31 July in New
// York (2026-2027).
func TestSchoolYearTurnsOnTheSchoolsFirstOfAugust(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	sys := s.System()
	s.Clock.Advance(time.Date(2027, 7, 31, 12, 30, 0, 0, time.UTC).Sub(s.Clock.Now()))
	const sign = `mutation($id: ID!) { signAnnualReview(input: {studentID: $id}) { annualReview { schoolYear } } }`
	for _, c := range []struct{ zone, year string }{{"America/New_York", "2026-2027"}, {"Pacific/Auckland", "2027-2028"}} {
		s.DB.Client.School.UpdateOneID(w.Home.School.ID).SetTimezone(c.zone).ExecX(sys)
		var out struct {
			SignAnnualReview struct{ AnnualReview struct{ SchoolYear string } }
		}
		s.As(t, w.Home.Advisor).MustDo(t, sign, map[string]any{"id": w.Home.Student.ID}, &out)
		if got := out.SignAnnualReview.AnnualReview.SchoolYear; got != c.year {
			t.Errorf("%s: signed the review of %s, want %s", c.zone, got, c.year)
		}
	}
}
