package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// bookingNow is the clock of the booking tests: Monday 23 November 2026,
// 10.00 in Helsinki.
var bookingNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func bookingServer(t *testing.T, e storetest.Engine) (*httptest.Server, *store.DB) {
	t.Helper()
	return serverAt(t, e, bookingNow)
}

func slotsOf(t *testing.T, ts *httptest.Server, query string) []booking.Slot {
	t.Helper()
	r := do(t, ts, "GET", "/api/v1/slots?"+query, nil)
	if r.status != 200 {
		t.Fatalf("slots?%s = %d %s", query, r.status, r.body)
	}
	return decode[page[booking.Slot]](t, r).Items
}

func bookBody(s booking.Slot, name string) string {
	b, _ := json.Marshal(struct {
		booking.Slot
		Customer map[string]string `json:"customer"`
	}{s, map[string]string{"name": name, "phone": "+358 40 123 4567", "language": "ar"}})
	return string(b)
}

func TestSlotsAndBooking(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, _ := bookingServer(t, e)
		slots := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=5")
		if len(slots) != 5 {
			t.Fatalf("slots = %d", len(slots))
		}
		for i, s := range slots {
			if s.Start.Before(bookingNow.Add(booking.MinNotice)) || (i > 0 && !s.Start.After(slots[i-1].Start)) ||
				s.End.Sub(s.Start) != 30*time.Minute || s.Room == "" || len(s.Staff) != 1 {
				t.Errorf("slot %d = %+v", i, s)
			}
		}
		// A joint visit: Kela and the county's social work, with an Arabic
		// interpreter and a room.
		joint := slotsOf(t, ts, "service=kela-benefit-guidance&service=satakunta-adult-social-work&point=palojoenkulma&interpreter=ar&limit=3")
		if len(joint) == 0 || joint[0].Interpreter == "" || len(joint[0].Staff) != 2 || joint[0].Staff[0] == joint[0].Staff[1] {
			t.Fatalf("joint slots = %+v", joint)
		}

		for _, bad := range []struct{ query, param string }{
			{"service=nothing&point=palojoenkulma", "service"},
			{"service=kela-benefit-guidance", "point"},
			{"service=kela-benefit-guidance&point=palojoenkulma&interpreter=fr", "interpreter"},
			{"service=kela-benefit-guidance&point=palojoenkulma&channel=video", "channel"},
			{"service=kela-benefit-guidance&point=palojoenkulma&from=tomorrow", "from"},
			{"service=kela-benefit-guidance&point=palojoenkulma&colour=red", "colour"},
			{"service=espoo-library&point=palojoenkulma", "service"},
		} {
			if p := problemOf(t, do(t, ts, "GET", "/api/v1/slots?"+bad.query, nil), 400); p.Param != bad.param {
				t.Errorf("slots?%s: param %q, want %q (%s)", bad.query, p.Param, bad.param, p.Detail)
			}
		}

		// Book the joint slot; the same slot again is a conflict.
		r := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(joint[0], "Amal")), "Content-Type", "application/json")
		if r.status != 201 {
			t.Fatalf("book = %d %s", r.status, r.body)
		}
		var made struct {
			booking.Appointment
			Token string `json:"token"`
		}
		json.Unmarshal(r.body, &made)
		if _, err := booking.ParseReference(made.Reference); err != nil || booking.CanonicalToken(made.Token) != made.Token {
			t.Fatalf("reference %q token %q", made.Reference, made.Token)
		}
		taken := problemOf(t, do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(joint[0], "Other")), "Content-Type", "application/json"), 409)
		if len(taken.Alternatives) == 0 || !taken.Alternatives[0].Start.After(joint[0].Start.Add(-time.Minute)) {
			t.Errorf("a taken slot offers no next free times: %+v", taken)
		}
		// The next search does not offer the booked time with those people.
		for _, s := range slotsOf(t, ts, "service=kela-benefit-guidance&service=satakunta-adult-social-work&point=palojoenkulma&interpreter=ar&limit=3") {
			if s.Start.Equal(joint[0].Start) && s.Interpreter == joint[0].Interpreter {
				t.Errorf("a booked interpreter is offered again: %+v", s)
			}
		}

		path := "/api/v1/appointments/" + made.Reference
		problemOf(t, do(t, ts, "GET", path, nil), 401)
		problemOf(t, do(t, ts, "GET", path, nil, "X-Appointment-Token", "AAAA-AAAA-AAAA-AAAA-AAAA"), 403)
		if g := do(t, ts, "GET", path, nil, "X-Appointment-Token", made.Token); g.status != 200 || !strings.Contains(string(g.body), "Amal") {
			t.Errorf("get with the token = %d %s", g.status, g.body)
		}
		problemOf(t, do(t, ts, "GET", "/api/v1/appointments/OOOO-0000", nil), 400)
		if d := do(t, ts, "DELETE", path, nil, "X-Appointment-Token", made.Token); d.status != 204 {
			t.Errorf("cancel = %d %s", d.status, d.body)
		}
		problemOf(t, do(t, ts, "DELETE", path, nil, "X-Appointment-Token", made.Token), 409)
		// Cancelled, the time is free again.
		if r := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(joint[0], "Third")), "Content-Type", "application/json"); r.status != 201 {
			t.Errorf("booking a cancelled time = %d %s", r.status, r.body)
		}

		// Bad bookings write nothing.
		past := slots[0]
		past.Start, past.End = bookingNow.Add(-24*time.Hour), bookingNow.Add(-23*time.Hour-30*time.Minute)
		night := slots[1]
		night.Start = time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC) // 03.00 in Helsinki
		night.End = night.Start.Add(30 * time.Minute)
		for name, body := range map[string]string{
			"past":        bookBody(past, "P"),
			"outside":     bookBody(night, "N"),
			"malformed":   `{"start":`,
			"no contact":  strings.Replace(bookBody(slots[2], "C"), `,"phone":"+358 40 123 4567"`, ``, 1),
			"unknown svc": strings.Replace(bookBody(slots[2], "U"), "kela-benefit-guidance", "nothing", 1),
		} {
			r := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(body), "Content-Type", "application/json")
			if r.status < 400 || r.status > 409 {
				t.Errorf("%s booking = %d %s", name, r.status, r.body)
			}
		}
	})
}

// TestBookingChecksTheSlot books slots a client altered: the check
// reads only the slot's own people and room, and must still refuse
// anyone unqualified, unscheduled or busy, while a free, qualified
// person other than the one a search would choose is accepted.
func TestBookingChecksTheSlot(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := bookingServer(t, e)
		joint := slotsOf(t, ts, "service=kela-benefit-guidance&service=satakunta-adult-social-work&point=palojoenkulma&interpreter=ar&limit=1")
		if len(joint) != 1 {
			t.Fatalf("joint slots = %+v", joint)
		}
		j := joint[0]
		// A slot one step later than any search found, or with its room
		// taken by a booking at the same time.
		busy := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=1")[0]
		made := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(busy, "First")), "Content-Type", "application/json")
		if made.status != 201 {
			t.Fatalf("book = %d %s", made.status, made.body)
		}
		// Another Kela adviser, free at the same time, whom a search
		// would not choose first.
		others := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=1&from="+url.QueryEscape(busy.Start.Format(time.RFC3339))+
			"&to="+url.QueryEscape(busy.Start.Format(time.RFC3339)))
		if len(others) != 1 || others[0].Staff[0] == busy.Staff[0] || others[0].Room == busy.Room {
			t.Fatalf("the next person at %s: %+v", busy.Start, others)
		}
		alter := func(s booking.Slot, f func(*booking.Slot)) booking.Slot {
			s.Services, s.Staff = slices.Clone(s.Services), slices.Clone(s.Staff)
			f(&s)
			return s
		}
		for name, sl := range map[string]booking.Slot{
			"staff swapped between services":          alter(j, func(s *booking.Slot) { s.Staff[0], s.Staff[1] = s.Staff[1], s.Staff[0] }),
			"a staff member for a service not theirs": alter(j, func(s *booking.Slot) { s.Staff[0] = s.Staff[1] }),
			"a staff member who does not exist":       alter(j, func(s *booking.Slot) { s.Staff[1] = "nobody-at-all" }),
			"a staff member for the interpreter":      alter(j, func(s *booking.Slot) { s.Interpreter = s.Staff[0] }),
			"a room of another point":                 alter(j, func(s *booking.Slot) { s.Room = "porin-leijona-advisory-room-01" }),
			"no room":                                 alter(j, func(s *booking.Slot) { s.Room = "" }),
			"off the grid":                            alter(j, func(s *booking.Slot) { s.Start, s.End = s.Start.Add(5*time.Minute), s.End.Add(5*time.Minute) }),
			"a room just booked":                      alter(others[0], func(s *booking.Slot) { s.Room = busy.Room }),
			"a person just booked":                    alter(others[0], func(s *booking.Slot) { s.Staff[0] = busy.Staff[0] }),
		} {
			before := appointments(t, db)
			r := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(sl, "Altered")), "Content-Type", "application/json")
			if r.status != 409 {
				t.Errorf("%s: booking = %d %s", name, r.status, r.body)
			}
			if n := appointments(t, db); n != before {
				t.Errorf("%s: %d appointments written", name, n-before)
			}
		}
		// With the first booking cancelled, its adviser is free and first
		// again; a customer may still choose the other one.
		var first struct {
			Reference string `json:"reference"`
			Token     string `json:"token"`
		}
		json.Unmarshal(made.body, &first)
		if d := do(t, ts, "DELETE", "/api/v1/appointments/"+first.Reference, nil, "X-Appointment-Token", first.Token); d.status != 204 {
			t.Fatalf("cancel = %d %s", d.status, d.body)
		}
		if again := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=1"); again[0].Staff[0] != busy.Staff[0] {
			t.Fatalf("after the cancellation a search chooses %v, not %v", again[0].Staff, busy.Staff)
		}
		if r := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(others[0], "Own adviser")), "Content-Type", "application/json"); r.status != 201 {
			t.Errorf("a free adviser chosen by the customer = %d %s", r.status, r.body)
		}
	})
}

// TestBookingRaceHTTP races 200 clients through the API for four slots:
// one booking wins each, the others get 409, and no reservations overlap.
func TestBookingRaceHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := bookingServer(t, e)
		slots := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=4&"+
			url.Values{"from": {"2026-11-30T09:00:00+02:00"}}.Encode())
		// Four slots an hour apart, so that they do not share people.
		for i := range slots {
			slots[i].Start = slots[0].Start.Add(time.Duration(i) * time.Hour)
			slots[i].End = slots[i].Start.Add(30 * time.Minute)
		}
		var mu sync.Mutex
		won, lost := map[int]int{}, 0
		var wg sync.WaitGroup
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(slots[i%4], fmt.Sprint("Client ", i))),
					"Content-Type", "application/json")
				mu.Lock()
				defer mu.Unlock()
				switch r.status {
				case 201:
					won[i%4]++
				case 409:
					lost++
				default:
					t.Errorf("client %d = %d %s", i, r.status, r.body)
				}
			}()
		}
		wg.Wait()
		if len(won) != 4 || lost != 196 {
			t.Errorf("winners per slot %v, %d refused; want one each and 196 refused", won, lost)
		}
		for s, n := range won {
			if n != 1 {
				t.Errorf("slot %d booked %d times", s, n)
			}
		}
		if n, err := db.Appointments().Overlaps(context.Background()); err != nil || n != 0 {
			t.Errorf("overlapping reservations: %d, %v", n, err)
		}
	})
}

// countingCalendar is the store's calendar, counting the searches that
// read staff at the same moment; each read takes a while.
type countingCalendar struct {
	*store.Appointments
	mu         sync.Mutex
	now, most  int
	readsTaken time.Duration
}

func (c *countingCalendar) Staffing(ctx context.Context, point string, services []string, from, to time.Time) (map[string][]booking.Person, error) {
	c.mu.Lock()
	c.now++
	c.most = max(c.most, c.now)
	c.mu.Unlock()
	time.Sleep(c.readsTaken)
	defer func() { c.mu.Lock(); c.now--; c.mu.Unlock() }()
	return c.Appointments.Staffing(ctx, point, services, from, to)
}

// TestSearchesTakeTurns sends many searches at once: no more run at a
// time than there are processors, and every one is answered.
func TestSearchesTakeTurns(t *testing.T) {
	db := storetest.SQLite.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadSchedules(ctx, db.Appointments()); err != nil {
		t.Fatal(err)
	}
	cal := &countingCalendar{Appointments: db.Appointments(), readsTaken: 20 * time.Millisecond}
	srv, err := web.New(web.Config{Now: func() time.Time { return bookingNow }}, db.Catalogue(), accessOf(t, db), db.Ping,
		slog.New(slog.DiscardHandler), prometheus.NewRegistry(), web.WithBookings(cal))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	var wg sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			if got := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=1"); len(got) != 1 {
				t.Errorf("slots = %v", got)
			}
		})
	}
	wg.Wait()
	if cal.most > runtime.GOMAXPROCS(0) || cal.most < 1 {
		t.Errorf("%d searches read staff at once; want at most %d", cal.most, runtime.GOMAXPROCS(0))
	}
}
