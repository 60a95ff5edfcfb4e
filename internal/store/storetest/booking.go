package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
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

	race := func(prefix string, n int, slot func(i int) time.Time) (won map[time.Time]int, lost int) {
		var mu sync.Mutex
		won = map[time.Time]int{}
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := slot(i)
				_, err := ap.Book(ctx, nil, bookingFor(start, fmt.Sprintf("%s%03d-%d", prefix, i, start.Unix())))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won[start]++
				case err == booking.ErrTaken:
					lost++
				default:
					t.Errorf("booking %d: %v (%s)", i, err, errs.KindOf(err))
				}
			}()
		}
		wg.Wait()
		return won, lost
	}

	won, lost := race("R", 200, func(i int) time.Time { return day.Add(time.Duration(i%5) * time.Hour) })
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
	race("S", 100, func(i int) time.Time { return afternoon.Add(time.Duration(i%6) * 10 * time.Minute) })
	if n, err := ap.Overlaps(ctx); err != nil || n != 0 {
		t.Fatalf("overlapping reservations after the races: %d, %v", n, err)
	}

	// The buffer: an appointment ending at 9.30 keeps Aino free until
	// 9.40, but the room is free at once.
	b := bookingFor(day.Add(35*time.Minute), "BUFFER-1")
	if _, err := ap.Book(ctx, nil, b); err != booking.ErrTaken {
		t.Errorf("booking Aino 5 minutes after her appointment = %v; want taken (buffer)", err)
	}
	b = bookingFor(day.Add(30*time.Minute), "ROOM-1")
	b.Slot.Staff = []string{"omar-testinen"}
	b.Slot.Services = []string{"employment"}
	if _, err := ap.Book(ctx, nil, b); err != nil {
		t.Errorf("the room right after an appointment = %v", err)
	}

	// Cancelling frees the time for another booking.
	first, err := ap.Appointment(ctx, fmt.Sprintf("R%03d-%d", firstWinner(t, db, day), day.Unix()))
	if err != nil {
		t.Fatal(err)
	}
	owner := booking.Requester{TokenHash: first.TokenHash}
	if _, err := ap.CancelFor(ctx, owner, first.Reference); err != nil {
		t.Fatal(err)
	}
	if _, err := ap.CancelFor(ctx, owner, first.Reference); !errs.Is(err, errs.Conflict) {
		t.Errorf("cancelling twice = %v", err)
	}
	if _, err := ap.Book(ctx, nil, bookingFor(day, "AFTER-CANCEL")); err != nil {
		t.Errorf("booking a cancelled time = %v", err)
	}
	got, err := ap.Appointment(ctx, "AFTER-CANCEL")
	if err != nil || got.Point != "joint-pori" || got.Staff[0] != "aino-esimerkki" || got.Room != "joint-pori-room-1" ||
		!got.Start.Equal(day) || got.Organisation != "kela" {
		t.Errorf("the appointment read back = %+v, %v", got, err)
	}

	// A free person in a room taken at that time: refused, and the
	// person is not left reserved without the room.
	evening := day.Add(10 * time.Hour)
	taken := bookingFor(evening, "ROOM-2")
	taken.Slot.Staff, taken.Slot.Services = []string{"omar-testinen"}, []string{"employment"}
	if _, err := ap.Book(ctx, nil, taken); err != nil {
		t.Fatal(err)
	}
	if _, err := ap.Book(ctx, nil, bookingFor(evening, "ROOM-3")); err != booking.ErrTaken {
		t.Errorf("booking a free adviser in a taken room = %v; want taken", err)
	}
	var left int
	if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM reservation r JOIN staff_member s ON s.id = r.staff_id
		WHERE s.slug = 'aino-esimerkki' AND r.starts_at = $1`, evening.Unix()).Scan(&left); err != nil || left != 0 {
		t.Errorf("Aino is reserved %d times at the refused time (%v); want none", left, err)
	}

	// A slot naming what does not exist writes nothing.
	bad := bookingFor(day.Add(6*time.Hour), "BAD-1")
	bad.Slot.Staff = []string{"nobody"}
	if _, err := ap.Book(ctx, nil, bad); !errs.Is(err, errs.Invalid) {
		t.Errorf("unknown staff = %v", err)
	}
	if _, err := ap.Appointment(ctx, "BAD-1"); !errs.Is(err, errs.NotFound) {
		t.Errorf("a refused booking was written: %v", err)
	}

	// A reservation lasts at most a day, buffer included: the store
	// refuses a longer appointment, and the schema a longer reservation
	// written past it, since every lookup of what overlaps a time
	// relies on the bound.
	long := bookingFor(day.Add(7*24*time.Hour), "LONG-1")
	long.Slot.End = long.Slot.Start.Add(booking.MaxSpan)
	if _, err := ap.Book(ctx, nil, long); !errs.Is(err, errs.Invalid) {
		t.Errorf("an appointment of a day plus its buffer = %v; want invalid", err)
	}
	if _, err := ap.Appointment(ctx, "LONG-1"); !errs.Is(err, errs.NotFound) {
		t.Errorf("a refused booking was written: %v", err)
	}
	err = db.Write(ctx, func(tx store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reservation (appointment_id, staff_id, starts_at, ends_at)
			SELECT appointment_id, staff_id, $1, $2 FROM reservation WHERE staff_id IS NOT NULL LIMIT 1`,
			day.Add(9*24*time.Hour).Unix(), day.Add(10*24*time.Hour+time.Second).Unix())
		return err
	})
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("a reservation of a day and a second written past the store = %v; want the schema's refusal", err)
	}
	err = db.Write(ctx, func(tx store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE reservation SET ends_at = starts_at + 86401 WHERE id = (SELECT MIN(id) FROM reservation)")
		return err
	})
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("stretching a reservation past a day = %v; want the schema's refusal", err)
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

// TestAppointmentAccess checks who may read, move and cancel an
// appointment, that each of those is audited for the organisation
// keeping it, that a move is whole or nothing, and the staff agenda.
func TestAppointmentAccess(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	ap := db.Appointments()
	svc := accessService(t, db, newClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)))
	kela := person(t, svc, "kaisa@kela.fi", access.Grant{Role: access.Staff, Organisation: "kela"})
	pori := person(t, svc, "paavo@pori.fi", access.Grant{Role: access.Staff, Organisation: "pori"})
	day := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)

	// A joint visit: Kela keeps it, Pori takes part.
	joint := bookingFor(day, "JOINT-1")
	joint.Slot.Services = []string{"benefit-guidance", "employment"}
	joint.Slot.Staff = []string{"aino-esimerkki", "omar-testinen"}
	made, err := ap.Book(ctx, nil, joint)
	if err != nil {
		t.Fatal(err)
	}
	// What Book answers is the appointment as stored.
	if stored, err := ap.Appointment(ctx, "JOINT-1"); err != nil || !reflect.DeepEqual(made, stored) {
		t.Errorf("Book answered\n%+v\nbut stored is\n%+v (%v)", made, stored, err)
	}
	kelaOnly := bookingFor(day.Add(2*time.Hour), "KELA-1")
	if _, err := ap.Book(ctx, nil, kelaOnly); err != nil {
		t.Fatal(err)
	}

	customer := booking.Requester{TokenHash: "hash-JOINT-1"}
	if got, err := ap.Read(ctx, customer, "JOINT-1"); err != nil || got.Reference != "JOINT-1" {
		t.Errorf("the customer reading with the token = %v", err)
	}
	if _, err := ap.Read(ctx, booking.Requester{TokenHash: "hash-KELA-1"}, "JOINT-1"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("another appointment's token = %v; want forbidden", err)
	}
	if _, err := ap.Read(ctx, booking.Requester{By: pori, Purpose: "service"}, "JOINT-1"); err != nil {
		t.Errorf("Pori staff reading a joint visit it takes part in = %v", err)
	}
	if _, err := ap.Read(ctx, booking.Requester{By: pori}, "KELA-1"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Pori staff reading Kela's own appointment = %v; want forbidden", err)
	}
	got := actions(auditOf(t, db, "appointment", "KELA-1"))
	if got != "appointment.create:ok@ appointment.read:denied@pori" {
		t.Errorf("KELA-1 audit = %q", got)
	}
	if got := actions(auditOf(t, db, "appointment", "JOINT-1")); got !=
		"appointment.create:ok@ appointment.read:ok@ appointment.read:denied@ appointment.read:ok@pori" {
		t.Errorf("JOINT-1 audit = %q", got)
	}

	// A move onto a time that overlaps its own is fine: its own
	// reservations are freed in the same transaction.
	moved := joint
	moved.Slot.Start, moved.Slot.End = day.Add(15*time.Minute), day.Add(45*time.Minute)
	after, err := ap.Move(ctx, customer, "JOINT-1", moved)
	if err != nil || !after.Start.Equal(moved.Slot.Start) || after.Moved == nil {
		t.Fatalf("moving by 15 minutes = %+v, %v", after, err)
	}
	// A move onto someone else's time leaves the appointment where it was.
	clash := joint
	clash.Slot.Start, clash.Slot.End = day.Add(2*time.Hour), day.Add(2*time.Hour+30*time.Minute)
	if _, err := ap.Move(ctx, customer, "JOINT-1", clash); err != booking.ErrTaken {
		t.Errorf("moving onto KELA-1's time = %v; want taken", err)
	}
	if still, _ := ap.Appointment(ctx, "JOINT-1"); !still.Start.Equal(moved.Slot.Start) {
		t.Errorf("a refused move changed the time to %s", still.Start)
	}
	if n, err := ap.Overlaps(ctx); err != nil || n != 0 {
		t.Errorf("overlaps after moves: %d, %v", n, err)
	}
	other := joint
	other.Slot.Services, other.Slot.Staff = []string{"benefit-guidance"}, []string{"aino-esimerkki"}
	if _, err := ap.Move(ctx, customer, "JOINT-1", other); !errs.Is(err, errs.Invalid) {
		t.Errorf("a move that drops a service = %v; want invalid", err)
	}

	// The agenda: Kela's staff see both at the point; Pori's only the
	// joint one; Omar's own calendar has the joint one.
	week := booking.Agenda{Point: "joint-pori", From: day.Add(-time.Hour), To: day.Add(24 * time.Hour)}
	if list, err := ap.Agenda(ctx, kela, week, "planning"); err != nil || len(list) != 2 {
		t.Errorf("Kela's agenda = %d appointments, %v; want 2", len(list), err)
	}
	if list, err := ap.Agenda(ctx, pori, week, ""); err != nil || len(list) != 1 || list[0].Reference != "JOINT-1" ||
		len(list[0].Services) != 2 {
		t.Errorf("Pori's agenda = %+v, %v; want JOINT-1 with two services", list, err)
	}
	omar := booking.Agenda{Staff: "omar-testinen", From: week.From, To: week.To}
	if list, err := ap.Agenda(ctx, pori, omar, ""); err != nil || len(list) != 1 {
		t.Errorf("Omar's agenda = %d, %v", len(list), err)
	}
	if _, err := ap.Agenda(ctx, nil, week, ""); !errs.Is(err, errs.Unauthorized) {
		t.Errorf("an anonymous agenda = %v", err)
	}

	// Cancelling for the customer frees the time; twice is a conflict.
	if _, err := ap.CancelFor(ctx, customer, "JOINT-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := ap.CancelFor(ctx, booking.Requester{By: kela}, "JOINT-1"); !errs.Is(err, errs.Conflict) {
		t.Errorf("cancelling twice = %v", err)
	}
	if _, err := ap.Move(ctx, customer, "JOINT-1", moved); !errs.Is(err, errs.Conflict) {
		t.Errorf("moving a cancelled appointment = %v", err)
	}
}
