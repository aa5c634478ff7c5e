package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"plp/internal/platform/clock"
	"plp/web/gql"
	"plp/web/static"
)

// The student's pages, part A: their home (about me, sections, theme and
// cover image), goals with milestones and progress, reflections, the
// timeline, and adding evidence from a phone. Like every page they read
// and write only through the API, as the student; the API decides what a
// student may change.

func (a *App) studentRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /me/edit", a.aboutMePage)
	mux.HandleFunc("POST /me/edit", a.saveAboutMe)
	mux.HandleFunc("POST /me/theme", a.setTheme())
	mux.HandleFunc("POST /me/cover", a.setCover)
	mux.HandleFunc("POST /me/cover/remove", a.clearCover())
	mux.HandleFunc("POST /me/sections", a.addSection)
	mux.HandleFunc("POST /me/sections/{id}/delete", a.deleteSection())
	mux.HandleFunc("GET /goals", a.goalsPage)
	mux.HandleFunc("GET /goals/new", a.newGoalPage)
	mux.HandleFunc("POST /goals/new", a.createGoal)
	mux.HandleFunc("GET /goals/{id}", a.goalPage)
	mux.HandleFunc("POST /goals/{id}/progress", a.setProgress)
	mux.HandleFunc("POST /goals/{id}/milestones", a.addMilestone)
	mux.HandleFunc("POST /goals/{id}/milestones/{milestone}/done", a.milestoneDone(true))
	mux.HandleFunc("POST /goals/{id}/milestones/{milestone}/undo", a.milestoneDone(false))
	mux.HandleFunc("GET /reflections/new", a.reflectionPage)
	mux.HandleFunc("POST /reflections/new", a.writeReflection)
	mux.HandleFunc("GET /timeline", a.timeline)
	mux.HandleFunc("GET /evidence/new", a.evidencePage)
	mux.HandleFunc("POST /evidence/new", a.addEvidence)
}

// isStudent says whether the signed-in person is a student somewhere: the
// home page and the menu are then the student's.
func isStudent(me *gql.MeResponse) bool {
	if me == nil {
		return false
	}
	return slices.ContainsFunc(me.Viewer.Memberships, func(m gql.MeViewerMembershipsMembership) bool {
		return m.Role == gql.MembershipRoleStudent
	})
}

// me is the student record of the signed-in student.
type me struct {
	ID, Name, SchoolID string
}

// student returns the session and the student record of the signed-in
// student, with dates in their school's zone, or answers the request
// itself (sign in, not found) and returns nil.
func (a *App) student(w http.ResponseWriter, r *http.Request) (*session, *me) {
	s := a.signedIn(w, r)
	if s == nil {
		return nil, nil
	}
	out, err := gql.MyStudent(s.ctx, a.api, s.me.Viewer.Account.Id)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return nil, nil
	}
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		s.p = s.p.In(e.Node.School.Timezone)
		return s, &me{ID: e.Node.Id, Name: e.Node.PreferredName, SchoolID: e.Node.School.Id}
	}
	a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
	return nil, nil
}

// studentAct is a form of the student's that runs one operation and moves
// on to the page next names.
func (a *App) studentAct(op func(s *session, st *me, r *http.Request) error, next string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, st := a.student(w, r)
		if s == nil {
			return
		}
		if err := op(s, st, r); err != nil {
			a.apiFailure(w, r, s, err)
			return
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// lines splits a text area into its non-empty lines.
func lines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Themes are the colour themes of a student's home (the API's list).
var Themes = []string{"default", "ocean", "forest", "sunset", "night", "paper"}

type option struct {
	Value, Label string
	Selected     bool
}

func options(values []string, chosen string, label func(string) string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: v, Label: label(v), Selected: v == chosen}
	}
	return out
}

type sectionView struct {
	ID, Title string
	Texts     []string
	Links     []option // Value is the address, Label the text
}

type homeView struct {
	StudentID, Name, Pronouns, School  string
	Identity, Learning, Cover, Theme   string
	Strengths, Interests               []string
	Sections                           []sectionView
	Themes                             []option
	SectionTitle, SectionText          string
	HasAboutMe                         bool
	GoalsURL, TimelineURL, EvidenceURL string
	ReflectionURL, EditURL             string
}

// studentHome is / for a student: about me, their sections, their theme
// and cover image, and the way to everything else.
func (a *App) studentHome(w http.ResponseWriter, r *http.Request, s *session) {
	a.renderHome(w, r, s, http.StatusOK, nil, "", "")
}

func (a *App) renderHome(w http.ResponseWriter, r *http.Request, s *session, status int, errs []FieldError, title, text string) {
	st := a.homeOf(w, r, s)
	if st == nil {
		return
	}
	s.p = s.p.In(st.School.Timezone)
	h := homeView{
		StudentID: st.Id, Name: st.PreferredName, Pronouns: deref(st.Pronouns), School: st.School.Name,
		Identity: deref(st.IdentityStatement), Learning: deref(st.LearningPreferences),
		Cover: deref(st.CoverImageURL), Theme: st.Theme, Strengths: st.Strengths, Interests: st.Interests,
		SectionTitle: title, SectionText: text,
	}
	if !slices.Contains(Themes, h.Theme) {
		h.Theme = "default"
	}
	h.HasAboutMe = h.Identity != "" || h.Learning != "" || len(h.Strengths) > 0 || len(h.Interests) > 0
	h.Themes = options(Themes, h.Theme, func(t string) string { return s.p.T("StudentTheme_" + t) })
	sections := slices.Clone(st.Sections)
	slices.SortStableFunc(sections, func(x, y gql.StudentHomeStudentsStudentConnectionEdgesStudentEdgeNodeStudentSectionsSection) int {
		return x.Position - y.Position
	})
	for _, sec := range sections {
		sv := sectionView{ID: sec.Id, Title: sec.Title}
		for _, b := range sec.Blocks {
			switch b.Kind {
			case "text":
				sv.Texts = append(sv.Texts, deref(b.Text))
			case "link":
				if u := deref(b.Url); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
					label := deref(b.Text)
					if label == "" {
						label = u
					}
					sv.Links = append(sv.Links, option{Value: u, Label: label})
				}
			}
		}
		h.Sections = append(h.Sections, sv)
	}
	v := a.view(r, s, "StudentHomeTitle", h)
	v.Errors = errs
	v.Notice = a.studentNotice(s, r)
	a.render(w, status, "student_home", v)
}

// studentNotices are the messages that say what the form before a page
// did, by the page's ?done=.
var studentNotices = map[string]string{
	"about": "StudentAboutSaved", "theme": "StudentThemeSaved", "cover": "StudentCoverSaved",
	"section": "StudentSectionAdded", "section-removed": "StudentSectionRemoved",
	"goal": "StudentGoalCreated", "progress": "StudentProgressSaved", "milestone": "StudentMilestoneSaved",
	"reflection": "StudentReflectionSaved", "evidence": "StudentEvidenceAdded",
}

// studentNotice says what the form before this page did.
func (a *App) studentNotice(s *session, r *http.Request) string {
	if id, ok := studentNotices[r.URL.Query().Get("done")]; ok {
		return s.p.T(id)
	}
	return ""
}

// homeOf loads the signed-in student's home, or answers the request
// itself and returns nil.
func (a *App) homeOf(w http.ResponseWriter, r *http.Request, s *session) *gql.StudentHomeStudentsStudentConnectionEdgesStudentEdgeNodeStudent {
	out, err := gql.StudentHome(s.ctx, a.api, s.me.Viewer.Account.Id)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return nil
	}
	if len(out.Students.Edges) == 0 || out.Students.Edges[0] == nil || out.Students.Edges[0].Node == nil {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return nil
	}
	return out.Students.Edges[0].Node
}

type aboutForm struct {
	Name, Pronouns, Identity, Strengths, Interests, Learning string
}

func (a *App) aboutMePage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	st := a.homeOf(w, r, s)
	if st == nil {
		return
	}
	f := aboutForm{
		Name: st.PreferredName, Pronouns: deref(st.Pronouns), Identity: deref(st.IdentityStatement),
		Strengths: strings.Join(st.Strengths, "\n"), Interests: strings.Join(st.Interests, "\n"),
		Learning: deref(st.LearningPreferences),
	}
	a.render(w, http.StatusOK, "student_about", a.view(r, s, "StudentAboutTitle", f))
}

// text is a form field for an optional profile text: the text, or, when
// it is empty, the flag that clears it.
func text(v string) (*string, *bool) {
	if v = strings.TrimSpace(v); v == "" {
		yes := true
		return nil, &yes
	}
	return &v, nil
}

func (a *App) saveAboutMe(w http.ResponseWriter, r *http.Request) {
	s, st := a.student(w, r)
	if s == nil {
		return
	}
	f := aboutForm{
		Name: strings.TrimSpace(r.PostFormValue("name")), Pronouns: r.PostFormValue("pronouns"),
		Identity: r.PostFormValue("identity"), Strengths: r.PostFormValue("strengths"),
		Interests: r.PostFormValue("interests"), Learning: r.PostFormValue("learning"),
	}
	var errs []FieldError
	if f.Name == "" {
		errs = append(errs, FieldError{Field: "name", Message: s.p.T("StudentNameMissing")})
	} else {
		in := gql.UpdateStudentInput{PreferredName: &f.Name}
		in.Pronouns, in.ClearPronouns = text(f.Pronouns)
		in.IdentityStatement, in.ClearIdentityStatement = text(f.Identity)
		in.LearningPreferences, in.ClearLearningPreferences = text(f.Learning)
		if in.Strengths = lines(f.Strengths); in.Strengths == nil {
			in.ClearStrengths = new(true)
		}
		if in.Interests = lines(f.Interests); in.Interests == nil {
			in.ClearInterests = new(true)
		}
		_, err := gql.UpdateAboutMe(s.ctx, a.api, st.ID, in)
		if err == nil {
			http.Redirect(w, r, "/?done=about", http.StatusSeeOther)
			return
		}
		code, fe := apiError(err)
		if code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		errs = append(errs, aboutField(fe))
	}
	v := a.view(r, s, "StudentAboutTitle", f)
	v.Errors = errs
	a.render(w, http.StatusUnprocessableEntity, "student_about", v)
}

// formField puts an API error beside its form field: fields maps the
// API's input fields to the form's; any other goes beside fallback.
func formField(fe FieldError, fallback string, fields map[string]string) FieldError {
	if f, ok := fields[fe.Field]; ok {
		fe.Field = f
	} else {
		fe.Field = fallback
	}
	return fe
}

// aboutField names the form field of an API error about the profile.
func aboutField(fe FieldError) FieldError {
	return formField(fe, "name", map[string]string{"preferredName": "name", "identityStatement": "identity",
		"learningPreferences": "learning", "pronouns": "pronouns", "strengths": "strengths", "interests": "interests"})
}

func (a *App) setTheme() http.HandlerFunc {
	return a.studentAct(func(s *session, st *me, r *http.Request) error {
		_, err := gql.SetHomeTheme(s.ctx, a.api, st.ID, r.PostFormValue("theme"))
		return err
	}, "/?done=theme")
}

func (a *App) clearCover() http.HandlerFunc {
	return a.studentAct(func(s *session, st *me, r *http.Request) error {
		_, err := gql.ClearCoverImage(s.ctx, a.api, st.ID)
		return err
	}, "/?done=cover")
}

func (a *App) deleteSection() http.HandlerFunc {
	return a.studentAct(func(s *session, st *me, r *http.Request) error {
		_, err := gql.DeleteSection(s.ctx, a.api, r.PathValue("id"))
		return err
	}, "/?done=section-removed")
}

func (a *App) addSection(w http.ResponseWriter, r *http.Request) {
	s, st := a.student(w, r)
	if s == nil {
		return
	}
	title, body := strings.TrimSpace(r.PostFormValue("title")), strings.TrimSpace(r.PostFormValue("text"))
	var fe FieldError
	if title == "" {
		fe = FieldError{Field: "section-title", Message: s.p.T("StudentSectionTitleMissing")}
	} else {
		in := gql.CreateHomeSectionInput{StudentID: st.ID, Title: title}
		if body != "" {
			in.Blocks = []gql.ContentBlockInput{{Kind: "text", Text: &body}}
		}
		_, err := gql.CreateSection(s.ctx, a.api, in)
		if err == nil {
			http.Redirect(w, r, "/?done=section", http.StatusSeeOther)
			return
		}
		code, e := apiError(err)
		if code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe = FieldError{Field: "section-text", Message: e.Message}
		if e.Field == "title" {
			fe.Field = "section-title"
		}
	}
	a.renderHome(w, r, s, http.StatusUnprocessableEntity, []FieldError{fe}, title, body)
}

// upload reads the one file of a multipart form (the first of fields that
// has one), at most maxUpload bytes in all. A form without a file gives a
// nil header; a body over the limit gives errTooLarge.
func (a *App) upload(w http.ResponseWriter, r *http.Request, fields ...string) (multipart.File, *multipart.FileHeader, error) {
	r.Body = http.MaxBytesReader(w, r.Body, a.maxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, nil, errTooLarge
		}
		return nil, nil, err
	}
	for _, field := range fields {
		f, h, err := r.FormFile(field)
		if errors.Is(err, http.ErrMissingFile) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if h.Size > 0 {
			return f, h, nil
		}
		f.Close()
	}
	return nil, nil, nil
}

var errTooLarge = errors.New("upload too large")

// uploadError is the message beside a file field for a failed upload.
func (a *App) uploadError(s *session, err error) string {
	if errors.Is(err, errTooLarge) {
		return s.p.T("StudentFileTooLarge", map[string]any{"MB": a.maxUpload >> 20})
	}
	return s.p.T("StudentFileUnreadable")
}

func (a *App) setCover(w http.ResponseWriter, r *http.Request) {
	s, st := a.student(w, r)
	if s == nil {
		return
	}
	f, h, err := a.upload(w, r, "cover")
	var fe FieldError
	switch {
	case err != nil:
		fe = FieldError{Field: "cover", Message: a.uploadError(s, err)}
	case h == nil:
		fe = FieldError{Field: "cover", Message: s.p.T("StudentCoverMissing")}
	default:
		defer f.Close()
		_, err := gql.SetCoverImage(s.ctx, a.api, st.ID, gql.Upload{Name: h.Filename, Body: f})
		if err == nil {
			http.Redirect(w, r, "/?done=cover", http.StatusSeeOther)
			return
		}
		code, e := apiError(err)
		if code != "BAD_USER_INPUT" && code != "LIMIT_EXCEEDED" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe = FieldError{Field: "cover", Message: e.Message}
	}
	a.renderHome(w, r, s, http.StatusUnprocessableEntity, []FieldError{fe}, "", "")
}

// Goals.

var goalAreas = []string{"ACADEMIC", "CAREER", "PERSONAL", "CIVIC", "WELLNESS"}

var visibilities = []string{"PRIVATE", "SCHOOL", "FAMILY", "PARTNERS"}

type milestoneView struct {
	ID, Title, Due string
	Done           bool
}

type goalView struct {
	ID, Title, Area, Why, Success, Status, Visibility, Target string
	Progress                                                  int
	Milestones                                                []milestoneView
	DoneCount                                                 int
}

func (a *App) goalOf(s *session, g *gql.GoalDetail) goalView {
	v := goalView{
		ID: g.Id, Title: g.Title, Why: deref(g.Why), Success: deref(g.SuccessCriteria),
		Area:       s.p.T("StudentArea_" + string(g.Area)),
		Status:     s.p.T("StudentGoalStatus_" + string(g.Status)),
		Visibility: s.p.T("StudentVisibility_" + string(g.Visibility)),
		Progress:   g.Progress,
	}
	if g.Area == gql.GoalAreaSchool && g.AreaName != nil {
		v.Area = *g.AreaName
	}
	if g.TargetDate != nil {
		v.Target = s.p.Date(*g.TargetDate)
	}
	ms := slices.Clone(g.Milestones)
	slices.SortStableFunc(ms, func(x, y gql.GoalDetailMilestonesMilestone) int { return x.Position - y.Position })
	for _, m := range ms {
		mv := milestoneView{ID: m.Id, Title: m.Title, Done: m.DoneAt != nil}
		if m.Due != nil {
			mv.Due = s.p.Date(*m.Due)
		}
		if mv.Done {
			v.DoneCount++
		}
		v.Milestones = append(v.Milestones, mv)
	}
	return v
}

func (a *App) goalsPage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	out, err := gql.StudentGoals(s.ctx, a.api, s.me.Viewer.Account.Id)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var goals []goalView
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		s.p = s.p.In(e.Node.School.Timezone)
		for _, ge := range e.Node.Goals.Edges {
			if ge != nil && ge.Node != nil {
				goals = append(goals, a.goalOf(s, &ge.Node.GoalDetail))
			}
		}
	}
	v := a.view(r, s, "StudentGoalsTitle", goals)
	v.Notice = a.studentNotice(s, r)
	a.render(w, http.StatusOK, "student_goals", v)
}

type goalForm struct {
	Title, Area, Why, Success string
	Areas, Visibilities       []option
}

func (a *App) goalForm(s *session, r *http.Request) goalForm {
	f := goalForm{
		Title: r.PostFormValue("title"), Area: r.PostFormValue("area"),
		Why: r.PostFormValue("why"), Success: r.PostFormValue("success"),
	}
	vis := r.PostFormValue("visibility")
	if vis == "" {
		vis = "SCHOOL"
	}
	f.Areas = options(goalAreas, f.Area, func(v string) string { return s.p.T("StudentArea_" + v) })
	f.Visibilities = options(visibilities, vis, func(v string) string { return s.p.T("StudentVisibility_" + v) })
	return f
}

func (a *App) newGoalPage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	a.render(w, http.StatusOK, "student_goal_new", a.view(r, s, "StudentGoalNewTitle", a.goalForm(s, r)))
}

func (a *App) createGoal(w http.ResponseWriter, r *http.Request) {
	s, st := a.student(w, r)
	if s == nil {
		return
	}
	f := a.goalForm(s, r)
	var fe FieldError
	if strings.TrimSpace(f.Title) == "" {
		fe = FieldError{Field: "title", Message: s.p.T("StudentGoalTitleMissing")}
	} else {
		area := gql.GoalArea(f.Area)
		if !slices.Contains(goalAreas, f.Area) {
			area = gql.GoalAreaPersonal
		}
		vis := gql.GoalVisibility(r.PostFormValue("visibility"))
		active := gql.GoalStatusActive
		in := gql.CreateGoalInput{StudentID: st.ID, Title: strings.TrimSpace(f.Title), Area: area,
			Why: optional(f.Why), SuccessCriteria: optional(f.Success), Status: &active}
		if slices.Contains(visibilities, string(vis)) {
			in.Visibility = &vis
		}
		out, err := gql.CreateGoal(s.ctx, a.api, in)
		if err == nil {
			http.Redirect(w, r, "/goals/"+out.CreateGoal.Goal.Id+"?done=goal", http.StatusSeeOther)
			return
		}
		code, e := apiError(err)
		if code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe = formField(e, "title", map[string]string{"successCriteria": "success", "why": "why", "title": "title",
			"visibility": "visibility", "area": "area"})
	}
	v := a.view(r, s, "StudentGoalNewTitle", f)
	v.Errors = []FieldError{fe}
	a.render(w, http.StatusUnprocessableEntity, "student_goal_new", v)
}

func (a *App) goalPage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	a.renderGoal(w, r, s, http.StatusOK, nil)
}

func (a *App) renderGoal(w http.ResponseWriter, r *http.Request, s *session, status int, errs []FieldError) {
	out, err := gql.GoalPage(s.ctx, a.api, r.PathValue("id"))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	if out.Goal == nil {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	g, ok := (*out.Goal).(*gql.GoalPageGoal)
	if !ok {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	s.p = s.p.In(g.Owner.Timezone)
	v := a.view(r, s, "StudentGoalTitle", a.goalOf(s, &g.GoalDetail))
	v.Title = g.Title
	v.Errors = errs
	v.Notice = a.studentNotice(s, r)
	a.render(w, status, "student_goal", v)
}

func (a *App) setProgress(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.PostFormValue("progress")), "%")))
	if err != nil || n < 0 || n > 100 {
		a.renderGoal(w, r, s, http.StatusUnprocessableEntity, []FieldError{{Field: "progress", Message: s.p.T("StudentProgressRange")}})
		return
	}
	if _, err := gql.SetGoalProgress(s.ctx, a.api, r.PathValue("id"), n); err != nil {
		code, fe := apiError(err)
		if code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe.Field = "progress"
		a.renderGoal(w, r, s, http.StatusUnprocessableEntity, []FieldError{fe})
		return
	}
	http.Redirect(w, r, "/goals/"+r.PathValue("id")+"?done=progress", http.StatusSeeOther)
}

// date reads a form's date (YYYY-MM-DD) as midnight in the school's zone.
func date(s *session, v string) (*time.Time, bool) {
	if v = strings.TrimSpace(v); v == "" {
		return nil, true
	}
	t, err := time.ParseInLocation(time.DateOnly, v, s.p.Zone())
	if err != nil {
		return nil, false
	}
	return &t, true
}

func (a *App) addMilestone(w http.ResponseWriter, r *http.Request) {
	s, _ := a.student(w, r) // due dates are in the school's zone
	if s == nil {
		return
	}
	title := strings.TrimSpace(r.PostFormValue("milestone"))
	if title == "" {
		a.renderGoal(w, r, s, http.StatusUnprocessableEntity, []FieldError{{Field: "milestone", Message: s.p.T("StudentMilestoneMissing")}})
		return
	}
	due, ok := date(s, r.PostFormValue("due"))
	if !ok {
		a.renderGoal(w, r, s, http.StatusUnprocessableEntity, []FieldError{{Field: "due", Message: s.p.T("StudentDateInvalid")}})
		return
	}
	if _, err := gql.CreateMilestone(s.ctx, a.api, gql.CreateMilestoneInput{GoalID: r.PathValue("id"), Title: title, Due: due}); err != nil {
		code, fe := apiError(err)
		if code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe.Field = "milestone"
		a.renderGoal(w, r, s, http.StatusUnprocessableEntity, []FieldError{fe})
		return
	}
	http.Redirect(w, r, "/goals/"+r.PathValue("id")+"?done=milestone", http.StatusSeeOther)
}

func (a *App) milestoneDone(done bool) http.HandlerFunc {
	return a.act(func(s *session, r *http.Request) error {
		var err error
		if done {
			_, err = gql.MilestoneDone(s.ctx, a.api, r.PathValue("milestone"), clock.Now(r.Context()))
		} else {
			_, err = gql.MilestoneNotDone(s.ctx, a.api, r.PathValue("milestone"))
		}
		return err
	}, func(r *http.Request) string { return "/goals/" + r.PathValue("id") + "?done=milestone" })
}

// Reflections.

type reflectionForm struct {
	Body  string
	Goals []option
}

// goalChoices are the student's goals to link something to, chosen marked.
func (a *App) goalChoices(s *session, chosen []string) ([]option, []option, error) {
	out, err := gql.EvidenceChoices(s.ctx, a.api, s.me.Viewer.Account.Id)
	if err != nil {
		return nil, nil, err
	}
	var goals, skills []option
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		s.p = s.p.In(e.Node.School.Timezone)
		for _, ge := range e.Node.Goals.Edges {
			if ge != nil && ge.Node != nil {
				goals = append(goals, option{Value: ge.Node.Id, Label: ge.Node.Title, Selected: slices.Contains(chosen, ge.Node.Id)})
			}
		}
	}
	for _, e := range out.Skills.Edges {
		if e != nil && e.Node != nil {
			skills = append(skills, option{Value: e.Node.Id, Label: e.Node.Name, Selected: slices.Contains(chosen, e.Node.Id)})
		}
	}
	return goals, skills, nil
}

func (a *App) reflectionPage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	goals, _, err := a.goalChoices(s, []string{r.URL.Query().Get("goal")})
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	a.render(w, http.StatusOK, "student_reflection", a.view(r, s, "StudentReflectionTitle", reflectionForm{Goals: goals}))
}

func (a *App) writeReflection(w http.ResponseWriter, r *http.Request) {
	s, st := a.student(w, r)
	if s == nil {
		return
	}
	body, goal := strings.TrimSpace(r.PostFormValue("body")), r.PostFormValue("goal")
	var fe FieldError
	if body == "" {
		fe = FieldError{Field: "body", Message: s.p.T("StudentReflectionMissing")}
	} else {
		_, err := gql.CreateReflection(s.ctx, a.api, gql.CreateReflectionInput{StudentID: st.ID, Body: body, GoalID: optional(goal)})
		if err == nil {
			http.Redirect(w, r, "/timeline?done=reflection", http.StatusSeeOther)
			return
		}
		code, e := apiError(err)
		if code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		fe = e
		if fe.Field != "goal" {
			fe.Field = "body"
		}
	}
	goals, _, err := a.goalChoices(s, []string{goal})
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	v := a.view(r, s, "StudentReflectionTitle", reflectionForm{Body: body, Goals: goals})
	v.Errors = []FieldError{fe}
	a.render(w, http.StatusUnprocessableEntity, "student_reflection", v)
}

// The timeline.

type timelineItem struct {
	Evidence                       bool
	ID, Title, When, Text, Caption string
	Media, File, Link, Visibility  string
	Goals, Skills                  []string
}

// mediaOf says how a file of this type shows inline: image, video, audio,
// or "" (a download link).
func mediaOf(contentType string) string {
	for _, m := range []string{"image", "video", "audio"} {
		if strings.HasPrefix(contentType, m+"/") && contentType != "image/heic" {
			return m
		}
	}
	return ""
}

func (a *App) timeline(w http.ResponseWriter, r *http.Request) {
	s, st := a.student(w, r)
	if s == nil {
		return
	}
	out, err := gql.StudentTimeline(s.ctx, a.api, st.ID, optional(r.URL.Query().Get("after")))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var items []timelineItem
	for _, e := range out.StudentTimeline.Edges {
		switch n := e.Node.(type) {
		case *gql.StudentTimelineStudentTimelineTimelineConnectionEdgesTimelineEdgeNodeEvidence:
			it := timelineItem{Evidence: true, ID: n.Id, Title: n.Title, When: s.p.Date(n.OccurredOn),
				Text: deref(n.Body), Caption: deref(n.Description),
				Visibility: s.p.T("StudentVisibility_" + string(n.Visibility))}
			if n.ContentType != nil {
				it.File = "/files/evidence/" + url.PathEscape(n.Id)
				it.Media = mediaOf(*n.ContentType)
			}
			if u := deref(n.Url); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
				it.Link = u
			}
			for _, g := range n.Goals {
				it.Goals = append(it.Goals, g.Title)
			}
			for _, sk := range n.Skills {
				it.Skills = append(it.Skills, sk.Name)
			}
			items = append(items, it)
		case *gql.StudentTimelineStudentTimelineTimelineConnectionEdgesTimelineEdgeNodeReflection:
			it := timelineItem{ID: n.Id, Title: deref(n.Prompt), When: s.p.Date(n.CreatedAt), Text: n.Text}
			if n.Goal != nil {
				it.Goals = []string{n.Goal.Title}
			}
			items = append(items, it)
		}
	}
	more := ""
	if pi := out.StudentTimeline.PageInfo; pi.HasNextPage && pi.EndCursor != nil {
		more = "/timeline?after=" + url.QueryEscape(*pi.EndCursor)
	}
	v := a.view(r, s, "StudentTimelineTitle", map[string]any{"Items": items, "More": more})
	v.Notice = a.studentNotice(s, r)
	a.render(w, http.StatusOK, "student_timeline", v)
}

// Evidence.

type evidenceForm struct {
	Title, Description, Link, Date, Today string
	Goals, Skills, Visibilities           []option
}

func (a *App) evidenceForm(s *session, r *http.Request, today string) (evidenceForm, error) {
	chosen := append(r.PostForm["goal"], r.PostForm["skill"]...)
	goals, skills, err := a.goalChoices(s, chosen)
	if err != nil {
		return evidenceForm{}, err
	}
	vis := r.PostFormValue("visibility")
	if vis == "" {
		vis = "SCHOOL"
	}
	f := evidenceForm{
		Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Link: r.PostFormValue("link"),
		Date: r.PostFormValue("date"), Today: today, Goals: goals, Skills: skills,
		Visibilities: options(visibilities, vis, func(v string) string { return s.p.T("StudentVisibility_" + v) }),
	}
	if f.Date == "" {
		f.Date = today
	}
	return f, nil
}

func (a *App) evidencePage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	_ = r.ParseForm()
	f, err := a.evidenceForm(s, r, s.p.Day(clock.Now(r.Context())))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	v := a.view(r, s, "StudentEvidenceTitle", f)
	v.Script = static.URL("upload.js")
	a.render(w, http.StatusOK, "student_evidence", v)
}

// kindOf is the evidence kind for a file, from the type the device gave
// it; the API sniffs the bytes and refuses a file that does not suit it.
func kindOf(h *multipart.FileHeader) gql.EvidenceKind {
	ct := h.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "image/"):
		return gql.EvidenceKindImage
	case strings.HasPrefix(ct, "video/"):
		return gql.EvidenceKindVideo
	case strings.HasPrefix(ct, "audio/"):
		return gql.EvidenceKindAudio
	}
	return gql.EvidenceKindDocument
}

// addEvidence creates the evidence and then uploads its file (two
// operations: the upload needs the evidence's ID); when the file is
// refused, the evidence is deleted again, so nothing half-made is left.
func (a *App) addEvidence(w http.ResponseWriter, r *http.Request) {
	s, st := a.student(w, r)
	if s == nil {
		return
	}
	today := s.p.Day(clock.Now(r.Context()))
	file, h, upErr := a.upload(w, r, "file", "upload")
	if file != nil {
		defer file.Close()
	}
	f, err := a.evidenceForm(s, r, today)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var errs []FieldError
	title := strings.TrimSpace(f.Title)
	link := strings.TrimSpace(f.Link)
	switch {
	case upErr != nil:
		errs = append(errs, FieldError{Field: "file", Message: a.uploadError(s, upErr)})
	case h == nil && link == "":
		errs = append(errs, FieldError{Field: "file", Message: s.p.T("StudentFileMissing")})
	case h == nil && !strings.HasPrefix(link, "https://") && !strings.HasPrefix(link, "http://"):
		errs = append(errs, FieldError{Field: "link", Message: s.p.T("StudentLinkInvalid")})
	}
	if title == "" {
		errs = append(errs, FieldError{Field: "title", Message: s.p.T("StudentEvidenceTitleMissing")})
	}
	when, ok := date(s, f.Date)
	if !ok || when == nil {
		errs = append(errs, FieldError{Field: "date", Message: s.p.T("StudentDateInvalid")})
	}
	if len(errs) == 0 {
		in := gql.CreateEvidenceInput{StudentID: st.ID, Title: title, Description: optional(f.Description),
			OccurredOn: *when, GoalIDs: r.PostForm["goal"], SkillIDs: r.PostForm["skill"]}
		if vis := gql.EvidenceVisibility(r.PostFormValue("visibility")); slices.Contains(visibilities, string(vis)) {
			in.Visibility = &vis
		}
		if h != nil {
			in.Kind = kindOf(h)
		} else {
			in.Kind, in.Url = gql.EvidenceKindLink, &link
		}
		fe, err := a.createEvidence(s, in, file, h)
		if err != nil {
			a.apiFailure(w, r, s, err)
			return
		}
		if fe == nil {
			http.Redirect(w, r, "/timeline?done=evidence", http.StatusSeeOther)
			return
		}
		errs = append(errs, *fe)
	}
	v := a.view(r, s, "StudentEvidenceTitle", f)
	v.Script = static.URL("upload.js")
	v.Errors = errs
	a.render(w, http.StatusUnprocessableEntity, "student_evidence", v)
}

// createEvidence runs createEvidence and uploadEvidenceFile; a refusal the
// student can fix comes back as a field error, anything else as err.
func (a *App) createEvidence(s *session, in gql.CreateEvidenceInput, file multipart.File, h *multipart.FileHeader) (*FieldError, error) {
	fieldOf := func(err error) (*FieldError, error) {
		code, fe := apiError(err)
		if code != "BAD_USER_INPUT" && code != "LIMIT_EXCEEDED" {
			return nil, err
		}
		fe = formField(fe, "file", map[string]string{"goalIDs": "goals", "skillIDs": "skills", "url": "link",
			"occurredOn": "date", "title": "title", "description": "description", "visibility": "visibility"})
		return &fe, nil
	}
	out, err := gql.CreateEvidence(s.ctx, a.api, in)
	if err != nil {
		return fieldOf(err)
	}
	if h == nil {
		return nil, nil
	}
	id := out.CreateEvidence.Evidence.Id
	if _, err := gql.UploadEvidenceFile(s.ctx, a.api, id, gql.Upload{Name: h.Filename, Body: file}); err != nil {
		if _, derr := gql.DeleteEvidence(s.ctx, a.api, id); derr != nil {
			return nil, errors.Join(err, derr)
		}
		return fieldOf(err)
	}
	return nil, nil
}
