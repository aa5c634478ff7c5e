package outbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Sender delivers one message. An error means it was not delivered (as far
// as the sender can tell) and may be retried, unless it is a *Refusal the
// server called permanent.
type Sender interface {
	Send(ctx context.Context, id string, msg *mail.Msg) error
}

// Refusal is a mail server's permanent (5xx) answer to the message: sending
// it again gets the same answer, so it is not retried.
type Refusal struct {
	Code int
	Text string // the server's reply, e.g. "5.1.1 no such user"
}

func (r *Refusal) Error() string { return fmt.Sprintf("refused for good: %d %s", r.Code, r.Text) }

// Timeouts bound an SMTP conversation.
type Timeouts struct {
	// Command bounds dialing and each command before the message is
	// accepted, so a server that hangs fails the attempt instead of
	// holding the message.
	Command time.Duration
	// Reply bounds the wait for the server's answer to the end of the
	// message. The server may be delivering it while we wait: giving up
	// too early sends the message again although it arrived, so RFC 5321
	// §4.5.3.2 recommends 10 minutes.
	Reply time.Duration
}

// Default timeouts of an SMTP conversation.
const (
	DefaultCommandTimeout = 30 * time.Second
	DefaultReplyTimeout   = 10 * time.Minute
)

// OpenSender returns the sender rawURL names: smtp://user:pass@host:port
// (STARTTLS when the server offers it; ?tls=none to never, ?tls=required
// to insist), smtps://... (TLS from the start), or empty for .eml files in
// dir. Zero timeouts are the defaults.
func OpenSender(rawURL, dir string, t Timeouts) (Sender, error) {
	if rawURL == "" {
		return &FolderSender{Dir: dir}, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("SMTP URL: %w", err)
	}
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return nil, fmt.Errorf("SMTP URL: scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	s := &SMTPSender{Host: u.Hostname(), Timeouts: t, TLS: mail.TLSOpportunistic, SSL: u.Scheme == "smtps"}
	s.Port = 587
	if s.SSL {
		s.Port = 465
	}
	if p := u.Port(); p != "" {
		if s.Port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP URL: port %q", p)
		}
	}
	switch u.Query().Get("tls") {
	case "", "opportunistic":
	case "none":
		s.TLS = mail.NoTLS
	case "required":
		s.TLS = mail.TLSMandatory
	default:
		return nil, fmt.Errorf("SMTP URL: tls=%q: use none, opportunistic or required", u.Query().Get("tls"))
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

// SMTPSender sends through an SMTP server: github.com/wneessen/go-mail
// connects (TLS, AUTH) and this code runs the mail transaction, so that it
// knows when the server took the message. Send dials each time: a
// dispatcher sends a handful of messages a minute, and a broken connection
// is never reused.
type SMTPSender struct {
	Host               string
	Port               int
	Username, Password string
	TLS                mail.TLSPolicy
	SSL                bool
	Timeouts
}

func (s *SMTPSender) timeouts() Timeouts {
	return Timeouts{Command: orDefault(s.Command, DefaultCommandTimeout), Reply: orDefault(s.Reply, DefaultReplyTimeout)}
}

// MaxSendTime is the longest one Send can take: the dispatcher's lease on a
// message must outlast it, or another dispatcher sends it too.
func (s *SMTPSender) MaxSendTime() time.Duration {
	t := s.timeouts()
	// Dial and greeting, MAIL, RCPT, DATA, the message: one Command each.
	return 5*t.Command + t.Reply
}

// Send delivers msg. Once the server has answered 250 to the end of the
// message it has taken responsibility for it (RFC 5321 §4.1.1.4): whatever
// fails after that (RSET, QUIT, the connection) is no failure to deliver,
// and Send answers nil. A 5xx answer to the transaction is a *Refusal.
func (s *SMTPSender) Send(ctx context.Context, _ string, msg *mail.Msg) error {
	t := s.timeouts()
	opts := []mail.Option{mail.WithPort(s.Port), mail.WithTLSPolicy(s.TLS), mail.WithoutNoop(), mail.WithTimeout(t.Command)}
	if s.SSL {
		opts = append(opts, mail.WithSSL())
	}
	if s.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	// A 5xx before the transaction (greeting, AUTH, STARTTLS) is the
	// server's or the configuration's problem, not the message's: retried.
	conn, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fmt.Errorf("smtp %s:%d: connect: %w", s.Host, s.Port, err)
	}
	defer conn.Close()
	if err := transact(conn, msg, t); err != nil {
		return fmt.Errorf("smtp %s:%d: %w", s.Host, s.Port, err)
	}
	// Accepted. A polite QUIT; its failure changes nothing.
	_ = conn.UpdateDeadline(t.Command)
	_ = conn.Quit()
	return nil
}

// transact runs MAIL, RCPT and DATA; nil means the server accepted msg.
func transact(conn *smtp.Client, msg *mail.Msg, t Timeouts) error {
	from, err := msg.GetSender(false)
	if err != nil {
		return err
	}
	rcpts, err := msg.GetRecipients()
	if err != nil {
		return err
	}
	step := func(what string, f func() error) error {
		if err := conn.UpdateDeadline(t.Command); err != nil {
			return err
		}
		if err := f(); err != nil {
			return reply(what, err)
		}
		return nil
	}
	if err := step("MAIL FROM", func() error { return conn.Mail(from) }); err != nil {
		return err
	}
	for _, r := range rcpts {
		if err := step("RCPT TO", func() error { return conn.Rcpt(r) }); err != nil {
			return err
		}
	}
	var w io.WriteCloser
	if err := step("DATA", func() (err error) { w, err = conn.Data(); return err }); err != nil {
		return err
	}
	if err := step("message", func() error { _, err := msg.WriteTo(w); return err }); err != nil {
		return err
	}
	if err := conn.UpdateDeadline(t.Reply); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return reply("end of message", err)
	}
	return nil
}

// reply turns a 5xx reply into a *Refusal and names the step of others.
func reply(what string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return &Refusal{Code: te.Code, Text: te.Msg}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// FolderSender writes each message as DIR/ID.eml: with no SMTP server
// configured, `plp serve` shows what it would send. Writing the same
// notification again replaces its file, so a retry leaves one copy.
type FolderSender struct{ Dir string }

// Send writes msg.
func (f *FolderSender) Send(_ context.Context, id string, msg *mail.Msg) error {
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return fmt.Errorf("mail folder: %w", err)
	}
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == '.' {
			return '_'
		}
		return r
	}, id)
	tmp, err := os.CreateTemp(f.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("mail folder: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := msg.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s.eml: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s.eml: %w", name, err)
	}
	// Rename is atomic: a reader never sees half a message.
	if err := os.Rename(tmp.Name(), filepath.Join(f.Dir, name+".eml")); err != nil {
		return fmt.Errorf("write %s.eml: %w", name, err)
	}
	return nil
}
