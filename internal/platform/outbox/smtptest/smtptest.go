// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) on
// loopback for tests: it keeps the messages it accepts, and can be told to
// refuse them (for now or for good), hang, answer slowly, drop the
// connection before or after accepting a message, or stop listening
// altogether.
package smtptest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mode is how the server treats the next messages.
type Mode int

// The server's modes.
const (
	Accept Mode = iota // take every message
	Refuse             // answer 451 to every recipient: try again later
	Hang               // never answer DATA: the client must time out
	Drop               // close the connection in the middle of DATA
	// DropAfterAccept keeps the message, answers 250, and closes the
	// connection: the client's RSET or QUIT fails.
	DropAfterAccept
	// Slow keeps the message and answers 250 only after the server's Delay.
	Slow
	// RefuseForGood answers 550 5.1.1 to every recipient.
	RefuseForGood
	// RejectData takes the recipients and answers 554 to the message.
	RejectData
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Raw  []byte
}

// Parse parses the message's header and body.
func (m Message) Parse(tb testing.TB) *mail.Message {
	tb.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		tb.Fatalf("parse received mail: %v", err)
	}
	return msg
}

// Server is an SMTP server on a loopback port.
type Server struct {
	Addr string // host:port

	srv      *smtp.Server
	mu       sync.Mutex
	mode     Mode
	delay    time.Duration
	messages []Message
	hung     chan struct{}
	ln       net.Listener
	tb       testing.TB
}

// Start starts a server; it stops when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{tb: tb, hung: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, conn: c}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("smtp listen: %v", err)
	}
	s.Addr = ln.Addr().String()
	s.serve(ln)
	tb.Cleanup(func() {
		s.mu.Lock()
		select {
		case <-s.hung:
		default:
			close(s.hung)
		}
		s.mu.Unlock()
		s.srv.Close()
	})
	return s
}

func (s *Server) serve(ln net.Listener) {
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	go func() { _ = s.srv.Serve(ln) }()
}

// URL is the smtp:// URL of the server, without TLS.
func (s *Server) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// SetMode changes how the server treats the next messages.
func (s *Server) SetMode(m Mode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mode = m
}

// SetDelay is how long the server takes to answer the end of a message in
// Slow mode.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

func (s *Server) currentMode() Mode {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mode
}

// Down stops listening: connections are refused, as by a server that is
// not running.
func (s *Server) Down() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
	}
}

// Up listens again on the same address.
func (s *Server) Up() {
	s.tb.Helper()
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		s.tb.Fatalf("smtp listen again on %s: %v", s.Addr, err)
	}
	s.serve(ln)
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

type session struct {
	s        *Server
	conn     *smtp.Conn
	from     string
	to       []string
	accepted bool // DropAfterAccept: drop once the 250 is out
}

// Reset runs after the answer to DATA is written, and on RSET.
func (se *session) Reset() {
	se.from, se.to = "", nil
	if se.accepted {
		se.conn.Conn().Close()
	}
}
func (se *session) Logout() error { return nil }

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	switch se.s.currentMode() {
	case Refuse:
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	case RefuseForGood:
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	switch se.s.currentMode() {
	case Hang:
		_, _ = io.Copy(io.Discard, r)
		<-se.s.hung // until the test ends
		return errors.New("hung")
	case Drop:
		_, _ = io.Copy(io.Discard, r)
		se.conn.Conn().Close()
		return errors.New("dropped")
	case RejectData:
		_, _ = io.Copy(io.Discard, r)
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "message refused"}
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	se.s.mu.Lock()
	se.s.messages = append(se.s.messages, Message{From: se.from, To: append([]string(nil), se.to...), Raw: raw})
	mode, delay := se.s.mode, se.s.delay
	se.s.mu.Unlock()
	switch mode {
	case DropAfterAccept:
		se.accepted = true
	case Slow:
		select {
		case <-time.After(delay):
		case <-se.s.hung:
		}
	}
	return nil
}
