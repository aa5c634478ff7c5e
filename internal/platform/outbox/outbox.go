// Package outbox is the outbox: domain code writes a Notification in the
// same transaction as the change that causes it (Enqueue), and a Dispatcher
// sends due ones later, with retries, over SMTP or into a folder of .eml
// files. A notification's idempotency key (kind, person, period) is unique,
// so a second run of a job, a retry or a second replica writes nothing twice.
package outbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/notification"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Message is one notification to write to the outbox.
type Message struct {
	SchoolID    pulid.ID
	RecipientID pulid.ID
	// Kind is one of the kinds declared in kinds.go (KindMagicLink, ...):
	// it names the templates, and the data they need.
	Kind string
	// Key is unique across the outbox: build it with Key(kind, person,
	// period) so that the same reminder for the same period is one row.
	Key string
	// NotBefore delays the message (quiet hours); zero is now.
	NotBefore time.Time
	// Data is what the template shows: every key the kind declares (no
	// text for people: the templates write that, in the reader's language).
	// It is stored as JSON: use strings, numbers, lists and maps; times as
	// RFC 3339. Data["attachments"] may list {"filename", "contentType",
	// "content"} maps (content as text).
	Data map[string]any
}

// Key builds an idempotency key from its parts: kind, person, period.
func Key(kind string, parts ...string) string {
	k := kind
	for _, p := range parts {
		k += ":" + p
	}
	return k
}

// Enqueued tells what Enqueue did.
type Enqueued int

// What Enqueue did with a message.
const (
	// Written: the message is in the outbox.
	Written Enqueued = iota
	// Duplicate: a message with the same key was already there.
	Duplicate
	// OptedOut: the recipient unsubscribed from non-essential mail.
	OptedOut
)

// Tally counts what EnqueueBatch did with each of its messages.
type Tally struct{ Written, Duplicates, OptedOut int }

// Add counts the outcomes got.
func (t *Tally) Add(got []Enqueued) {
	for _, g := range got {
		switch g {
		case Written:
			t.Written++
		case Duplicate:
			t.Duplicates++
		case OptedOut:
			t.OptedOut++
		}
	}
}

// Enqueue writes m to the outbox through client, which inside a mutation
// must be the request's transaction (ent.FromContext) so the message commits
// or rolls back with the change. A key already in the outbox is not an
// error: the message is a Duplicate and nothing is written. Non-essential
// mail to a person who unsubscribed is not written either. A kind not
// declared (kinds.go), or a message without the data its kind declares, is
// an error: such mail could not be sent.
func Enqueue(ctx context.Context, client *ent.Client, m Message) (Enqueued, error) {
	if m.Kind == "" || m.Key == "" || m.RecipientID == "" || m.SchoolID == "" {
		return 0, fmt.Errorf("enqueue %q: kind, key, recipient and school are required", m.Key)
	}
	kind, err := m.check()
	if err != nil {
		return 0, err
	}
	// The outbox is the server's: only the system writes it, whoever
	// caused the message.
	sys := viewer.SystemContext(ctx)
	essential := kind.Essential
	if !essential {
		optedOut, err := client.Account.Query().Where(accountOptedOut(m.RecipientID)).Exist(sys)
		if err != nil {
			return 0, fmt.Errorf("enqueue %s: read recipient: %w", m.Key, err)
		}
		if optedOut {
			return OptedOut, nil
		}
	}
	notBefore := m.NotBefore
	if notBefore.IsZero() {
		notBefore = clock.Now(ctx)
	}
	id := pulid.New("ntf")
	create := client.Notification.Create().
		SetID(id).
		SetSchoolID(m.SchoolID).
		SetRecipientID(m.RecipientID).
		SetKind(m.Kind).
		SetIdempotencyKey(m.Key).
		SetNotBefore(notBefore.UTC()).
		SetPayload(m.Data)
	if !essential {
		token, err := randomToken()
		if err != nil {
			return 0, err
		}
		create.SetUnsubscribeToken(token)
	}
	// ON CONFLICT DO NOTHING: a unique violation would abort a PostgreSQL
	// transaction, and the change that caused the message with it.
	err = create.OnConflictColumns(notification.FieldIdempotencyKey).DoNothing().Exec(sys)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("enqueue %s: %w", m.Key, err)
	}
	written, err := client.Notification.Query().Where(notification.ID(id)).Exist(sys)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s: check: %w", m.Key, err)
	}
	if !written {
		return Duplicate, nil
	}
	return Written, nil
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func accountOptedOut(id pulid.ID) predicate.Account {
	return account.And(account.ID(id), account.MailOptOut(true))
}

// EnqueueBatch writes many messages as Enqueue writes one, in a fixed
// number of statements whatever their number: one read of the recipients
// who unsubscribed, one multi-row INSERT ... ON CONFLICT DO NOTHING, one
// read of the rows written. Jobs that mail a whole school use it (500
// reminders were 1,500 statements one by one). Callers keep a batch within
// the bind-parameter limits: 500 messages (9 columns each) are far under
// SQLite's 32,766. It returns what happened to each message, in order.
func EnqueueBatch(ctx context.Context, client *ent.Client, ms []Message) ([]Enqueued, error) {
	out := make([]Enqueued, len(ms))
	if len(ms) == 0 {
		return out, nil
	}
	sys := viewer.SystemContext(ctx)
	var optional []pulid.ID
	essential := make([]bool, len(ms))
	for i, m := range ms {
		if m.Kind == "" || m.Key == "" || m.RecipientID == "" || m.SchoolID == "" {
			return nil, fmt.Errorf("enqueue %q: kind, key, recipient and school are required", m.Key)
		}
		kind, err := m.check()
		if err != nil {
			return nil, err
		}
		essential[i] = kind.Essential
		if !kind.Essential {
			optional = append(optional, m.RecipientID)
		}
	}
	optedOut := map[pulid.ID]bool{}
	if len(optional) > 0 {
		ids, err := client.Account.Query().Where(account.IDIn(optional...), account.MailOptOut(true)).IDs(sys)
		if err != nil {
			return nil, fmt.Errorf("enqueue: read recipients: %w", err)
		}
		for _, id := range ids {
			optedOut[id] = true
		}
	}
	now := clock.Now(ctx)
	ids := make([]pulid.ID, len(ms))
	var builders []*ent.NotificationCreate
	for i, m := range ms {
		if !essential[i] && optedOut[m.RecipientID] {
			out[i] = OptedOut
			continue
		}
		notBefore := m.NotBefore
		if notBefore.IsZero() {
			notBefore = now
		}
		ids[i] = pulid.New("ntf")
		create := client.Notification.Create().
			SetID(ids[i]).
			SetSchoolID(m.SchoolID).
			SetRecipientID(m.RecipientID).
			SetKind(m.Kind).
			SetIdempotencyKey(m.Key).
			SetNotBefore(notBefore.UTC()).
			SetPayload(m.Data)
		if !essential[i] {
			token, err := randomToken()
			if err != nil {
				return nil, err
			}
			create.SetUnsubscribeToken(token)
		}
		builders = append(builders, create)
	}
	if len(builders) == 0 {
		return out, nil
	}
	err := client.Notification.CreateBulk(builders...).OnConflictColumns(notification.FieldIdempotencyKey).DoNothing().Exec(sys)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("enqueue %d messages: %w", len(builders), err)
	}
	var tried []pulid.ID
	for _, id := range ids {
		if id != "" {
			tried = append(tried, id)
		}
	}
	written, err := client.Notification.Query().Where(notification.IDIn(tried...)).IDs(sys)
	if err != nil {
		return nil, fmt.Errorf("enqueue %d messages: check: %w", len(builders), err)
	}
	in := map[pulid.ID]bool{}
	for _, id := range written {
		in[id] = true
	}
	for i, id := range ids {
		switch {
		case id == "":
		case in[id]:
			out[i] = Written
		default:
			out[i] = Duplicate
		}
	}
	return out, nil
}
