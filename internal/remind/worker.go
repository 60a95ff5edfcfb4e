package remind

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Store is the reminder outbox the worker needs (store.Appointments).
type Store interface {
	// ClaimReminders moves up to limit due reminders of appointments that
	// are neither cancelled nor begun from pending to sending, leased
	// until now+lease, counts the attempt, and returns them. No two
	// callers ever get the same reminder.
	ClaimReminders(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Due, error)
	// MarkReminderSent records that a claimed reminder left at at.
	MarkReminderSent(ctx context.Context, id int64, at time.Time) error
	// RetryReminder puts a claimed reminder that was not sent back to
	// pending, to be tried again at next.
	RetryReminder(ctx context.Context, id int64, next time.Time, errText string) error
	// FailReminder gives a claimed reminder up.
	FailReminder(ctx context.Context, id int64, errText string) error
	// SweepReminders gives up reminders left sending past their lease,
	// whose fate is unknown, and returns how many.
	SweepReminders(ctx context.Context, now time.Time) (int, error)
}

// Defaults of the Worker.
const (
	DefaultLease       = 5 * time.Minute
	DefaultMaxAttempts = 8
	DefaultBatch       = 50
	// The wait before attempt n+1 is firstBackoff × 2^(n-1), at most
	// maxBackoff: 1, 2, 4 … 32 minutes, then hourly.
	firstBackoff = time.Minute
	maxBackoff   = time.Hour
)

// Worker sends the reminders that are due.
type Worker struct {
	Store  Store
	Sender Sender
	Log    *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Lease is how long a claimed reminder may take to send before it is
	// given up as of unknown fate; 0 means DefaultLease.
	Lease time.Duration
	// MaxAttempts is how often a reminder is tried; 0 means
	// DefaultMaxAttempts.
	MaxAttempts int
	// BaseURL is where customers reach the server, for the link to the
	// appointment's page; "" leaves the link out.
	BaseURL string
	// Batch is how many reminders one claim takes; 0 means DefaultBatch.
	Batch int
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

// Backoff is the wait after a failed attempt, given the attempts made.
func Backoff(attempts int) time.Duration {
	d := firstBackoff
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// RunOnce gives up reminders stuck in sending, then sends every reminder
// that is due, batch by batch, and says what became of them.
func (w *Worker) RunOnce(ctx context.Context) (sent, retried, failed int, err error) {
	lease := w.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	maxAttempts := w.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	batch := w.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	stuck, err := w.Store.SweepReminders(ctx, w.now())
	if err != nil {
		return 0, 0, 0, fmt.Errorf("sweep reminders: %w", err)
	}
	if stuck > 0 {
		w.log().Warn("reminders given up: a send was interrupted and may or may not have arrived, so they are not sent again", "count", stuck)
	}
	// Bookkeeping after a send runs even when ctx ends meanwhile (a
	// shutdown): a row left sending would be given up as of unknown fate.
	record := context.WithoutCancel(ctx)
	for {
		claimed := w.now()
		list, err := w.Store.ClaimReminders(ctx, claimed, lease, batch)
		if err != nil {
			return sent, retried, failed, fmt.Errorf("claim reminders: %w", err)
		}
		for _, d := range list {
			outcome, err := w.deliver(ctx, record, d, claimed.Add(lease), lease/10, maxAttempts)
			if err != nil {
				return sent, retried, failed, err
			}
			switch outcome {
			case outcomeSent:
				sent++
			case outcomeRetry:
				retried++
			case outcomeFailed:
				failed++
			}
		}
		if len(list) < batch || ctx.Err() != nil {
			return sent, retried, failed, ctx.Err()
		}
	}
}

type outcome int

const (
	outcomeSent outcome = iota
	outcomeRetry
	outcomeFailed
)

// deliver sends one claimed reminder and records the outcome. The send
// must finish a margin before the lease ends, so that a sweep never
// gives up a reminder that is still being sent.
func (w *Worker) deliver(ctx, record context.Context, d Due, leaseEnd time.Time, margin time.Duration, maxAttempts int) (outcome, error) {
	log := w.log().With("reference", d.Reference, "reminder", d.ID, "attempt", d.Attempts)
	left := leaseEnd.Add(-margin).Sub(w.now())
	if left <= 0 || ctx.Err() != nil {
		// Not tried: back to pending at once.
		if err := w.Store.RetryReminder(record, d.ID, w.now(), "Not sent before its lease ran out; tried again."); err != nil {
			return 0, fmt.Errorf("release reminder %d: %w", d.ID, err)
		}
		return outcomeRetry, nil
	}
	m := Render(d, ManageURL(w.BaseURL, d.Reference))
	sendCtx, cancel := context.WithTimeout(ctx, left)
	err := w.Sender.Send(sendCtx, m)
	cancel()
	if err == nil {
		if err := w.Store.MarkReminderSent(record, d.ID, w.now()); err != nil {
			return 0, fmt.Errorf("mark reminder %d sent: %w", d.ID, err)
		}
		log.Debug("reminder handed to the sender", "language", m.Language, "to", MaskEmail(m.To))
		return outcomeSent, nil
	}
	text := scrub(err.Error(), m)
	switch {
	case IsPermanent(err):
		log.Warn("reminder not sent and not tried again", "err", text)
		if err := w.Store.FailReminder(record, d.ID, text); err != nil {
			return 0, fmt.Errorf("fail reminder %d: %w", d.ID, err)
		}
		return outcomeFailed, nil
	case d.Attempts >= maxAttempts:
		log.Warn("reminder not sent: attempts used up", "err", text)
		text = fmt.Sprintf("Gave up after %d attempts: %s", d.Attempts, text)
		if err := w.Store.FailReminder(record, d.ID, text); err != nil {
			return 0, fmt.Errorf("fail reminder %d: %w", d.ID, err)
		}
		return outcomeFailed, nil
	}
	wait := Backoff(d.Attempts)
	log.Info("reminder not sent; trying again later", "err", text, "in", wait)
	if err := w.Store.RetryReminder(record, d.ID, w.now().Add(wait), text); err != nil {
		return 0, fmt.Errorf("retry reminder %d: %w", d.ID, err)
	}
	return outcomeRetry, nil
}

// Run runs the worker now and then every interval until ctx ends.
func (w *Worker) Run(ctx context.Context, every time.Duration) {
	for {
		sent, retried, failed, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.log().Error("reminders", "err", err)
		}
		if sent+retried+failed > 0 {
			w.log().Info("reminders", "sent", sent, "retried", retried, "failed", failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
