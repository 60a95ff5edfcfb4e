package queue

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
)

// RecentCalls is how many of the latest calls a board shows.
const RecentCalls = 8

// Call is one call of a ticket to a desk, as the lobby display shows it.
type Call struct {
	Event  int64     `json:"event"`
	Number string    `json:"number"`
	Queue  string    `json:"queue"`
	Desk   string    `json:"desk"`
	Recall bool      `json:"recall,omitempty"`
	At     time.Time `json:"at"`
}

// QueueBoard is a queue as displays and kiosks show it.
type QueueBoard struct {
	Slug    string         `json:"slug"`
	Prefix  string         `json:"prefix"`
	Name    catalogue.Text `json:"name"`
	Waiting int            `json:"waiting"`
	// Desks is how many desks serve the queue now (shares of desks
	// serving several queues added up).
	Desks float64 `json:"desks"`
	// EstimatedWaitMinutes is the estimate for a ticket taken now.
	EstimatedWaitMinutes int `json:"estimated_wait_minutes"`
}

// Place is where a ticket stands on a board.
type Place struct {
	Queue    string
	State    State
	Position int
	Wait     time.Duration
	Desk     string
}

// Board is a point's queues at one moment: what lobby displays show and
// what a customer's followed ticket is read from. Version is the id of
// the point's latest visit event, so a newer board has a higher version.
type Board struct {
	Point   string       `json:"point"`
	Version int64        `json:"version"`
	Calls   []Call       `json:"calls"`
	Queues  []QueueBoard `json:"queues"`
	places  map[string]Place

	once sync.Once
	sse  []byte
}

// Place returns where ticket id stands; false when it is neither waiting
// nor at a desk.
func (b *Board) Place(id string) (Place, bool) {
	p, ok := b.places[id]
	return p, ok
}

// SSE is the board as one Server-Sent Events message for displays,
// encoded once however many displays receive it.
func (b *Board) SSE() []byte {
	b.once.Do(func() {
		data, err := json.Marshal(b)
		if err != nil {
			panic(err) // plain values only
		}
		out := make([]byte, 0, len(data)+40)
		out = append(out, "id: "...)
		out = strconv.AppendInt(out, b.Version, 10)
		out = append(out, "\nevent: board\ndata: "...)
		out = append(out, data...)
		out = append(out, "\n\n"...)
		b.sse = out
	})
	return b.sse
}

// WaitingTicket is a waiting ticket in calling order within its queue.
type WaitingTicket struct {
	ID    string
	Queue string
}

// ActiveTicket is a ticket at a desk.
type ActiveTicket struct {
	ID    string
	Queue string
	State State
	Desk  string
}

// BoardInput is what the store reads for a board.
type BoardInput struct {
	Point   string
	Version int64
	Queues  []Queue
	// Waiting lists the waiting tickets of each queue in calling order.
	Waiting  []WaitingTicket
	Active   []ActiveTicket
	Calls    []Call
	Capacity map[string]Capacity
	// Idle is the part of Capacity whose desks have no customer now.
	Idle map[string]Capacity
	// Mean is each queue's recent mean service time; missing means the
	// default.
	Mean map[string]time.Duration
}

// BuildBoard numbers the waiting and estimates their waits.
func BuildBoard(in BoardInput) *Board {
	b := &Board{Point: in.Point, Version: in.Version, Calls: in.Calls, places: make(map[string]Place, len(in.Waiting)+len(in.Active))}
	if b.Calls == nil {
		b.Calls = []Call{}
	}
	mean := func(q string) time.Duration {
		if m, ok := in.Mean[q]; ok && m > 0 {
			return m
		}
		return DefaultServiceTime
	}
	count := map[string]int{}
	for _, t := range in.Waiting {
		count[t.Queue]++
		pos := count[t.Queue]
		b.places[t.ID] = Place{Queue: t.Queue, State: Waiting, Position: pos, Wait: Estimate(pos, mean(t.Queue), in.Capacity[t.Queue], in.Idle[t.Queue])}
	}
	for _, t := range in.Active {
		b.places[t.ID] = Place{Queue: t.Queue, State: t.State, Desk: t.Desk}
	}
	b.Queues = make([]QueueBoard, 0, len(in.Queues))
	for _, q := range in.Queues {
		n := count[q.Slug]
		b.Queues = append(b.Queues, QueueBoard{Slug: q.Slug, Prefix: q.Prefix, Name: q.Name, Waiting: n,
			Desks:                float64(in.Capacity[q.Slug]),
			EstimatedWaitMinutes: Minutes(Estimate(n+1, mean(q.Slug), in.Capacity[q.Slug], in.Idle[q.Slug]))})
	}
	return b
}
