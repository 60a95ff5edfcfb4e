package web

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
	"github.com/onestop-fi/onestop/internal/queue"
)

// WithQueues gives the server its walk-in queues and the hub that fans
// boards out to lobby displays and followed tickets.
func WithQueues(q queue.Store, hub *queue.Hub) Option {
	return func(s *Server) { s.queues, s.hub = q, hub }
}

// errNoQueues answers queue routes on a server without queues.
var errNoQueues = errs.NotFoundf("Walk-in queues are not set up on this server.")

// needQueues wraps the queue routes.
func (s *Server) needQueues(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.queues == nil {
			s.fail(w, r, errNoQueues)
			return
		}
		h(w, r)
	}
}

// queueJSON is a queue as kiosks and clients see it: open or not, how
// many wait and how long a ticket taken now would wait.
type queueJSON struct {
	queue.Queue
	Open                 bool    `json:"open"`
	NextOpening          string  `json:"next_opening,omitempty"`
	Waiting              int     `json:"waiting"`
	Desks                float64 `json:"desks"`
	EstimatedWaitMinutes int     `json:"estimated_wait_minutes"`
}

// ticketJSON is a ticket with where to follow it.
type ticketJSON struct {
	queue.Ticket
	// Follow is the page that follows the ticket on a phone.
	Follow string `json:"follow"`
	// Stream is its live stream (text/event-stream).
	Stream string `json:"stream"`
}

// walkInHorizon is how far ahead the next walk-in opening is looked for.
const walkInHorizon = 15 * 24 * time.Hour

// walkIn is a point's walk-in hours around now.
type walkIn struct {
	point catalogue.PointDetail
	tl    *catalogue.Timeline
	now   time.Time
}

func (s *Server) walkIn(ctx context.Context, point string) (walkIn, error) {
	d, err := s.cat.Point(ctx, point)
	if err != nil {
		return walkIn{}, err
	}
	loc, err := hours.Zone(d.TimeZone)
	if err != nil {
		return walkIn{}, err
	}
	now := s.cfg.Now()
	tl, err := s.pointTimeline(ctx, d, loc, now.Add(-24*time.Hour), now.Add(walkInHorizon))
	return walkIn{point: d, tl: tl, now: now}, err
}

// closed refuses a queue that takes no tickets now, with the sentence
// that says when it next does; it is nil when the queue is open.
func (wi walkIn) closed(q queue.Queue) error {
	ok, next := queue.Open(wi.tl, q.Services, wi.now)
	if ok {
		return nil
	}
	name := q.Name.En
	if name == "" {
		name = q.Slug
	}
	if next.IsZero() {
		return errs.Conflictf("The queue %s is closed and has no walk-in hours in the next two weeks.", name)
	}
	return errs.Conflictf("The queue %s is closed now; it opens next on %s.", name,
		next.In(wi.tl.Location).Format("Monday 2 January at 15.04"))
}

// findQueue picks a queue of the list by slug.
func findQueue(list []queue.Queue, slug, point string) (queue.Queue, error) {
	i := slices.IndexFunc(list, func(q queue.Queue) bool { return q.Slug == slug })
	if i < 0 {
		return queue.Queue{}, errs.Param("queue", "There is no queue %q at %s.", slug, point)
	}
	return list[i], nil
}

// listQueues answers GET /api/v1/points/{slug}/queues.
func (s *Server) listQueues(w http.ResponseWriter, r *http.Request) {
	out, err := s.queueList(r.Context(), r.PathValue("slug"))
	listed(s, w, r, out, "", err)
}

// queueList reads a point's queues with their state now.
func (s *Server) queueList(ctx context.Context, point string) ([]queueJSON, error) {
	wi, err := s.walkIn(ctx, point)
	if err != nil {
		return nil, err
	}
	b, err := s.queues.Board(ctx, point)
	if err != nil {
		return nil, err
	}
	qs, err := s.queues.Queues(ctx, point)
	if err != nil {
		return nil, err
	}
	out := make([]queueJSON, 0, len(qs))
	for _, q := range qs {
		qj := queueJSON{Queue: q}
		open, next := queue.Open(wi.tl, q.Services, wi.now)
		qj.Open = open
		if !open && !next.IsZero() {
			qj.NextOpening = next.In(wi.tl.Location).Format(time.RFC3339)
		}
		if i := slices.IndexFunc(b.Queues, func(x queue.QueueBoard) bool { return x.Slug == q.Slug }); i >= 0 {
			qj.Waiting, qj.Desks, qj.EstimatedWaitMinutes = b.Queues[i].Waiting, b.Queues[i].Desks, b.Queues[i].EstimatedWaitMinutes
		}
		out = append(out, qj)
	}
	return out, nil
}

// queueInput is the body of PUT /api/v1/points/{slug}/queues/{queue}.
type queueInput struct {
	Prefix   string         `json:"prefix"`
	Name     catalogue.Text `json:"name"`
	Services []string       `json:"services"`
}

// putQueue adds or changes a queue: the point's managers.
func (s *Server) putQueue(w http.ResponseWriter, r *http.Request) {
	point := r.PathValue("slug")
	if !actor(r).HasAt(point, access.PointManager) {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the managers of %s change its queues.", point))
		return
	}
	var in queueInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	q := queue.Queue{Point: point, Slug: r.PathValue("queue"), Prefix: in.Prefix, Name: in.Name, Services: in.Services}
	if err := s.queues.PutQueue(r.Context(), q); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

// deskInput is the body of PUT /api/v1/points/{slug}/desks/{desk}.
type deskInput struct {
	Name string `json:"name"`
}

// putDesk adds or renames a desk: the point's managers.
func (s *Server) putDesk(w http.ResponseWriter, r *http.Request) {
	point := r.PathValue("slug")
	if !actor(r).HasAt(point, access.PointManager) {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the managers of %s change its desks.", point))
		return
	}
	var in deskInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.queues.PutDesk(r.Context(), queue.Desk{Point: point, Slug: r.PathValue("desk"), Name: in.Name})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// worksAt reports whether the actor may work a desk at the point: its
// managers, and staff and admins of an organisation that gives services
// there.
func (s *Server) worksAt(ctx context.Context, a *access.Actor, point string) (bool, error) {
	if a.HasAt(point, access.PointManager) {
		return true, nil
	}
	d, err := s.cat.Point(ctx, point)
	if err != nil {
		return false, err
	}
	for _, o := range d.Offerings {
		if a.HasIn(o.Organisation, access.Staff, access.OrgAdmin) {
			return true, nil
		}
	}
	return false, nil
}

// listDesks answers GET /api/v1/points/{slug}/desks for those who work
// there.
func (s *Server) listDesks(w http.ResponseWriter, r *http.Request) {
	point := r.PathValue("slug")
	ok, err := s.worksAt(r.Context(), actor(r), point)
	if err == nil && !ok {
		err = errs.E(errs.Forbidden, "Only staff working at %s see its desks.", point)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.queues.Desks(r.Context(), point)
	listed(s, w, r, list, "", err)
}

// languageRE is an ISO 639 language code.
var languageRE = regexp.MustCompile(`^[a-z]{2,3}$`)

// ticketInput is the body of POST /api/v1/points/{slug}/tickets.
type ticketInput struct {
	Queue    string `json:"queue"`
	Language string `json:"language"`
	Priority bool   `json:"priority"`
}

// createTicket issues a walk-in ticket while the queue is open.
func (s *Server) createTicket(w http.ResponseWriter, r *http.Request) {
	var in ticketInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.takeTicket(r.Context(), actor(r), r.PathValue("slug"), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/tickets/"+t.ID)
	writeJSON(w, http.StatusCreated, t)
}

// takeTicket is the one path for the API and the kiosk page.
func (s *Server) takeTicket(ctx context.Context, a *access.Actor, point string, in ticketInput) (ticketJSON, error) {
	if in.Queue == "" {
		return ticketJSON{}, errs.Param("queue", "Name the queue to join.")
	}
	if in.Language != "" && !languageRE.MatchString(in.Language) {
		return ticketJSON{}, errs.Param("language", "The language %q is not a language code such as fi, sv or ar.", in.Language)
	}
	if in.Priority {
		ok, err := s.worksAt(ctx, a, point)
		if err != nil {
			return ticketJSON{}, err
		}
		if !ok {
			return ticketJSON{}, errs.E(errs.Forbidden, "Priority tickets are given by the staff of the point.")
		}
	}
	wi, err := s.walkIn(ctx, point)
	if err != nil {
		return ticketJSON{}, err
	}
	qs, err := s.queues.Queues(ctx, point)
	if err != nil {
		return ticketJSON{}, err
	}
	q, err := findQueue(qs, in.Queue, point)
	if err != nil {
		return ticketJSON{}, err
	}
	if err := wi.closed(q); err != nil {
		return ticketJSON{}, err
	}
	t, err := s.queues.Take(ctx, queue.Take{Point: point, Queue: q.Slug, Language: in.Language, Priority: in.Priority})
	if err != nil {
		return ticketJSON{}, err
	}
	return s.placed(ctx, t)
}

// checkInInput is the body of POST /api/v1/points/{slug}/checkins.
type checkInInput struct {
	Reference string `json:"reference"`
	Language  string `json:"language"`
}

// checkIn turns an appointment at the point into a ticket.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	var in checkInInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.checkInTicket(r.Context(), r.PathValue("slug"), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/tickets/"+t.ID)
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) checkInTicket(ctx context.Context, point string, in checkInInput) (ticketJSON, error) {
	if in.Language != "" && !languageRE.MatchString(in.Language) {
		return ticketJSON{}, errs.Param("language", "The language %q is not a language code such as fi, sv or ar.", in.Language)
	}
	ref, err := booking.ParseReference(in.Reference)
	if err != nil {
		return ticketJSON{}, err
	}
	t, err := s.queues.CheckIn(ctx, point, ref, in.Language)
	if err != nil {
		return ticketJSON{}, err
	}
	return s.placed(ctx, t)
}

// placed adds the ticket's place in its queue and its links.
func (s *Server) placed(ctx context.Context, t queue.Ticket) (ticketJSON, error) {
	out := ticketJSON{Ticket: t, Follow: "/t/" + t.ID, Stream: "/api/v1/tickets/" + t.ID + "/events"}
	if t.State != queue.Waiting {
		return out, nil
	}
	p, err := s.queues.Place(ctx, t)
	if err != nil {
		return out, err
	}
	setPlace(&out.Ticket, p, true)
	return out, nil
}

// place copies a ticket's position and wait from a board.
func place(t *queue.Ticket, b *queue.Board) {
	p, ok := b.Place(t.ID)
	setPlace(t, p, ok)
}

// setPlace copies a ticket's position and wait from its place.
func setPlace(t *queue.Ticket, p queue.Place, ok bool) {
	if !ok || p.State != queue.Waiting || p.Position == 0 {
		t.Position, t.EstimatedWaitMinutes = 0, nil
		return
	}
	m := queue.Minutes(p.Wait)
	t.Position, t.EstimatedWaitMinutes = p.Position, &m
}

// ticketOf reads the ticket of the path.
func (s *Server) ticketOf(r *http.Request) (queue.Ticket, error) {
	id := r.PathValue("id")
	if !queue.ValidTicketID(id) {
		return queue.Ticket{}, errs.NotFoundf("There is no ticket %q.", id)
	}
	return s.queues.Ticket(r.Context(), id)
}

// getTicket answers GET /api/v1/tickets/{id}: anyone with the id.
func (s *Server) getTicket(w http.ResponseWriter, r *http.Request) {
	t, err := s.ticketOf(r)
	w.Header().Set("Cache-Control", "no-store")
	s.answerTicket(w, r, t, err)
}

// deskOf reads the desk of the path and checks that the actor works at
// its point.
func (s *Server) deskOf(r *http.Request) (queue.DeskState, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return queue.DeskState{}, errs.NotFoundf("There is no desk %q.", r.PathValue("id"))
	}
	d, err := s.queues.Desk(r.Context(), id)
	if err != nil {
		return d, err
	}
	ok, err := s.worksAt(r.Context(), actor(r), d.Point)
	if err == nil && !ok {
		err = errs.E(errs.Forbidden, "Only staff working at %s use its desks.", d.Point)
	}
	return d, err
}

// getDesk answers GET /api/v1/desks/{id}.
func (s *Server) getDesk(w http.ResponseWriter, r *http.Request) {
	d, err := s.deskOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, d)
}

// signInInput is the body of POST /api/v1/desks/{id}/signin.
type signInInput struct {
	Queues []string `json:"queues"`
}

// deskSignIn signs the actor in to a desk for some queues.
func (s *Server) deskSignIn(w http.ResponseWriter, r *http.Request) {
	d, err := s.deskOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in signInInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	got, err := s.queues.SignIn(r.Context(), d.ID, actor(r), in.Queues)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, got)
}

// deskSignOut signs the actor out of a desk.
func (s *Server) deskSignOut(w http.ResponseWriter, r *http.Request) {
	d, err := s.deskOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.queues.SignOut(r.Context(), d.ID, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deskStep answers a desk action that needs no body.
func (s *Server) deskStep(step func(q queue.Store, ctx context.Context, desk int64, by *access.Actor) (queue.Ticket, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := s.deskOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		t, err := step(s.queues, r.Context(), d.ID, actor(r))
		s.answerTicket(w, r, t, err)
	}
}

func (s *Server) answerTicket(w http.ResponseWriter, r *http.Request, t queue.Ticket, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.placed(r.Context(), t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// finishInput is the body of POST /api/v1/desks/{id}/finish.
type finishInput struct {
	Outcome string `json:"outcome"`
}

func (s *Server) deskFinish(w http.ResponseWriter, r *http.Request) {
	d, err := s.deskOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// An empty body finishes with the usual outcome.
	in := finishInput{Outcome: "served"}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	t, err := s.queues.Finish(r.Context(), d.ID, actor(r), in.Outcome)
	s.answerTicket(w, r, t, err)
}

// deskTransfer passes the desk's customer to another queue of the
// point, which must be open.
func (s *Server) deskTransfer(w http.ResponseWriter, r *http.Request) {
	d, err := s.deskOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in queue.Transfer
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.transfer(r.Context(), d, actor(r), in)
	s.answerTicket(w, r, t, err)
}

// transfer is the one path for the API and the desk page.
func (s *Server) transfer(ctx context.Context, d queue.DeskState, by *access.Actor, in queue.Transfer) (queue.Ticket, error) {
	if in.Queue == "" {
		return queue.Ticket{}, errs.Param("queue", "Name the queue to pass the customer to.")
	}
	qs, err := s.queues.Queues(ctx, d.Point)
	if err != nil {
		return queue.Ticket{}, err
	}
	q, err := findQueue(qs, in.Queue, d.Point)
	if err != nil {
		return queue.Ticket{}, err
	}
	wi, err := s.walkIn(ctx, d.Point)
	if err != nil {
		return queue.Ticket{}, err
	}
	if err := wi.closed(q); err != nil {
		return queue.Ticket{}, err
	}
	return s.queues.TransferTicket(ctx, d.ID, by, in)
}

// listVisits answers GET /api/v1/points/{slug}/visits: the visit record
// of a point, for its managers, analysts, and the admins of the
// organisations giving services there. It holds no personal data.
func (s *Server) listVisits(w http.ResponseWriter, r *http.Request) {
	point := r.PathValue("slug")
	d, err := s.cat.Point(r.Context(), point)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	ok := a.HasAt(point, access.PointManager, access.Analyst)
	for _, o := range d.Offerings {
		ok = ok || a.HasIn(o.Organisation, access.OrgAdmin, access.Analyst)
	}
	if !ok {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the managers and analysts of %s see its visit record.", point))
		return
	}
	loc, err := hours.Zone(d.TimeZone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := queryParams(r, "from", "to")
	from := p.day("from", today(loc, s.cfg.Now()), loc)
	to := p.day("to", from, loc).AddDate(0, 0, 1)
	if p.err == nil && (to.Before(from) || to.Sub(from) > 93*24*time.Hour) {
		p.err = errs.Param("to", "The range from %s to %s must run forward and span at most 92 days.", p.q.Get("from"), p.q.Get("to"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	list, err := s.queues.Events(r.Context(), point, from, to)
	listed(s, w, r, list, "", err)
}
