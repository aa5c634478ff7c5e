package booking_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/membership"
	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/internal/devtools/apitest"
)

// TestConcurrentBookingNeverOverbooks fires 200 booking mutations at once,
// over HTTP, at 50 single-seat slots (four families for each slot): exactly
// 50 conferences are made, no slot holds more than its one seat, and every
// other request is told CONFLICT, with no other error.
func TestConcurrentBookingNeverOverbooks(t *testing.T) {
	t.Parallel()
	const (
		requests = 200
		slots    = 50
		families = 20
	)
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	home := w.Home.School.ID

	// 200 children in 20 families of 10, all the Home advisor's advisees.
	var (
		students = make([]pulid.ID, requests)
		clients  = make([]*apitest.Client, families)
	)
	for f := range families {
		acc := c.Account.Create().SetEmail(fmt.Sprintf("family%d@home.plp.test", f)).SetName(fmt.Sprintf("Family %d", f)).
			SetPasswordHash(apitest.PasswordHash()).SaveX(sys)
		c.Membership.Create().SetAccountID(acc.ID).SetSchoolID(home).SetRole(membership.RoleFamily).ExecX(sys)
		var kids []*ent.StudentCreate
		for k := range requests / families {
			kids = append(kids, c.Student.Create().SetSchoolID(home).SetGivenName(fmt.Sprintf("Kid %d", k)).
				SetFamilyName(fmt.Sprintf("F%d", f)).SetPreferredName(fmt.Sprintf("Kid %d", k)).
				SetGrade(9).SetGraduationYear(2030).SetAdvisorID(w.Home.Advisor.ID))
		}
		created := c.Student.CreateBulk(kids...).SaveX(sys)
		var links []*ent.GuardianshipCreate
		for k, kid := range created {
			students[f*(requests/families)+k] = kid.ID
			links = append(links, c.Guardianship.Create().SetStudentID(kid.ID).SetFamilyID(acc.ID).SetRelationship("parent"))
		}
		c.Guardianship.CreateBulk(links...).ExecX(sys)
		clients[f] = s.As(t, acc)
	}
	now := s.Clock.Now()
	window := c.ConferenceWindow.Create().SetSchoolID(home).SetTerm("Rush hour").
		SetOpensAt(now.Add(-time.Hour)).SetClosesAt(now.AddDate(0, 0, 14)).SaveX(sys)
	var builders []*ent.SlotCreate
	first := now.AddDate(0, 0, 7).Truncate(time.Hour)
	for i := range slots {
		start := first.Add(time.Duration(i) * 25 * time.Minute)
		builders = append(builders, c.Slot.Create().SetWindowID(window.ID).SetHostID(w.Home.Advisor.ID).
			SetStartsAt(start).SetEndsAt(start.Add(20*time.Minute)))
	}
	created := c.Slot.CreateBulk(builders...).SaveX(sys)

	type result struct {
		code string
		err  string
	}
	results := make([]result, requests)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := clients[i/(requests/families)].Do(t, book, map[string]any{"in": map[string]any{
				"slotID": created[i%slots].ID, "studentID": students[i],
			}})
			if len(r.Errors) > 0 {
				results[i] = result{code: r.Errors[0].Code(), err: r.Errors[0].Message}
			}
		}()
	}
	began := time.Now()
	close(start)
	wg.Wait()
	t.Logf("%d bookings on %s in %s", requests, apitest.Dialect(), time.Since(began))

	won, conflicts := 0, 0
	for i, r := range results {
		switch r.code {
		case "":
			won++
		case "CONFLICT":
			conflicts++
		default:
			t.Errorf("request %d: %s %s, want success or CONFLICT", i, r.code, r.err)
		}
	}
	if won != slots || conflicts != requests-slots {
		t.Errorf("%d booked and %d CONFLICT, want %d and %d", won, conflicts, slots, requests-slots)
	}
	active := c.Conference.Query().Where(conference.WindowID(window.ID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)).AllX(sys)
	if len(active) != slots {
		t.Errorf("%d conferences, want %d", len(active), slots)
	}
	perSlot := map[pulid.ID]int{}
	for _, conf := range active {
		perSlot[conf.SlotID]++
	}
	for _, sl := range c.Slot.Query().AllX(sys) {
		if perSlot[sl.ID] > sl.Capacity || sl.Booked != perSlot[sl.ID] {
			t.Errorf("slot %s: %d conferences, %d counted, capacity %d", sl.ID, perSlot[sl.ID], sl.Booked, sl.Capacity)
		}
	}
}

// TestConcurrentSlotsForOneHostNeverOverlap fires 20 createSlot mutations
// at once, over HTTP, for one host at overlapping times: exactly one slot
// is made, and every other request is told CONFLICT. (On PostgreSQL the
// overlap check would otherwise let several through: each reads before any
// inserts; the test widens that window to make the race certain, and so
// does not run in parallel with others.)
func TestConcurrentSlotsForOneHostNeverOverlap(t *testing.T) {
	hook.SlotOverlapChecked = func() { time.Sleep(20 * time.Millisecond) }
	t.Cleanup(func() { hook.SlotOverlapChecked = nil })
	const requests = 20
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	now := s.Clock.Now()
	window := c.ConferenceWindow.Create().SetSchoolID(w.Home.School.ID).SetTerm("Spring").
		SetOpensAt(now.Add(-time.Hour)).SetClosesAt(now.AddDate(0, 0, 14)).SaveX(sys)
	admin := s.As(t, w.Home.Admin)
	first := now.AddDate(0, 0, 7).Truncate(time.Hour)

	codes := make([]string, requests)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			begins := first.Add(time.Duration(i) * time.Minute)
			r := admin.Do(t, `mutation($in: CreateSlotInput!) { createSlot(input: $in) { slot { id } } }`,
				map[string]any{"in": map[string]any{"windowID": window.ID, "hostID": w.Home.Advisor.ID,
					"startsAt": begins.Format(time.RFC3339), "endsAt": begins.Add(30 * time.Minute).Format(time.RFC3339)}})
			if len(r.Errors) > 0 {
				codes[i] = r.Errors[0].Code() + ": " + r.Errors[0].Message
			}
		}()
	}
	close(start)
	wg.Wait()
	made := 0
	for i, code := range codes {
		switch {
		case code == "":
			made++
		case !strings.HasPrefix(code, "CONFLICT"):
			t.Errorf("request %d: %s, want success or CONFLICT", i, code)
		}
	}
	stored := c.Slot.Query().Where(slot.WindowID(window.ID)).CountX(sys)
	if made != 1 || stored != 1 {
		t.Errorf("%d created and %d stored for one host at overlapping times, want 1 and 1", made, stored)
	}
}
