package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/queue"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// mondayAfternoon is Monday 7 December 2026 at 13.00 in Helsinki: Kela
// takes walk-in customers at Palojoenkulma (12.00–15.30).
var mondayAfternoon = time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)

// queueInstance serves the demo's queues over db at a fixed clock, as a
// server of its own (two of them over one database are two instances).
func queueInstance(t *testing.T, db *store.DB, now func() time.Time) *httptest.Server {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	queues, hub := db.QueuesWithHub(log)
	ctx, stop := context.WithCancel(context.Background())
	ready := make(chan struct{})
	go queues.Listen(ctx, func() { close(ready) }, hub.Changed, func(err error) { t.Logf("listen: %v", err) })
	<-ready
	srv, err := web.New(web.Config{Now: now}, db.Catalogue(), accessOf(t, db), db.Ping, log, prometheus.NewRegistry(),
		web.WithBookings(db.Appointments()), web.WithQueues(queues, hub))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(srv.StopStreams)
	t.Cleanup(stop)
	return ts
}

// queueDemo is a fresh database of the engine with the demo catalogue,
// schedules, queues and desks, its clock at now.
func queueDemo(t *testing.T, e storetest.Engine, now time.Time) (*store.DB, *clockAt) {
	t.Helper()
	db := e.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadSchedules(ctx, db.Appointments()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadQueues(ctx, db.Queues(nil)); err != nil {
		t.Fatal(err)
	}
	c := &clockAt{now: now}
	db.Now = c.Now
	return db, c
}

// clockAt is a settable clock shared by a server and its store.
type clockAt struct{ now time.Time }

func (c *clockAt) Now() time.Time { return c.now }

type ticketOut struct {
	queue.Ticket
	Follow string `json:"follow"`
	Stream string `json:"stream"`
}

type queueOut struct {
	Slug                 string `json:"slug"`
	Open                 bool   `json:"open"`
	NextOpening          string `json:"next_opening"`
	Waiting              int    `json:"waiting"`
	EstimatedWaitMinutes int    `json:"estimated_wait_minutes"`
}

// deskID finds the id of a demo desk.
func deskID(t *testing.T, db *store.DB, point, name string) int64 {
	t.Helper()
	desks, err := db.Queues(nil).Desks(context.Background(), point)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range desks {
		if d.Name == name {
			return d.ID
		}
	}
	t.Fatalf("no desk %s at %s", name, point)
	return 0
}

// rowCounts counts the queue tables' rows, so that a refused request can
// be shown to have written nothing.
func rowCounts(t *testing.T, db *store.DB) string {
	t.Helper()
	out := ""
	for _, table := range []string{"ticket", "visit", "visit_event", "desk_session", "desk_queue", "queue_day"} {
		var n int
		if err := db.Reader().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d ", table, n)
	}
	return out
}

// TestQueueAPI takes a ticket at Palojoenkulma, follows it, has a Kela
// desk call it and pass it to the city's digital help at the head of
// that queue, finishes it there, and reads the visit record.
func TestQueueAPI(t *testing.T) {
	db, _ := queueDemo(t, storetest.SQLite, mondayAfternoon)
	ts := queueInstance(t, db, db.Now)
	staff := tokenFor(t, db, access.Grant{Role: access.Staff, Organisation: "kela"})
	json := []string{"Content-Type", "application/json"}

	list := decode[page[queueOut]](t, do(t, ts, "GET", "/api/v1/points/palojoenkulma/queues", nil))
	if len(list.Items) != 2 || !list.Items[1].Open || list.Items[1].Slug != "kela" {
		t.Fatalf("queues %+v; want digital-help and an open kela", list.Items)
	}
	r := do(t, ts, "POST", "/api/v1/points/palojoenkulma/tickets", strings.NewReader(`{"queue":"kela","language":"ar"}`), json...)
	if r.status != 201 {
		t.Fatalf("take: %d %s", r.status, r.body)
	}
	tk := decode[ticketOut](t, r)
	if tk.Number != "K-001" || tk.Position != 1 || tk.EstimatedWaitMinutes == nil || tk.Language != "ar" || tk.Follow != "/t/"+tk.ID {
		t.Fatalf("ticket %+v", tk)
	}
	second := decode[ticketOut](t, do(t, ts, "POST", "/api/v1/points/palojoenkulma/tickets", strings.NewReader(`{"queue":"kela"}`), json...))
	if second.Number != "K-002" || second.Position != 2 || *second.EstimatedWaitMinutes <= *tk.EstimatedWaitMinutes {
		t.Fatalf("second ticket %+v; want K-002 second with a longer wait than %d", second.Ticket, *tk.EstimatedWaitMinutes)
	}

	desk := fmt.Sprintf("/api/v1/desks/%d", deskID(t, db, "palojoenkulma", "2"))
	if r := do(t, ts, "POST", desk+"/next", nil, staff...); r.status != 409 || !strings.Contains(problemOf(t, r, 409).Detail, "not signed in") {
		t.Fatalf("a call on a desk not signed in: %d %s", r.status, r.body)
	}
	if r := do(t, ts, "POST", desk+"/signin", strings.NewReader(`{"queues":["kela"]}`), append(staff, json...)...); r.status != 200 {
		t.Fatalf("sign in: %d %s", r.status, r.body)
	}
	called := decode[ticketOut](t, do(t, ts, "POST", desk+"/next", nil, staff...))
	if called.ID != tk.ID || called.State != queue.Called || called.Desk == nil || called.Desk.Name != "2" {
		t.Fatalf("called %+v", called.Ticket)
	}
	got := decode[ticketOut](t, do(t, ts, "GET", "/api/v1/tickets/"+tk.ID, nil))
	if got.State != queue.Called || got.Desk == nil || got.Desk.Name != "2" {
		t.Fatalf("the followed ticket %+v", got.Ticket)
	}
	if pos := decode[ticketOut](t, do(t, ts, "GET", "/api/v1/tickets/"+second.ID, nil)); pos.Position != 1 {
		t.Fatalf("K-002 at %d after K-001 was called", pos.Position)
	}

	// Digital help is open on Monday; pass the customer on to its head.
	moved := decode[ticketOut](t, do(t, ts, "POST", desk+"/transfer", strings.NewReader(`{"queue":"digital-help","head":true}`), append(staff, json...)...))
	if moved.Queue != "digital-help" || moved.State != queue.Waiting || moved.Position != 1 || moved.Number != "K-001" || moved.Visit != tk.Visit {
		t.Fatalf("transferred %+v", moved.Ticket)
	}
	manager := tokenFor(t, db, access.Grant{Role: access.PointManager, Point: "palojoenkulma"})
	desk3 := fmt.Sprintf("/api/v1/desks/%d", deskID(t, db, "palojoenkulma", "3"))
	do(t, ts, "POST", desk3+"/signin", strings.NewReader(`{"queues":["digital-help"]}`), append(manager, json...)...)
	if c := decode[ticketOut](t, do(t, ts, "POST", desk3+"/next", nil, manager...)); c.ID != tk.ID {
		t.Fatalf("digital help called %s, want K-001", c.Number)
	}
	do(t, ts, "POST", desk3+"/serve", nil, manager...)
	if f := decode[ticketOut](t, do(t, ts, "POST", desk3+"/finish", nil, manager...)); f.State != queue.Done || f.Outcome != "served" {
		t.Fatalf("finished %+v", f.Ticket)
	}

	visits := decode[page[queue.Event]](t, do(t, ts, "GET", "/api/v1/points/palojoenkulma/visits?from=2026-12-07", nil, manager...))
	var steps []string
	for _, e := range visits.Items {
		if e.Ticket == tk.ID {
			steps = append(steps, e.Kind+"/"+e.Organisation)
		}
	}
	if want := "ticket/kela call/kela transfer/pori call/pori serve/pori finish/pori"; strings.Join(steps, " ") != want {
		t.Fatalf("K-001's visit: %v, want %s", steps, want)
	}
}

// TestQueueAPIRefusals sends what the issue lists — a ticket outside
// walk-in hours, an unknown queue, a call on a desk not signed in, a
// transfer to a closed queue — and more bad input: each gets a clear
// 4xx and changes nothing.
func TestQueueAPIRefusals(t *testing.T) {
	// Wednesday 9 December at 13.00: Kela takes no walk-ins at
	// Palojoenkulma on Wednesdays; digital help is open.
	wednesday := time.Date(2026, 12, 9, 11, 0, 0, 0, time.UTC)
	db, _ := queueDemo(t, storetest.SQLite, wednesday)
	ts := queueInstance(t, db, db.Now)
	staff := tokenFor(t, db, access.Grant{Role: access.Staff, Organisation: "kela"})
	manager := tokenFor(t, db, access.Grant{Role: access.PointManager, Point: "palojoenkulma"})
	js := []string{"Content-Type", "application/json"}
	desk := fmt.Sprintf("/api/v1/desks/%d", deskID(t, db, "palojoenkulma", "1"))

	// A customer at the desk, for the transfer.
	take := do(t, ts, "POST", "/api/v1/points/palojoenkulma/tickets", strings.NewReader(`{"queue":"digital-help"}`), js...)
	if take.status != 201 {
		t.Fatalf("take: %d %s", take.status, take.body)
	}
	do(t, ts, "POST", desk+"/signin", strings.NewReader(`{"queues":["digital-help"]}`), append(manager, js...)...)
	if r := do(t, ts, "POST", desk+"/next", nil, manager...); r.status != 200 {
		t.Fatalf("next: %d %s", r.status, r.body)
	}

	cases := []struct {
		name, method, path, body string
		header                   []string
		status                   int
		says                     string
	}{
		{"a ticket outside walk-in hours", "POST", "/api/v1/points/palojoenkulma/tickets", `{"queue":"kela"}`, js, 409, "opens next on Thursday 10 December at 12.00"},
		{"an unknown queue", "POST", "/api/v1/points/palojoenkulma/tickets", `{"queue":"taxes"}`, js, 400, `no queue "taxes"`},
		{"an unknown point", "POST", "/api/v1/points/nowhere/tickets", `{"queue":"kela"}`, js, 404, "nowhere"},
		{"malformed JSON", "POST", "/api/v1/points/palojoenkulma/tickets", `{"queue":`, js, 400, "JSON"},
		{"an unknown field", "POST", "/api/v1/points/palojoenkulma/tickets", `{"queue":"kela","vip":true}`, js, 400, "vip"},
		{"a language that is no code", "POST", "/api/v1/points/palojoenkulma/tickets", `{"queue":"digital-help","language":"Finnish!"}`, js, 400, "language"},
		{"a priority ticket from the kiosk", "POST", "/api/v1/points/palojoenkulma/tickets", `{"queue":"digital-help","priority":true}`, js, 403, "staff"},
		{"a call on a desk not signed in", "POST", fmt.Sprintf("/api/v1/desks/%d/next", deskID(t, db, "palojoenkulma", "4")), ``, staff, 409, "not signed in"},
		{"a call by someone else at a signed-in desk", "POST", desk + "/next", ``, staff, 409, "signed in by"},
		{"a transfer to a closed queue", "POST", desk + "/transfer", `{"queue":"kela"}`, append(manager, js...), 409, "closed now"},
		{"a transfer to an unknown queue", "POST", desk + "/transfer", `{"queue":"taxes","head":true}`, append(manager, js...), 400, "taxes"},
		{"an unknown outcome", "POST", desk + "/finish", `{"outcome":"happy"}`, append(manager, js...), 400, "outcome"},
		{"calling again before finishing", "POST", desk + "/next", ``, manager, 409, "still with D-001"},
		{"an unknown desk", "POST", "/api/v1/desks/99999/next", ``, staff, 404, "desk"},
		{"a desk that is no number", "GET", "/api/v1/desks/one", ``, staff, 404, "desk"},
		{"signing in to no queue", "POST", desk + "/signin", `{"queues":[]}`, append(manager, js...), 400, "at least one queue"},
		{"another point's desk", "POST", fmt.Sprintf("/api/v1/desks/%d/next", deskID(t, db, "iso-omena", "1")), ``, manager, 403, "iso-omena"},
		{"an appointment reference that is none", "POST", "/api/v1/points/palojoenkulma/checkins", `{"reference":"` + booking.NewReference() + `"}`, js, 400, "no appointment"},
		{"a ticket id that is none", "GET", "/api/v1/tickets/nope", ``, nil, 404, "ticket"},
		{"a queue letter that is no letter", "PUT", "/api/v1/points/palojoenkulma/queues/kela", `{"prefix":"k1","name":{"fi":"K"},"services":["kela-benefit-guidance"]}`, append(manager, js...), 400, "capital letters"},
		{"a queue for a service not given there", "PUT", "/api/v1/points/palojoenkulma/queues/lab", `{"prefix":"L","name":{"fi":"Lab"},"services":["hus-laboratory"]}`, append(manager, js...), 400, "not given at palojoenkulma"},
		{"a queue letter taken", "PUT", "/api/v1/points/palojoenkulma/queues/other", `{"prefix":"K","name":{"fi":"X"},"services":["pori-digital-help"]}`, append(manager, js...), 409, "letter K"},
	}
	before := rowCounts(t, db)
	for _, c := range cases {
		var body *strings.Reader
		if c.body != "" {
			body = strings.NewReader(c.body)
		}
		var r response
		if body != nil {
			r = do(t, ts, c.method, c.path, body, c.header...)
		} else {
			r = do(t, ts, c.method, c.path, nil, c.header...)
		}
		p := problemOf(t, r, c.status)
		if !strings.Contains(p.Detail, c.says) {
			t.Errorf("%s: %q does not say %q", c.name, p.Detail, c.says)
		}
	}
	if after := rowCounts(t, db); after != before {
		t.Fatalf("refused requests wrote rows:\n before %s\n after  %s", before, after)
	}
}

// TestQueueCheckIn checks an appointment in at the kiosk: too early is
// refused with the window, within it the ticket waits for the start and
// is then called ahead of walk-in customers.
func TestQueueCheckIn(t *testing.T) {
	db, clock := queueDemo(t, storetest.SQLite, mondayAfternoon)
	ts := queueInstance(t, db, db.Now)
	ctx := context.Background()
	js := []string{"Content-Type", "application/json"}
	start := mondayAfternoon.Add(2 * time.Hour) // 15.00
	staff, _, err := db.Catalogue().Staff(ctx, catalogue.StaffFilter{Organisation: "kela"})
	if err != nil || len(staff) == 0 {
		t.Fatal(err)
	}
	ap, err := db.Appointments().Book(ctx, nil, booking.Booking{Slot: booking.Slot{Start: start, End: start.Add(30 * time.Minute),
		Point: "palojoenkulma", Channel: booking.InPerson, Services: []string{"kela-benefit-guidance"}, Staff: []string{staff[0].Slug}},
		Customer: booking.Customer{Name: "Matti"}, Reference: booking.NewReference(), TokenHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	checkIn := func() response {
		return do(t, ts, "POST", "/api/v1/points/palojoenkulma/checkins", strings.NewReader(`{"reference":"`+ap.Reference+`","language":"fi"}`), js...)
	}
	if r := checkIn(); !strings.Contains(problemOf(t, r, 409).Detail, "check in from 14.00") {
		t.Fatalf("too early: %s", r.body)
	}
	clock.now = start.Add(-30 * time.Minute)
	walkIn := decode[ticketOut](t, do(t, ts, "POST", "/api/v1/points/palojoenkulma/tickets", strings.NewReader(`{"queue":"kela"}`), js...))
	r := checkIn()
	if r.status != 201 {
		t.Fatalf("check-in: %d %s", r.status, r.body)
	}
	tk := decode[ticketOut](t, r)
	if tk.Queue != "kela" || tk.Appointment != ap.Reference || tk.NotBefore == nil || !tk.NotBefore.Equal(start) {
		t.Fatalf("checked in %+v", tk.Ticket)
	}
	if r := checkIn(); !strings.Contains(problemOf(t, r, 409).Detail, "checked in already") {
		t.Fatalf("twice: %s", r.body)
	}
	staffTok := tokenFor(t, db, access.Grant{Role: access.Staff, Organisation: "kela"})
	desk := fmt.Sprintf("/api/v1/desks/%d", deskID(t, db, "palojoenkulma", "1"))
	do(t, ts, "POST", desk+"/signin", strings.NewReader(`{"queues":["kela"]}`), append(staffTok, js...)...)
	// Before its start, the walk-in customer goes first...
	if c := decode[ticketOut](t, do(t, ts, "POST", desk+"/next", nil, staffTok...)); c.ID != walkIn.ID {
		t.Fatalf("before the appointment's time %s was called", c.Number)
	}
	do(t, ts, "POST", desk+"/finish", nil, staffTok...)
	do(t, ts, "POST", "/api/v1/points/palojoenkulma/tickets", strings.NewReader(`{"queue":"kela"}`), js...)
	// ...and from its start the appointment goes ahead of walk-ins.
	clock.now = start
	if c := decode[ticketOut](t, do(t, ts, "POST", desk+"/next", nil, staffTok...)); c.ID != tk.ID {
		t.Fatalf("at the appointment's time %s was called, want the checked-in %s", c.Number, tk.Number)
	}
}

// displayBoard is a board as a display receives it.
type displayBoard struct {
	Point  string             `json:"point"`
	Calls  []queue.Call       `json:"calls"`
	Queues []queue.QueueBoard `json:"queues"`
}

// boards reads a display stream's board messages into a channel until
// the test ends.
func boards(t *testing.T, ts *httptest.Server, point string) <-chan displayBoard {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/points/"+point+"/display", nil)
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("display: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan displayBoard, 64)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var b displayBoard
			if err := json.Unmarshal([]byte(data), &b); err == nil {
				out <- b
			}
		}
	}()
	return out
}

// awaitCall waits for a board showing a call of number to desk.
func awaitCall(t *testing.T, ch <-chan displayBoard, number, desk string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case b := <-ch:
			if len(b.Calls) > 0 && b.Calls[0].Number == number && b.Calls[0].Desk == desk {
				return
			}
		case <-timeout:
			t.Fatalf("no board showed %s → desk %s", number, desk)
		}
	}
}

// TestDisplayStream follows a point's board: the first message is the
// board at once, and a call made afterwards arrives on its own.
func TestDisplayStream(t *testing.T) {
	db, _ := queueDemo(t, storetest.SQLite, mondayAfternoon)
	ts := queueInstance(t, db, db.Now)
	ch := boards(t, ts, "palojoenkulma")
	select {
	case b := <-ch:
		if b.Point != "palojoenkulma" || len(b.Queues) != 2 {
			t.Fatalf("first board %+v", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no first board")
	}
	callOne(t, ts, db, "kela", "4")
	awaitCall(t, ch, "K-001", "4")
}

// callOne takes a ticket in a Palojoenkulma queue and calls it to a desk.
func callOne(t *testing.T, ts *httptest.Server, db *store.DB, q, deskName string) {
	t.Helper()
	js := []string{"Content-Type", "application/json"}
	tok := tokenFor(t, db, access.Grant{Role: access.PointManager, Point: "palojoenkulma"})
	if r := do(t, ts, "POST", "/api/v1/points/palojoenkulma/tickets", strings.NewReader(`{"queue":"`+q+`"}`), js...); r.status != 201 {
		t.Fatalf("take: %d %s", r.status, r.body)
	}
	desk := fmt.Sprintf("/api/v1/desks/%d", deskID(t, db, "palojoenkulma", deskName))
	do(t, ts, "POST", desk+"/signin", strings.NewReader(`{"queues":["`+q+`"]}`), append(tok, js...)...)
	if r := do(t, ts, "POST", desk+"/next", nil, tok...); r.status != 200 {
		t.Fatalf("next: %d %s", r.status, r.body)
	}
}

// TestDisplayAcrossInstances runs two server instances on one PostgreSQL
// database: a call made on one reaches a display connected to the other,
// through LISTEN/NOTIFY.
func TestDisplayAcrossInstances(t *testing.T) {
	var pg *storetest.Engine
	for _, e := range storetest.Engines(t) {
		if e.Name == "postgres" {
			pg = &e
		}
	}
	if pg == nil {
		t.Skip("needs PostgreSQL (ONESTOP_TEST_POSTGRES)")
	}
	dsn := pg.DSN(t)
	open := func() *store.DB {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return mondayAfternoon }
		return db
	}
	dbA, dbB := open(), open()
	ctx := context.Background()
	if _, err := demo.Load(ctx, dbA.Catalogue()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadQueues(ctx, dbA.Queues(nil)); err != nil {
		t.Fatal(err)
	}
	a, b := queueInstance(t, dbA, dbA.Now), queueInstance(t, dbB, dbB.Now)
	onB := boards(t, b, "palojoenkulma")
	<-onB // the first board
	callOne(t, a, dbA, "kela", "2")
	awaitCall(t, onB, "K-001", "2")
}
