package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"plp/internal/platform/clock"
	"plp/web/gql"
	"plp/web/locale"
)

// The family's pages: their children with what needs doing, booking a
// conference, their conferences (move, cancel), the waitlist.

type homeChild struct {
	ID, Name, School, Advisor string
	Zone                      string
	Review                    bool
	NewComments               int
	Conferences               []homeConference
	ToBook, Later             []homeWindow
}

type homeConference struct {
	ID, When, With string
}

type homeWindow struct {
	ID, Term, Opens, Closes string
}

func (a *App) home(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	if isStudent(s.me) {
		a.studentHome(w, r, s)
		return
	}
	now := clock.Now(r.Context())
	out, err := gql.FamilyHome(s.ctx, a.api, now)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var children []homeChild
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		st := e.Node
		p := s.p.In(st.School.Timezone)
		c := homeChild{ID: st.Id, Name: st.PreferredName, School: st.School.Name, Zone: st.School.Timezone}
		if st.Advisor != nil {
			c.Advisor = st.Advisor.Name
		}
		booked := map[string]bool{}
		for _, ce := range st.Conferences.Edges {
			if ce == nil || ce.Node == nil {
				continue
			}
			conf := ce.Node
			booked[conf.WindowID] = true
			if conf.Slot.EndsAt.Before(now) {
				continue
			}
			c.Conferences = append(c.Conferences, homeConference{ID: conf.Id, When: p.DateTime(conf.Slot.StartsAt), With: conf.Slot.Host.Name})
		}
		for _, we := range out.ConferenceWindows.Edges {
			if we == nil || we.Node == nil || we.Node.SchoolID != st.School.Id || booked[we.Node.Id] {
				continue
			}
			win := homeWindow{ID: we.Node.Id, Term: we.Node.Term, Opens: p.DateTime(we.Node.OpensAt), Closes: p.DateTime(we.Node.ClosesAt)}
			if we.Node.OpensAt.After(now) {
				c.Later = append(c.Later, win)
			} else if c.Advisor != "" {
				c.ToBook = append(c.ToBook, win)
			}
		}
		children = append(children, c)
	}
	if err := a.familyTasks(s, now, children); err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	v := a.view(r, s, "HomeTitle", children)
	switch r.URL.Query().Get("done") {
	case "cancelled":
		v.Notice = s.p.T("ConferenceCancelled")
	case "waitlist":
		v.Notice = s.p.T("WaitlistJoined")
	case "left":
		v.Notice = s.p.T("WaitlistLeft")
	}
	a.render(w, http.StatusOK, "home", v)
}

// slotChoice is one free time.
type slotChoice struct {
	ID, Label, Long string
	Checked         bool
}

type slotDay struct {
	Label string
	Slots []slotChoice
}

type langOption struct {
	Tag, Name string
	Selected  bool
}

// interpreterLanguages are offered on the booking form, each in its own
// language; the API takes any language tag.
var interpreterLanguages = []langOption{
	{Tag: "es", Name: "Español"}, {Tag: "ne", Name: "नेपाली"}, {Tag: "so", Name: "Soomaali"},
	{Tag: "ar", Name: "العربية"}, {Tag: "zh", Name: "中文"}, {Tag: "vi", Name: "Tiếng Việt"},
	{Tag: "fr", Name: "Français"}, {Tag: "pt", Name: "Português"}, {Tag: "sw", Name: "Kiswahili"},
	{Tag: "uk", Name: "Українська"}, {Tag: "ht", Name: "Kreyòl ayisyen"}, {Tag: "ASL", Name: "ASL"},
}

type bookData struct {
	Child, Advisor, Term                  string
	StudentID, WindowID                   string
	Action, PollURL, Submit               string
	Days                                  []slotDay
	Interpreter, Accommodation, Questions string
	Private                               bool
	Languages                             []langOption
	Waiting                               *waitingView
	Moving                                bool
	ConferenceID                          string
}

type waitingView struct {
	ID, Status, OfferedSlot, OfferedLabel, Expires string
}

// byDay groups the slots (bookableSlots: free ones only) by day, in the
// school's zone, marking the chosen one.
func byDay(p *locale.Printer, slots []gql.BookableSlot, chosen string) []slotDay {
	var days []slotDay
	last := ""
	for _, sl := range slots {
		day := p.Day(sl.StartsAt)
		if day != last {
			days = append(days, slotDay{Label: p.Date(sl.StartsAt)})
			last = day
		}
		d := &days[len(days)-1]
		d.Slots = append(d.Slots, slotChoice{ID: sl.Id, Label: p.Time(sl.StartsAt) + " – " + p.Time(sl.EndsAt),
			Long: p.Date(sl.StartsAt) + ", " + p.Time(sl.StartsAt), Checked: sl.Id == chosen})
	}
	return days
}

// child loads the student and their advisor, the host families book with.
func (a *App) child(s *session, id string) (*gql.ChildChildStudent, error) {
	out, err := gql.Child(s.ctx, a.api, id)
	if err != nil {
		return nil, err
	}
	if out.Child == nil {
		return nil, nil
	}
	st, ok := (*out.Child).(*gql.ChildChildStudent)
	if !ok {
		return nil, nil
	}
	return st, nil
}

// bookPage is the booking page; with partial (the list alone, which the
// page's htmx asks for every few seconds) it is just the free times, so
// times others take vanish from an open page.
func (a *App) bookPage(w http.ResponseWriter, r *http.Request) {
	a.bookView(w, r, false)
}

func (a *App) slotList(w http.ResponseWriter, r *http.Request) {
	a.bookView(w, r, true)
}

func (a *App) bookView(w http.ResponseWriter, r *http.Request, partial bool) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	d, status, err := a.bookData(r, s, r.URL.Query().Get("slot"))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	if d == nil {
		a.fail(w, r, status, "ErrorNotFound")
		return
	}
	v := a.view(r, s, "BookTitle", d)
	if partial {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := a.pages["book"].ExecuteTemplate(w, "slots", v); err != nil {
			a.log.Error("render slots", "err", err)
		}
		return
	}
	a.render(w, http.StatusOK, "book", v)
}

func (a *App) bookData(r *http.Request, s *session, chosen string) (*bookData, int, error) {
	studentID, windowID := r.PathValue("student"), r.PathValue("window")
	st, err := a.child(s, studentID)
	if err != nil || st == nil || st.Advisor == nil {
		return nil, http.StatusNotFound, err
	}
	s.p = s.p.In(st.School.Timezone)
	out, err := gql.BookingPage(s.ctx, a.api, windowID, st.Id)
	if err != nil {
		return nil, 0, err
	}
	if out.Window == nil {
		return nil, http.StatusNotFound, nil
	}
	win, ok := (*out.Window).(*gql.BookingPageWindowConferenceWindow)
	if !ok {
		return nil, http.StatusNotFound, nil
	}
	slots := make([]gql.BookableSlot, len(out.BookableSlots))
	for i, sl := range out.BookableSlots {
		slots[i] = sl.BookableSlot
	}
	d := &bookData{
		Child: st.PreferredName, Advisor: st.Advisor.Name, Term: win.Term,
		StudentID: st.Id, WindowID: win.Id,
		Action:  "/book/" + st.Id + "/" + win.Id,
		PollURL: "/book/" + st.Id + "/" + win.Id + "/slots",
		Days:    byDay(s.p, slots, chosen),
		Submit:  s.p.T("BookSubmit"),
	}
	d.Languages = languages(r.PostFormValue("interpreter"))
	for _, e := range out.Waitlist {
		if e.StudentID != st.Id {
			continue
		}
		wv := &waitingView{ID: e.Id, Status: string(e.Status)}
		if e.OfferedSlot != nil && e.OfferExpiresAt != nil {
			wv.OfferedSlot = e.OfferedSlot.Id
			wv.OfferedLabel = s.p.DateTime(e.OfferedSlot.StartsAt)
			wv.Expires = s.p.DateTime(*e.OfferExpiresAt)
		}
		d.Waiting = wv
	}
	return d, http.StatusOK, nil
}

// languageName names a language tag in its own language, where the form
// offers it.
func languageName(tag string) string {
	for _, l := range interpreterLanguages {
		if l.Tag == tag {
			return l.Name
		}
	}
	return tag
}

func languages(chosen string) []langOption {
	out := make([]langOption, len(interpreterLanguages))
	copy(out, interpreterLanguages)
	for i := range out {
		out[i].Selected = out[i].Tag == chosen
	}
	return out
}

func optional(s string) *string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return &s
}

func (a *App) book(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	slot := r.PostFormValue("slot")
	var fe FieldError
	if slot == "" {
		fe = FieldError{Field: "slot", Message: s.p.T("BookChooseTime")}
	} else {
		private := r.PostFormValue("private") == "on"
		out, err := gql.BookConference(s.ctx, a.api, gql.BookConferenceInput{
			SlotID: slot, StudentID: r.PathValue("student"),
			InterpreterLanguage: optional(r.PostFormValue("interpreter")),
			Accommodations:      optional(r.PostFormValue("accommodations")),
			Questions:           optional(r.PostFormValue("questions")),
			QuestionsPrivate:    &private,
		})
		if err == nil {
			http.Redirect(w, r, "/conferences/"+out.BookConference.Conference.Id+"?done=booked", http.StatusSeeOther)
			return
		}
		code, e := apiError(err)
		if code != "CONFLICT" && code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe = e
		if fe.Field == "" || fe.Field == "slotID" {
			fe.Field = "slot"
		}
	}
	d, status, err := a.bookData(r, s, slot)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	if d == nil {
		a.fail(w, r, status, "ErrorNotFound")
		return
	}
	d.Accommodation, d.Questions, d.Private = r.PostFormValue("accommodations"), r.PostFormValue("questions"), r.PostFormValue("private") == "on"
	v := a.view(r, s, "BookTitle", d)
	v.Errors = []FieldError{fe}
	a.render(w, http.StatusConflict, "book", v)
}

// act is a form that runs one operation and sends the person on to the
// page next names.
func (a *App) act(op func(s *session, r *http.Request) error, next func(r *http.Request) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := a.signedIn(w, r)
		if s == nil {
			return
		}
		if err := op(s, r); err != nil {
			a.apiFailure(w, r, s, err)
			return
		}
		http.Redirect(w, r, next(r), http.StatusSeeOther)
	}
}

func (a *App) joinWaitlist() http.HandlerFunc {
	return a.act(func(s *session, r *http.Request) error {
		_, err := gql.JoinWaitlist(s.ctx, a.api, r.PostFormValue("window"), r.PostFormValue("student"))
		return err
	}, func(r *http.Request) string {
		return "/book/" + r.PostFormValue("student") + "/" + r.PostFormValue("window") + "?done=waitlist"
	})
}

func (a *App) leaveWaitlist() http.HandlerFunc {
	return a.act(func(s *session, r *http.Request) error {
		_, err := gql.LeaveWaitlist(s.ctx, a.api, r.PathValue("id"))
		return err
	}, func(*http.Request) string { return "/?done=left" })
}

// conferenceView is a conference as its pages say it.
type conferenceView struct {
	ID, Child, With, Date, Time, Term string
	Where, Video, Interpreter         string
	Accommodations, Questions, Agenda string
	Status                            string
	Active, Changeable                bool
	SchoolID, FeedURL, WebcalURL      string
	StudentID, WindowID               string
	AgendaItems                       []agendaItem
}

// agendaItem is a part of the agenda the student prepared, as attendees
// get it (hidden items left out).
type agendaItem struct {
	Title string
	Lines []string
}

func (a *App) conferenceOf(p *locale.Printer, now time.Time, child string, c *gql.ConferenceDetail) conferenceView {
	v := conferenceView{
		ID: c.Id, Child: child, With: c.Slot.Host.Name, Term: c.Window.Term,
		Date: p.Date(c.Slot.StartsAt), Time: p.Time(c.Slot.StartsAt) + " – " + p.Time(c.Slot.EndsAt),
		Where: deref(c.Slot.Location), Video: deref(c.Slot.VideoURL), Interpreter: languageName(deref(c.InterpreterLanguage)),
		Accommodations: deref(c.Accommodations), Questions: deref(c.Questions), Agenda: deref(c.Agenda),
		Status:    p.T("Status" + string(c.Status)),
		Active:    c.Status == gql.ConferenceStatusBooked || c.Status == gql.ConferenceStatusConfirmed,
		StudentID: c.StudentID, WindowID: c.WindowID,
	}
	cutoff := c.Slot.StartsAt.Add(-time.Duration(c.Window.CancelCutoffHours) * time.Hour)
	v.Changeable = v.Active && now.Before(cutoff)
	return v
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (a *App) conferences(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	out, err := gql.MyConferences(s.ctx, a.api)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	now := clock.Now(r.Context())
	var upcoming, past []conferenceView
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		p := s.p.In(e.Node.School.Timezone)
		for _, ce := range e.Node.Conferences.Edges {
			if ce == nil || ce.Node == nil {
				continue
			}
			c := a.conferenceOf(p, now, e.Node.PreferredName, &ce.Node.ConferenceDetail)
			if c.Active && ce.Node.Slot.EndsAt.After(now) {
				upcoming = append(upcoming, c)
			} else {
				past = append(past, c)
			}
		}
	}
	waiting, err := a.waiting(s)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	a.render(w, http.StatusOK, "conferences", a.view(r, s, "ConferencesTitle", map[string]any{"Upcoming": upcoming, "Past": past, "Waiting": waiting}))
}

// loadConference reads one conference for its pages.
func (a *App) loadConference(w http.ResponseWriter, r *http.Request, s *session) (*gql.ConferenceNodeConference, bool) {
	out, err := gql.Conference(s.ctx, a.api, r.PathValue("id"))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return nil, false
	}
	if out.Node == nil {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return nil, false
	}
	c, ok := (*out.Node).(*gql.ConferenceNodeConference)
	if !ok {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return nil, false
	}
	s.p = s.p.In(c.Student.School.Timezone)
	return c, true
}

func (a *App) conference(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	c, ok := a.loadConference(w, r, s)
	if !ok {
		return
	}
	cv := a.conferenceOf(s.p, clock.Now(r.Context()), c.Student.PreferredName, &c.ConferenceDetail)
	cv.SchoolID = c.Student.School.Id
	ag, err := gql.ConferenceAgenda(s.ctx, a.api, c.Id)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	if ag.Node != nil {
		if n, ok := (*ag.Node).(*gql.ConferenceAgendaNodeConference); ok {
			for _, it := range n.AgendaItems {
				if !it.Hidden {
					cv.AgendaItems = append(cv.AgendaItems, agendaItem{Title: it.Title, Lines: it.Lines})
				}
			}
		}
	}
	v := a.view(r, s, "ConferenceTitle", cv)
	switch r.URL.Query().Get("done") {
	case "booked":
		v.Notice = s.p.T("ConferenceBooked")
	case "moved":
		v.Notice = s.p.T("ConferenceMoved")
	}
	a.render(w, http.StatusOK, "conference", v)
}

// invite is "add to my calendar": the conference's iCalendar invite.
func (a *App) invite(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	out, err := gql.ConferenceInvite(s.ctx, a.api, r.PathValue("id"))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	if out.Node == nil {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	c, ok := (*out.Node).(*gql.ConferenceInviteNodeConference)
	if !ok {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="conference.ics"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(c.Invite))
}

func (a *App) movePage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	a.renderMove(w, r, s, http.StatusOK, "", nil)
}

func (a *App) renderMove(w http.ResponseWriter, r *http.Request, s *session, status int, chosen string, errs []FieldError) {
	c, ok := a.loadConference(w, r, s)
	if !ok {
		return
	}
	out, err := gql.SlotsOf(s.ctx, a.api, c.WindowID, c.StudentID)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	slots := make([]gql.BookableSlot, 0, len(out.BookableSlots))
	for _, sl := range out.BookableSlots {
		if sl.Id != c.Slot.Id {
			slots = append(slots, sl.BookableSlot)
		}
	}
	d := &bookData{
		Child: c.Student.PreferredName, Advisor: c.Slot.Host.Name, Term: c.Window.Term,
		StudentID: c.StudentID, WindowID: c.WindowID, ConferenceID: c.Id, Moving: true,
		Action: "/conferences/" + c.Id + "/move",
		Days:   byDay(s.p, slots, chosen),
		Submit: s.p.T("MoveSubmit"),
	}
	v := a.view(r, s, "MoveTitle", d)
	v.Errors = errs
	a.render(w, status, "book", v)
}

func (a *App) move(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	slot := r.PostFormValue("slot")
	if slot == "" {
		a.renderMove(w, r, s, http.StatusUnprocessableEntity, "", []FieldError{{Field: "slot", Message: s.p.T("BookChooseTime")}})
		return
	}
	if _, err := gql.MoveConference(s.ctx, a.api, r.PathValue("id"), slot); err != nil {
		code, fe := apiError(err)
		if code != "CONFLICT" && code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe.Field = "slot"
		a.renderMove(w, r, s, http.StatusConflict, slot, []FieldError{fe})
		return
	}
	http.Redirect(w, r, "/conferences/"+r.PathValue("id")+"?done=moved", http.StatusSeeOther)
}

func (a *App) cancelPage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	c, ok := a.loadConference(w, r, s)
	if !ok {
		return
	}
	cv := a.conferenceOf(s.p, clock.Now(r.Context()), c.Student.PreferredName, &c.ConferenceDetail)
	a.render(w, http.StatusOK, "cancel", a.view(r, s, "CancelTitle", cv))
}

func (a *App) cancel() http.HandlerFunc {
	return a.act(func(s *session, r *http.Request) error {
		_, err := gql.CancelConference(s.ctx, a.api, r.PathValue("id"))
		return err
	}, func(*http.Request) string { return "/?done=cancelled" })
}

// calendarFeed makes a calendar feed of the person's conferences and shows
// its address, to paste into a calendar app.
func (a *App) calendarFeed(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	out, err := gql.CreateCalendarFeed(s.ctx, a.api, r.PostFormValue("school"))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	feed, webcal := deref(out.CreateCalendarFeed.Url), deref(out.CreateCalendarFeed.WebcalURL)
	// webcal: is not a scheme html/template trusts; the API builds this
	// one from the configured public URL.
	a.render(w, http.StatusOK, "feed", a.view(r, s, "FeedTitle", map[string]any{"URL": feed, "Webcal": template.URL(webcal)}))
}
