package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/hours"
)

// TestBusyCacheFollowsTheDatabase checks that the reservations searches
// get from the cache are always the ones in the database: after
// bookings (over midnight too), cancellations, moves and deletions made
// with plain SQL as another process would, while searches run, and after
// the log lost changes this process had not read.
func TestBusyCacheFollowsTheDatabase(t *testing.T) {
	ctx := context.Background()
	db := demoDB(t)
	a := db.Appointments()
	slugs := func(q string) (slugs []string, ids []int64) {
		rows, err := db.read.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			var id int64
			if err := rows.Scan(&id, &s); err != nil {
				t.Fatal(err)
			}
			slugs, ids = append(slugs, s), append(ids, id)
		}
		return slugs, ids
	}
	staff, staffIDs := slugs("SELECT id, slug FROM staff_member ORDER BY id LIMIT 3")
	rooms, roomIDs := slugs(`SELECT r.id, r.slug FROM resource r JOIN service_point p ON p.id = r.point_id
		WHERE p.slug = 'palojoenkulma' AND r.kind = 'advisory_room' ORDER BY r.id LIMIT 2`)
	if len(staff) < 3 || len(rooms) < 2 {
		t.Fatalf("the demo has %d staff and %d rooms to book", len(staff), len(rooms))
	}

	day := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	book := func(start time.Time, minutes int) string {
		t.Helper()
		n++
		ref := fmt.Sprintf("BUSY-%d", n)
		_, err := a.Book(ctx, nil, booking.Booking{Reference: ref, TokenHash: "hash-" + ref, Buffer: booking.Buffer,
			Slot: booking.Slot{Start: start, End: start.Add(time.Duration(minutes) * time.Minute), Point: "palojoenkulma",
				Channel: booking.InPerson, Services: []string{"kela-benefit-guidance"}, Staff: []string{staff[n%len(staff)]},
				Room: rooms[n%len(rooms)]},
			Customer: booking.Customer{Name: "Asiakas"}})
		if err != nil {
			t.Fatalf("book %s at %s: %v", ref, start, err)
		}
		return ref
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.Write(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, q, args...); return err }); err != nil {
			t.Fatal(err)
		}
	}
	// Windows that start and end inside days, and over several.
	windows := [][2]time.Time{
		{day, day.Add(24 * time.Hour)},
		{day.Add(10*time.Hour + 17*time.Minute), day.Add(51 * time.Hour)},
		{day.Add(23 * time.Hour), day.Add(25 * time.Hour)},
		{day.Add(-48 * time.Hour), day.Add(7 * 24 * time.Hour)},
	}
	same := func(step string) {
		t.Helper()
		for _, w := range windows {
			for _, c := range []struct {
				column string
				ids    []int64
			}{{"staff_id", staffIDs}, {"resource_id", roomIDs}} {
				got := map[int64][]hours.Interval{}
				if err := a.busy(ctx, c.column, c.ids, w[0], w[1], func(id int64, iv hours.Interval) { got[id] = append(got[id], iv) }); err != nil {
					t.Fatal(err)
				}
				want := map[int64][]hours.Interval{}
				rows, err := db.read.QueryContext(ctx, `SELECT `+c.column+`, starts_at, ends_at FROM reservation WHERE active = TRUE
					AND `+c.column+` IS NOT NULL AND starts_at < $1 AND ends_at > $2 ORDER BY `+c.column+`, starts_at`, w[1].Unix(), w[0].Unix())
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var id, s, e int64
					if err := rows.Scan(&id, &s, &e); err != nil {
						t.Fatal(err)
					}
					if slices.Contains(c.ids, id) {
						want[id] = append(want[id], hours.Interval{Start: time.Unix(s, 0).UTC(), End: time.Unix(e, 0).UTC()})
					}
				}
				rows.Close()
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s: %s in %s–%s from the cache:\n%v\nin the database:\n%v", step, c.column, w[0], w[1], got, want)
				}
			}
		}
	}

	same("empty")
	loads := db.busy.loads.Load()
	if loads == 0 {
		t.Fatal("no day was read into the cache")
	}
	for i := range 12 {
		book(day.Add(time.Duration(8*60+i*50)*time.Minute), 45)
	}
	over := book(day.Add(23*time.Hour+30*time.Minute), 60) // over midnight UTC
	same("after bookings")
	if got := db.busy.loads.Load(); got != loads {
		t.Errorf("the days kept were read again (%d reads, %d before): the bookings did not reach the cache", got, loads)
	}

	// Changes another process could make, in plain SQL.
	exec("UPDATE reservation SET active = FALSE WHERE appointment_id = (SELECT id FROM appointment WHERE reference = $1)", over)
	same("after a cancellation")
	exec("UPDATE reservation SET starts_at = starts_at + 86400, ends_at = ends_at + 86400 WHERE id = (SELECT MIN(id) FROM reservation)")
	same("after a move to the next day")
	exec("DELETE FROM reservation WHERE id = (SELECT MAX(id) FROM reservation WHERE active = TRUE)")
	same("after a deletion")

	// Searches running while bookings are made see them all at the end.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := a.busy(ctx, "staff_id", staffIDs, day, day.Add(72*time.Hour), func(int64, hours.Interval) {}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := range 12 {
		book(day.Add(24*time.Hour+time.Duration(8*60+i*50)*time.Minute), 45)
	}
	close(stop)
	wg.Wait()
	same("after bookings during searches")

	// Changes pruned from the log before this process read them: the
	// cache must notice the gap and start again, not miss them.
	db.busy.mu.RLock()
	pos := db.busy.pos
	db.busy.mu.RUnlock()
	book(day.Add(48*time.Hour+9*time.Hour), 45)
	book(day.Add(48*time.Hour+11*time.Hour), 45)
	exec("DELETE FROM reservation_change WHERE seq > $1 AND seq <= $1 + 2", pos)
	same("after changes were pruned unread")
}
