package remind

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
)

// fakeStore is an outbox in memory with the store's rules.
type fakeStore struct {
	mu   sync.Mutex
	rows map[int64]*fakeRow
}

type fakeRow struct {
	due          Due
	state        string
	next, leased time.Time
	sentAt       time.Time
	lastError    string
	retries      []time.Time // every next attempt asked for
}

func newFakeStore(list ...Due) *fakeStore {
	s := &fakeStore{rows: map[int64]*fakeRow{}}
	for _, d := range list {
		d.Attempts = 0
		s.rows[d.ID] = &fakeRow{due: d, state: "pending", next: d.Start.Add(-24 * time.Hour)}
	}
	return s
}

func (s *fakeStore) ClaimReminders(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Due, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Due
	for _, id := range slices.Sorted(maps.Keys(s.rows)) {
		r := s.rows[id]
		if len(out) < limit && r.state == "pending" && !r.next.After(now) {
			r.state, r.leased = "sending", now.Add(lease)
			r.due.Attempts++
			out = append(out, r.due)
		}
	}
	return out, nil
}

func (s *fakeStore) row(id int64, states ...string) (*fakeRow, error) {
	r := s.rows[id]
	for _, st := range states {
		if r.state == st {
			return r, nil
		}
	}
	return nil, errs.Conflictf("Reminder %d is not being sent.", id)
}

func (s *fakeStore) MarkReminderSent(ctx context.Context, id int64, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.row(id, "sending", "failed")
	if err == nil {
		r.state, r.sentAt = "sent", at
	}
	return err
}

func (s *fakeStore) RetryReminder(ctx context.Context, id int64, next time.Time, errText string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.row(id, "sending")
	if err == nil {
		r.state, r.next, r.lastError = "pending", next, errText
		r.retries = append(r.retries, next)
	}
	return err
}

func (s *fakeStore) FailReminder(ctx context.Context, id int64, errText string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.row(id, "sending")
	if err == nil {
		r.state, r.lastError = "failed", errText
	}
	return err
}

func (s *fakeStore) SweepReminders(ctx context.Context, now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.rows {
		if r.state == "sending" && r.leased.Before(now) {
			r.state, r.lastError = "failed", "delivery outcome unknown"
			n++
		}
	}
	return n, nil
}

// flakySender fails its first failures sends with err, then succeeds.
type flakySender struct {
	mu       sync.Mutex
	failures int
	err      error
	sent     []Message
	tries    int
}

func (f *flakySender) Send(ctx context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tries++
	if f.tries <= f.failures {
		return f.err
	}
	f.sent = append(f.sent, m)
	return nil
}

// testClock is a settable test clock.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute,
		32 * time.Minute, time.Hour, time.Hour, time.Hour}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %s; want %s", i+1, got, w)
		}
	}
}

func TestWorkerRetriesThenSends(t *testing.T) {
	ctx := context.Background()
	d := sample()
	st := newFakeStore(d)
	snd := &flakySender{failures: 3, err: errors.New("451 4.3.0 <matti@example.fi> try later")}
	var logs bytes.Buffer
	c := &testClock{t: d.Start.Add(-24 * time.Hour)}
	w := &Worker{Store: st, Sender: snd, Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: c.now, BaseURL: "https://onestop.example.fi"}

	// Three failures one after another, each retried after the backoff.
	wait := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}
	for i, b := range wait {
		sent, retried, failed, err := w.RunOnce(ctx)
		if err != nil || sent != 0 || retried != 1 || failed != 0 {
			t.Fatalf("run %d = %d sent, %d retried, %d failed, %v", i+1, sent, retried, failed, err)
		}
		r := st.rows[d.ID]
		if r.state != "pending" || !r.next.Equal(c.t.Add(b)) {
			t.Fatalf("after failure %d: %s, next %s; want pending at +%s", i+1, r.state, r.next, b)
		}
		// Not due yet: nothing happens.
		c.t = c.t.Add(b - time.Second)
		if sent, retried, failed, err := w.RunOnce(ctx); sent+retried+failed != 0 || err != nil {
			t.Fatalf("run before the retry is due did something: %d %d %d %v", sent, retried, failed, err)
		}
		c.t = c.t.Add(time.Second)
	}
	sent, retried, failed, err := w.RunOnce(ctx)
	if err != nil || sent != 1 || retried != 0 || failed != 0 {
		t.Fatalf("fourth attempt = %d sent, %d retried, %d failed, %v", sent, retried, failed, err)
	}
	r := st.rows[d.ID]
	if r.state != "sent" || r.due.Attempts != 4 || !r.sentAt.Equal(c.t) {
		t.Errorf("reminder is %s after %d attempts, sent at %s", r.state, r.due.Attempts, r.sentAt)
	}
	// Sent once, whatever runs after.
	for range 3 {
		c.t = c.t.Add(time.Hour)
		w.RunOnce(ctx)
	}
	if len(snd.sent) != 1 {
		t.Fatalf("sent %d messages; want 1", len(snd.sent))
	}
	m := snd.sent[0]
	if !strings.Contains(m.Body, "https://onestop.example.fi/appointments/ACDE-3479") {
		t.Errorf("the message lacks the appointment's page:\n%s", m.Body)
	}
	if strings.Contains(r.lastError, "matti@example.fi") || strings.Contains(logs.String(), "matti@example.fi") ||
		strings.Contains(logs.String(), "123 4567") {
		t.Errorf("a full address reached the log or the outbox:\n%s\n%s", r.lastError, logs.String())
	}
}

func TestWorkerGivesUp(t *testing.T) {
	ctx := context.Background()
	d := sample()

	// Attempts used up: failed after MaxAttempts, with the backoff capped.
	st := newFakeStore(d)
	c := &testClock{t: d.Start.Add(-24 * time.Hour)}
	w := &Worker{Store: st, Sender: &flakySender{failures: 100, err: errors.New("connection refused")},
		Log: slog.New(slog.DiscardHandler), Now: c.now, MaxAttempts: 8}
	for range 20 {
		w.RunOnce(ctx)
		c.t = c.t.Add(time.Hour)
	}
	r := st.rows[d.ID]
	if r.state != "failed" || r.due.Attempts != 8 || !strings.HasPrefix(r.lastError, "Gave up after 8 attempts") {
		t.Errorf("after 20 hours: %s after %d attempts (%q); want failed after 8", r.state, r.due.Attempts, r.lastError)
	}
	if len(r.retries) != 7 {
		t.Errorf("%d retries; want 7", len(r.retries))
	}

	// A permanent error: failed at once.
	st = newFakeStore(d)
	w.Store = st
	w.Sender = &flakySender{failures: 1, err: Permanent(errs.Invalidf("The customer gave no e-mail address."))}
	sent, retried, failed, err := w.RunOnce(ctx)
	if err != nil || sent != 0 || retried != 0 || failed != 1 || st.rows[d.ID].state != "failed" {
		t.Errorf("permanent error: %d sent, %d retried, %d failed, %v; state %s", sent, retried, failed, err, st.rows[d.ID].state)
	}
}

// slowSender blocks until its context ends.
type slowSender struct{}

func (slowSender) Send(ctx context.Context, m Message) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestWorkerSendEndsWithinLease(t *testing.T) {
	d := sample()
	st := newFakeStore(d)
	w := &Worker{Store: st, Sender: slowSender{}, Log: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return d.Start.Add(-time.Hour) }, Lease: 100 * time.Millisecond}
	start := time.Now()
	sent, retried, failed, err := w.RunOnce(context.Background())
	if err != nil || sent != 0 || retried != 1 || failed != 0 {
		t.Errorf("slow send = %d sent, %d retried, %d failed, %v", sent, retried, failed, err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the send was not cut short within the lease: %s", took)
	}
	if r := st.rows[d.ID]; r.state != "pending" {
		t.Errorf("a send that timed out left the reminder %s", r.state)
	}
}

func TestLogSender(t *testing.T) {
	var logs bytes.Buffer
	m := Render(sample(), "")
	if err := (LogSender{Log: slog.New(slog.NewTextHandler(&logs, nil))}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{"ACDE-3479", "language=fi", "m***@example.fi", `"+358 40 *** ** 67"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
	for _, never := range []string{"matti@example.fi", "123 4567", "Meikäläinen"} {
		if strings.Contains(out, never) {
			t.Errorf("log has %q: %s", never, out)
		}
	}
}
