package queue

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// TestHubTicket follows one ticket beside a whole board: the ticket's
// follower gets the first board after subscribing, then only boards
// that move the ticket (its position, its wait in whole minutes, its
// state and desk, its leaving the board), while the board's follower
// gets every board.
func TestHubTicket(t *testing.T) {
	var mu sync.Mutex
	var next *Board
	hub := NewHub(func(ctx context.Context, point string) (*Board, error) {
		mu.Lock()
		defer mu.Unlock()
		return next, nil
	}, slog.New(slog.DiscardHandler))
	all, cancelAll := hub.Subscribe("p")
	defer cancelAll()
	mine, cancelMine := hub.SubscribeTicket("p", "t3")
	defer cancelMine()

	queues := []Queue{{Slug: "q"}, {Slug: "r"}}
	capacity := map[string]Capacity{"q": 1, "r": 1}
	// waiting lists tickets in calling order: r1 in queue r, the others
	// in q.
	waiting := func(ids ...string) []WaitingTicket {
		var out []WaitingTicket
		for _, id := range ids {
			q := "q"
			if id == "r1" {
				q = "r"
			}
			out = append(out, WaitingTicket{ID: id, Queue: q})
		}
		return out
	}
	steps := []struct {
		what  string
		in    BoardInput
		moved bool // whether the ticket's follower gets the board
	}{
		{what: "the first board", in: BoardInput{Waiting: waiting("t1", "t2", "t3")}, moved: true},
		{what: "a ticket in another queue", in: BoardInput{Waiting: waiting("t1", "t2", "t3", "r1")}},
		{what: "a slower service, the same minutes", in: BoardInput{Waiting: waiting("t1", "t2", "t3", "r1"),
			Mean: map[string]time.Duration{"q": DefaultServiceTime - time.Second}}},
		{what: "a call ahead", in: BoardInput{Waiting: waiting("t2", "t3", "r1"), Active: []ActiveTicket{{ID: "t1", Queue: "q", State: Called, Desk: "4"}}}, moved: true},
		{what: "a longer wait", in: BoardInput{Waiting: waiting("t2", "t3", "r1"), Active: []ActiveTicket{{ID: "t1", Queue: "q", State: Called, Desk: "4"}},
			Mean: map[string]time.Duration{"q": 2 * DefaultServiceTime}}, moved: true},
		{what: "called itself", in: BoardInput{Waiting: waiting("t2", "r1"), Active: []ActiveTicket{{ID: "t3", Queue: "q", State: Called, Desk: "4"}}}, moved: true},
		{what: "served at the desk", in: BoardInput{Waiting: waiting("t2", "r1"), Active: []ActiveTicket{{ID: "t3", Queue: "q", State: Serving, Desk: "4"}}}, moved: true},
		{what: "done", in: BoardInput{Waiting: waiting("t2", "r1")}, moved: true},
		{what: "done still", in: BoardInput{Waiting: waiting("r1")}},
	}
	for i, st := range steps {
		st.in.Point, st.in.Version, st.in.Queues, st.in.Capacity = "p", int64(i+1), queues, capacity
		mu.Lock()
		next = BuildBoard(st.in)
		mu.Unlock()
		hub.Changed("p")
		select {
		case b := <-all:
			if b.Version != int64(i+1) {
				t.Fatalf("%s: the board's follower got version %d", st.what, b.Version)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no board", st.what)
		}
		hub.Followers("p") // the hub has handed the board to every follower
		select {
		case b := <-mine:
			if !st.moved {
				t.Errorf("%s: the ticket's follower got version %d", st.what, b.Version)
			}
		default:
			if st.moved {
				t.Errorf("%s: the ticket's follower got nothing", st.what)
			}
		}
	}
}
