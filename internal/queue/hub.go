package queue

import (
	"context"
	"log/slog"
	"sync"
)

// Hub fans a point's board out to everyone following it on this
// instance: lobby displays and customers' phones. When a point changes
// (a commit here, or a notification from another instance) the hub reads
// the point's board once and hands the same board to every follower, so
// a thousand displays cost one read. A follower that falls behind misses
// intermediate boards, never the latest: each board is the whole state.
type Hub struct {
	load func(ctx context.Context, point string) (*Board, error)
	log  *slog.Logger

	mu     sync.Mutex
	points map[string]*feed
}

// feed is one point's followers and its reader.
type feed struct {
	subs  map[chan *Board]*sub
	dirty chan struct{}
	stop  context.CancelFunc
}

// sub is one follower: of the whole board, or of one ticket's place on
// it.
type sub struct {
	ticket string // "" for the whole board
	// last is the latest board handed to the follower.
	last *Board
}

// NewHub makes a hub that reads boards with load.
func NewHub(load func(ctx context.Context, point string) (*Board, error), log *slog.Logger) *Hub {
	return &Hub{load: load, log: log, points: map[string]*feed{}}
}

// Subscribe follows a point. The channel receives each new board; the
// caller reads the current one itself after subscribing, so that no
// change falls between. cancel ends the subscription.
func (h *Hub) Subscribe(point string) (boards <-chan *Board, cancel func()) {
	return h.subscribe(point, "")
}

// SubscribeTicket follows one ticket of a point, as Subscribe does, but
// the channel receives a new board only when the ticket's place on it
// differs from that on the board handed over before (see samePlace), and
// the first board after subscribing in any case. A point's customers
// following their tickets are many, and most changes move none of them.
func (h *Hub) SubscribeTicket(point, ticket string) (boards <-chan *Board, cancel func()) {
	return h.subscribe(point, ticket)
}

func (h *Hub) subscribe(point, ticket string) (<-chan *Board, func()) {
	ch := make(chan *Board, 1)
	h.mu.Lock()
	f := h.points[point]
	if f == nil {
		ctx, stop := context.WithCancel(context.Background())
		f = &feed{subs: map[chan *Board]*sub{}, dirty: make(chan struct{}, 1), stop: stop}
		h.points[point] = f
		go h.run(ctx, point, f)
	}
	f.subs[ch] = &sub{ticket: ticket}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(f.subs, ch)
		if len(f.subs) == 0 && h.points[point] == f {
			delete(h.points, point)
			f.stop()
		}
	}
}

// Changed tells the hub that a point's queues changed; "" means that any
// point may have (changes may have been missed). Changes that come while
// a board is being read are folded into one more read.
func (h *Hub) Changed(point string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if point != "" {
		if f := h.points[point]; f != nil {
			f.markDirty()
		}
		return
	}
	for _, f := range h.points {
		f.markDirty()
	}
}

// markDirty asks the feed's reader for one more read.
func (f *feed) markDirty() {
	select {
	case f.dirty <- struct{}{}:
	default:
	}
}

// Followers counts the subscriptions of a point on this instance.
func (h *Hub) Followers(point string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if f := h.points[point]; f != nil {
		return len(f.subs)
	}
	return 0
}

// run reads the point's board after each change and hands it on.
func (h *Hub) run(ctx context.Context, point string, f *feed) {
	var last int64 = -1
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.dirty:
		}
		b, err := h.load(ctx, point)
		if err != nil {
			if ctx.Err() == nil {
				h.log.Error("reading a queue board", "point", point, "err", err)
			}
			continue
		}
		if b.Version == last {
			continue // a notification of a change already shown
		}
		last = b.Version
		h.mu.Lock()
		for ch, s := range f.subs {
			if s.ticket != "" && s.last != nil && samePlace(s.last, b, s.ticket) {
				continue
			}
			s.last = b
			// Replace a board the follower has not taken yet: only the
			// latest matters.
			select {
			case <-ch:
			default:
			}
			ch <- b
		}
		h.mu.Unlock()
	}
}

// samePlace reports whether ticket stands the same on both boards, as
// its follower sees it: on the board or not, and in the same queue and
// state, at the same position and desk, with the same wait in whole
// minutes.
func samePlace(a, b *Board, ticket string) bool {
	pa, onA := a.places[ticket]
	pb, onB := b.places[ticket]
	return onA == onB && pa.Queue == pb.Queue && pa.State == pb.State && pa.Position == pb.Position && pa.Desk == pb.Desk &&
		Minutes(pa.Wait) == Minutes(pb.Wait)
}
