package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"

	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/reminders"
)

// Reminder rows of the table.
const (
	RemindersWrite    = "reminders: write to the outbox"
	RemindersDispatch = "reminders: dispatch over SMTP"
	PlanAlone         = "plan page, open-loop, alone"
	PlanDuring        = "plan page, open-loop, during dispatch"
)

// reminders chooses and writes a reflection reminder for every student of
// the main database into the outbox, through the job's own function
// (reminders.ReflectionReminders), then dispatches them to an SMTP server
// on loopback with the server's dispatcher; meanwhile the plan page is
// asked for open-loop, and its p99 compared with the same load alone.
func (e *env) reminders(ctx context.Context) error {
	cfg := e.cfg
	people, err := e.signedIn(ctx)
	if err != nil {
		return err
	}
	// Two months on, every student is due a prompt (the cadence is two
	// weeks); mail written in quiet hours waits for their end, so the
	// dispatcher's clock is half a day further.
	later := time.Now().AddDate(0, 2, 0)
	at := clock.NewContext(ctx, func() time.Time { return later })
	rate := e.planRPS / 2
	if rate <= 0 {
		rate = 50
	}
	plan := func(ctx context.Context, i int) error {
		p := people[i]
		return graphql(ctx, e.hc, e.plp, p.token, planPageQuery, map[string]any{"id": p.student})
	}
	e.say("bench: %s (%.0f req/s) ...", PlanAlone, rate)
	alone := pace(ctx, rate, len(people), cfg.Duration, nil, cfg.DB.Statements, plan)
	alone.Workload, alone.Database = fmt.Sprintf("%s (%.0f req/s)", PlanAlone, rate), e.dbName
	e.add(alone)

	mail, err := startSMTP()
	if err != nil {
		return err
	}
	defer mail.Close()
	sender, err := outbox.OpenSender("smtp://"+mail.addr+"?tls=none", "", outbox.Timeouts{Command: 10 * time.Second, Reply: 10 * time.Second})
	if err != nil {
		return err
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		return err
	}
	d := &outbox.Dispatcher{Client: cfg.DB.Client, Sender: sender, Templates: tpl, Log: cfg.Log,
		Now: func() time.Time { return later.Add(12 * time.Hour) }}

	// Writing runs alone, so its statements are its own; the dispatch runs
	// while the plan page is asked for, as the night's mail would.
	e.say("bench: %s ...", RemindersWrite)
	before, cpuBefore, start := cfg.DB.Statements(), cpuTime(), time.Now()
	written, err := reminders.ReflectionReminders(at, cfg.DB.Client, reminders.Options{BaseURL: "http://127.0.0.1/"})
	if err != nil {
		return err
	}
	write := batchResult(written.Written, time.Since(start), cfg.DB.Statements()-before, cpuTime()-cpuBefore)

	done := make(chan struct{})
	var dispatch Result
	var workErr error
	go func() {
		defer close(done)
		cpuBefore, start := cpuTime(), time.Now()
		sent, failed := 0, 0
		for {
			rep, err := d.DispatchDue(ctx)
			if err != nil {
				workErr = err
				return
			}
			sent, failed = sent+rep.Sent, failed+rep.Failed+rep.Retrying
			if rep.Sent+rep.Failed+rep.Retrying == 0 {
				break
			}
		}
		dispatch = batchResult(sent, time.Since(start), 0, cpuTime()-cpuBefore)
		dispatch.Statements, dispatch.CPU = -1, 0 // shared with the plan page's
		dispatch.Errors = failed
	}()
	e.say("bench: %s, with %s (%.0f req/s) ...", RemindersDispatch, PlanDuring, rate)
	during := pace(ctx, rate, len(people), 0, done, cfg.DB.Statements, plan)
	<-done
	if workErr != nil {
		return workErr
	}
	during.Workload, during.Database, during.Baseline = fmt.Sprintf("%s (%.0f req/s)", PlanDuring, rate), e.dbName, &alone
	write.Workload, write.Database = RemindersWrite, e.dbName
	write.Note = fmt.Sprintf("%s; requests are messages", written)
	dispatch.Workload, dispatch.Database = RemindersDispatch, e.dbName
	dispatch.Note = fmt.Sprintf("%d messages sent, %d arrived at the SMTP server; requests are messages; while the plan page was asked for (statements and CPU shared, not shown)", dispatch.Requests, mail.received.Load())
	e.add(write)
	e.add(dispatch)
	e.add(during)
	per50k := time.Duration(float64(write.Elapsed) * 50000 / float64(max(written.Written, 1)))
	e.check(RemindersWrite, "50,000 reminders written in under 10 s (PostgreSQL)", per50k < 10*time.Second,
		"%d in %s: %s per 50,000", written.Written, secs(write.Elapsed), secs(per50k))
	e.check(RemindersDispatch, ">= 200 messages/s over SMTP", dispatch.RPS() >= 200 && dispatch.Errors == 0, "%.0f/s", dispatch.RPS())
	if alone.P99 > 0 {
		e.check(PlanDuring, "plan-page p99 <= 1.5x while reminders are sent", during.P99 <= alone.P99*3/2 && during.Errors == 0,
			"%.2fx (%s vs %s)", float64(during.P99)/float64(alone.P99), ms(during.P99), ms(alone.P99))
	}
	return nil
}

// batchResult is a job's figures: n items in elapsed time.
func batchResult(n int, elapsed time.Duration, statements int64, cpu time.Duration) Result {
	r := Result{Clients: 1, Requests: n, Elapsed: elapsed, Statements: -1}
	if n > 0 {
		r.Statements = float64(statements) / float64(n)
		r.CPU = cpu / time.Duration(n)
	}
	return r
}

// smtpSink is an SMTP server on loopback that accepts every message and
// counts it (github.com/emersion/go-smtp, as notify's tests use).
type smtpSink struct {
	srv      *smtp.Server
	addr     string
	received atomic.Int64
}

func startSMTP() (*smtpSink, error) {
	s := &smtpSink{}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return sinkSession{s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("smtp listen: %w", err)
	}
	s.addr = ln.Addr().String()
	go s.srv.Serve(ln)
	return s, nil
}

func (s *smtpSink) Close() error { return s.srv.Close() }

type sinkSession struct{ s *smtpSink }

func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }
func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (se sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	se.s.received.Add(1)
	return nil
}
