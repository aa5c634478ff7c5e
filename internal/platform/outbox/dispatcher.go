package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"plp/ent"
	"plp/ent/notification"
	"plp/ent/schema/pulid"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Dispatcher sends due notifications. Several may run at once, in one
// process or in several replicas on one database: each message is claimed
// with a conditional UPDATE that sets a lease, so exactly one dispatcher
// holds it at a time; a dispatcher that dies mid-send loses its lease and
// another takes the message over when it ends.
//
// Delivery is at least once across a crash (a process killed after the
// mail server accepted a message and before it was marked sent sends it
// again when the lease ends, with the same Message-ID, which lets mail
// systems drop the copy) and exactly once otherwise: a message is sent only
// by the dispatcher that holds its lease, and marked sent at once.
type Dispatcher struct {
	Client    *ent.Client
	Sender    Sender
	Templates *Templates
	Log       *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// From is the sender's address, e.g. "PLP <plp@school.example>".
	From string
	// BaseURL is where people reach the server, for unsubscribe links.
	BaseURL string
	// Lease is how long a claim lasts: longer than one send can take. A
	// Sender with a MaxSendTime gets at least that and a minute.
	Lease time.Duration
	// MaxAttempts sends are tried before the message is given up on and
	// shown to admins as failed.
	MaxAttempts int
	// Backoff after the nth failed attempt is BaseBackoff * 2^(n-1), at most
	// MaxBackoff.
	BaseBackoff, MaxBackoff time.Duration
	// Batch is how many due messages one pass claims at most.
	Batch int
}

// Defaults of a Dispatcher's settings.
const (
	DefaultLease       = 2 * time.Minute
	DefaultMaxAttempts = 8
	DefaultBaseBackoff = time.Minute
	DefaultMaxBackoff  = 6 * time.Hour
	DefaultBatch       = 50
	DefaultFrom        = "PLP <plp@localhost>"
)

// Report counts what one pass did.
type Report struct {
	Sent     int // accepted by the mail server
	Retrying int // failed, will be tried again after a backoff
	Failed   int // failed for the last time: admins see them
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// BatchSize is how many messages one pass claims at most.
func (d *Dispatcher) BatchSize() int { return orDefault(d.Batch, DefaultBatch) }

// DispatchDue sends the messages that are due now, up to Batch of them, and
// reports what happened. Errors of single messages are recorded on them;
// the error returned is one of the database.
func (d *Dispatcher) DispatchDue(ctx context.Context) (Report, error) {
	// The dispatcher's clock stamps what it writes (updated_at), too.
	ctx = clock.NewContext(viewer.SystemContext(ctx), d.now)
	var rep Report
	now := d.now()
	ids, err := d.Client.Notification.Query().
		Where(
			notification.SentAtIsNil(),
			notification.FailedAtIsNil(),
			notification.NotBeforeLTE(now),
			notification.Or(notification.LeaseUntilIsNil(), notification.LeaseUntilLT(now)),
		).
		Order(ent.Asc(notification.FieldNotBefore), ent.Asc(notification.FieldID)).
		Limit(d.BatchSize()).
		IDs(ctx)
	if err != nil {
		return rep, fmt.Errorf("find due notifications: %w", err)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		n, err := d.claim(ctx, id)
		if err != nil {
			return rep, err
		}
		if n == nil {
			continue // another dispatcher has it
		}
		switch d.deliver(ctx, n) {
		case outcomeSent:
			rep.Sent++
		case outcomeRetry:
			rep.Retrying++
		case outcomeFailed:
			rep.Failed++
		}
	}
	return rep, nil
}

// claim takes the lease on a due message and counts the attempt; it returns
// nil when another dispatcher was first.
func (d *Dispatcher) claim(ctx context.Context, id pulid.ID) (*ent.Notification, error) {
	now := d.now()
	n, err := d.Client.Notification.Update().
		Where(
			notification.ID(id),
			notification.SentAtIsNil(),
			notification.FailedAtIsNil(),
			notification.Or(notification.LeaseUntilIsNil(), notification.LeaseUntilLT(now)),
		).
		SetLeaseUntil(now.Add(d.lease())).
		AddAttempts(1).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("claim notification %s: %w", id, err)
	}
	if n == 0 {
		return nil, nil
	}
	row, err := d.Client.Notification.Query().Where(notification.ID(id)).WithRecipient().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("read claimed notification %s: %w", id, err)
	}
	return row, nil
}

// lease is how long a claim lasts: Lease, and at least a minute more than
// the sender can take, so a slow server's message is not claimed (and sent)
// by another dispatcher while this one still waits for its answer.
func (d *Dispatcher) lease() time.Duration {
	l := orDefault(d.Lease, DefaultLease)
	if s, ok := d.Sender.(interface{ MaxSendTime() time.Duration }); ok {
		l = max(l, s.MaxSendTime()+time.Minute)
	}
	return l
}

type outcome int

const (
	outcomeSent outcome = iota
	outcomeRetry
	outcomeFailed
)

// deliver renders and sends a claimed message and records the result.
func (d *Dispatcher) deliver(ctx context.Context, n *ent.Notification) (out outcome) {
	log := d.logger().With("notification", n.ID, "kind", n.Kind, "attempt", n.Attempts)
	defer func() {
		// A template or sender that panics fails this message, not the
		// dispatcher or the others in the batch.
		if p := recover(); p != nil {
			out = d.recordFailure(ctx, log, n, fmt.Errorf("panic: %v", p), false)
		}
	}()
	msg, err := d.compose(n)
	if err != nil {
		// A message that cannot be rendered will not render next time.
		return d.recordFailure(ctx, log, n, err, true)
	}
	if err := d.Sender.Send(ctx, string(n.ID), msg); err != nil {
		// A 5xx is final: a sign-in link retried for hours is long dead
		// when it arrives. 4xx and network errors are tried again.
		var refused *Refusal
		return d.recordFailure(ctx, log, n, err, errors.As(err, &refused))
	}
	mark := d.Client.Notification.Update().
		Where(notification.ID(n.ID), notification.Attempts(n.Attempts), notification.SentAtIsNil()).
		SetSentAt(d.now()).
		ClearLeaseUntil().
		SetLastError("")
	if secret(n.Kind) {
		mark.ClearPayload()
	}
	saved, err := mark.Save(ctx)
	if err != nil {
		log.ErrorContext(ctx, "mail sent but not marked sent: it is sent again when the lease ends", "err", err)
		return outcomeSent
	}
	if saved == 0 {
		log.WarnContext(ctx, "mail sent after the lease ended; another dispatcher may send it again")
	}
	log.InfoContext(ctx, "mail sent", "to", n.Edges.Recipient.Email)
	return outcomeSent
}

// recordFailure records a failed attempt: back off and retry, or give up
// after MaxAttempts (or at once when permanent).
func (d *Dispatcher) recordFailure(ctx context.Context, log *slog.Logger, n *ent.Notification, cause error, permanent bool) outcome {
	now := d.now()
	text := cause.Error()
	if len(text) > 2000 {
		text = text[:2000]
	}
	upd := d.Client.Notification.Update().
		Where(notification.ID(n.ID), notification.Attempts(n.Attempts), notification.SentAtIsNil()).
		ClearLeaseUntil().
		SetLastError(text)
	out := outcomeRetry
	if permanent || n.Attempts >= orDefault(d.MaxAttempts, DefaultMaxAttempts) {
		out = outcomeFailed
		upd.SetFailedAt(now)
		if secret(n.Kind) {
			upd.ClearPayload()
		}
		log.ErrorContext(ctx, "mail given up: admins see it in the outbox", "err", cause)
	} else {
		wait := d.backoff(n.Attempts)
		upd.SetNotBefore(now.Add(wait))
		log.WarnContext(ctx, "mail not sent; trying again later", "err", cause, "retry_in", wait)
	}
	if _, err := upd.Save(ctx); err != nil {
		log.ErrorContext(ctx, "record mail failure", "err", err)
	}
	return out
}

// secret reports whether mail of a kind must not outlive its sending. A
// row of a kind no longer declared (older than the code) fails to render,
// and keeps its payload for the admins who look into it.
func secret(kind string) bool { return kinds[kind].Secret }

// backoff is the wait after the nth failed attempt.
func (d *Dispatcher) backoff(attempt int) time.Duration {
	base, ceiling := orDefault(d.BaseBackoff, DefaultBaseBackoff), orDefault(d.MaxBackoff, DefaultMaxBackoff)
	wait := base
	for i := 1; i < attempt && wait < ceiling; i++ {
		wait *= 2
	}
	return min(wait, ceiling)
}

// compose renders n into a mail message.
func (d *Dispatcher) compose(n *ent.Notification) (*gomail.Msg, error) {
	to := n.Edges.Recipient
	if to == nil {
		return nil, fmt.Errorf("notification %s has no recipient", n.ID)
	}
	view := View{Name: to.Name, Data: n.Payload, BaseURL: strings.TrimRight(d.BaseURL, "/")}
	if n.UnsubscribeToken != "" {
		view.UnsubscribeURL = view.BaseURL + "/unsubscribe/" + n.UnsubscribeToken
	}
	r, err := d.Templates.Render(n.Kind, to.PreferredLanguage, view)
	if err != nil {
		return nil, err
	}
	from := orDefault(d.From, DefaultFrom)
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("sender address %q: %w", from, err)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(fromAddr)
	m.ToMailAddress(&mail.Address{Name: to.Name, Address: to.Email})
	m.Subject(r.Subject)
	_, domain, _ := strings.Cut(fromAddr.Address, "@")
	// The same notification always has the same Message-ID, so a copy sent
	// again after a crash can be recognised as one.
	m.SetMessageIDWithValue(string(n.ID) + "@" + domain)
	m.SetDateWithValue(d.now())
	m.SetGenHeader("Content-Language", r.Language)
	m.SetGenHeader("X-PLP-Kind", n.Kind)
	if view.UnsubscribeURL != "" {
		if strings.HasPrefix(view.UnsubscribeURL, "https://") {
			if err := m.SetListUnsubscribeOneClick(view.UnsubscribeURL); err != nil {
				return nil, fmt.Errorf("unsubscribe header: %w", err)
			}
		} else {
			m.SetListUnsubscribe("<" + view.UnsubscribeURL + ">")
		}
		m.SetBulk()
	}
	m.SetBodyString(gomail.TypeTextPlain, r.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	for _, a := range attachments(n.Payload) {
		ct := gomail.ContentType(a.contentType)
		if err := m.AttachReader(a.filename, strings.NewReader(a.content), gomail.WithFileContentType(ct)); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.filename, err)
		}
	}
	return m, nil
}

type attachment struct{ filename, contentType, content string }

// attachments reads Data["attachments"]: a list of maps with filename,
// contentType and content; and a calendar invite in Data["ics"] (with
// Data["icsFilename"] and Data["icsMediaType"]), as conference mail has.
func attachments(data map[string]any) []attachment {
	list, _ := data["attachments"].([]any)
	var out []attachment
	if ics, _ := data["ics"].(string); ics != "" {
		a := attachment{filename: "invite.ics", contentType: "text/calendar; charset=UTF-8", content: ics}
		if name, _ := data["icsFilename"].(string); name != "" {
			a.filename = name
		}
		if ct, _ := data["icsMediaType"].(string); ct != "" {
			a.contentType = ct
		}
		out = append(out, a)
	}
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		a := attachment{}
		a.filename, _ = m["filename"].(string)
		a.contentType, _ = m["contentType"].(string)
		a.content, _ = m["content"].(string)
		if a.filename == "" {
			continue
		}
		if a.contentType == "" {
			a.contentType = "application/octet-stream"
		}
		out = append(out, a)
	}
	return out
}

// Run dispatches due mail every interval until ctx is done.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := d.DispatchDue(ctx); err != nil && ctx.Err() == nil {
			d.logger().ErrorContext(ctx, "dispatch mail", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Dispatcher) logger() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}
