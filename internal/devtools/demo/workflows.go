package demo

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/reflection"
	"plp/internal/platform/schoolcal"
)

// The demo shows every conference workflow on a fresh start (issue 19):
// siblings with different advisors booked back to back, one of them in
// two households; a Spanish-speaking family that asked for an interpreter,
// in a slot held for Spanish; families on the waitlist; last term's
// conferences, completed, with their records and the reflections written
// in them; and students whose last reflection is old enough that the
// reflection reminder fires (reflections.go: overdueEvery).
const (
	// spanishSister (Sofía) and spanishBrother (Mateo) are siblings; their
	// mother Lucía (Sofía's family account) reads Spanish and is a guardian
	// of both; Mateo's father Jorge, in another household, of Mateo only.
	spanishSister  = 49
	spanishBrother = 50
	// Every overdueEvery-th student (from the overdueFrom-th) last
	// reflected three weeks ago, past the school's 14-day cadence.
	overdueEvery, overdueFrom = 10, 7
	overdueDays               = 21
)

// waitlisted are the students whose families wait for a time.
var waitlisted = []int{12, 13}

// pastMeetings are the students who held a conference last term.
var pastMeetings = []int{0, 1, 2, 3, 4, 5}

func (s *seeder) createWorkflows(ctx context.Context) error {
	sister, brother := s.students[spanishSister], s.students[spanishBrother]
	lucia := s.families[spanishSister]
	if err := s.c.Guardianship.Create().SetStudentID(brother.ID).SetFamilyID(lucia.ID).SetRelationship("mother").
		SetCanBook(true).SetReceivesMail(true).Exec(ctx); err != nil {
		return fmt.Errorf("make %s a guardian of %s: %w", lucia.Name, brother.PreferredName, err)
	}

	// The siblings, back to back with their two advisors, both with a
	// Spanish interpreter; the sister's slot is held for Spanish until
	// five days from now.
	if err := s.c.ConferenceWindow.UpdateOneID(s.window.ID).SetInterpreterReleaseAt(s.now.AddDate(0, 0, 5)).Exec(ctx); err != nil {
		return fmt.Errorf("set the interpreter release: %w", err)
	}
	hers := s.hostSlots[spanishSister%len(s.advisors)][6]
	his := s.hostSlots[spanishBrother%len(s.advisors)][7]
	if err := s.c.Slot.UpdateOneID(hers.ID).SetInterpreterLanguage("es").Exec(ctx); err != nil {
		return fmt.Errorf("hold a slot for Spanish: %w", err)
	}
	jorge := s.families[spanishBrother]
	for _, b := range []struct {
		stu    *ent.Student
		slotID *ent.Slot
		family []*ent.Account
	}{{sister, hers, []*ent.Account{lucia}}, {brother, his, []*ent.Account{lucia, jorge}}} {
		create := s.c.Conference.Create().SetStudentID(b.stu.ID).SetWindowID(s.window.ID).SetSlotID(b.slotID.ID).
			SetStatus(conference.StatusBooked).SetInterpreterLanguage("es").SetBookedByID(lucia.ID).
			AddAttendeeIDs(b.slotID.HostID)
		for _, f := range b.family {
			create.AddAttendeeIDs(f.ID)
		}
		if b.stu.AccountID != nil {
			create.AddAttendeeIDs(*b.stu.AccountID)
		}
		if err := create.Exec(ctx); err != nil {
			return fmt.Errorf("book %s: %w", b.stu.PreferredName, err)
		}
	}

	for _, i := range waitlisted {
		if err := s.c.WaitlistEntry.Create().SetWindowID(s.window.ID).SetStudentID(s.students[i].ID).
			SetFamilyID(s.families[i].ID).Exec(ctx); err != nil {
			return fmt.Errorf("put %s on the waitlist: %w", s.students[i].PreferredName, err)
		}
	}
	return s.createPastConferences(ctx)
}

// createPastConferences holds last term's window: completed conferences
// with notes shared, next steps, both kinds of feedback, and the
// reflection each student wrote in it.
func (s *seeder) createPastConferences(ctx context.Context) error {
	then := s.now.AddDate(0, -6, 0)
	term := schoolcal.TermOf(then, s.loc).Title()
	y, m, d := then.In(s.loc).Date()
	first := time.Date(y, m, d, 15, 0, 0, 0, s.loc)
	window, err := s.c.ConferenceWindow.Create().SetSchoolID(s.school.ID).SetTerm(term).
		SetOpensAt(first.AddDate(0, 0, -14)).SetClosesAt(first.AddDate(0, 0, 2)).
		SetSlotMinutes(slotMinutes).SetBufferMinutes(bufferMinutes).SetLocation(schoolName + ", advisory rooms").
		Save(ctx)
	if err != nil {
		return fmt.Errorf("create last term's window: %w", err)
	}
	for k, i := range pastMeetings {
		stu := s.students[i]
		at := first.Add(time.Duration(k) * (slotMinutes + bufferMinutes) * time.Minute)
		sl, err := s.c.Slot.Create().SetWindowID(window.ID).SetHostID(*stu.AdvisorID).
			SetStartsAt(at).SetEndsAt(at.Add(slotMinutes * time.Minute)).Save(ctx)
		if err != nil {
			return fmt.Errorf("create last term's slot: %w", err)
		}
		r := pastRecords[k%len(pastRecords)]
		conf, err := s.c.Conference.Create().SetStudentID(stu.ID).SetWindowID(window.ID).SetSlotID(sl.ID).
			SetStatus(conference.StatusCompleted).SetNotes(r.notes).SetNotesShared(true).SetNextSteps(r.nextSteps).
			SetFamilyFeedback(r.family).SetStudentFeedback(r.student).
			AddAttendeeIDs(s.families[i].ID, *stu.AdvisorID).
			SetCreatedAt(at.AddDate(0, 0, -7)).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("record %s's conference: %w", stu.PreferredName, err)
		}
		written := at.Add(time.Hour)
		if err := s.c.Reflection.Create().SetStudentID(stu.ID).SetConferenceID(conf.ID).
			SetSource(reflection.SourceConference).SetPrompt("What did you learn leading your conference?").
			SetBody(r.reflection).SetCreatedAt(written).SetUpdatedAt(written).Exec(ctx); err != nil {
			return fmt.Errorf("write %s's conference reflection: %w", stu.PreferredName, err)
		}
	}
	return nil
}

// pastRecords are what last term's conferences left behind.
var pastRecords = []struct{ notes, nextSteps, family, student, reflection string }{
	{"Led with confidence; showed the robotics log and the reading goal.", "Finish the internship application by March.",
		"We had no idea how much she had done. Thank you.", "I was nervous but I showed everything I planned.",
		"Showing my log made me see how far the robot came. I want to plan my next goal the same way."},
	{"Talked about the job at the farm stand and saving for a truck.", "Try one dual-enrollment class.",
		"Good to hear his plans in his own words.", "It went faster than I thought.",
		"I explained why I want to work outdoors. Next time I will bring my budget sheet."},
	{"Shared the community garden project; her mother asked about college visits.", "Visit two colleges in the spring.",
		"The interpreter helped a lot.", "I liked showing the garden photos.",
		"My mom understood my project better with the interpreter. I want to visit colleges."},
}
