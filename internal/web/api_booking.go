package web

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Bookings is what the appointment API and pages need from the store.
type Bookings interface {
	booking.Calendar
	// Without is the calendar without one appointment's reservations:
	// the one being moved.
	Without(reference string) booking.Calendar
	Book(ctx context.Context, by *access.Actor, b booking.Booking) (booking.Appointment, error)
	Read(ctx context.Context, who booking.Requester, reference string) (booking.Appointment, error)
	Move(ctx context.Context, who booking.Requester, reference string, b booking.Booking) (booking.Appointment, error)
	CancelFor(ctx context.Context, who booking.Requester, reference string) (booking.Appointment, error)
	Agenda(ctx context.Context, by *access.Actor, g booking.Agenda, purpose string) ([]booking.Appointment, error)
	StaffSchedules(ctx context.Context, staff string) (booking.StaffTime, error)
	ReplaceStaffSchedules(ctx context.Context, by *access.Actor, t booking.StaffTime) error
}

// WithBookings gives the server its appointment store; without one the
// appointment routes say that booking is not set up.
func WithBookings(b Bookings) Option { return func(s *Server) { s.bookings = b } }

// errNoBooking answers appointment routes on a server without bookings.
var errNoBooking = errs.NotFoundf("Booking appointments is not set up on this server.")

// needBookings wraps the appointment routes.
func (s *Server) needBookings(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.bookings == nil {
			s.fail(w, r, errNoBooking)
			return
		}
		h(w, r)
	}
}

// getSlots searches free times: GET /api/v1/slots?service=…&point=…
func (s *Server) getSlots(w http.ResponseWriter, r *http.Request) {
	p := queryParams(r, "service...", "point", "municipality", "from", "to", "channel", "interpreter", "limit")
	q := booking.Query{Point: p.slug("point"), Channel: booking.Channel(p.q.Get("channel")), Now: s.cfg.Now()}
	for _, sv := range p.q["service"] {
		if !catalogue.ValidSlug(sv) {
			p.fail(errs.Param("service", "The service %q is not a valid identifier.", sv))
		}
		q.Services = append(q.Services, sv)
	}
	delete(p.q, "service")
	if v := p.q.Get("interpreter"); v != "" {
		if !catalogue.ValidLanguage(v) {
			p.fail(errs.Param("interpreter", "The interpreter language %q is not a language code such as ar or so.", v))
		}
		q.Interpreter = v
	}
	municipality := p.q.Get("municipality")
	switch {
	case q.Point == "" && municipality == "":
		p.fail(errs.Param("point", "Name the service point with ?point=, or a municipality with ?municipality=."))
	case q.Point != "" && municipality != "":
		p.fail(errs.Param("municipality", "Name either a service point or a municipality, not both."))
	}
	q.From = p.instant("from", q.Now)
	q.To = p.instant("to", q.From.Add(booking.Window))
	if v := p.q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			p.fail(errs.Param("limit", "The limit must be a whole number from 1 to 200."))
		}
		q.Limit = n
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	var slots []booking.Slot
	err := s.search(r.Context(), func() (err error) {
		if municipality != "" {
			slots, err = booking.SearchArea(r.Context(), s.cat, s.bookings, municipality, q)
		} else {
			slots, err = booking.Search(r.Context(), s.cat, s.bookings, q)
		}
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[booking.Slot]{Items: slots})
}

// searchers is how many slot searches run at once: one per processor.
// A search is CPU work from start to end; more at once only lengthen the
// queue of goroutines waiting for a processor, in which SQLite's one
// writer, on whose turns every booking waits, would wait too.
func searchers() int { return runtime.GOMAXPROCS(0) }

// search runs fn when a searcher is free, or gives up when ctx ends.
// The check of a slot being booked does not wait here: it reads only the
// slot's own people and room, and the booking after it already waits for
// the writer.
func (s *Server) search(ctx context.Context, fn func() error) error {
	select {
	case s.searching <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.searching }()
	return fn()
}

// find is booking.Search in its turn (see search): the searches of the
// pages and of a conflict's next free times.
func (s *Server) find(ctx context.Context, cal booking.Calendar, q booking.Query) (slots []booking.Slot, err error) {
	err = s.search(ctx, func() error {
		slots, err = booking.Search(ctx, s.cat, cal, q)
		return err
	})
	return slots, err
}

// instant reads an RFC 3339 time parameter.
func (p *params) instant(name string, otherwise time.Time) time.Time {
	v := p.q.Get(name)
	if v == "" {
		return otherwise
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		p.fail(errs.Param(name, "The time %s=%q is not an RFC 3339 time such as 2026-12-01T09:00:00+02:00.", name, v))
	}
	return t
}

// bookingInput is a slot exactly as /api/v1/slots returned it, and who
// it is for.
type bookingInput struct {
	booking.Slot
	Customer customerInput `json:"customer"`
}

// newAppointment answers a booking: the only time the private code is
// shown.
type newAppointment struct {
	booking.Appointment
	Token string `json:"token"`
}

// slotTaken is a conflict that comes with the next free slots of the
// same kind, so that the customer can choose again at once.
type slotTaken struct {
	err  error
	next []booking.Slot
}

func (e *slotTaken) Error() string { return e.err.Error() }
func (e *slotTaken) Unwrap() error { return e.err }

// errGone is the conflict of a slot that is no longer offered.
var errGone = errs.Conflictf("That time is no longer free with those people and that room; choose one of the next free times.")

// nextSlots is how many free times a conflict offers.
const nextSlots = 5

// taken turns a lost slot into a conflict listing the next free slots
// of the same services, point, channel and interpreter after it. It
// looks with a snapshot of its own: the slot was lost to a booking that
// the caller's snapshot may not have seen.
func (s *Server) taken(ctx context.Context, cal booking.Calendar, sl booking.Slot, interpreter string, cause error) error {
	ctx = catalogue.NewSnapshot(ctx)
	next, err := s.find(ctx, cal, booking.Query{Services: sl.Services, Point: sl.Point, Channel: sl.Channel,
		Interpreter: interpreter, From: sl.Start, To: sl.Start.Add(booking.Window), Now: s.cfg.Now(), Limit: nextSlots})
	if err != nil {
		return err
	}
	return &slotTaken{err: cause, next: next}
}

// checkOffered makes sure the slot is still one a search offers (see
// booking.Offered), and answers a conflict with the next free times when
// it is not.
func (s *Server) checkOffered(ctx context.Context, cal booking.Calendar, sl booking.Slot, interpreter string) error {
	if sl.Interpreter != "" && interpreter == "" {
		return errs.Param("customer", "Give the customer's language: the interpreter is found for it.")
	}
	ok, err := booking.Offered(ctx, s.cat, cal, sl, interpreter, s.cfg.Now())
	if err != nil {
		return err
	}
	if !ok {
		return s.taken(ctx, cal, sl, interpreter, errGone)
	}
	return nil
}

// meetingLink makes the video link of an appointment from the template;
// "" for other channels.
func (s *Server) meetingLink(sl booking.Slot, reference string) string {
	if sl.Channel != booking.Video || s.cfg.MeetingLink == "" {
		return ""
	}
	link := strings.ReplaceAll(s.cfg.MeetingLink, "{reference}", reference)
	// {room} is the reference and a random part, for meeting services
	// whose rooms anyone who knows the name can join.
	return strings.ReplaceAll(link, "{room}", reference+"-"+strings.ToLower(booking.NewReference()))
}

// remindAt is when the reminder of an appointment starting at start
// goes out; zero when reminders are off or the time is already near.
func (s *Server) remindAt(start time.Time) time.Time {
	if s.cfg.RemindBefore <= 0 {
		return time.Time{}
	}
	at := start.Add(-s.cfg.RemindBefore)
	if !at.After(s.cfg.Now()) {
		return time.Time{}
	}
	return at
}

// book books a slot for a customer: the one path for the API and the
// pages. It returns the appointment and its private code.
func (s *Server) book(ctx context.Context, by *access.Actor, sl booking.Slot, c booking.Customer) (booking.Appointment, string, error) {
	// The check and the booking's lookups read one catalogue version;
	// the write itself makes sure it still stands.
	ctx = catalogue.WithSnapshot(ctx)
	ac := access.Customer{Name: c.Name, Phone: c.Phone, Email: c.Email, Language: c.Language, Needs: c.Needs}
	if err := ac.Validate(); err != nil {
		return booking.Appointment{}, "", err
	}
	c.Name, c.Phone, c.Email, c.Language, c.Needs = ac.Name, ac.Phone, ac.Email, ac.Language, ac.Needs
	if c.Phone == "" && c.Email == "" {
		return booking.Appointment{}, "", errs.Param("customer", "Give a phone number or an e-mail address, so that we can reach you if the time changes.")
	}
	if sl.Channel == booking.Phone && c.Phone == "" {
		return booking.Appointment{}, "", errs.Param("customer", "Give the phone number we should call you at.")
	}
	language := ""
	if sl.Interpreter != "" {
		language = c.Language
	}
	if err := s.checkOffered(ctx, s.bookings, sl, language); err != nil {
		return booking.Appointment{}, "", err
	}
	token, ref := booking.NewToken(), booking.NewReference()
	b := booking.Booking{Slot: sl, Reference: ref, TokenHash: access.HashSecret(token), Buffer: booking.Buffer,
		Customer: c, MeetingLink: s.meetingLink(sl, ref), Remind: s.remindAt(sl.Start)}
	ap, err := s.bookings.Book(ctx, by, b)
	if errors.Is(err, booking.ErrTaken) {
		err = s.taken(ctx, s.bookings, sl, language, err)
	}
	return ap, token, err
}

// move moves an appointment to another slot of the same services.
func (s *Server) move(ctx context.Context, who booking.Requester, ap booking.Appointment, sl booking.Slot) (booking.Appointment, error) {
	language := ""
	if sl.Interpreter != "" {
		language = ap.Customer.Language
	}
	cal := s.bookings.Without(ap.Reference)
	if err := s.checkOffered(ctx, cal, sl, language); err != nil {
		return ap, err
	}
	link := ap.MeetingLink
	if sl.Channel != booking.Video {
		link = ""
	} else if link == "" {
		link = s.meetingLink(sl, ap.Reference)
	}
	b := booking.Booking{Slot: sl, Buffer: booking.Buffer, MeetingLink: link, Remind: s.remindAt(sl.Start)}
	moved, err := s.bookings.Move(ctx, who, ap.Reference, b)
	if errors.Is(err, booking.ErrTaken) {
		err = s.taken(ctx, cal, sl, language, err)
	}
	return moved, err
}

func (s *Server) createAppointment(w http.ResponseWriter, r *http.Request) {
	var in bookingInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	ap, token, err := s.book(r.Context(), actor(r), in.Slot, booking.Customer{Name: in.Customer.Name, Phone: in.Customer.Phone,
		Email: in.Customer.Email, Language: in.Customer.Language, Needs: in.Customer.Needs})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", "/api/v1/appointments/"+ap.Reference)
	writeJSON(w, http.StatusCreated, newAppointment{Appointment: ap, Token: token})
}

// requester is who asks for an appointment over the API: the private
// code in X-Appointment-Token, or the signed-in actor.
func requester(r *http.Request) booking.Requester {
	who := booking.Requester{By: actor(r), Purpose: purposeOf(r)}
	if t := r.Header.Get("X-Appointment-Token"); t != "" {
		// A code that cannot be one still gets a hash, so that it is
		// refused like any other wrong code.
		if c := booking.CanonicalToken(t); c != "" {
			t = c
		}
		who.TokenHash = access.HashSecret(t)
	}
	return who
}

// appointmentOf reads the appointment of the path for whoever asks.
func (s *Server) appointmentOf(r *http.Request, reference string) (booking.Appointment, booking.Requester, error) {
	who := requester(r)
	ref, err := booking.ParseReference(reference)
	if err != nil {
		return booking.Appointment{}, who, err
	}
	var ap booking.Appointment
	err = s.limitCodes(r.Context(), who, ref, func() (err error) {
		ap, err = s.bookings.Read(r.Context(), who, ref)
		return err
	})
	return ap, who, err
}

// limitCodes runs fn for a request that shows an appointment's private
// code, refusing it while the appointment's codes are locked after too
// many wrong tries, and counting fn's refusal as one.
func (s *Server) limitCodes(ctx context.Context, who booking.Requester, ref string, fn func() error) error {
	if who.TokenHash == "" {
		return fn()
	}
	minutes, err := s.access.CodeLocked(ctx, ref)
	if err != nil {
		return err
	}
	if minutes > 0 {
		return errs.E(errs.TooMany, "Too many wrong private codes were given for appointment %s; try again in %d minutes.", ref, minutes)
	}
	err = fn()
	if errs.Is(err, errs.Forbidden) {
		if cerr := s.access.CodeWrong(ctx, ref); cerr != nil {
			return cerr
		}
	}
	return err
}

func (s *Server) getAppointment(w http.ResponseWriter, r *http.Request) {
	ref, ics := strings.CutSuffix(r.PathValue("reference"), ".ics")
	ap, _, err := s.appointmentOf(r, ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if ics {
		s.writeAppointmentICS(w, r, ap, langOfAppointment(ap))
		return
	}
	writeJSON(w, http.StatusOK, ap)
}

func (s *Server) moveAppointment(w http.ResponseWriter, r *http.Request) {
	// The body is the new slot as /api/v1/slots returned it.
	var to booking.Slot
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &to); err != nil {
		s.fail(w, r, err)
		return
	}
	ap, who, err := s.appointmentOf(r, r.PathValue("reference"))
	if err == nil {
		ap, err = s.move(r.Context(), who, ap, to)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, ap)
}

func (s *Server) cancelAppointment(w http.ResponseWriter, r *http.Request) {
	who := requester(r)
	ref, err := booking.ParseReference(r.PathValue("reference"))
	if err == nil {
		err = s.limitCodes(r.Context(), who, ref, func() error {
			_, err := s.bookings.CancelFor(r.Context(), who, ref)
			return err
		})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// agendaRange reads from and to (dates or RFC 3339 times) for a staff
// calendar: one day from today by default, at most 31 days.
func (s *Server) agendaRange(p *params) (time.Time, time.Time) {
	loc := helsinki()
	now := s.cfg.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	from := p.dayOrInstant("from", today, loc)
	to := p.dayOrInstant("to", from.AddDate(0, 0, 1), loc)
	if p.err == nil && (!to.After(from) || to.Sub(from) > 31*24*time.Hour) {
		p.fail(errs.Param("to", "The end must be after the start and at most 31 days later."))
	}
	return from, to
}

// dayOrInstant reads a date (YYYY-MM-DD, the start of that day in loc)
// or an RFC 3339 time.
func (p *params) dayOrInstant(name string, otherwise time.Time, loc *time.Location) time.Time {
	v := p.q.Get(name)
	if d, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
		return d
	}
	return p.instant(name, otherwise)
}

// listAgenda answers the appointments of a point or a staff member:
// GET /api/v1/points/{slug}/appointments and /api/v1/staff/{slug}/appointments.
func (s *Server) listAgenda(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := queryParams(r, "from", "to")
		g := booking.Agenda{}
		g.From, g.To = s.agendaRange(p)
		if p.err != nil {
			s.fail(w, r, p.err)
			return
		}
		slug := r.PathValue("slug")
		if kind == "point" {
			g.Point = slug
		} else {
			g.Staff = slug
		}
		items, err := s.bookings.Agenda(r.Context(), actor(r), g, purposeOf(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, list[booking.Appointment]{Items: items})
	}
}

// getStaffSchedules answers when a staff member works:
// GET /api/v1/staff/{slug}/schedules, for anyone signed in.
func (s *Server) getStaffSchedules(w http.ResponseWriter, r *http.Request) {
	if a := actor(r); !a.SignedIn() {
		s.fail(w, r, access.Denied(a, "Sign in to see staff schedules."))
		return
	}
	t, err := s.bookings.StaffSchedules(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// mayReplaceSchedules refuses, and audits the refusal, unless the actor
// may replace the staff member's schedules and absences old with t:
// their organisation's admins may; so may the managers of every point
// the old and new schedules name; and so may the staff member, signed in
// with the account linked to them, who may add working times only where
// their organisation serves (or remotely).
func (s *Server) mayReplaceSchedules(r *http.Request, old, t booking.StaffTime) error {
	m, err := s.cat.StaffMember(r.Context(), t.Staff)
	if err != nil {
		return err
	}
	a := actor(r)
	ok := a.HasIn(m.Organisation, access.OrgAdmin)
	if !ok && a.Is(t.Staff) {
		if ok, err = s.servesAt(r.Context(), m.Organisation, added(old.Schedules, t.Schedules)); err != nil {
			return err
		}
	}
	if !ok && a.HasAny(access.PointManager) {
		ok = true
		for _, sc := range append(slices.Clone(old.Schedules), t.Schedules...) {
			ok = ok && sc.Point != "" && a.HasAt(sc.Point, access.PointManager)
		}
	}
	return s.allow(r, ok, "staff.schedules", "staff", t.Staff, m.Organisation,
		"Only the admins of the staff member's organisation, the managers of every point the schedules name, "+
			"or the staff member at the points where their organisation serves may change them.")
}

// added lists the points of schedules in now that were not in before.
func added(before, now []booking.Schedule) []string {
	var points []string
	for _, sc := range now {
		if sc.Point != "" && !slices.ContainsFunc(before, func(b booking.Schedule) bool { return b.Point == sc.Point }) {
			points = append(points, sc.Point)
		}
	}
	return points
}

// servesAt reports whether organisation org serves at every one of
// points; a point that does not exist is a mistake in the request.
func (s *Server) servesAt(ctx context.Context, org string, points []string) (bool, error) {
	for _, slug := range points {
		pd, err := s.cat.Point(ctx, slug)
		if errs.Is(err, errs.NotFound) {
			return false, errs.Param("schedules", "There is no service point %q.", slug)
		}
		if err != nil {
			return false, err
		}
		if !slices.ContainsFunc(pd.Organisations, func(o catalogue.Organisation) bool { return o.Slug == org }) {
			return false, nil
		}
	}
	return true, nil
}

// putStaffSchedules replaces a staff member's schedules and absences:
// PUT /api/v1/staff/{slug}/schedules, for those mayReplaceSchedules
// lets.
func (s *Server) putStaffSchedules(w http.ResponseWriter, r *http.Request) {
	var in booking.StaffTime
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	if in.Staff != "" && in.Staff != slug {
		s.fail(w, r, errs.Param("staff", "The body names staff member %q but the address names %q.", in.Staff, slug))
		return
	}
	in.Staff = slug
	if err := in.Validate(); err != nil {
		s.fail(w, r, err)
		return
	}
	old, err := s.bookings.StaffSchedules(r.Context(), slug)
	if err == nil {
		err = s.mayReplaceSchedules(r, old, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.bookings.ReplaceStaffSchedules(r.Context(), actor(r), in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.bookings.StaffSchedules(r.Context(), slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
