package outbox

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// Sender delivers one message. An error means it was not delivered (as far
// as the sender can tell) and may be retried.
type Sender interface {
	Send(ctx context.Context, id string, msg *mail.Msg) error
}

// OpenSender returns the sender rawURL names: smtp://user:pass@host:port
// (STARTTLS when the server offers it; ?tls=none to never, ?tls=required
// to insist), smtps://... (TLS from the start), or empty for .eml files in
// dir.
func OpenSender(rawURL, dir string, timeout time.Duration) (Sender, error) {
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
	s := &SMTPSender{Host: u.Hostname(), Timeout: timeout, TLS: mail.TLSOpportunistic, SSL: u.Scheme == "smtps"}
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

// SMTPSender sends through an SMTP server with github.com/wneessen/go-mail,
// one connection per batch of work (Send dials each time: a dispatcher sends
// a handful of messages a minute, and a broken connection is never reused).
type SMTPSender struct {
	Host               string
	Port               int
	Username, Password string
	TLS                mail.TLSPolicy
	SSL                bool
	// Timeout bounds dialing and each SMTP command, so a server that hangs
	// fails the attempt instead of holding the message.
	Timeout time.Duration
}

// Send delivers msg.
func (s *SMTPSender) Send(ctx context.Context, _ string, msg *mail.Msg) error {
	opts := []mail.Option{mail.WithPort(s.Port), mail.WithTLSPolicy(s.TLS), mail.WithoutNoop()}
	if s.Timeout > 0 {
		opts = append(opts, mail.WithTimeout(s.Timeout))
	}
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
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 2*s.Timeout)
		defer cancel()
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp %s:%d: %w", s.Host, s.Port, err)
	}
	return nil
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
