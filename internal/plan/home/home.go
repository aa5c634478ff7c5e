// Package home is the student's home page: the sections they design
// (content blocks of text, evidence, goals and links) and the colour theme
// they choose. Who may do what is the privacy policies' business (only the
// student writes sections; staff, the student and family read them); this
// package adds what the policies cannot say: blocks are well formed, and
// evidence and goal blocks show the same student's items that the viewer
// can read.
package home

import (
	"context"
	"net/url"
	"slices"
	"unicode/utf8"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/schema/pulid"
	"plp/ent/schema/schematype"
	"plp/ent/section"
	"plp/internal/platform/apperr"
)

// Limits of a section's content.
const (
	MaxBlocks    = 50
	MaxBlockText = 4000
)

// Themes are the colour themes a student can choose.
var Themes = []string{"default", "ocean", "forest", "sunset", "night", "paper"}

// SectionInput is a section's content; nil fields are left unchanged on update.
type SectionInput struct {
	Title    *string
	Position *int
	Blocks   []schematype.ContentBlock
	// SetBlocks is true when Blocks was given (an empty list clears them).
	SetBlocks bool
}

// CreateSection adds a section to a student's home page.
//
// Errors: BAD_USER_INPUT on blocks (naming the block's index) when a block
// is malformed or references an item that is not the student's or not
// readable by the viewer; what the privacy policy answers when the viewer
// may not edit the student's page.
func CreateSection(ctx context.Context, c *ent.Client, student pulid.ID, in SectionInput) (*ent.Section, error) {
	if err := ValidateBlocks(ctx, c, student, in.Blocks); err != nil {
		return nil, err
	}
	create := c.Section.Create().SetStudentID(student).SetBlocks(in.Blocks)
	if in.Title != nil {
		create.SetTitle(*in.Title)
	}
	if in.Position != nil {
		create.SetPosition(*in.Position)
	}
	return create.Save(ctx)
}

// UpdateSection changes a section's title, position or blocks. A section
// the viewer cannot see answers NOT_FOUND.
func UpdateSection(ctx context.Context, c *ent.Client, id pulid.ID, in SectionInput) (*ent.Section, error) {
	s, err := c.Section.Query().Where(section.ID(id)).Only(ctx)
	if err != nil {
		return nil, err
	}
	update := c.Section.UpdateOne(s)
	if in.SetBlocks {
		if err := ValidateBlocks(ctx, c, s.StudentID, in.Blocks); err != nil {
			return nil, err
		}
		update.SetBlocks(in.Blocks)
	}
	if in.Title != nil {
		update.SetTitle(*in.Title)
	}
	if in.Position != nil {
		update.SetPosition(*in.Position)
	}
	return update.Save(ctx)
}

// DeleteSection removes a section. A section the viewer cannot see answers
// NOT_FOUND.
func DeleteSection(ctx context.Context, c *ent.Client, id pulid.ID) error {
	s, err := c.Section.Query().Where(section.ID(id)).Only(ctx)
	if err != nil {
		return err
	}
	return c.Section.DeleteOne(s).Exec(ctx)
}

// SetTheme sets the colour theme of a student's home page (BAD_USER_INPUT
// on theme when it is not one of Themes).
func SetTheme(ctx context.Context, c *ent.Client, student pulid.ID, theme string) (*ent.Student, error) {
	if err := ValidateTheme(theme); err != nil {
		return nil, err
	}
	return c.Student.UpdateOneID(student).SetTheme(theme).Save(ctx)
}

// ValidateTheme refuses a theme that is not one of Themes.
func ValidateTheme(theme string) error {
	if !slices.Contains(Themes, theme) {
		return apperr.Invalid("theme", "Theme %q is not one of %v.", theme, Themes)
	}
	return nil
}

// ValidateBlocks checks a section's blocks: at most MaxBlocks; kind text,
// evidence, goal or link; text at most MaxBlockText characters; evidence
// and goal blocks reference an item of the same student that the viewer
// can read (read through privacy); link blocks have an http(s) URL.
func ValidateBlocks(ctx context.Context, c *ent.Client, student pulid.ID, blocks []schematype.ContentBlock) error {
	if len(blocks) > MaxBlocks {
		return apperr.Invalid("blocks", "At most %d blocks in a section.", MaxBlocks)
	}
	for i, b := range blocks {
		if utf8.RuneCountInString(b.Text) > MaxBlockText {
			return apperr.Invalid("blocks", "Block %d: text is longer than %d characters.", i, MaxBlockText)
		}
		switch b.Kind {
		case "text":
			if b.RefID != "" || b.URL != "" {
				return apperr.Invalid("blocks", "Block %d: a text block has no refId or url.", i)
			}
		case "link":
			u, err := url.Parse(b.URL)
			if b.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return apperr.Invalid("blocks", "Block %d: a link block needs an http or https url.", i)
			}
		case "evidence", "goal":
			if b.RefID == "" {
				return apperr.Invalid("blocks", "Block %d: a %s block needs a refId.", i, b.Kind)
			}
			id := pulid.ID(b.RefID)
			var n int
			var err error
			if b.Kind == "evidence" {
				n, err = c.Evidence.Query().Where(evidence.ID(id), evidence.StudentID(student)).Count(ctx)
			} else {
				n, err = c.Goal.Query().Where(goal.ID(id), goal.StudentID(student)).Count(ctx)
			}
			if err != nil {
				return err
			}
			if n == 0 {
				return apperr.Invalid("blocks", "Block %d: %s %s is not one of this student's that you can see.", i, b.Kind, b.RefID)
			}
		default:
			return apperr.Invalid("blocks", "Block %d: kind %q is not text, evidence, goal or link.", i, b.Kind)
		}
	}
	return nil
}

// Blocks copies blocks given as pointers (as GraphQL inputs arrive).
func Blocks(in []*schematype.ContentBlock) []schematype.ContentBlock {
	out := make([]schematype.ContentBlock, 0, len(in))
	for _, b := range in {
		out = append(out, *b)
	}
	return out
}
