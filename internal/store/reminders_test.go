package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/remind"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

func TestReminders(t *testing.T) { storetest.Run(t, testReminders) }

// remindDay is Tuesday 1 December 2026, 9.00 in Helsinki.
var remindDay = time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)

// remindBooking books Aino (Kela) at the joint point, hour hours after
// 9.00, with a reminder due at remind.
func remindBooking(ref string, hour int, remind time.Time) booking.Booking {
	start := remindDay.Add(time.Duration(hour) * time.Hour)
	return booking.Booking{
		Slot: booking.Slot{Start: start, End: start.Add(30 * time.Minute), Point: "joint-pori", Channel: booking.InPerson,
			Services: []string{"benefit-guidance"}, Staff: []string{"aino-esimerkki"}, Room: "joint-pori-room-1"},
		Customer:  booking.Customer{Name: "Asiakas " + ref, Email: "asiakas@example.fi", Phone: "+358 40 123 4567", Language: "sv"},
		Reference: ref, TokenHash: "hash-" + ref, Buffer: 10 * time.Minute, Remind: remind,
	}
}

// reminderStates lists the states of an appointment's reminders, oldest
// first.
func reminderStates(t *testing.T, db *store.DB, ref string) []string {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), `SELECT r.state FROM reminder r
		JOIN appointment a ON a.id = r.appointment_id WHERE a.reference = $1 ORDER BY r.id`, ref)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func refs(list []remind.Due) []string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.Reference
	}
	return out
}

func testReminders(t *testing.T, e storetest.Engine) {
	ctx := context.Background()
	db := storetest.Loaded(t, e)
	ap := db.Appointments()
	due := remindDay.Add(-24 * time.Hour)
	lease := 5 * time.Minute
	book := func(b booking.Booking) {
		t.Helper()
		if _, err := ap.Book(ctx, nil, b); err != nil {
			t.Fatalf("book %s: %v", b.Reference, err)
		}
	}

	book(remindBooking("REM-A", 0, due))
	book(remindBooking("REM-B", 1, due.Add(time.Hour)))
	book(remindBooking("REM-NONE", 2, time.Time{}))
	// Cancelled: its reminder is withdrawn and never claimed.
	book(remindBooking("REM-CANCEL", 3, due))
	if _, err := ap.CancelFor(ctx, booking.Requester{TokenHash: "hash-REM-CANCEL"}, "REM-CANCEL"); err != nil {
		t.Fatal(err)
	}
	// Cancelled behind the store's back, the reminder still pending: the
	// claim itself must not take it.
	book(remindBooking("REM-RAW", 4, due))
	if err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE appointment SET cancelled_at = '2026-11-29T10:00:00Z' WHERE reference = 'REM-RAW'")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Moved: the new reminder replaces the pending one.
	book(remindBooking("REM-MOVE", 5, due))
	moved := remindBooking("REM-MOVE", 6, due.Add(2*time.Hour))
	if _, err := ap.Move(ctx, booking.Requester{TokenHash: "hash-REM-MOVE"}, "REM-MOVE", moved); err != nil {
		t.Fatal(err)
	}

	if got := reminderStates(t, db, "REM-NONE"); len(got) != 0 {
		t.Errorf("a booking without a reminder has reminders %v", got)
	}
	if got := reminderStates(t, db, "REM-CANCEL"); !slices.Equal(got, []string{"cancelled"}) {
		t.Errorf("reminders of a cancelled appointment = %v; want [cancelled]", got)
	}
	if got := reminderStates(t, db, "REM-MOVE"); !slices.Equal(got, []string{"cancelled", "pending"}) {
		t.Errorf("reminders of a moved appointment = %v; want [cancelled pending]", got)
	}

	// Before anything is due nothing is claimed.
	if list, err := ap.ClaimReminders(ctx, due.Add(-time.Second), lease, 10); err != nil || len(list) != 0 {
		t.Fatalf("claim before due = %v, %v", refs(list), err)
	}
	now := due.Add(time.Minute)
	list, err := ap.ClaimReminders(ctx, now, lease, 10)
	if err != nil || !slices.Equal(refs(list), []string{"REM-A"}) {
		t.Fatalf("claim at %s = %v, %v; want [REM-A]", now, refs(list), err)
	}
	a := list[0]
	if a.Attempts != 1 || !a.Start.Equal(remindDay) || !a.End.Equal(remindDay.Add(30*time.Minute)) ||
		a.Channel != booking.InPerson || a.Point != "joint-pori" || a.PointName.Fi != "Yhteispalvelupiste" ||
		a.PointName.Sv != "Yhteispalvelupiste (sv)" || a.Street.Fi != "Yrjönkatu 23" || a.PostalCode != "28100" ||
		a.PostOffice.Fi != "Pori" || a.TimeZone != "Europe/Helsinki" || a.Name != "Asiakas REM-A" ||
		a.Email != "asiakas@example.fi" || a.Phone != "+358 40 123 4567" || a.Language != "sv" ||
		len(a.Services) != 1 || a.Services[0].Fi != "Etuusneuvonta" || a.Services[0].En != "Etuusneuvonta (en)" {
		t.Errorf("claimed reminder = %+v", a)
	}
	if list, err := ap.ClaimReminders(ctx, now, lease, 10); err != nil || len(list) != 0 {
		t.Errorf("second claim = %v, %v; want nothing", refs(list), err)
	}

	// A failed send goes back to pending and is claimed when next is due.
	if err := ap.RetryReminder(ctx, a.ID, now.Add(time.Minute), "451 try later"); err != nil {
		t.Fatal(err)
	}
	if list, err := ap.ClaimReminders(ctx, now.Add(59*time.Second), lease, 10); err != nil || len(list) != 0 {
		t.Errorf("claim before the retry is due = %v, %v", refs(list), err)
	}
	list, err = ap.ClaimReminders(ctx, now.Add(time.Minute), lease, 10)
	if err != nil || len(list) != 1 || list[0].ID != a.ID || list[0].Attempts != 2 {
		t.Fatalf("claim of the retry = %+v, %v; want REM-A at attempt 2", list, err)
	}
	if err := ap.MarkReminderSent(ctx, a.ID, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := ap.MarkReminderSent(ctx, a.ID, now.Add(time.Minute)); !errs.Is(err, errs.Conflict) {
		t.Errorf("marking a sent reminder sent again = %v; want a conflict", err)
	}
	if err := ap.RetryReminder(ctx, a.ID, now, "x"); !errs.Is(err, errs.Conflict) {
		t.Errorf("retrying a sent reminder = %v; want a conflict", err)
	}

	// A claim that is never finished (a crash mid-send) is given up by the
	// sweep after its lease and never claimed again.
	bDue := due.Add(time.Hour)
	list, err = ap.ClaimReminders(ctx, bDue, lease, 10)
	if err != nil || !slices.Equal(refs(list), []string{"REM-B"}) {
		t.Fatalf("claim at %s = %v, %v; want [REM-B]", bDue, refs(list), err)
	}
	b := list[0]
	if n, err := ap.SweepReminders(ctx, bDue.Add(lease)); err != nil || n != 0 {
		t.Errorf("sweep within the lease = %d, %v; want 0", n, err)
	}
	if n, err := ap.SweepReminders(ctx, bDue.Add(lease+time.Second)); err != nil || n != 1 {
		t.Errorf("sweep after the lease = %d, %v; want 1", n, err)
	}
	var state, lastError string
	if err := db.Reader().QueryRowContext(ctx, "SELECT state, last_error FROM reminder WHERE id = $1", b.ID).Scan(&state, &lastError); err != nil {
		t.Fatal(err)
	}
	if state != "failed" || lastError != "delivery outcome unknown; not resent so that it is never sent twice" {
		t.Errorf("swept reminder is %s (%q)", state, lastError)
	}
	if err := ap.RetryReminder(ctx, b.ID, bDue, "late"); !errs.Is(err, errs.Conflict) {
		t.Errorf("retrying a swept reminder = %v; want a conflict", err)
	}
	if err := ap.FailReminder(ctx, b.ID, "late"); !errs.Is(err, errs.Conflict) {
		t.Errorf("failing a swept reminder = %v; want a conflict", err)
	}

	// The moved appointment's reminder is due at its new time only; at
	// the time of the appointment nothing else is left to claim.
	list, err = ap.ClaimReminders(ctx, due.Add(2*time.Hour), lease, 10)
	if err != nil || !slices.Equal(refs(list), []string{"REM-MOVE"}) || !list[0].Start.Equal(remindDay.Add(6*time.Hour)) {
		t.Fatalf("claim at the moved reminder's time = %v, %v; want [REM-MOVE] at its new time", refs(list), err)
	}
	if err := ap.FailReminder(ctx, list[0].ID, "550 no such user"); err != nil {
		t.Fatal(err)
	}
	if list, err := ap.ClaimReminders(ctx, remindDay.Add(-time.Minute), lease, 10); err != nil || len(list) != 0 {
		t.Errorf("claim just before the appointments = %v, %v; want nothing", refs(list), err)
	}
	// The sweep withdraws the pending reminder of the appointment that was
	// cancelled behind the store's back.
	if _, err := ap.SweepReminders(ctx, remindDay.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := reminderStates(t, db, "REM-RAW"); !slices.Equal(got, []string{"cancelled"}) {
		t.Errorf("reminders of an appointment cancelled meanwhile = %v; want [cancelled]", got)
	}

	// A reminder whose appointment has begun is not sent: it would come
	// too late.
	book(remindBooking("REM-LATE", 7, due))
	late := remindDay.Add(7 * time.Hour)
	if list, err := ap.ClaimReminders(ctx, late, lease, 10); err != nil || len(list) != 0 {
		t.Errorf("claim when the appointment begins = %v, %v; want nothing", refs(list), err)
	}
}

func TestReminderClaimRace(t *testing.T) { storetest.Run(t, testReminderClaimRace) }

// testReminderClaimRace races workers claiming small batches of the same
// due reminders: every reminder is claimed exactly once.
func testReminderClaimRace(t *testing.T, e storetest.Engine) {
	ctx := context.Background()
	db := storetest.Loaded(t, e)
	ap := db.Appointments()
	due := remindDay.Add(-24 * time.Hour)
	const n = 40
	for i := range n {
		b := remindBooking(fmt.Sprintf("RACE-%02d", i), 0, due)
		b.Slot.Start = remindDay.Add(time.Duration(i) * time.Hour)
		b.Slot.End = b.Slot.Start.Add(30 * time.Minute)
		if _, err := ap.Book(ctx, nil, b); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	claimed := map[string]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				list, err := ap.ClaimReminders(ctx, due, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(list) == 0 {
					return
				}
				mu.Lock()
				for _, d := range list {
					claimed[d.Reference]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != n {
		t.Errorf("%d of %d reminders claimed", len(claimed), n)
	}
	for ref, k := range claimed {
		if k != 1 {
			t.Errorf("%s claimed %d times", ref, k)
		}
	}
}
