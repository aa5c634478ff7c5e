package booking

import (
	"context"
	"slices"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
)

// ManyInput books several children's own conferences in one step.
type ManyInput struct {
	// Bookings are the children and their slots, in order.
	Bookings []BookInput
	Requests
}

// BookMany books each child's slot, as Book does, in the caller's
// transaction: siblings back to back with the same or different hosts.
// All or nothing: the first refusal is returned (the caller's transaction
// then books none), with the errors of Book; a family's bookings never
// overlap, those of this call included. BAD_USER_INPUT (bookings) for no
// booking or a child listed twice.
func BookMany(ctx context.Context, c *ent.Client, in ManyInput) ([]*ent.Conference, error) {
	if len(in.Bookings) == 0 {
		return nil, apperr.Invalid("bookings", "Give at least one child and slot.")
	}
	seen := make([]pulid.ID, 0, len(in.Bookings))
	for _, b := range in.Bookings {
		if slices.Contains(seen, b.StudentID) {
			return nil, apperr.Invalid("bookings", "Each child is listed once; %s is listed twice.", b.StudentID)
		}
		seen = append(seen, b.StudentID)
	}
	out := make([]*ent.Conference, 0, len(in.Bookings))
	for _, b := range in.Bookings {
		b.Requests = in.Requests
		conf, err := Book(ctx, c, b)
		if err != nil {
			return nil, err
		}
		out = append(out, conf)
	}
	return out, nil
}
