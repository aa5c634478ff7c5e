package notify_test

import (
	"fmt"
	"testing"

	"plp/notify"
)

// TestEnqueueBatch: many messages in a fixed number of statements, each
// told apart as Enqueue would: written, already in the outbox, or not
// written to someone who unsubscribed (essential mail still is).
func TestEnqueueBatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	home := f.w.Home
	f.db.Client.Account.UpdateOne(home.Partner).SetMailOptOut(true).ExecX(f.ctx)
	f.enqueue(t, home.Family, notify.KindReflectionReminder, "r:dup", map[string]any{})
	ms := []notify.Message{
		{SchoolID: home.School.ID, RecipientID: home.StudentAccount.ID, Kind: notify.KindReflectionReminder, Key: "r:new", Data: map[string]any{}},
		{SchoolID: home.School.ID, RecipientID: home.Family.ID, Kind: notify.KindReflectionReminder, Key: "r:dup", Data: map[string]any{}},
		{SchoolID: home.School.ID, RecipientID: home.Partner.ID, Kind: notify.KindReflectionReminder, Key: "r:out", Data: map[string]any{}},
		{SchoolID: home.School.ID, RecipientID: home.Partner.ID, Kind: notify.KindGeneric, Key: "g:out", Data: map[string]any{"subject": "s", "text": "t"}},
	}
	if notify.KindOf(notify.KindGeneric).Essential == notify.KindOf(notify.KindReflectionReminder).Essential {
		t.Fatal("the test needs one essential kind and one not")
	}
	before := f.db.Statements()
	got, err := notify.EnqueueBatch(f.ctx, f.db.Client, ms)
	if err != nil {
		t.Fatal(err)
	}
	small := f.db.Statements() - before
	want := []notify.Enqueued{notify.Written, notify.Duplicate, notify.OptedOut, notify.Written}
	if !notify.KindOf(notify.KindGeneric).Essential {
		want[3] = notify.OptedOut
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Two hundred more cost what four did.
	var many []notify.Message
	for i := range 200 {
		many = append(many, notify.Message{SchoolID: home.School.ID, RecipientID: home.StudentAccount.ID,
			Kind: notify.KindReflectionReminder, Key: fmt.Sprintf("r:%d", i), Data: map[string]any{}})
	}
	before = f.db.Statements()
	got, err = notify.EnqueueBatch(f.ctx, f.db.Client, many)
	if err != nil {
		t.Fatal(err)
	}
	if large := f.db.Statements() - before; large != small {
		t.Errorf("200 messages cost %d statements, 4 cost %d", large, small)
	}
	for i, g := range got {
		if g != notify.Written {
			t.Fatalf("message %d: %v", i, g)
		}
	}
}
