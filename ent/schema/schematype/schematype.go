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
