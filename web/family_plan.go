package web

import (
	"net/http"
	"strings"
	"time"

	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/web/gql"
	"plp/web/locale"
)

// The family's view of a child's plan (goals, evidence with its files
// played inline, reflections, comments they can add), the annual review
// they sign, and their settings.

func (a *App) familyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /children/{id}", a.planPage)
	mux.HandleFunc("POST /children/{id}/comments", a.addComment)
	mux.HandleFunc("POST /children/{id}/review", a.signReview)
	mux.HandleFunc("GET /settings", a.settingsPage)
	mux.HandleFunc("POST /settings", a.saveSettings)
}

type planComment struct{ Author, When, Body string }

type planGoal struct {
	ID, Title, Why, Status, Target string
	Progress                       int
	Milestones                     []planMilestone
	Comments                       []planComment
}

type planMilestone struct {
	Title string
	Done  bool
}

type planEvidence struct {
	ID, Title, Description, Kind, When, URL, Body, File, Alt, Type string
	Comments                                                       []planComment
}

type planReflection struct{ Prompt, Body, When string }

type planData struct {
	ID, Name, School, Year  string
	Goals                   []planGoal
	Evidence                []planEvidence
	Reflections             []planReflection
	Signed, CanSign         bool
	SignedOn, StudentSigned string
	CommentOn, CommentBody  string
}

func comment(p *locale.Printer, c *gql.PlanComment) planComment {
	return planComment{Author: c.Author.Name, When: p.Date(c.CreatedAt), Body: c.Body}
}

// loadPlan reads the child's plan as the viewer may see it; nil when the
// viewer sees no such child.
func (a *App) loadPlan(r *http.Request, s *session) (*planData, error) {
	out, err := gql.ChildPlan(s.ctx, a.api, r.PathValue("id"))
	if err != nil || out.Node == nil {
		return nil, err
	}
	st, ok := (*out.Node).(*gql.ChildPlanNodeStudent)
	if !ok {
		return nil, nil
	}
	s.p = s.p.In(st.School.Timezone)
	p := s.p
	now := clock.Now(r.Context())
	d := &planData{ID: st.Id, Name: st.PreferredName, School: st.School.Name, Year: schoolcal.YearOf(now, p.Zone()).Name}
	for _, e := range st.Goals.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		g := e.Node
		pg := planGoal{ID: g.Id, Title: g.Title, Why: deref(g.Why), Status: p.T("GoalStatus" + string(g.Status)), Progress: g.Progress}
		if g.TargetDate != nil {
			pg.Target = p.Date(*g.TargetDate)
		}
		for _, m := range g.Milestones {
			pg.Milestones = append(pg.Milestones, planMilestone{Title: m.Title, Done: m.DoneAt != nil})
		}
		for _, ce := range g.Comments.Edges {
			if ce != nil && ce.Node != nil {
				pg.Comments = append(pg.Comments, comment(p, &ce.Node.PlanComment))
			}
		}
		d.Goals = append(d.Goals, pg)
	}
	evs, err := gql.ChildEvidence(s.ctx, a.api, st.Id)
	if err != nil {
		return nil, err
	}
	var evidence []*gql.ChildEvidenceNodeStudentEvidenceEvidenceConnectionEdgesEvidenceEdge
	if evs.Node != nil {
		if n, ok := (*evs.Node).(*gql.ChildEvidenceNodeStudent); ok {
			evidence = n.Evidence.Edges
		}
	}
	for _, e := range evidence {
		if e == nil || e.Node == nil {
			continue
		}
		ev := e.Node
		pe := planEvidence{ID: ev.Id, Title: ev.Title, Description: deref(ev.Description), When: p.Date(ev.OccurredOn),
			URL: deref(ev.Url), Body: deref(ev.Body), Type: deref(ev.ContentType)}
		if pe.Type != "" {
			pe.File = "/files/evidence/" + ev.Id
			switch {
			case strings.HasPrefix(pe.Type, "image/"):
				pe.Kind = "image"
			case strings.HasPrefix(pe.Type, "video/"):
				pe.Kind = "video"
			case strings.HasPrefix(pe.Type, "audio/"):
				pe.Kind = "audio"
			default:
				pe.Kind = "file"
			}
		}
		pe.Alt = pe.Description
		if pe.Alt == "" {
			pe.Alt = pe.Title
		}
		for _, ce := range ev.Comments.Edges {
			if ce != nil && ce.Node != nil {
				pe.Comments = append(pe.Comments, comment(p, &ce.Node.PlanComment))
			}
		}
		d.Evidence = append(d.Evidence, pe)
	}
	for _, e := range st.Reflections.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		d.Reflections = append(d.Reflections, planReflection{Prompt: deref(e.Node.Prompt), Body: e.Node.Body, When: p.Date(e.Node.CreatedAt)})
	}
	adult := schoolcal.IsAdult(st.BirthDate, now, p.Zone())
	d.CanSign = !adult
	for _, rv := range st.AnnualReviews {
		if rv.SchoolYear != d.Year {
			continue
		}
		if rv.StudentSignedAt != nil {
			d.StudentSigned = p.Date(*rv.StudentSignedAt)
		}
		if rv.GuardianSignedAt != nil {
			d.Signed, d.SignedOn = true, p.Date(*rv.GuardianSignedAt)
		}
	}
	return d, nil
}

func (a *App) planPage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	a.renderPlan(w, r, s, http.StatusOK, nil)
}

func (a *App) renderPlan(w http.ResponseWriter, r *http.Request, s *session, status int, errs []FieldError) {
	d, err := a.loadPlan(r, s)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	if d == nil {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	if len(errs) > 0 {
		d.CommentOn, d.CommentBody = r.PostFormValue("on"), r.PostFormValue("body")
	}
	v := a.view(r, s, "PlanTitle", d)
	v.Title = s.p.T("PlanOf", map[string]any{"Name": d.Name})
	v.Errors = errs
	switch r.URL.Query().Get("done") {
	case "comment":
		v.Notice = s.p.T("PlanCommentAdded")
	case "signed":
		v.Notice = s.p.T("ReviewSigned")
	}
	a.render(w, status, "plan", v)
}

// addComment comments on a goal ("goal:<id>") or a piece of evidence
// ("evidence:<id>"), the form's "on".
func (a *App) addComment(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	kind, id, _ := strings.Cut(r.PostFormValue("on"), ":")
	body := strings.TrimSpace(r.PostFormValue("body"))
	field := "comment-" + id
	if body == "" {
		a.renderPlan(w, r, s, http.StatusUnprocessableEntity, []FieldError{{Field: field, Message: s.p.T("PlanCommentEmpty")}})
		return
	}
	var goal, evidence *string
	if kind == "goal" {
		goal = &id
	} else {
		evidence = &id
	}
	if _, err := gql.AddComment(s.ctx, a.api, goal, evidence, body); err != nil {
		code, fe := apiError(err)
		if code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		a.renderPlan(w, r, s, http.StatusUnprocessableEntity, []FieldError{{Field: field, Message: fe.Message}})
		return
	}
	http.Redirect(w, r, "/children/"+r.PathValue("id")+"?done=comment#"+kind+"-"+id, http.StatusSeeOther)
}

func (a *App) signReview(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	if _, err := gql.SignAnnualReview(s.ctx, a.api, r.PathValue("id")); err != nil {
		code, fe := apiError(err)
		if code != "CONFLICT" {
			a.apiFailure(w, r, s, err)
			return
		}
		a.renderPlan(w, r, s, http.StatusConflict, []FieldError{{Field: "review", Message: fe.Message}})
		return
	}
	http.Redirect(w, r, "/children/"+r.PathValue("id")+"?done=signed#review", http.StatusSeeOther)
}

type settingsData struct {
	Languages []langOption
	Mail      bool
}

func (a *App) settingsPage(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	out, err := gql.MySettings(s.ctx, a.api)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	acc := out.Viewer.Account
	d := &settingsData{Languages: appLanguages(acc.PreferredLanguage), Mail: !acc.MailOptOut}
	v := a.view(r, s, "SettingsTitle", d)
	if r.URL.Query().Get("done") == "saved" {
		v.Notice = s.p.T("SettingsSaved")
	}
	a.render(w, http.StatusOK, "settings", v)
}

// appLanguages are the languages the app's pages speak, each named in its
// own language.
func appLanguages(chosen string) []langOption {
	return []langOption{{Tag: "en", Name: "English", Selected: chosen != "es"}, {Tag: "es", Name: "Español", Selected: chosen == "es"}}
}

func (a *App) saveSettings(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	lang := r.PostFormValue("language")
	optOut := r.PostFormValue("mail") != "on"
	if _, err := gql.UpdateMySettings(s.ctx, a.api, optional(lang), &optOut); err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	// The page's language follows the account's, over an earlier switch.
	if l, ok := locale.Supported(lang); ok {
		http.SetCookie(w, &http.Cookie{Name: locale.CookieName, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, "/settings?done=saved", http.StatusSeeOther)
}

// familyTasks adds to each child of the home page what else needs doing:
// this year's annual review to sign (once the student has signed, while
// they are under 18), and comments others wrote in the last two weeks on
// the first 20 goals and pieces of evidence.
// The API keeps no "read" mark on comments, so recent ones stand for
// unread ones.
func (a *App) familyTasks(s *session, now time.Time, children []homeChild) error {
	family := false
	for _, m := range s.me.Viewer.Memberships {
		family = family || m.Role == gql.MembershipRoleFamily
	}
	if !family {
		return nil // only a family has these to do
	}
	out, err := gql.FamilyTasks(s.ctx, a.api, now.Add(-14*24*time.Hour), s.me.Viewer.Account.Id)
	if err != nil {
		return err
	}
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		st := e.Node
		for i := range children {
			c := &children[i]
			if c.ID != st.Id {
				continue
			}
			zone := s.p.In(c.Zone).Zone()
			year := schoolcal.YearOf(now, zone).Name
			for _, rv := range st.AnnualReviews {
				if rv.SchoolYear == year && rv.StudentSignedAt != nil && rv.GuardianSignedAt == nil && !schoolcal.IsAdult(st.BirthDate, now, zone) {
					c.Review = true
				}
			}
			for _, g := range st.Goals.Edges {
				if g != nil && g.Node != nil {
					c.NewComments += g.Node.Comments.TotalCount
				}
			}
			for _, ev := range st.Evidence.Edges {
				if ev != nil && ev.Node != nil {
					c.NewComments += ev.Node.Comments.TotalCount
				}
			}
		}
	}
	return nil
}

// waitingEntry is a place on a waitlist, or a time held for the family.
type waitingEntry struct {
	ID, Child, Term, StudentID, WindowID string
	Position                             int
	Offered                              bool
	OfferedSlot, OfferedLabel, Expires   string
}

// waiting lists the family's places on waitlists, with a time held for
// them (accepted by booking it) before the offer expires.
func (a *App) waiting(s *session) ([]waitingEntry, error) {
	out, err := gql.MyWaitlist(s.ctx, a.api)
	if err != nil {
		return nil, err
	}
	var list []waitingEntry
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		p := s.p.In(e.Node.School.Timezone)
		for _, w := range e.Node.Waitlist {
			we := waitingEntry{ID: w.Id, Child: e.Node.PreferredName, Term: w.Window.Term, StudentID: e.Node.Id, WindowID: w.WindowID}
			if w.Position != nil {
				we.Position = *w.Position
			}
			if w.Status == gql.WaitlistEntryStatusOffered && w.OfferedSlot != nil && w.OfferExpiresAt != nil {
				we.Offered, we.OfferedSlot = true, w.OfferedSlot.Id
				we.OfferedLabel, we.Expires = p.DateTime(w.OfferedSlot.StartsAt), p.DateTime(*w.OfferExpiresAt)
			}
			list = append(list, we)
		}
	}
	return list, nil
}

// providers are the single sign-on buttons of the sign-in page; a failure
// to list them leaves the password and link forms.
func (a *App) providers(s *session) []gql.SignInProvidersSignInProvidersSignInProvider {
	out, err := gql.SignInProviders(s.ctx, a.api)
	if err != nil {
		a.log.WarnContext(s.ctx, "web: list sign-in providers", "err", err)
		return nil
	}
	return out.SignInProviders
}
