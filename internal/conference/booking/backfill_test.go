package booking_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"plp/ent/migrate/migrations"
	"plp/internal/devtools/apitest"
)

// TestBackfillSlotSeats runs the data migration backfill_slot_seats on
// slots whose seat counts are wrong (as rows written before the seat hook
// were): each gets one seat per active conference, a joint group one seat
// together, a cancelled conference none.
func TestBackfillSlotSeats(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	b.admin.MustDo(t, allowJoint, map[string]any{"id": b.window, "n": 2}, nil)
	kit, _ := sibling(t, b)
	b.admin.MustDo(t, setCapacity, map[string]any{"id": b.slots[0].ID, "n": 2}, nil)
	b.bookJoint(t, b.fa, b.slots[0].ID, b.Home.Student.ID, kit.ID) // one seat
	other, _, otherKid := b.family(t, "other")
	b.book(t, other, otherKid, b.slots[0].ID, nil) // a second
	third, _, thirdKid := b.family(t, "third")
	gone := b.book(t, third, thirdKid, b.slots[1].ID, nil)
	third.MustDo(t, cancel, map[string]any{"in": map[string]any{"conferenceID": gone.ID}}, nil) // none
	fourth, _, fourthKid := b.family(t, "fourth")
	b.book(t, fourth, fourthKid, b.slots[2].ID, nil) // one
	want := map[string]int{}
	for _, s := range b.slots[:3] {
		want[s.ID], _ = b.booked(t, s.ID)
	}
	if want[b.slots[0].ID] != 2 || want[b.slots[1].ID] != 0 || want[b.slots[2].ID] != 1 {
		t.Fatalf("seats before: %v, want 2, 0 and 1", want)
	}

	ctx := context.Background()
	if _, err := b.s.DB.SQL.ExecContext(ctx, "UPDATE slots SET booked = 0"); err != nil {
		t.Fatal(err)
	}
	folder := "sqlite"
	if apitest.Dialect() == "postgres" {
		folder = "postgres"
	}
	files, _ := fs.Glob(migrations.FS, folder+"/*_backfill_slot_seats.sql")
	if len(files) != 1 {
		t.Fatalf("backfill migration for %s: %v", folder, files)
	}
	src, err := migrations.FS.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	up := strings.SplitN(strings.SplitN(string(src), "-- +goose Up", 2)[1], "-- +goose Down", 2)[0]
	if _, err := b.s.DB.SQL.ExecContext(ctx, up); err != nil {
		t.Fatalf("backfill: %v", err)
	}
	for _, s := range b.slots[:3] {
		if got, active := b.booked(t, s.ID); got != want[s.ID] {
			t.Errorf("slot %s: %d seats after the backfill, want %d (%d active conferences)", s.ID, got, want[s.ID], active)
		}
	}
}
