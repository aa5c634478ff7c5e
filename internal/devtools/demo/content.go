package demo

import (
	"plp/ent/evidence"
	"plp/ent/goal"
)

// The demo's writing, offered to generators of larger schools (package
// seedscale) so that their plans read like the demo's without a second
// copy of the text.

// GoalTemplate is a goal a student might set, with its milestones and the
// evidence that shows progress on it.
type GoalTemplate struct {
	Area                goal.Area
	Term                goal.Term
	Title, Why, Success string
	Milestones          []string
	Skills              []string // codes of Vermont transferable skills; the first is the main one
	MinGrade            int
	Evidence            []EvidenceTemplate
}

// EvidenceTemplate is a piece of work; Kind says which of URL, Body or
// ContentType and Size it has.
type EvidenceTemplate struct {
	Kind               evidence.Kind
	Title, Description string
	URL, Body          string
	ContentType        string
	Size               int64
}

// ReflectionTemplate is something a student writes about a goal.
type ReflectionTemplate struct{ Prompt, Body string }

// PersonName is a student of the demo, by name.
type PersonName struct{ Given, Family, Preferred, Pronouns string }

// PartnerTemplate is a community partner's organization.
type PartnerTemplate struct{ Name, Organization, Description string }

// GoalTemplates returns every goal idea of the demo with its evidence ideas.
func GoalTemplates() []GoalTemplate {
	out := make([]GoalTemplate, len(goalIdeas))
	for i, g := range goalIdeas {
		t := GoalTemplate{Area: g.area, Term: g.term, Title: g.title, Why: g.why, Success: g.success,
			Milestones: g.milestones[:], Skills: g.skills, MinGrade: g.minGrade}
		for _, e := range evidenceFor(g) {
			t.Evidence = append(t.Evidence, EvidenceTemplate{Kind: e.kind, Title: e.title, Description: e.description,
				URL: e.url, Body: e.body, ContentType: e.contentType, Size: e.size})
		}
		out[i] = t
	}
	return out
}

// GoalReflections returns the demo's reflections that fit any goal.
func GoalReflections() []ReflectionTemplate {
	out := make([]ReflectionTemplate, len(goalReflections))
	for i, r := range goalReflections {
		out[i] = ReflectionTemplate{Prompt: r.prompt, Body: r.body}
	}
	return out
}

// StudentNames returns the names of the demo's students.
func StudentNames() []PersonName {
	out := make([]PersonName, len(pupils))
	for i, p := range pupils {
		out[i] = PersonName{Given: p.given, Family: p.family, Preferred: p.preferred, Pronouns: p.pronouns}
	}
	return out
}

// Partners returns the demo's community partners.
func Partners() []PartnerTemplate {
	out := make([]PartnerTemplate, len(partners))
	for i, p := range partners {
		out[i] = PartnerTemplate{Name: p.name, Organization: p.organization, Description: p.description}
	}
	return out
}
