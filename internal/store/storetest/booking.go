package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/store"
)

// bookingFor makes a booking of Aino (Kela) at the joint point in its
// first room, from start for 30 minutes, with a 10-minute buffer.
func bookingFor(start time.Time, ref string) booking.Booking {
	return booking.Booking{
		Slot: booking.Slot{Start: start, End: start.Add(30 * time.Minute), Point: "joint-pori", Channel: booking.InPerson,
			Services: []string{"benefit-guidance"}, Staff: []string{"aino-esimerkki"}, Room: "joint-pori-room-1"},
		Customer:  booking.Customer{Name: "Asiakas " + ref},
		Reference: ref, TokenHash: "hash-" + ref, Buffer: 10 * time.Minute,
	}
}

// TestBookingRace races 200 clients for five slots: exactly one wins
// each, every other gets the conflict, and no two active reservations of
// a person or a room overlap. Then clients race for overlapping times and
// for adjacent ones inside the buffer.
func TestBookingRace(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	ap := db.Appointments()
	day := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC) // 9.00 in Helsinki

	race := func(n int, slot func(i int) time.Time) (won map[time.Time]int, lost int) {
		var mu sync.Mutex
		won = map[time.Time]int{}
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := slot(i)
				_, err := ap.Book(ctx, bookingFor(start, fmt.Sprintf("R%03d-%d", i, start.Unix())))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won[start]++
				case err == store.ErrTaken:
					lost++
				default:
					t.Errorf("booking %d: %v (%s)", i, err, errs.KindOf(err))
				}
			}()
		}
		wg.Wait()
		return won, lost
	}

	won, lost := race(200, func(i int) time.Time { return day.Add(time.Duration(i%5) * time.Hour) })
	if len(won) != 5 || lost != 195 {
		t.Errorf("200 clients for 5 slots: winners %v, %d refused; want one per slot and 195 refused", won, lost)
	}
	for s, n := range won {
		if n != 1 {
			t.Errorf("slot %s was booked %d times", s, n)
		}
	}
	// Overlapping times: 13.00, 13.10, 13.20 … (30 minutes each).
	afternoon := day.Add(4 * time.Hour)
	race(100, func(i int) time.Time { return afternoon.Add(time.Duration(i%6) * 10 * time.Minute) })
	if n, err := ap.Overlaps(ctx); err != nil || n != 0 {
		t.Fatalf("overlapping reservations after the races: %d, %v", n, err)
	}

	// The buffer: an appointment ending at 9.30 keeps Aino free until
	// 9.40, but the room is free at once.
	b := bookingFor(day.Add(35*time.Minute), "BUFFER-1")
	if _, err := ap.Book(ctx, b); err != store.ErrTaken {
		t.Errorf("booking Aino 5 minutes after her appointment = %v; want taken (buffer)", err)
	}
	b = bookingFor(day.Add(30*time.Minute), "ROOM-1")
	b.Slot.Staff = []string{"omar-testinen"}
	b.Slot.Services = []string{"employment"}
	if _, err := ap.Book(ctx, b); err != nil {
		t.Errorf("the room right after an appointment = %v", err)
	}

	// Cancelling frees the time for another booking.
	first, err := ap.Appointment(ctx, fmt.Sprintf("R%03d-%d", firstWinner(t, db, day), day.Unix()))
	if err != nil {
		t.Fatal(err)
	}
	if err := ap.Cancel(ctx, first.Reference); err != nil {
		t.Fatal(err)
	}
	if err := ap.Cancel(ctx, first.Reference); !errs.Is(err, errs.Conflict) {
		t.Errorf("cancelling twice = %v", err)
	}
	if _, err := ap.Book(ctx, bookingFor(day, "AFTER-CANCEL")); err != nil {
		t.Errorf("booking a cancelled time = %v", err)
	}
	got, err := ap.Appointment(ctx, "AFTER-CANCEL")
	if err != nil || got.Point != "joint-pori" || got.Staff[0] != "aino-esimerkki" || got.Room != "joint-pori-room-1" ||
		!got.Start.Equal(day) || got.Organisation != "kela" {
		t.Errorf("the appointment read back = %+v, %v", got, err)
	}

	// A slot naming what does not exist writes nothing.
	bad := bookingFor(day.Add(6*time.Hour), "BAD-1")
	bad.Slot.Staff = []string{"nobody"}
	if _, err := ap.Book(ctx, bad); !errs.Is(err, errs.Invalid) {
		t.Errorf("unknown staff = %v", err)
	}
	if _, err := ap.Appointment(ctx, "BAD-1"); !errs.Is(err, errs.NotFound) {
		t.Errorf("a refused booking was written: %v", err)
	}
}

// firstWinner finds the index of the client whose booking of start won.
func firstWinner(t *testing.T, db *store.DB, start time.Time) int {
	t.Helper()
	var ref string
	if err := db.Reader().QueryRowContext(context.Background(),
		"SELECT reference FROM appointment WHERE starts_at = $1 AND cancelled_at = ''", start.Unix()).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	var i int
	fmt.Sscanf(ref, "R%03d-", &i)
	return i
}
