package storetest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/queue"
	"github.com/onestop-fi/onestop/internal/store"
)

// deskWorker is a signed-in person for desk tests.
func deskWorker(id int64) *access.Actor {
	return &access.Actor{Kind: access.Person, UserID: id, Label: fmt.Sprintf("worker%d@example.fi", id)}
}

// queueFixture gives joint-pori a Kela queue (K) and a city queue (T)
// and two desks.
func queueFixture(t testing.TB, db *store.DB, q *store.Queues) (desk1, desk2 queue.Desk) {
	t.Helper()
	ctx := context.Background()
	// The city's employment service takes walk-ins at the joint point too.
	if _, err := db.Catalogue().SaveOffering(ctx, catalogue.Offering{Point: "joint-pori", Service: "employment",
		WalkInHours: "Mo-Fr 09:00-16:00; PH off", AppointmentHours: "Mo-Fr 09:00-16:00; PH off"}); err != nil {
		t.Fatal(err)
	}
	for _, qu := range []queue.Queue{
		{Point: "joint-pori", Slug: "kela", Prefix: "K", Name: catalogue.Text{Fi: "Kela", En: "Kela"}, Services: []string{"benefit-guidance"}},
		{Point: "joint-pori", Slug: "work", Prefix: "T", Name: catalogue.Text{Fi: "Työllisyys", En: "Employment"}, Services: []string{"employment"}},
	} {
		if err := q.PutQueue(ctx, qu); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if desk1, err = q.PutDesk(ctx, queue.Desk{Point: "joint-pori", Slug: "desk-1", Name: "1"}); err != nil {
		t.Fatal(err)
	}
	if desk2, err = q.PutDesk(ctx, queue.Desk{Point: "joint-pori", Slug: "desk-2", Name: "2"}); err != nil {
		t.Fatal(err)
	}
	return desk1, desk2
}

// countRows counts the rows of the queue's tables, so that refused
// changes can be shown to write nothing.
func countRows(t testing.TB, db *store.DB) string {
	t.Helper()
	out := ""
	for _, table := range []string{"ticket", "visit", "visit_event", "desk_session", "desk_queue", "queue", "desk"} {
		var n int
		if err := db.Reader().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d ", table, n)
	}
	return out
}

// TestQueueFlow takes tickets, calls them priority first, recalls,
// serves, transfers one to another organisation's queue at its head,
// finishes with outcomes, marks a no-show, and reads the board and the
// visit record; refused steps write nothing.
func TestQueueFlow(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	c := newClock(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)) // a Monday, 14.00 in Helsinki
	db.Now = c.Now
	var notified []string
	q := db.Queues(func(p string) { notified = append(notified, p) })
	d1, d2 := queueFixture(t, db, q)
	worker, other := deskWorker(1), deskWorker(2)

	take := func(qu string, priority bool) queue.Ticket {
		t.Helper()
		tk, err := q.Take(ctx, queue.Take{Point: "joint-pori", Queue: qu, Language: "fi", Priority: priority})
		if err != nil {
			t.Fatal(err)
		}
		c.advance(time.Minute)
		return tk
	}
	k1, k2, t1 := take("kela", false), take("kela", false), take("work", false)
	k3 := take("kela", true)
	if k1.Number != "K-001" || k2.Number != "K-002" || t1.Number != "T-001" || k3.Number != "K-003" {
		t.Fatalf("numbers %s %s %s %s, want K-001 K-002 T-001 K-003", k1.Number, k2.Number, t1.Number, k3.Number)
	}
	if len(notified) == 0 || notified[len(notified)-1] != "joint-pori" {
		t.Fatalf("the listener heard %v", notified)
	}
	b, err := q.Board(ctx, "joint-pori")
	if err != nil {
		t.Fatal(err)
	}
	// The priority ticket is first.
	for id, want := range map[string]int{k3.ID: 1, k1.ID: 2, k2.ID: 3, t1.ID: 1} {
		if p, ok := b.Place(id); !ok || p.Position != want {
			t.Errorf("ticket %s at %+v, want position %d", id, p, want)
		}
	}

	before := countRows(t, db)
	refusals := []struct {
		name string
		err  error
		kind errs.Kind
	}{}
	refuse := func(name string, kind errs.Kind, err error) {
		refusals = append(refusals, struct {
			name string
			err  error
			kind errs.Kind
		}{name, err, kind})
	}
	_, err = q.CallNext(ctx, d1.ID, worker)
	refuse("a call on a desk not signed in", errs.Conflict, err)
	_, err = q.Take(ctx, queue.Take{Point: "joint-pori", Queue: "nope"})
	refuse("an unknown queue", errs.Invalid, err)
	_, err = q.SignIn(ctx, d1.ID, worker, []string{"kela", "nope"})
	refuse("signing in to an unknown queue", errs.Invalid, err)
	_, err = q.SignIn(ctx, d1.ID, worker, nil)
	refuse("signing in to no queue", errs.Invalid, err)
	_, err = q.Recall(ctx, 999, worker)
	refuse("an unknown desk", errs.NotFound, err)
	for _, r := range refusals {
		if !errs.Is(r.err, r.kind) {
			t.Errorf("%s: got %v, want %s", r.name, r.err, r.kind)
		}
	}
	if after := countRows(t, db); after != before {
		t.Fatalf("refused steps wrote rows:\n before %s\n after  %s", before, after)
	}

	if _, err := q.SignIn(ctx, d1.ID, worker, []string{"kela"}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CallNext(ctx, d1.ID, other); !errs.Is(err, errs.Conflict) {
		t.Fatalf("another person at a desk signed in by someone else: %v", err)
	}
	got, err := q.CallNext(ctx, d1.ID, worker)
	if err != nil || got.ID != k3.ID || got.State != queue.Called || got.Desk == nil || got.Desk.Name != "1" {
		t.Fatalf("first call: %+v, %v; want the priority ticket K-003 at desk 1", got, err)
	}
	if _, err := q.CallNext(ctx, d1.ID, worker); !errs.Is(err, errs.Conflict) {
		t.Fatalf("calling again before finishing: %v", err)
	}
	if _, err := q.Recall(ctx, d1.ID, worker); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	if _, err := q.Serve(ctx, d1.ID, worker); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Recall(ctx, d1.ID, worker); !errs.Is(err, errs.Conflict) {
		t.Fatalf("recalling a customer being served: %v", err)
	}
	c.advance(5 * time.Minute)
	// Kela passes K-003 to the city's employment queue, ahead of T-001.
	moved, err := q.TransferTicket(ctx, d1.ID, worker, queue.Transfer{Queue: "work", Head: true})
	if err != nil || moved.Queue != "work" || moved.State != queue.Waiting || moved.Number != "K-003" || moved.Visit != k3.Visit {
		t.Fatalf("transfer: %+v, %v", moved, err)
	}
	// The transferred ticket keeps its number without taking one of the
	// new queue's: T-002 and T-003 come next there.
	if tk := take("work", false); tk.Number != "T-002" {
		t.Fatalf("after a transfer the city queue gave %s", tk.Number)
	}
	if tk := take("work", false); tk.Number != "T-003" {
		t.Fatalf("after a transfer the city queue gave %s", tk.Number)
	}
	if _, err := q.SignIn(ctx, d2.ID, other, []string{"work"}); err != nil {
		t.Fatal(err)
	}
	got, err = q.CallNext(ctx, d2.ID, other)
	if err != nil || got.ID != k3.ID {
		t.Fatalf("the city desk called %+v, %v; want the transferred K-003 first", got, err)
	}
	c.advance(10 * time.Minute)
	if _, err := q.Finish(ctx, d2.ID, other, "nonsense"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("an unknown outcome: %v", err)
	}
	if done, err := q.Finish(ctx, d2.ID, other, "served"); err != nil || done.State != queue.Done || done.Outcome != "served" {
		t.Fatalf("finish: %+v, %v", done, err)
	}
	got, err = q.CallNext(ctx, d1.ID, worker)
	if err != nil || got.ID != k1.ID {
		t.Fatalf("desk 1 called %+v, %v; want K-001", got, err)
	}
	if ns, err := q.NoShow(ctx, d1.ID, worker); err != nil || ns.State != queue.NoShow {
		t.Fatalf("no-show: %+v, %v", ns, err)
	}
	if err := q.SignOut(ctx, d1.ID, worker); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CallNext(ctx, d1.ID, worker); !errs.Is(err, errs.Conflict) {
		t.Fatalf("calling after signing out: %v", err)
	}

	b, err = q.Board(ctx, "joint-pori")
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	for _, cl := range b.Calls {
		calls = append(calls, fmt.Sprintf("%s→%s recall=%v", cl.Number, cl.Desk, cl.Recall))
	}
	want := []string{"K-001→1 recall=false", "K-003→2 recall=false", "K-003→1 recall=true", "K-003→1 recall=false"}
	if !slices.Equal(calls, want) {
		t.Errorf("board calls %v, want %v", calls, want)
	}
	if p, ok := b.Place(k2.ID); !ok || p.Position != 1 {
		t.Errorf("K-002 at %+v, want first", p)
	}
	events, err := q.Events(ctx, "joint-pori", c.now.Add(-time.Hour), c.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var k3Steps []string
	for _, ev := range events {
		if ev.Ticket == k3.ID {
			k3Steps = append(k3Steps, ev.Kind+"/"+ev.Queue+"/"+ev.Organisation)
		}
	}
	wantSteps := []string{"ticket/kela/kela", "call/kela/kela", "recall/kela/kela", "serve/kela/kela", "transfer/work/pori", "call/work/pori", "finish/work/pori"}
	if !slices.Equal(k3Steps, wantSteps) {
		t.Errorf("K-003's visit record %v, want %v", k3Steps, wantSteps)
	}
	var ended int
	if err := db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM visit WHERE ended_at IS NOT NULL").Scan(&ended); err != nil || ended != 2 {
		t.Errorf("%d visits ended (%v), want 2: K-003's and K-001's", ended, err)
	}
	// Numbers start again on the next local day.
	c.now = time.Date(2026, 12, 7, 22, 30, 0, 0, time.UTC) // 00.30 on Tuesday in Helsinki
	if tk := take("kela", false); tk.Number != "K-001" {
		t.Errorf("the first ticket of a new day is %s", tk.Number)
	}
}

// TestDeskRace has many desks call next at the same instant over fewer
// waiting tickets than desks: no ticket goes to two desks, every ticket
// is called once, and the desks left over hear that nobody waits.
func TestDeskRace(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	q := db.Queues(nil)
	queueFixture(t, db, q)
	const desks, tickets = 24, 16
	var ids []int64
	for i := range desks {
		d, err := q.PutDesk(ctx, queue.Desk{Point: "joint-pori", Slug: fmt.Sprintf("race-%d", i), Name: fmt.Sprintf("R%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := q.SignIn(ctx, d.ID, deskWorker(int64(100+i)), []string{"kela", "work"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	for i := range tickets {
		qu := "kela"
		if i%2 == 1 {
			qu = "work"
		}
		if _, err := q.Take(ctx, queue.Take{Point: "joint-pori", Queue: qu}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	got := make([]string, desks)
	fails := make([]error, desks)
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			tk, err := q.CallNext(ctx, id, deskWorker(int64(100+i)))
			got[i], fails[i] = tk.ID, err
		}()
	}
	close(start)
	wg.Wait()
	seen := map[string]int{}
	empty := 0
	for i := range desks {
		switch {
		case fails[i] == nil:
			seen[got[i]]++
		case errs.Is(fails[i], errs.Conflict):
			empty++
		default:
			t.Errorf("desk %d: %v", i, fails[i])
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("ticket %s was called to %d desks", id, n)
		}
	}
	if len(seen) != tickets || empty != desks-tickets {
		t.Errorf("%d tickets called and %d desks found nobody; want %d and %d", len(seen), empty, tickets, desks-tickets)
	}
	var doubled int
	if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT ticket_id FROM visit_event WHERE kind = 'call'
		GROUP BY ticket_id HAVING COUNT(*) > 1) x`).Scan(&doubled); err != nil || doubled != 0 {
		t.Errorf("%d tickets have more than one call event (%v)", doubled, err)
	}
}

// TestWaitEstimate runs a simulated busy day through the store:
// customers arrive at random (on average every 190 seconds from 9 to
// 15), three desks serve them in 6 to 14 minutes each, and every
// estimate a customer is given at the kiosk is compared with the wait
// they then had. The estimates must be close (off by at most a quarter
// of the mean wait on average) and unbiased (within a minute overall).
func TestWaitEstimate(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	c := newClock(time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)) // Monday 9.00 in Helsinki
	db.Now = c.Now
	q := db.Queues(nil)
	queueFixture(t, db, q)
	rng := rand.New(rand.NewPCG(6, 2026))
	const desks = 3
	type deskState struct {
		id   int64
		by   *access.Actor
		free time.Time // when its customer is done; zero when idle
	}
	var ds []*deskState
	for i := range desks {
		d, err := q.PutDesk(ctx, queue.Desk{Point: "joint-pori", Slug: fmt.Sprintf("sim-%d", i), Name: fmt.Sprintf("S%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		by := deskWorker(int64(200 + i))
		if _, err := q.SignIn(ctx, d.ID, by, []string{"kela"}); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, &deskState{id: d.ID, by: by})
	}
	estimate := map[string]time.Duration{}
	arrival := c.now
	closing := c.now.Add(6 * time.Hour)
	next := func() time.Duration { return time.Duration(rng.ExpFloat64() * float64(190*time.Second)) }
	arrival = arrival.Add(next())
	for {
		// The next event: an arrival, or a desk coming free.
		at, desk := arrival, (*deskState)(nil)
		for _, d := range ds {
			if !d.free.IsZero() && d.free.Before(at) {
				at, desk = d.free, d
			}
		}
		if desk == nil && at.After(closing) {
			// No one comes after closing; those waiting are still served.
			busy := false
			for _, d := range ds {
				busy = busy || !d.free.IsZero()
			}
			if !busy {
				break
			}
			arrival = closing.Add(24 * time.Hour)
			continue
		}
		c.now = at
		if desk == nil {
			tk, err := q.Take(ctx, queue.Take{Point: "joint-pori", Queue: "kela"})
			if err != nil {
				t.Fatal(err)
			}
			b, err := q.Board(ctx, "joint-pori")
			if err != nil {
				t.Fatal(err)
			}
			p, _ := b.Place(tk.ID)
			estimate[tk.ID] = p.Wait
			// The ticket's own reading of its place agrees with the board.
			if alone, err := q.Place(ctx, tk); err != nil || alone != p {
				t.Fatalf("%s: the board says %+v, Place %+v (%v)", tk.Number, p, alone, err)
			}
			arrival = arrival.Add(next())
		} else {
			if _, err := q.Finish(ctx, desk.id, desk.by, "served"); err != nil {
				t.Fatal(err)
			}
			desk.free = time.Time{}
		}
		// Idle desks call whoever waits.
		for _, d := range ds {
			if !d.free.IsZero() {
				continue
			}
			if _, err := q.CallNext(ctx, d.id, d.by); errs.Is(err, errs.Conflict) {
				continue
			} else if err != nil {
				t.Fatal(err)
			}
			if _, err := q.Serve(ctx, d.id, d.by); err != nil {
				t.Fatal(err)
			}
			d.free = c.now.Add(6*time.Minute + time.Duration(rng.Float64()*float64(8*time.Minute)))
		}
	}
	rows, err := db.Reader().QueryContext(ctx, "SELECT id, called_at - created_at FROM ticket WHERE called_at IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int
	var sumWait, sumErr, sumAbs float64
	for rows.Next() {
		var id string
		var waited int64
		if err := rows.Scan(&id, &waited); err != nil {
			t.Fatal(err)
		}
		actual := time.Duration(waited) * time.Millisecond
		diff := (estimate[id] - actual).Minutes()
		n++
		sumWait += actual.Minutes()
		sumErr += diff
		sumAbs += math.Abs(diff)
	}
	if n < 60 {
		t.Fatalf("only %d customers were served in the simulated day", n)
	}
	mean, bias, mae := sumWait/float64(n), sumErr/float64(n), sumAbs/float64(n)
	t.Logf("%d customers: mean wait %.1f min, estimate off by %.1f min on average (bias %+.1f min)", n, mean, mae, bias)
	if mae > mean/4 || math.Abs(bias) > 1 {
		t.Errorf("estimates are off by %.1f min on average (bias %+.1f) against a mean wait of %.1f min", mae, bias, mean)
	}
}
