package queue

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/hours"
)

func TestEstimate(t *testing.T) {
	m := 10 * time.Minute
	cases := []struct {
		position       int
		capacity, idle Capacity
		want           time.Duration
	}{
		{1, 1, 0, 5 * time.Minute},                 // half a service for the one desk
		{3, 1, 0, 25 * time.Minute},                // two ahead, then half
		{3, 2, 0, 12*time.Minute + 30*time.Second}, // two desks share them
		{1, 2, 1, 0}, // a free desk waits for you
		{2, 2, 1, 2*time.Minute + 30*time.Second}, // one free desk takes the first; both share the rest
		{1, 0, 0, 5 * time.Minute},                // nobody signed in: one assumed
		{0, 1, 0, 0},
	}
	for _, c := range cases {
		if got := Estimate(c.position, m, c.capacity, c.idle); got != c.want {
			t.Errorf("Estimate(%d, %v, %v, %v) = %v, want %v", c.position, m, c.capacity, c.idle, got, c.want)
		}
	}
	if Minutes(90*time.Second) != 2 || Minutes(0) != 0 {
		t.Error("minutes round up")
	}
}

func TestOpen(t *testing.T) {
	loc, _ := hours.Zone("Europe/Helsinki")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 7, h, m, 0, 0, loc) }
	tl := &catalogue.Timeline{Location: loc, Offerings: []catalogue.OfferingTimeline{
		{Service: "kela", WalkIn: []hours.Interval{{Start: at(12, 0), End: at(15, 30)}}},
		{Service: "city", WalkIn: []hours.Interval{{Start: at(9, 0), End: at(11, 0)}}},
	}}
	if ok, _ := Open(tl, []string{"kela"}, at(13, 0)); !ok {
		t.Error("kela at 13.00 is open")
	}
	if ok, next := Open(tl, []string{"kela"}, at(11, 0)); ok || !next.Equal(at(12, 0)) {
		t.Errorf("kela at 11.00: %v, next %v", ok, next)
	}
	if ok, next := Open(tl, []string{"kela", "city"}, at(8, 0)); ok || !next.Equal(at(9, 0)) {
		t.Errorf("a queue of two offerings opens with the first: %v %v", ok, next)
	}
	if ok, next := Open(tl, []string{"kela"}, at(16, 0)); ok || !next.IsZero() {
		t.Errorf("no opening left in the timeline: %v %v", ok, next)
	}
}

func TestBuildBoard(t *testing.T) {
	b := BuildBoard(BoardInput{Point: "p", Version: 7,
		Queues:   []Queue{{Slug: "k", Prefix: "K"}, {Slug: "t", Prefix: "T"}},
		Waiting:  []WaitingTicket{{"a", "k"}, {"b", "k"}, {"c", "t"}},
		Active:   []ActiveTicket{{"d", "k", Called, "4"}},
		Capacity: map[string]Capacity{"k": 1},
		Mean:     map[string]time.Duration{"k": 6 * time.Minute}})
	if p, _ := b.Place("b"); p.Position != 2 || p.Wait != 9*time.Minute {
		t.Errorf("b: %+v", p)
	}
	if p, _ := b.Place("c"); p.Position != 1 || p.Wait != DefaultServiceTime/2 {
		t.Errorf("c uses the default service time: %+v", p)
	}
	if p, ok := b.Place("d"); !ok || p.State != Called || p.Desk != "4" {
		t.Errorf("d: %+v", p)
	}
	if _, ok := b.Place("gone"); ok {
		t.Error("a ticket not on the board has no place")
	}
	if b.Queues[0].Waiting != 2 || b.Queues[0].EstimatedWaitMinutes != 15 {
		t.Errorf("queue k: %+v", b.Queues[0])
	}
	sse := string(b.SSE())
	if sse[:6] != "id: 7\n" || sse[len(sse)-2:] != "\n\n" {
		t.Errorf("SSE message %q", sse)
	}
}

func TestTicketIDs(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewTicketID()
		if !ValidTicketID(id) || seen[id] {
			t.Fatalf("id %q invalid or repeated", id)
		}
		seen[id] = true
	}
	// An id as the earlier alphabet made them, with 8 and 9.
	if !ValidTicketID("abcdefghjkmnp789") {
		t.Error("an id made before ticket ids came from crypto/rand.Text is refused")
	}
	for _, bad := range []string{"", "short", "ABCDEFGHJKMNPQRS", "abcdefghjkmnpqr1", "abcdefghjkmnpqrs/"} {
		if ValidTicketID(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	if Number("K", 17) != "K-017" || Number("AB", 1234) != "AB-1234" {
		t.Error("numbers")
	}
}

func FuzzValidTicketID(f *testing.F) {
	f.Add("abcdefghjkmnpqrs")
	f.Add("../../etc/passwd")
	f.Fuzz(func(t *testing.T, s string) {
		if ValidTicketID(s) && (len(s) != 16 || s != string([]byte(s))) {
			t.Fatalf("%q accepted", s)
		}
	})
}

// TestHub follows a point: boards come after changes, changes while a
// board is read fold into one more read, other points are not read,
// and the feed stops with its last follower.
func TestHub(t *testing.T) {
	var reads, version atomic.Int64
	release := make(chan struct{}, 100)
	hub := NewHub(func(ctx context.Context, point string) (*Board, error) {
		reads.Add(1)
		<-release
		return BuildBoard(BoardInput{Point: point, Version: version.Load()}), nil
	}, slog.New(slog.DiscardHandler))
	boards, cancel := hub.Subscribe("p")
	hub.Changed("other")
	version.Store(1)
	hub.Changed("p")
	for reads.Load() == 0 {
		time.Sleep(time.Millisecond) // until the first read has begun
	}
	for range 5 {
		hub.Changed("p") // while the first read waits: folded into one
	}
	release <- struct{}{}
	if b := <-boards; b.Version != 1 {
		t.Fatalf("version %d", b.Version)
	}
	release <- struct{}{} // the folded read: same version, not sent again
	time.Sleep(50 * time.Millisecond)
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads, want 2", n)
	}
	select {
	case b := <-boards:
		t.Errorf("an unchanged board was sent again: %d", b.Version)
	default:
	}
	if hub.Followers("p") != 1 {
		t.Error("one follower")
	}
	cancel()
	if hub.Followers("p") != 0 {
		t.Error("no followers after cancel")
	}
}
