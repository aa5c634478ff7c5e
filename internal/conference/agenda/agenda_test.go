package agenda_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/notification"
	"plp/ent/selfassessment"
	"plp/internal/conference/agenda"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

var monday = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func TestAgenda(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	s.Clock.Advance(monday.Sub(s.Clock.Now()))
	c, home := s.DB.Client, w.Home
	ctx := clock.NewContext(viewer.SystemContext(context.Background()), s.Clock.Now)
	start := monday.Add(5 * 24 * time.Hour)

	// The plan.
	c.Student.UpdateOne(home.Student).SetIdentityStatement("I build things.").SetStrengths([]string{"curiosity", "patience"}).ExecX(ctx)
	robot := c.Goal.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetArea(goal.AreaAcademic).
		SetTitle("Build a robot").SetStatus(goal.StatusActive).SetProgress(50).SetCreatedAt(monday.AddDate(0, -2, 0)).SaveX(ctx)
	c.Milestone.Create().SetGoalID(robot.ID).SetSchoolID(home.School.ID).SetTitle("Design").SetPosition(0).SetDoneAt(monday.AddDate(0, -1, 0)).ExecX(ctx)
	c.Milestone.Create().SetGoalID(robot.ID).SetSchoolID(home.School.ID).SetTitle("Wire the motors").SetPosition(1).ExecX(ctx)
	read := c.Goal.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetArea(goal.AreaPersonal).
		SetTitle("Read ten novels").SetStatus(goal.StatusActive).SetCreatedAt(monday.AddDate(0, -1, 0)).SaveX(ctx)
	c.Goal.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetArea(goal.AreaWellness).
		SetTitle("My private goal").SetStatus(goal.StatusActive).SetVisibility(goal.VisibilityPrivate).ExecX(ctx)
	ev := func(title string, on time.Time, vis evidence.Visibility) *ent.Evidence {
		return c.Evidence.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetTitle(title).
			SetKind(evidence.KindText).SetOccurredOn(on).SetVisibility(vis).AddGoalIDs(robot.ID).SaveX(ctx)
	}
	endorsed := ev("First prototype", monday.AddDate(0, -1, 0), evidence.VisibilityPartners)
	ev("Motor test video", monday.AddDate(0, 0, -3), evidence.VisibilityFamily)
	ev("Private sketch", monday.AddDate(0, 0, -1), evidence.VisibilityPrivate)
	req := c.EndorsementRequest.Create().SetSchoolID(home.School.ID).SetStudentID(home.Student.ID).SetEvidenceID(endorsed.ID).
		SetPartnerID(home.Partner.ID).SetExpiresAt(monday.AddDate(0, 1, 0)).SaveX(ctx)
	c.Endorsement.Create().SetSchoolID(home.School.ID).SetRequestID(req.ID).SetEvidenceID(endorsed.ID).SetPartnerID(home.Partner.ID).
		SetStatement("Careful, creative work.").SetIssuedAt(monday.AddDate(0, 0, -20)).ExecX(ctx)
	fw := c.Framework.Create().SetSchoolID(home.School.ID).SetName("Transferable skills").SaveX(ctx)
	skill := c.Skill.Create().SetSchoolID(home.School.ID).SetFrameworkID(fw.ID).SetCode("COMM").SetName("Clear communication").SaveX(ctx)
	c.SelfAssessment.Create().SetSchoolID(home.School.ID).SetStudentID(home.Student.ID).SetSkillID(skill.ID).
		SetLevel(selfassessment.LevelBeginning).SetTakenAt(monday.AddDate(0, -2, 0)).ExecX(ctx)
	c.SelfAssessment.Create().SetSchoolID(home.School.ID).SetStudentID(home.Student.ID).SetSkillID(skill.ID).
		SetLevel(selfassessment.LevelProficient).SetTakenAt(monday.AddDate(0, 0, -2)).ExecX(ctx)

	// The conference, with a reflection the student chose for it.
	win := c.ConferenceWindow.Create().SetSchoolID(home.School.ID).SetTerm("Fall 2026").
		SetOpensAt(monday.AddDate(0, 0, -14)).SetClosesAt(start).SaveX(ctx)
	sl := c.Slot.Create().SetSchoolID(home.School.ID).SetWindowID(win.ID).SetHostID(home.Advisor.ID).
		SetStartsAt(start).SetEndsAt(start.Add(20 * time.Minute)).SaveX(ctx)
	conf := c.Conference.Create().SetSchoolID(home.School.ID).SetStudentID(home.Student.ID).SetWindowID(win.ID).SetSlotID(sl.ID).
		AddAttendeeIDs(home.Family.ID, home.StudentAccount.ID, home.Advisor.ID).
		SetQuestions("How can we help with reading at home?\nWhat is next after the robot?").SaveX(ctx)
	c.Reflection.Create().SetSchoolID(home.School.ID).SetStudentID(home.Student.ID).SetConferenceID(conf.ID).
		SetBody("I learned to ask for help.").ExecX(ctx)

	run := func() agenda.Result {
		t.Helper()
		r, err := agenda.Run(ctx, c, agenda.Options{BaseURL: "https://plp.example"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := run(); r.Built != 1 || r.Mailed != 0 {
		t.Fatalf("five days ahead: %+v, want built, not mailed", r)
	}
	if r := run(); r.Built != 0 || r.Unchanged != 1 {
		t.Fatalf("rebuilt: %+v, want unchanged", r)
	}

	const q = `query($id: ID!) { node(id: $id) { ... on Conference { agendaItems { key kind title lines hidden } agendaText agendaHTML } } }`
	type view struct {
		Node struct {
			AgendaItems []agenda.Item
			AgendaText  string
			AgendaHTML  string
		}
	}
	var got view
	s.As(t, home.Family).MustDo(t, q, map[string]any{"id": conf.ID}, &got)
	var keys []string
	for _, it := range got.Node.AgendaItems {
		keys = append(keys, it.Key)
	}
	want := []string{"welcome", "identity", "goal:" + string(robot.ID), "goal:" + string(read.ID), "growth", "reflections", "questions", "next-steps"}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Fatalf("items %v\nwant  %v", keys, want)
	}
	robotLines := strings.Join(got.Node.AgendaItems[2].Lines, "\n")
	for _, line := range []string{"Progress: 50%", "[x] Design", "[ ] Wire the motors", "Evidence: First prototype (endorsed)\nEvidence: Motor test video"} {
		if !strings.Contains(robotLines, line) {
			t.Errorf("goal lines lack %q:\n%s", line, robotLines)
		}
	}
	for _, secret := range []string{"Private sketch", "My private goal"} {
		if strings.Contains(got.Node.AgendaText, secret) {
			t.Errorf("the agenda shows %q", secret)
		}
	}
	if !strings.Contains(got.Node.AgendaText, "Clear communication: beginning → proficient") || !strings.Contains(got.Node.AgendaText, "I learned to ask for help.") {
		t.Errorf("text:\n%s", got.Node.AgendaText)
	}
	if !strings.Contains(got.Node.AgendaHTML, "<li><strong>Goal: Build a robot</strong>") {
		t.Errorf("html: %s", got.Node.AgendaHTML)
	}

	// The student arranges it; staff may too; family and outsiders may not.
	const arrange = `mutation($id: ID!, $order: [String!]!, $hidden: [String!]) { arrangeAgenda(input: {conferenceID: $id, order: $order, hidden: $hidden}) { conference { agendaItems { key hidden } } } }`
	vars := map[string]any{"id": conf.ID, "order": []string{"welcome", "goal:" + string(read.ID)}, "hidden": []string{"identity"}}
	s.As(t, home.StudentAccount).MustDo(t, arrange, vars, nil)
	s.As(t, home.Advisor).MustDo(t, arrange, vars, nil)
	s.As(t, home.Family).MustFail(t, "NOT_FOUND", arrange, vars) // may read, may not write
	s.As(t, w.Other.Admin).MustFail(t, "NOT_FOUND", arrange, vars)
	s.As(t, home.StudentAccount).MustFail(t, "BAD_USER_INPUT", arrange, map[string]any{"id": conf.ID, "order": []string{"nope"}})
	s.As(t, home.Family).MustDo(t, q, map[string]any{"id": conf.ID}, &got)
	if got.Node.AgendaItems[1].Key != "goal:"+string(read.ID) || strings.Contains(got.Node.AgendaText, "Who I am") {
		t.Errorf("after arranging: %+v", got.Node.AgendaItems)
	}
	if r := run(); r.Unchanged != 1 {
		t.Fatalf("a rebuild lost the arrangement: %+v", r)
	}

	// 48 hours before: mailed to the three attendees, once.
	s.Clock.Advance(start.Add(-47 * time.Hour).Sub(s.Clock.Now()))
	if r := run(); r.Mailed != 3 {
		t.Fatalf("47h before: %+v, want 3 mailed", r)
	}
	if r := run(); r.Mailed != 0 {
		t.Fatalf("again: %+v, want nothing mailed", r)
	}
	// A change after sending: an update, once.
	s.As(t, home.StudentAccount).MustDo(t, arrange, map[string]any{"id": conf.ID, "order": []string{}, "hidden": []string{"identity", "growth"}}, nil)
	if r := run(); r.Mailed != 3 {
		t.Fatalf("after a change: %+v, want 3 updates", r)
	}
	if r := run(); r.Mailed != 0 {
		t.Fatalf("again: %+v", r)
	}
	kinds := map[string]int{}
	var first *ent.Notification
	for _, n := range c.Notification.Query().Where(notification.KindHasPrefix("conference_agenda")).Order(ent.Asc(notification.FieldCreatedAt)).AllX(ctx) {
		kinds[n.Kind]++
		if first == nil && n.RecipientID == home.Family.ID {
			first = n
		}
	}
	if kinds[outbox.KindConferenceAgenda] != 3 || kinds[outbox.KindConferenceAgendaUpdate] != 3 {
		t.Errorf("mail kinds %v", kinds)
	}

	// The mail shows the visible items.
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	mail, err := tpl.Render(first.Kind, "en", outbox.View{Name: home.Family.Name, Data: first.Payload})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mail.Text, "Goal: Read ten novels") || strings.Contains(mail.Text, "Who I am") || !strings.Contains(mail.HTML, "<strong>Goal: Build a robot</strong>") {
		t.Errorf("agenda mail:\n%s\n%s", mail.Text, mail.HTML)
	}
}
