package outbox_test

import (
	"fmt"
	"testing"

	"plp/internal/platform/outbox"
)

// reflect is the data of a reflection reminder.
var reflect = map[string]any{"prompt": "What did you learn?", "goal": "", "days": 14, "never": false, "link": "https://plp.school.example/"}

// TestEnqueueBatch: many messages in a fixed number of statements, each
// told apart as Enqueue would: written, already in the outbox, or not
// written to someone who unsubscribed (essential mail still is).
func TestEnqueueBatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	home := f.w.Home
	f.db.Client.Account.UpdateOne(home.Partner).SetMailOptOut(true).ExecX(f.ctx)
	f.enqueue(t, home.Family, outbox.KindReflectionReminder, "r:dup", reflect)
	ms := []outbox.Message{
		{SchoolID: home.School.ID, RecipientID: home.StudentAccount.ID, Kind: outbox.KindReflectionReminder, Key: "r:new", Data: reflect},
		{SchoolID: home.School.ID, RecipientID: home.Family.ID, Kind: outbox.KindReflectionReminder, Key: "r:dup", Data: reflect},
		{SchoolID: home.School.ID, RecipientID: home.Partner.ID, Kind: outbox.KindReflectionReminder, Key: "r:out", Data: reflect},
		{SchoolID: home.School.ID, RecipientID: home.Partner.ID, Kind: outbox.KindConferenceCancelled, Key: "g:out", Data: cancelled},
	}
	essential, _ := outbox.KindOf(outbox.KindConferenceCancelled)
	reminder, _ := outbox.KindOf(outbox.KindReflectionReminder)
	if !essential.Essential || reminder.Essential {
		t.Fatal("the test needs one essential kind and one not")
	}
	before := f.db.Statements()
	got, err := outbox.EnqueueBatch(f.ctx, f.db.Client, ms)
	if err != nil {
		t.Fatal(err)
	}
	small := f.db.Statements() - before
	want := []outbox.Enqueued{outbox.Written, outbox.Duplicate, outbox.OptedOut, outbox.Written}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Two hundred more cost what four did.
	var many []outbox.Message
	for i := range 200 {
		many = append(many, outbox.Message{SchoolID: home.School.ID, RecipientID: home.StudentAccount.ID,
			Kind: outbox.KindReflectionReminder, Key: fmt.Sprintf("r:%d", i), Data: reflect})
	}
	before = f.db.Statements()
	got, err = outbox.EnqueueBatch(f.ctx, f.db.Client, many)
	if err != nil {
		t.Fatal(err)
	}
	if large := f.db.Statements() - before; large != small {
		t.Errorf("200 messages cost %d statements, 4 cost %d", large, small)
	}
	for i, g := range got {
		if g != outbox.Written {
			t.Fatalf("message %d: %v", i, g)
		}
	}
}
