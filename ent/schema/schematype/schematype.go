// Package schematype holds the Go types of JSON columns.
package schematype

// ContentBlock is one block of a home-page section.
type ContentBlock struct {
	// Kind is text, evidence, goal or link.
	Kind string `json:"kind"`
	// Text is the block's text, or a link's label.
	Text string `json:"text,omitempty"`
	// RefID is the ID of the evidence or goal shown.
	RefID string `json:"refId,omitempty"`
	// URL is a link block's address.
	URL string `json:"url,omitempty"`
}

// ProfileSnapshot is a student's profile fields as they were before a change.
type ProfileSnapshot struct {
	IdentityStatement   string   `json:"identityStatement"`
	Strengths           []string `json:"strengths"`
	Interests           []string `json:"interests"`
	LearningPreferences string   `json:"learningPreferences"`
	Pronouns            string   `json:"pronouns"`
	PreferredName       string   `json:"preferredName"`
	Theme               string   `json:"theme"`
}
