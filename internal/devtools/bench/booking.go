package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/guardianship"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
	"plp/server"
)

// Booking rows of the table.
const (
	BookingBaseline = "booking rush (baseline)"
	BookingRush     = "booking rush"
)

const bookMutation = `mutation Book($slot: ID!, $student: ID!) {
  bookConference(input: {slotID: $slot, studentID: $student}) { conference { id } }
}`

// rushData is a school whose families all book at once: one family (a
// guardian who may book) per student, and two fresh windows of single-seat
// slots, one for PLP and one for the baseline.
type rushData struct {
	schoolID   pulid.ID
	students   []pulid.ID
	families   []pulid.ID
	tokens     []string
	plpSlots   []pulid.ID
	baseSlots  []pulid.ID
	plpWindow  pulid.ID
	baseWindow pulid.ID
}

// booking is the booking rush: Families families (one per student of one
// school) book Slots single-seat slots, RushClients at a time, four
// attempts per slot: every attempt answers, exactly Slots conferences are
// booked, the rest are told CONFLICT, nothing else fails. The baseline
// does the same bookings with hand-written SQL in the same run.
func (e *env) booking(ctx context.Context) error {
	cfg := e.cfg
	if cfg.NewDB == nil {
		e.say("bench: booking rush skipped: no scratch database")
		return nil
	}
	db, drop, err := cfg.NewDB(ctx)
	if err != nil {
		return err
	}
	defer drop()
	res, err := seedscale.Generate(ctx, db, seedscale.Options{Students: cfg.Families, SchoolSize: cfg.Families, Now: time.Now()})
	if err != nil {
		return err
	}
	e.say("bench: booking rush: seeded one school of %d students (%d rows) in %s", res.Students, res.Rows(), res.Elapsed.Round(time.Millisecond))
	data, err := prepareRush(ctx, db.Client, cfg.Slots)
	if err != nil {
		return err
	}
	url, stop, err := serve(ctx, server.New(e.srvCfg, db, cfg.Log))
	if err != nil {
		return err
	}
	defer stop()
	base := &bookingBaseline{db: db, postgres: db.Dialect == dialect.Postgres}
	baseURL, stopBase, err := serve(ctx, plainServer{base})
	if err != nil {
		return err
	}
	defer stopBase()
	hc := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.RushClients, MaxIdleConns: 2 * cfg.RushClients}}
	defer hc.CloseIdleConnections()

	name := dbName(db)
	e.say("bench: %s ...", BookingBaseline)
	b, bBooked, bConflicts := rush(ctx, cfg.RushClients, len(data.families), base.statements.Load, func(ctx context.Context, i int) error {
		return post(ctx, hc, fmt.Sprintf("%s/book?slot=%s&student=%s", baseURL, data.baseSlots[i%len(data.baseSlots)], data.students[i]), data.tokens[i])
	})
	b.Workload, b.Database = BookingBaseline, name
	b.Note = fmt.Sprintf("%d booked, %d full (409), %d other errors", bBooked, bConflicts, b.Errors)
	e.add(b)
	e.say("bench: %s ...", BookingRush)
	r, booked, conflicts := rush(ctx, cfg.RushClients, len(data.families), db.Statements, func(ctx context.Context, i int) error {
		return graphql(ctx, hc, url, data.tokens[i], bookMutation, map[string]any{"slot": data.plpSlots[i%len(data.plpSlots)], "student": data.students[i]})
	})
	r.Workload, r.Database, r.Baseline = BookingRush, name, &b
	stored, err := db.Client.Conference.Query().Where(conference.WindowID(data.plpWindow)).Count(viewer.SystemContext(ctx))
	if err != nil {
		return err
	}
	r.Note = fmt.Sprintf("%d families, %d slots: %d booked, %d CONFLICT, %d other errors; %d conferences stored", len(data.families), len(data.plpSlots), booked, conflicts, r.Errors, stored)
	e.add(r)
	e.check(BookingRush, fmt.Sprintf("exactly %d conferences", len(data.plpSlots)), booked == len(data.plpSlots) && stored == booked, "%d booked, %d stored", booked, stored)
	e.check(BookingRush, "every other attempt CONFLICT, no other error", conflicts == len(data.families)-len(data.plpSlots) && r.Errors == 0,
		"%d CONFLICT, %d other", conflicts, r.Errors)
	if b.Elapsed > 0 {
		e.check(BookingRush, "drain time within 2x of the baseline's", r.Elapsed <= 2*b.Elapsed, "%.2fx (%s vs %s)", float64(r.Elapsed)/float64(b.Elapsed), secs(r.Elapsed), secs(b.Elapsed))
	}
	return nil
}

// prepareRush picks one family per student of the first school, starts
// their sessions, and opens two windows of n single-seat slots.
func prepareRush(ctx context.Context, c *ent.Client, n int) (*rushData, error) {
	sys := viewer.SystemContext(ctx)
	school, err := c.School.Query().Order(ent.Asc("id")).First(sys)
	if err != nil {
		return nil, fmt.Errorf("the rush's school: %w", err)
	}
	gs, err := c.Guardianship.Query().
		Where(guardianship.SchoolID(school.ID), guardianship.CanBook(true)).
		Order(ent.Asc(guardianship.FieldStudentID), ent.Asc(guardianship.FieldID)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("families: %w", err)
	}
	d := &rushData{schoolID: school.ID}
	seen := map[pulid.ID]bool{}
	for _, g := range gs {
		if seen[g.StudentID] {
			continue
		}
		seen[g.StudentID] = true
		d.students = append(d.students, g.StudentID)
		d.families = append(d.families, g.FamilyID)
	}
	if len(d.families) < n {
		return nil, fmt.Errorf("bench: %d families for %d slots: generate more students", len(d.families), n)
	}
	if d.tokens, err = sessions(ctx, c, d.families); err != nil {
		return nil, err
	}
	hosts, err := c.Student.Query().Where(student.SchoolID(school.ID), student.AdvisorIDNotNil()).
		Unique(true).Select(student.FieldAdvisorID).Strings(sys)
	if err != nil || len(hosts) == 0 {
		return nil, fmt.Errorf("hosts: %v (%d)", err, len(hosts))
	}
	if d.plpWindow, d.plpSlots, err = rushWindow(sys, c, school.ID, hosts, n, "Rush (PLP)", 30); err != nil {
		return nil, err
	}
	if d.baseWindow, d.baseSlots, err = rushWindow(sys, c, school.ID, hosts, n, "Rush (baseline)", 40); err != nil {
		return nil, err
	}
	return d, nil
}

// rushWindow opens a window that opened an hour ago, with n single-seat
// slots day days ahead (clear of the generated window's), spread over the
// hosts.
func rushWindow(ctx context.Context, c *ent.Client, school pulid.ID, hosts []string, n int, term string, day int) (pulid.ID, []pulid.ID, error) {
	now := time.Now().UTC()
	ids := make([]pulid.ID, len(hosts))
	for i, h := range hosts {
		ids[i] = pulid.ID(h)
	}
	w, err := c.ConferenceWindow.Create().SetSchoolID(school).SetTerm(term).
		SetOpensAt(now.Add(-time.Hour)).SetClosesAt(now.AddDate(0, 0, day+7)).
		SetSlotMinutes(20).SetBufferMinutes(5).AddHostIDs(ids...).Save(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("open window: %w", err)
	}
	var slots []pulid.ID
	for from := 0; from < n; from += 500 {
		var bs []*ent.SlotCreate
		for i := from; i < min(from+500, n); i++ {
			at := now.AddDate(0, 0, day).Truncate(time.Hour).Add(time.Duration(i/len(ids)) * 25 * time.Minute)
			bs = append(bs, c.Slot.Create().SetSchoolID(school).SetWindowID(w.ID).SetHostID(ids[i%len(ids)]).
				SetStartsAt(at).SetEndsAt(at.Add(20*time.Minute)).SetLocation("Library").SetCapacity(1))
		}
		made, err := c.Slot.CreateBulk(bs...).Save(ctx)
		if err != nil {
			return "", nil, fmt.Errorf("open slots: %w", err)
		}
		for _, s := range made {
			slots = append(slots, s.ID)
		}
	}
	return w.ID, slots, nil
}

// rush makes n attempts, attempt i once, with clients at a time, and
// counts bookings, CONFLICTs (HTTP 409 for the baseline) and any other
// error. Elapsed is the drain time: the first attempt's start to the last
// one's answer.
func rush(ctx context.Context, clients, n int, statements func() int64, do request) (Result, int, int) {
	resetPeakRSS()
	var (
		next              atomic.Int64
		mu                sync.Mutex
		latencies         []time.Duration
		booked, conflicts int
		errs              int
		first             string
		wg                sync.WaitGroup
	)
	before, cpuBefore := statements(), cpuTime()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				t := time.Now()
				err := do(ctx, i)
				took := time.Since(t)
				mu.Lock()
				latencies = append(latencies, took)
				switch {
				case err == nil:
					booked++
				case errorCode(err) == "CONFLICT" || errors.Is(err, errFull):
					conflicts++
				default:
					errs++
					if first == "" {
						first = err.Error()
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), cpuTime()-cpuBefore
	r := Result{Clients: clients, Requests: len(latencies), Errors: errs, FirstError: first, Elapsed: elapsed, Statements: -1, PeakRSS: peakRSS()}
	if r.Requests > 0 {
		r.Statements = float64(statements()-before) / float64(r.Requests)
		r.CPU = cpu / time.Duration(r.Requests)
	}
	r.P50, r.P99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
	return r, booked, conflicts
}

// errFull is the baseline's answer for a slot already taken.
var errFull = errors.New("409: slot full")

func post(ctx context.Context, hc *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		return nil
	case http.StatusConflict:
		return errFull
	}
	return fmt.Errorf("POST %s: %s", url, resp.Status)
}

// bookingBaseline books without PLP: the session by token hash, the
// guardian's right to book for the child, then in one transaction a
// conditional UPDATE of the slot's seat count (checked by rows affected)
// and the conference's INSERT, as PLP's seat rule does. It writes no
// attendees, outbox mail or availability event, which PLP does.
type bookingBaseline struct {
	db         *database.DB
	postgres   bool
	statements atomic.Int64
}

func (b *bookingBaseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status, err := b.book(r.Context(), strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "),
		r.URL.Query().Get("slot"), r.URL.Query().Get("student"))
	if err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"data":{"booked":true}}`)
}

func (b *bookingBaseline) book(ctx context.Context, token, slotID, studentID string) (int, error) {
	now := time.Now().UTC()
	sum := sha256.Sum256([]byte(token))
	b.statements.Add(1)
	var account string
	err := b.db.Read.QueryRowContext(ctx, rebind(b.postgres, `SELECT account_id FROM sessions WHERE token_hash = ? AND expires_at > ? AND revoked_at IS NULL`),
		sum[:], now).Scan(&account)
	if err != nil {
		return http.StatusUnauthorized, fmt.Errorf("session: %w", err)
	}
	b.statements.Add(1)
	var n int
	err = b.db.Read.QueryRowContext(ctx, rebind(b.postgres, `SELECT count(*) FROM guardianships WHERE family_id = ? AND student_id = ? AND can_book = ? AND ends_at IS NULL`),
		account, studentID, true).Scan(&n)
	if err != nil || n == 0 {
		return http.StatusForbidden, fmt.Errorf("may not book: %v", err)
	}
	tx, err := b.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return http.StatusInternalServerError, err
	}
	defer tx.Rollback()
	b.statements.Add(1)
	res, err := tx.ExecContext(ctx, rebind(b.postgres, `UPDATE slots SET booked = booked + 1, updated_at = ? WHERE id = ? AND booked < capacity AND blocked = ? AND starts_at > ?`),
		now, slotID, false, now)
	if err != nil {
		return http.StatusInternalServerError, err
	}
	if taken, err := res.RowsAffected(); err != nil || taken == 0 {
		return http.StatusConflict, errFull
	}
	b.statements.Add(1)
	_, err = tx.ExecContext(ctx, rebind(b.postgres, `INSERT INTO conferences (id, created_at, updated_at, status, school_id, window_id, slot_id, student_id, booked_by_id)
		SELECT ?, ?, ?, 'BOOKED', school_id, window_id, id, ?, ? FROM slots WHERE id = ?`),
		string(pulid.New("cnf")), now, now, studentID, account, slotID)
	if err != nil {
		return http.StatusConflict, fmt.Errorf("book: %w", err)
	}
	if err := tx.Commit(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return http.StatusInternalServerError, err
	}
	return http.StatusOK, nil
}
