package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/onestop-fi/onestop/internal/queue"
)

// Live updates are Server-Sent Events. A lobby display follows its
// point's board; a customer's phone follows one ticket. Each stream
// subscribes to the hub first and then reads the current board, so no
// change falls between; every message is the whole state, so a display
// that reconnects (EventSource does by itself, sending Last-Event-ID)
// or lands on another instance, or on a restarted server, is right from
// its first message on.

// StopStreams ends every live stream, so that a shutdown does not wait
// for displays that never hang up; their browsers reconnect.
func (s *Server) StopStreams() { s.stopOnce.Do(func() { close(s.streamsDone) }) }

// keepAlive is how often an idle stream sends a comment, so that proxies
// and the browser keep the connection open.
const keepAlive = 20 * time.Second

// stream is an open text/event-stream response.
type stream struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// openStream answers with the stream's headers and the reconnection delay.
func openStream(w http.ResponseWriter) (*stream, error) {
	rc := http.NewResponseController(w)
	// A stream outlives the server's write timeout.
	if err := rc.SetWriteDeadline(time.Time{}); err != nil {
		return nil, err
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	st := &stream{w: w, rc: rc}
	return st, st.send([]byte("retry: 2000\n\n"))
}

func (st *stream) send(b []byte) error {
	if _, err := st.w.Write(b); err != nil {
		return err
	}
	return st.rc.Flush()
}

// follow subscribes to a point's boards, or, when ticket is not "", to
// those that move that ticket, and calls on with the current board and
// each newer one until the client leaves, the server stops, or on says
// to stop.
func (s *Server) follow(ctx context.Context, st *stream, point, ticket string, on func(b *queue.Board) (more bool, err error)) error {
	var boards <-chan *queue.Board
	var cancel func()
	if ticket == "" {
		boards, cancel = s.hub.Subscribe(point)
	} else {
		boards, cancel = s.hub.SubscribeTicket(point, ticket)
	}
	defer cancel()
	b, err := s.queues.Board(ctx, point)
	if err != nil {
		return err
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	version := int64(-1)
	for {
		if b != nil && b.Version > version {
			version = b.Version
			more, err := on(b)
			if err != nil || !more {
				return err
			}
		}
		b = nil
		select {
		case <-ctx.Done():
			return nil
		case <-s.streamsDone:
			return nil
		case b = <-boards:
		case <-tick.C:
			if err := st.send([]byte(": still here\n\n")); err != nil {
				return err
			}
		}
	}
}

// displayStream answers GET /api/v1/points/{slug}/display: the point's
// board after every change, as "board" events.
func (s *Server) displayStream(w http.ResponseWriter, r *http.Request) {
	point := r.PathValue("slug")
	if _, err := s.cat.Point(r.Context(), point); err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := openStream(w)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.follow(r.Context(), st, point, "", func(b *queue.Board) (bool, error) { return true, st.send(b.SSE()) })
	s.streamEnded(r, err)
}

// ticketStream answers GET /api/v1/tickets/{id}/events: the ticket as
// "ticket" events whenever its place or state changes, ending once it
// is done.
func (s *Server) ticketStream(w http.ResponseWriter, r *http.Request) {
	t, err := s.ticketOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := openStream(w)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The message depends on the ticket and on its place and wait (see
	// place): a board that leaves those as they were last encoded is
	// passed over without encoding it again. Most boards are such for
	// most followers (another queue's call, a desk finishing), and a
	// point's every board goes to each of its followers.
	type standing struct{ position, minutes int }
	var last []byte
	var shown standing
	follow, stream := "/t/"+t.ID, "/api/v1/tickets/"+t.ID+"/events"
	err = s.follow(r.Context(), st, t.Point, t.ID, func(b *queue.Board) (bool, error) {
		p, onBoard := b.Place(t.ID)
		now := standing{0, -1}
		if onBoard && p.State == queue.Waiting {
			now = standing{p.Position, queue.Minutes(p.Wait)}
		}
		if !onBoard || p.State != t.State || p.Queue != t.Queue || p.Desk != deskName(t) {
			// Its state changed: read it again.
			fresh, err := s.queues.Ticket(r.Context(), t.ID)
			if err != nil {
				return false, err
			}
			t = fresh
		} else if last != nil && now == shown {
			return true, nil
		}
		shown = now
		place(&t, b)
		data, err := json.Marshal(ticketJSON{Ticket: t, Follow: follow, Stream: stream})
		if err != nil {
			return false, err
		}
		if string(data) == string(last) {
			return true, nil
		}
		last = data
		msg := append([]byte("event: ticket\ndata: "), data...)
		if err := st.send(append(msg, "\n\n"...)); err != nil {
			return false, err
		}
		return t.State == queue.Waiting || t.State.Active(), nil
	})
	s.streamEnded(r, err)
}

// deskName is the name of the desk a ticket is at, "" if none.
func deskName(t queue.Ticket) string {
	if t.Desk == nil {
		return ""
	}
	return t.Desk.Name
}

// streamEnded logs why a stream ended, unless the client left.
func (s *Server) streamEnded(r *http.Request, err error) {
	if err != nil && r.Context().Err() == nil {
		s.log.Warn("live stream ended", "path", r.URL.Path, "err", err)
	}
}
