package remind_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/remind"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// recorder keeps what it was asked to send.
type recorder struct {
	mu   sync.Mutex
	sent []remind.Message
}

func (r *recorder) Send(ctx context.Context, m remind.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return nil
}

// TestWorkerOnStore runs the worker against the real store: a due
// reminder is sent once, a cancelled appointment's never, and one whose
// worker died mid-send is given up, not sent again.
func TestWorkerOnStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		db := storetest.Loaded(t, e)
		ap := db.Appointments()
		day := time.Date(2026, 12, 1, 7, 15, 0, 0, time.UTC) // Tuesday 9.15 in Helsinki
		due := day.Add(-24 * time.Hour)
		book := func(ref string, hour int) {
			t.Helper()
			start := day.Add(time.Duration(hour) * time.Hour)
			_, err := ap.Book(ctx, nil, booking.Booking{
				Slot: booking.Slot{Start: start, End: start.Add(30 * time.Minute), Point: "joint-pori", Channel: booking.InPerson,
					Services: []string{"benefit-guidance"}, Staff: []string{"aino-esimerkki"}, Room: "joint-pori-room-1"},
				Customer:  booking.Customer{Name: "Maria Andersson", Email: "maria@example.fi", Language: "sv"},
				Reference: ref, TokenHash: "hash-" + ref, Remind: due,
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		book("SEND-1", 0)
		book("CANCEL-1", 1)
		if _, err := ap.CancelFor(ctx, booking.Requester{TokenHash: "hash-CANCEL-1"}, "CANCEL-1"); err != nil {
			t.Fatal(err)
		}

		now := due
		rec := &recorder{}
		w := &remind.Worker{Store: ap, Sender: rec, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
			BaseURL: "https://onestop.example.fi"}
		sent, retried, failed, err := w.RunOnce(ctx)
		if err != nil || sent != 1 || retried != 0 || failed != 0 {
			t.Fatalf("RunOnce = %d sent, %d retried, %d failed, %v; want 1 sent", sent, retried, failed, err)
		}
		now = now.Add(time.Hour)
		if sent, retried, failed, err := w.RunOnce(ctx); err != nil || sent+retried+failed != 0 {
			t.Errorf("second RunOnce = %d sent, %d retried, %d failed, %v; want nothing", sent, retried, failed, err)
		}
		if len(rec.sent) != 1 {
			t.Fatalf("%d messages sent; want 1", len(rec.sent))
		}
		m := rec.sent[0]
		if m.Reference != "SEND-1" || m.Language != "sv" || m.To != "maria@example.fi" ||
			m.Subject != "Påminnelse: din tid ti 1.12. kl. 9.15 – Yhteispalvelupiste (sv)" ||
			!strings.Contains(m.Body, "Plats: Yhteispalvelupiste (sv), Yrjönkatu 23 (sv), 28100 Pori (sv)") ||
			!strings.Contains(m.Body, "Tjänst: Etuusneuvonta (sv)") ||
			!strings.Contains(m.Body, "https://onestop.example.fi/appointments/SEND-1") ||
			strings.Contains(m.Body, "hash-SEND-1") {
			t.Errorf("message = %+v\n%s", m, m.Body)
		}

		// A worker that claimed a reminder and died: after the lease the
		// next run gives it up instead of sending it.
		book("CRASH-1", 2)
		now = due
		list, err := ap.ClaimReminders(ctx, now, remind.DefaultLease, 10)
		if err != nil || len(list) != 1 || list[0].Reference != "CRASH-1" {
			t.Fatalf("claim = %v, %v", list, err)
		}
		now = now.Add(remind.DefaultLease + time.Second)
		if sent, retried, failed, err := w.RunOnce(ctx); err != nil || sent+retried+failed != 0 {
			t.Errorf("run after a crash = %d sent, %d retried, %d failed, %v; want nothing", sent, retried, failed, err)
		}
		now = now.Add(time.Hour)
		w.RunOnce(ctx)
		if len(rec.sent) != 1 {
			t.Errorf("%d messages sent; the crashed reminder was sent again", len(rec.sent))
		}
		var state, lastError string
		if err := db.Reader().QueryRowContext(ctx, "SELECT state, last_error FROM reminder WHERE id = $1", list[0].ID).Scan(&state, &lastError); err != nil {
			t.Fatal(err)
		}
		if state != "failed" || !strings.Contains(lastError, "never sent twice") {
			t.Errorf("the crashed reminder is %s (%q); want failed", state, lastError)
		}
	})
}
