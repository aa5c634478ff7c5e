package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"plp/internal/platform/clock"
	"plp/web/gql"
)

// A student's pages, part B: rating myself on the transferable skills (with
// my advisor's ratings beside mine and a growth chart drawn here, as SVG),
// collections and their share links, the page a share link opens (for
// anyone holding it), endorsements, my conference agenda and what I want
// to say there, and my portfolio download. Every read and write is a
// GraphQL operation of operations/student2.graphql.

func (a *App) studentPlanRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /skills", a.skillsPage)
	mux.HandleFunc("POST /skills/{skill}", a.rateSkill)
	mux.HandleFunc("GET /collections", a.collectionsPage)
	mux.HandleFunc("POST /collections", a.newCollection)
	mux.HandleFunc("GET /collections/{id}", a.collectionPage)
	mux.HandleFunc("POST /collections/{id}/evidence", a.addToCollection())
	mux.HandleFunc("POST /collections/{id}/share", a.shareCollection)
	mux.HandleFunc("POST /collections/{id}/links/{link}/revoke", a.revokeShareLink())
	mux.HandleFunc("GET /shared/{token}", a.sharedPage)
	mux.HandleFunc("GET /endorsements", a.endorsementsPage)
	mux.HandleFunc("POST /endorsements", a.askEndorsement)
	mux.HandleFunc("POST /endorsements/{id}/withdraw", a.withdrawEndorsement())
	mux.HandleFunc("GET /endorsements/{id}/credential.jwt", a.credential)
	mux.HandleFunc("GET /agenda", a.agendaPage)
	mux.HandleFunc("POST /agenda/{id}/arrange", a.arrangeAgenda)
	mux.HandleFunc("POST /agenda/{id}/say", a.sayAtConference)
	mux.HandleFunc("GET /portfolio", a.portfolioPage)
}

// planOwner is the signed-in student's own record.
type planOwner struct {
	ID, Name string
}

// ownPlan opens a student's page: the session and the student's record,
// or nil after answering (sign in first; not a student: not found).
func (a *App) ownPlan(w http.ResponseWriter, r *http.Request) (*session, *planOwner) {
	s := a.signedIn(w, r)
	if s == nil {
		return nil, nil
	}
	out, err := gql.PlanStudent(s.ctx, a.api)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return nil, nil
	}
	for _, e := range out.Students.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		for _, m := range s.me.Viewer.Memberships {
			if m.Role == gql.MembershipRoleStudent && m.School.Id == e.Node.School.Id {
				s.p = s.p.In(e.Node.School.Timezone)
				return s, &planOwner{ID: e.Node.Id, Name: e.Node.PreferredName}
			}
		}
	}
	a.fail(w, r, http.StatusNotFound, "PlanStudentsOnly")
	return nil, nil
}

// formError re-shows a form's page with the API's complaint beside field.
func formError(err error, field string) (FieldError, bool) {
	code, fe := apiError(err)
	if code != "BAD_USER_INPUT" && code != "CONFLICT" {
		return FieldError{}, false
	}
	if fe.Field == "" {
		fe.Field = field
	}
	return fe, true
}

// Skills.

var levels = []gql.SelfAssessmentLevel{gql.SelfAssessmentLevelBeginning, gql.SelfAssessmentLevelDeveloping,
	gql.SelfAssessmentLevelProficient, gql.SelfAssessmentLevelExtending}

type skillView struct {
	ID, Code, Name, Description string
	Mine, Advisor               string // latest levels, in words
	Evidence                    []string
	Chart                       template.HTML
	Rows                        []growthRow
	Caption                     string
}

type growthRow struct{ Term, Mine, Advisor string }

type planOption struct {
	Value, Label string
	Selected     bool
}

func (a *App) skillsPage(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	a.renderSkills(w, r, s, st, http.StatusOK, nil)
}

func (a *App) renderSkills(w http.ResponseWriter, r *http.Request, s *session, st *planOwner, status int, errs []FieldError) {
	out, err := gql.SkillsPage(s.ctx, a.api, st.ID)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	bySkill := map[string][]string{}
	var evidence []planOption
	if out.Node != nil {
		if n, ok := (*out.Node).(*gql.SkillsPageNodeStudent); ok {
			for _, e := range n.Evidence.Edges {
				if e == nil || e.Node == nil {
					continue
				}
				evidence = append(evidence, planOption{Value: e.Node.Id, Label: e.Node.Title})
				for _, sk := range e.Node.Skills {
					bySkill[sk.Id] = append(bySkill[sk.Id], e.Node.Title)
				}
			}
		}
	}
	growth := map[string]gql.SkillsPageSkillGrowth{}
	for _, g := range out.SkillGrowth {
		growth[g.Skill.Id] = g
	}
	var skills []skillView
	for _, e := range out.Skills.Edges {
		if e == nil || e.Node == nil {
			continue
		}
		sk := e.Node
		v := skillView{ID: sk.Id, Code: sk.Code, Name: sk.Name, Description: deref(sk.Description), Evidence: bySkill[sk.Id]}
		if g, ok := growth[sk.Id]; ok {
			mine := make([]point, len(g.Points))
			for i, p := range g.Points {
				mine[i] = point{p.TakenAt, p.Term, p.Level}
			}
			adv := make([]point, len(g.AdvisorPoints))
			for i, p := range g.AdvisorPoints {
				adv[i] = point{p.TakenAt, p.Term, p.Level}
			}
			if n := len(mine); n > 0 {
				v.Mine = s.p.T(levelMessage(mine[n-1].level))
			}
			if n := len(adv); n > 0 {
				v.Advisor = s.p.T(levelMessage(adv[n-1].level))
			}
			v.Caption = s.p.T("SkillsGrowthOf", map[string]any{"Skill": sk.Name})
			v.Chart, v.Rows = growthChart(s, sk.Id, v.Caption, mine, adv)
		}
		skills = append(skills, v)
	}
	levelOptions := make([]planOption, len(levels))
	for i, l := range levels {
		levelOptions[i] = planOption{Value: string(l), Label: s.p.T(levelMessage(l))}
	}
	v := a.view(r, s, "SkillsTitle", map[string]any{"Skills": skills, "Levels": levelOptions, "Evidence": evidence})
	v.Errors = errs
	if r.URL.Query().Get("done") == "rated" {
		v.Notice = s.p.T("SkillsSaved")
	}
	a.render(w, status, "skills", v)
}

func (a *App) rateSkill(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	skill := r.PathValue("skill")
	level := gql.SelfAssessmentLevel(r.PostFormValue("level"))
	if !slices.Contains(levels, level) {
		a.renderSkills(w, r, s, st, http.StatusUnprocessableEntity, []FieldError{{Field: "level-" + skill, Message: s.p.T("SkillsChooseLevel")}})
		return
	}
	_, err := gql.RateSkill(s.ctx, a.api, gql.CreateSelfAssessmentInput{
		Level: level, Note: optional(r.PostFormValue("note")), TakenAt: clock.Now(r.Context()),
		StudentID: st.ID, SkillID: skill,
	})
	if err == nil && r.PostFormValue("evidence") != "" {
		_, err = gql.LinkEvidenceToSkill(s.ctx, a.api, r.PostFormValue("evidence"), skill)
	}
	if err != nil {
		fe, ok := formError(err, "level-"+skill)
		if !ok {
			a.apiFailure(w, r, s, err)
			return
		}
		fe.Field = "level-" + skill
		a.renderSkills(w, r, s, st, http.StatusUnprocessableEntity, []FieldError{fe})
		return
	}
	http.Redirect(w, r, "/skills?done=rated#skill-"+skill, http.StatusSeeOther)
}

// The messages that name a level, a kind of evidence and the state of an
// endorsement request (every value of each has one: TestPlanEnumMessages).
func levelMessage(l gql.SelfAssessmentLevel) string { return "Level" + string(l) }
func kindMessage(kind string) string                { return "Kind" + kind }
func endorsementMessage(st gql.EndorsementRequestStatus) string {
	return "Endorsement" + string(st)
}

type point struct {
	at    time.Time
	term  string
	level gql.SelfAssessmentLevel
}

// growthChart draws two series over the school's terms: the student's own
// ratings (solid line, circles) and the advisor's (dashed, squares), each
// the latest rating of its term, never averaged together. The rows say the
// same for readers who cannot see the chart.
func growthChart(s *session, id, caption string, mine, adv []point) (template.HTML, []growthRow) {
	var terms []string
	first := map[string]time.Time{}
	for _, p := range append(slices.Clone(mine), adv...) {
		if t, ok := first[p.term]; !ok || p.at.Before(t) {
			if !ok {
				terms = append(terms, p.term)
			}
			first[p.term] = p.at
		}
	}
	slices.SortStableFunc(terms, func(a, b string) int { return first[a].Compare(first[b]) })
	latest := func(ps []point) map[string]gql.SelfAssessmentLevel {
		m := map[string]gql.SelfAssessmentLevel{}
		for _, p := range ps { // oldest first: the last one of a term wins
			m[p.term] = p.level
		}
		return m
	}
	my, their := latest(mine), latest(adv)
	rows := make([]growthRow, len(terms))
	for i, t := range terms {
		rows[i] = growthRow{Term: t}
		if l, ok := my[t]; ok {
			rows[i].Mine = s.p.T(levelMessage(l))
		}
		if l, ok := their[t]; ok {
			rows[i].Advisor = s.p.T(levelMessage(l))
		}
	}

	// More than two terms get their labels slanted, so they never overlap.
	slant := len(terms) > 2
	bottom := 44
	if slant {
		bottom = 84
	}
	const width, left, right, top, inset = 320, 92, 16, 12, 40
	height := 156 + bottom
	plotW, plotH := float64(width-left-right-2*inset), float64(height-top-bottom)
	x := func(i int) float64 {
		if len(terms) == 1 {
			return left + inset + plotW/2
		}
		return left + inset + plotW*float64(i)/float64(len(terms)-1)
	}
	y := func(l gql.SelfAssessmentLevel) float64 {
		return top + plotH - plotH*float64(slices.Index(levels, l))/float64(len(levels)-1)
	}
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="chart-%s">`, width, height, width, height, esc(id))
	fmt.Fprintf(&b, `<title id="chart-%s">%s</title>`, esc(id), esc(caption))
	for _, l := range levels {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#b1b4b6" stroke-width="1"/>`, left, y(l), width-right, y(l))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#1b1b1b">%s</text>`, left-6, y(l)+4, esc(s.p.T(levelMessage(l))))
	}
	for i, t := range terms {
		ty := height - bottom + 16
		if slant {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="end" fill="#1b1b1b" transform="rotate(-35 %.1f %d)">%s</text>`, x(i), ty, x(i), ty, esc(t))
		} else {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle" fill="#1b1b1b">%s</text>`, x(i), ty, esc(t))
		}
	}
	series := func(m map[string]gql.SelfAssessmentLevel, stroke, dash string, square bool) {
		var pts []string
		var marks strings.Builder
		for i, t := range terms {
			l, ok := m[t]
			if !ok {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(l)))
			if square {
				fmt.Fprintf(&marks, `<rect x="%.1f" y="%.1f" width="9" height="9" fill="%s"/>`, x(i)-4.5, y(l)-4.5, stroke)
			} else {
				fmt.Fprintf(&marks, `<circle cx="%.1f" cy="%.1f" r="5" fill="%s"/>`, x(i), y(l), stroke)
			}
		}
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="3"%s/>`, strings.Join(pts, " "), stroke, dash)
		}
		b.WriteString(marks.String())
	}
	series(their, "#a4161a", ` stroke-dasharray="6 4"`, true)
	series(my, "#0b4f8a", "", false)
	// The legend, under the terms.
	ly := height - 10
	fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="5" fill="#0b4f8a"/><text x="%d" y="%d" font-size="11" fill="#1b1b1b">%s</text>`, left, ly-4, left+9, ly, esc(s.p.T("SkillsMe")))
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="9" height="9" fill="#a4161a"/><text x="%d" y="%d" font-size="11" fill="#1b1b1b">%s</text>`, left+100, ly-8, left+113, ly, esc(s.p.T("SkillsAdvisor")))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), rows // every text above is escaped
}

// Collections.

type collectionItem struct {
	ID, Title, Audience string
	Count               int
}

func (a *App) collectionsPage(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	a.renderCollections(w, r, s, st, http.StatusOK, nil)
}

func (a *App) renderCollections(w http.ResponseWriter, r *http.Request, s *session, st *planOwner, status int, errs []FieldError) {
	out, err := gql.MyCollections(s.ctx, a.api, st.ID)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var list []collectionItem
	if out.Node != nil {
		if n, ok := (*out.Node).(*gql.MyCollectionsNodeStudent); ok {
			for _, e := range n.Collections.Edges {
				if e == nil || e.Node == nil {
					continue
				}
				list = append(list, collectionItem{ID: e.Node.Id, Title: e.Node.Title, Audience: deref(e.Node.Audience), Count: len(e.Node.Evidence)})
			}
		}
	}
	v := a.view(r, s, "CollectionsTitle", map[string]any{"Collections": list,
		"Title": r.PostFormValue("title"), "Audience": r.PostFormValue("audience"), "Description": r.PostFormValue("description")})
	v.Errors = errs
	a.render(w, status, "collections", v)
}

func (a *App) newCollection(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	title := strings.TrimSpace(r.PostFormValue("title"))
	if title == "" {
		a.renderCollections(w, r, s, st, http.StatusUnprocessableEntity, []FieldError{{Field: "title", Message: s.p.T("CollectionsNameIt")}})
		return
	}
	out, err := gql.NewCollection(s.ctx, a.api, gql.CreateCollectionInput{StudentID: st.ID, Title: title,
		Audience: optional(r.PostFormValue("audience")), Description: optional(r.PostFormValue("description"))})
	if err != nil {
		fe, ok := formError(err, "title")
		if !ok {
			a.apiFailure(w, r, s, err)
			return
		}
		a.renderCollections(w, r, s, st, http.StatusUnprocessableEntity, []FieldError{fe})
		return
	}
	http.Redirect(w, r, "/collections/"+out.CreateCollection.Collection.Id+"?done=created", http.StatusSeeOther)
}

type shareLinkView struct {
	ID, Starts, Ends string
	Revoked, Open    bool
}

type evidenceItem struct {
	ID, Title, Kind, Description, FileURL string
	Image, Video, Audio                   bool
}

func media(kind, contentType string) (image, video, audio bool) {
	if contentType == "" {
		return false, false, false
	}
	return strings.HasPrefix(contentType, "image/") && kind == "IMAGE",
		strings.HasPrefix(contentType, "video/"), strings.HasPrefix(contentType, "audio/")
}

func (a *App) collectionPage(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "created":
		notice = s.p.T("CollectionCreated")
	case "added":
		notice = s.p.T("CollectionAdded")
	case "revoked":
		notice = s.p.T("ShareLinkRevoked")
	}
	a.renderCollection(w, r, s, st, http.StatusOK, notice, "", nil)
}

func (a *App) renderCollection(w http.ResponseWriter, r *http.Request, s *session, st *planOwner, status int, notice, shared string, errs []FieldError) {
	out, err := gql.CollectionPage(s.ctx, a.api, r.PathValue("id"), st.ID)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var col *gql.CollectionPageNodeCollection
	if out.Node != nil {
		col, _ = (*out.Node).(*gql.CollectionPageNodeCollection)
	}
	if col == nil {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	now := clock.Now(r.Context())
	in := map[string]bool{}
	var items []evidenceItem
	for _, e := range col.Evidence {
		in[e.Id] = true
		it := evidenceItem{ID: e.Id, Title: e.Title, Kind: s.p.T(kindMessage(string(e.Kind))), Description: deref(e.Description)}
		if e.ContentType != nil {
			it.FileURL = "/files/evidence/" + e.Id
			it.Image, it.Video, it.Audio = media(string(e.Kind), *e.ContentType)
		}
		items = append(items, it)
	}
	var more []planOption
	if out.Mine != nil {
		if n, ok := (*out.Mine).(*gql.CollectionPageMineStudent); ok {
			for _, e := range n.Evidence.Edges {
				if e != nil && e.Node != nil && !in[e.Node.Id] {
					more = append(more, planOption{Value: e.Node.Id, Label: e.Node.Title})
				}
			}
		}
	}
	var links []shareLinkView
	for _, l := range col.ShareLinks {
		lv := shareLinkView{ID: l.Id, Starts: s.p.DateTime(l.StartsAt), Revoked: l.RevokedAt != nil}
		if l.EndsAt != nil {
			lv.Ends = s.p.DateTime(*l.EndsAt)
		}
		lv.Open = !lv.Revoked && !now.Before(l.StartsAt) && (l.EndsAt == nil || now.Before(*l.EndsAt))
		links = append(links, lv)
	}
	v := a.view(r, s, "CollectionTitle", map[string]any{
		"ID": col.Id, "Title": col.Title, "Audience": deref(col.Audience), "Description": deref(col.Description),
		"Items": items, "More": more, "Links": links, "Shared": shared,
	})
	v.Title = col.Title
	v.Notice, v.Errors = notice, errs
	a.render(w, status, "collection", v)
}

func (a *App) addToCollection() http.HandlerFunc {
	return a.act(func(s *session, r *http.Request) error {
		if err := r.ParseForm(); err != nil {
			return err
		}
		_, err := gql.AddToCollection(s.ctx, a.api, r.PathValue("id"), r.PostForm["evidence"])
		return err
	}, func(r *http.Request) string { return "/collections/" + r.PathValue("id") + "?done=added" })
}

// shareCollection makes a link and shows it once, on the collection's
// page: the secret is never in an address the browser keeps.
func (a *App) shareCollection(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	var ends *time.Time
	if d := strings.TrimSpace(r.PostFormValue("ends")); d != "" {
		day, err := time.ParseInLocation(time.DateOnly, d, s.p.Zone())
		if err != nil {
			a.renderCollection(w, r, s, st, http.StatusUnprocessableEntity, "", "", []FieldError{{Field: "ends", Message: s.p.T("ShareEndsFormat")}})
			return
		}
		end := day.AddDate(0, 0, 1) // the link works all of that day
		ends = &end
	}
	out, err := gql.ShareMyCollection(s.ctx, a.api, r.PathValue("id"), ends)
	if err != nil {
		fe, ok := formError(err, "ends")
		if !ok {
			a.apiFailure(w, r, s, err)
			return
		}
		fe.Field = "ends"
		a.renderCollection(w, r, s, st, http.StatusUnprocessableEntity, "", "", []FieldError{fe})
		return
	}
	a.renderCollection(w, r, s, st, http.StatusOK, s.p.T("ShareLinkMade"), strings.TrimRight(a.base, "/")+out.ShareCollection.Url, nil)
}

func (a *App) revokeShareLink() http.HandlerFunc {
	return a.act(func(s *session, r *http.Request) error {
		_, err := gql.RevokeMyShareLink(s.ctx, a.api, r.PathValue("link"))
		return err
	}, func(r *http.Request) string { return "/collections/" + r.PathValue("id") + "?done=revoked" })
}

// sharedPage is what a share link opens in a browser, for anyone holding
// it: no sign-in, nothing of the plan but the collection. The server
// sends here the requests that ask for HTML; others get JSON.
func (a *App) sharedPage(w http.ResponseWriter, r *http.Request) {
	s := a.anonymous(r)
	h := w.Header()
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
	out, err := gql.SharedCollection(s.ctx, a.api, r.PathValue("token"))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	c := out.SharedCollection
	var items []evidenceItem
	var texts []map[string]string
	for _, e := range c.Evidence {
		it := evidenceItem{Title: e.Title, Kind: s.p.T(kindMessage(e.Kind)), Description: deref(e.Description), FileURL: deref(e.FileURL)}
		it.Image, it.Video, it.Audio = media(e.Kind, deref(e.ContentType))
		items = append(items, it)
		texts = append(texts, map[string]string{"URL": deref(e.Url), "Body": deref(e.Body), "Date": s.p.Date(e.OccurredOn)})
	}
	ends := ""
	if c.EndsAt != nil {
		ends = s.p.DateTime(*c.EndsAt)
	}
	var goals []map[string]any
	for _, g := range c.Goals {
		var ms []map[string]any
		for _, m := range g.Milestones {
			ms = append(ms, map[string]any{"Title": m.Title, "Done": m.Done})
		}
		goals = append(goals, map[string]any{"Title": g.Title, "Progress": g.Progress, "Milestones": ms})
	}
	var refs []map[string]string
	for _, rf := range c.Reflections {
		refs = append(refs, map[string]string{"Prompt": deref(rf.Prompt), "Body": rf.Body, "Date": s.p.Date(rf.CreatedAt)})
	}
	v := a.view(r, s, "SharedTitle", map[string]any{
		"Title": c.Title, "Student": c.Student, "Audience": deref(c.Audience), "Description": deref(c.Description),
		"Ends": ends, "Items": items, "Texts": texts, "Goals": goals, "Reflections": refs,
	})
	v.Title = c.Title
	a.render(w, http.StatusOK, "shared", v)
}

// Endorsements.

type requestView struct {
	ID, Evidence, Partner, Status, Message, Expires, Reason string
	Pending                                                 bool
	Endorsement                                             *endorsementView
}

type endorsementView struct {
	ID, Statement, Issued string
	Skills                []string
	Revoked               bool
}

func (a *App) endorsementsPage(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "asked":
		notice = s.p.T("EndorsementAsked")
	case "withdrawn":
		notice = s.p.T("EndorsementWithdrawn")
	}
	a.renderEndorsements(w, r, s, st, http.StatusOK, notice, nil)
}

func (a *App) renderEndorsements(w http.ResponseWriter, r *http.Request, s *session, st *planOwner, status int, notice string, errs []FieldError) {
	out, err := gql.EndorsementsPage(s.ctx, a.api, st.ID)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var requests []requestView
	var evidence, partners []planOption
	if out.Node != nil {
		if n, ok := (*out.Node).(*gql.EndorsementsPageNodeStudent); ok {
			for _, e := range n.EndorsementRequests.Edges {
				if e == nil || e.Node == nil {
					continue
				}
				q := e.Node
				rv := requestView{ID: q.Id, Evidence: q.Evidence.Title, Partner: q.Partner.Name,
					Status: s.p.T(endorsementMessage(q.Status)), Message: deref(q.Message),
					Expires: s.p.Date(q.ExpiresAt), Reason: deref(q.DeclineReason),
					Pending: q.Status == gql.EndorsementRequestStatusPending}
				if en := q.Endorsement; en != nil {
					ev := &endorsementView{ID: en.Id, Statement: en.Statement, Issued: s.p.Date(en.IssuedAt), Revoked: en.RevokedAt != nil}
					for _, sk := range en.Skills {
						ev.Skills = append(ev.Skills, sk.Name)
					}
					rv.Endorsement = ev
				}
				requests = append(requests, rv)
			}
			for _, e := range n.Evidence.Edges {
				if e != nil && e.Node != nil {
					evidence = append(evidence, planOption{Value: e.Node.Id, Label: e.Node.Title, Selected: e.Node.Id == r.PostFormValue("evidence")})
				}
			}
			for _, e := range n.Partnerships.Edges {
				if e != nil && e.Node != nil {
					label := e.Node.Partner.Name
					if e.Node.Organization != "" {
						label += " (" + e.Node.Organization + ")"
					}
					partners = append(partners, planOption{Value: e.Node.Partner.Id, Label: label, Selected: e.Node.Partner.Id == r.PostFormValue("partner")})
				}
			}
		}
	}
	v := a.view(r, s, "EndorsementsTitle", map[string]any{
		"Requests": requests, "Evidence": evidence, "Partners": partners, "Message": r.PostFormValue("message"),
		"Verify": strings.TrimRight(a.base, "/") + "/credentials/verify",
	})
	v.Notice, v.Errors = notice, errs
	a.render(w, status, "endorsements", v)
}

func (a *App) askEndorsement(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	var errs []FieldError
	if r.PostFormValue("evidence") == "" {
		errs = append(errs, FieldError{Field: "evidence", Message: s.p.T("EndorsementChooseEvidence")})
	}
	if r.PostFormValue("partner") == "" {
		errs = append(errs, FieldError{Field: "partner", Message: s.p.T("EndorsementChoosePartner")})
	}
	if len(errs) == 0 {
		_, err := gql.AskEndorsement(s.ctx, a.api, gql.RequestEndorsementInput{
			EvidenceID: r.PostFormValue("evidence"), PartnerID: r.PostFormValue("partner"), Message: optional(r.PostFormValue("message")),
		})
		if err == nil {
			http.Redirect(w, r, "/endorsements?done=asked", http.StatusSeeOther)
			return
		}
		fe, ok := formError(err, "evidence")
		if !ok {
			a.apiFailure(w, r, s, err)
			return
		}
		switch fe.Field {
		case "evidenceID":
			fe.Field = "evidence"
		case "partnerID":
			fe.Field = "partner"
		case "message", "evidence", "partner":
		default:
			fe.Field = "evidence"
		}
		errs = append(errs, fe)
	}
	a.renderEndorsements(w, r, s, st, http.StatusUnprocessableEntity, "", errs)
}

func (a *App) withdrawEndorsement() http.HandlerFunc {
	return a.act(func(s *session, r *http.Request) error {
		_, err := gql.WithdrawEndorsement(s.ctx, a.api, r.PathValue("id"))
		return err
	}, func(*http.Request) string { return "/endorsements?done=withdrawn" })
}

// credential downloads an endorsement as its signed Open Badges credential
// (a VC-JWT), which anyone can check at /credentials/verify.
func (a *App) credential(w http.ResponseWriter, r *http.Request) {
	s := a.signedIn(w, r)
	if s == nil {
		return
	}
	out, err := gql.EndorsementCredential(s.ctx, a.api, r.PathValue("id"))
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	var en *gql.EndorsementCredentialNodeEndorsement
	if out.Node != nil {
		en, _ = (*out.Node).(*gql.EndorsementCredentialNodeEndorsement)
	}
	if en == nil {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/jwt")
	h.Set("Content-Disposition", `attachment; filename="endorsement.jwt"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(en.Credential.Jwt))
}

// The conference agenda.

type agendaLine struct {
	Key, Title     string
	Lines          []string
	Hidden         bool
	First, Last    bool
	Up, Down, Hide string // the buttons' names, which say the item
}

type agendaConference struct {
	ID, When, With string
	Built          bool
	Items          []agendaLine
	Said           []map[string]string
}

func (a *App) agendaPage(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "arranged":
		notice = s.p.T("AgendaArranged")
	case "said":
		notice = s.p.T("AgendaSaid")
	}
	a.renderAgenda(w, r, s, st, http.StatusOK, notice, nil)
}

func (a *App) agendaOf(s *session, st *planOwner) ([]*gql.AgendaPageNodeStudentConferencesConferenceConnectionEdgesConferenceEdgeNodeConference, error) {
	out, err := gql.AgendaPage(s.ctx, a.api, st.ID)
	if err != nil || out.Node == nil {
		return nil, err
	}
	n, ok := (*out.Node).(*gql.AgendaPageNodeStudent)
	if !ok {
		return nil, nil
	}
	var list []*gql.AgendaPageNodeStudentConferencesConferenceConnectionEdgesConferenceEdgeNodeConference
	for _, e := range n.Conferences.Edges {
		if e != nil && e.Node != nil {
			list = append(list, e.Node)
		}
	}
	slices.SortFunc(list, func(a, b *gql.AgendaPageNodeStudentConferencesConferenceConnectionEdgesConferenceEdgeNodeConference) int {
		return a.Slot.StartsAt.Compare(b.Slot.StartsAt)
	})
	return list, nil
}

func (a *App) renderAgenda(w http.ResponseWriter, r *http.Request, s *session, st *planOwner, status int, notice string, errs []FieldError) {
	list, err := a.agendaOf(s, st)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	now := clock.Now(r.Context())
	var confs []agendaConference
	for _, c := range list {
		if c.Slot.EndsAt.Before(now) {
			continue
		}
		ac := agendaConference{ID: c.Id, When: s.p.DateTime(c.Slot.StartsAt), With: c.Slot.Host.Name, Built: c.AgendaItems != nil}
		for i, it := range c.AgendaItems {
			args := map[string]any{"Item": it.Title}
			hide := "AgendaHide"
			if it.Hidden {
				hide = "AgendaShow"
			}
			ac.Items = append(ac.Items, agendaLine{Key: it.Key, Title: it.Title, Lines: it.Lines, Hidden: it.Hidden,
				First: i == 0, Last: i == len(c.AgendaItems)-1,
				Up: s.p.T("AgendaUp", args), Down: s.p.T("AgendaDown", args), Hide: s.p.T(hide, args)})
		}
		for _, rf := range c.Reflections {
			ac.Said = append(ac.Said, map[string]string{"Body": rf.Body, "Date": s.p.Date(rf.CreatedAt)})
		}
		confs = append(confs, ac)
	}
	v := a.view(r, s, "AgendaTitle", map[string]any{"Conferences": confs, "Body": r.PostFormValue("body")})
	v.Notice, v.Errors = notice, errs
	a.render(w, status, "agenda", v)
}

// arrangeAgenda moves one item up or down, or hides or shows it: one
// button each, so arranging works without JavaScript.
func (a *App) arrangeAgenda(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	list, err := a.agendaOf(s, st)
	if err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	id, key, op := r.PathValue("id"), r.PostFormValue("key"), r.PostFormValue("op")
	var order, hidden []string
	found := false
	for _, c := range list {
		if c.Id != id {
			continue
		}
		for _, it := range c.AgendaItems {
			order = append(order, it.Key)
			hide := it.Hidden
			if it.Key == key {
				found = true
				switch op {
				case "hide":
					hide = true
				case "show":
					hide = false
				}
			}
			if hide {
				hidden = append(hidden, it.Key)
			}
		}
	}
	if !found {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
		return
	}
	i := slices.Index(order, key)
	switch {
	case op == "up" && i > 0:
		order[i-1], order[i] = order[i], order[i-1]
	case op == "down" && i < len(order)-1:
		order[i+1], order[i] = order[i], order[i+1]
	}
	if hidden == nil {
		hidden = []string{}
	}
	if _, err := gql.ArrangeMyAgenda(s.ctx, a.api, gql.ArrangeAgendaInput{ConferenceID: id, Order: order, Hidden: hidden}); err != nil {
		a.apiFailure(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/agenda?done=arranged#item-"+id+"-"+key, http.StatusSeeOther)
}

// sayAtConference keeps what the student wants to say at the conference:
// a reflection on it, which the agenda's "Reflections I chose" carries.
func (a *App) sayAtConference(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	body := strings.TrimSpace(r.PostFormValue("body"))
	field := "body-" + r.PathValue("id")
	if body == "" {
		a.renderAgenda(w, r, s, st, http.StatusUnprocessableEntity, "", []FieldError{{Field: field, Message: s.p.T("AgendaSayEmpty")}})
		return
	}
	conf := r.PathValue("id")
	_, err := gql.SayAtConference(s.ctx, a.api, gql.CreateReflectionInput{StudentID: st.ID, ConferenceID: &conf, Body: body})
	if err != nil {
		fe, ok := formError(err, field)
		if !ok {
			a.apiFailure(w, r, s, err)
			return
		}
		fe.Field = field
		a.renderAgenda(w, r, s, st, http.StatusUnprocessableEntity, "", []FieldError{fe})
		return
	}
	http.Redirect(w, r, "/agenda?done=said", http.StatusSeeOther)
}

// portfolioPage offers the export of the whole plan (GET
// /export/students/{id}, the API's own download; the API decides who may
// have it and says why not).
func (a *App) portfolioPage(w http.ResponseWriter, r *http.Request) {
	s, st := a.ownPlan(w, r)
	if s == nil {
		return
	}
	a.render(w, http.StatusOK, "portfolio", a.view(r, s, "PortfolioTitle", map[string]any{"URL": "/export/students/" + st.ID}))
}
