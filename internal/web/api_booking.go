package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Bookings is what the appointment API needs from the store.
type Bookings interface {
	booking.Calendar
	Book(ctx context.Context, b booking.Booking) (booking.Appointment, error)
	Appointment(ctx context.Context, reference string) (booking.Appointment, error)
	Cancel(ctx context.Context, reference string) error
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
	p := queryParams(r, "service...", "point", "from", "to", "channel", "interpreter", "limit")
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
	if q.Point == "" {
		p.fail(errs.Param("point", "Name the service point with ?point=."))
	}
	q.From = p.instant("from", q.Now)
	q.To = p.instant("to", q.From.Add(14*24*time.Hour))
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
	slots, err := booking.Search(r.Context(), s.cat, s.bookings, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[booking.Slot]{Items: slots})
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

// newAppointment answers a booking: the only time the private token is
// shown.
type newAppointment struct {
	booking.Appointment
	Token string `json:"token"`
}

func (s *Server) createAppointment(w http.ResponseWriter, r *http.Request) {
	var in bookingInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c := access.Customer{Name: in.Customer.Name, Phone: in.Customer.Phone, Email: in.Customer.Email,
		Language: in.Customer.Language, Needs: in.Customer.Needs}
	if err := c.Validate(); err != nil {
		s.fail(w, r, err)
		return
	}
	if c.Phone == "" && c.Email == "" {
		s.fail(w, r, errs.Param("customer", "Give a phone number or an e-mail address, so that we can reach you if the time changes."))
		return
	}
	// The slot must still be one a search offers: on time, in hours,
	// with these people and this room free and qualified.
	sl := in.Slot
	found, err := booking.Search(r.Context(), s.cat, s.bookings, booking.Query{Services: sl.Services, Point: sl.Point,
		Channel: sl.Channel, Interpreter: interpreterLanguage(in), From: sl.Start, To: sl.Start, Now: s.cfg.Now(), Limit: 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !offered(found, sl) {
		s.fail(w, r, errs.Conflictf("That time is no longer free with those people and that room; search again for free times."))
		return
	}
	token := booking.NewToken()
	b := booking.Booking{Slot: sl, Reference: booking.NewReference(), TokenHash: access.HashSecret(token), Buffer: booking.Buffer,
		Customer: booking.Customer{Name: c.Name, Phone: c.Phone, Email: c.Email, Language: c.Language, Needs: c.Needs}}
	ap, err := s.bookings.Book(r.Context(), b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", "/api/v1/appointments/"+ap.Reference)
	writeJSON(w, http.StatusCreated, newAppointment{Appointment: ap, Token: token})
}

// interpreterLanguage is the language the booked interpreter was found
// for: the customer's language.
func interpreterLanguage(in bookingInput) string {
	if in.Interpreter == "" {
		return ""
	}
	return in.Customer.Language
}

// offered reports whether want is among the slots found, with the same
// people and room.
func offered(found []booking.Slot, want booking.Slot) bool {
	for _, f := range found {
		if f.Start.Equal(want.Start) && f.End.Equal(want.End) && f.Point == want.Point && f.Channel == want.Channel &&
			f.Room == want.Room && f.Interpreter == want.Interpreter && slices.Equal(f.Services, want.Services) && slices.Equal(f.Staff, want.Staff) {
			return true
		}
	}
	return false
}

// appointmentFor reads the appointment of the path for its customer (the
// private token in X-Appointment-Token) or the staff of its organisation.
func (s *Server) appointmentFor(r *http.Request) (booking.Appointment, error) {
	ref, err := booking.ParseReference(r.PathValue("reference"))
	if err != nil {
		return booking.Appointment{}, err
	}
	ap, err := s.bookings.Appointment(r.Context(), ref)
	if err != nil {
		return ap, err
	}
	if t := r.Header.Get("X-Appointment-Token"); t != "" &&
		subtle.ConstantTimeCompare([]byte(access.HashSecret(t)), []byte(ap.TokenHash)) == 1 {
		return ap, nil
	}
	// Staff see appointments of their own organisation; an installation
	// admin's role gives no customer data.
	a := actor(r)
	if slices.Contains(a.Organisations(access.CustomerRoles...), ap.Organisation) {
		return ap, nil
	}
	return ap, access.Denied(a, "Give the appointment's private token in the X-Appointment-Token header.")
}

func (s *Server) getAppointment(w http.ResponseWriter, r *http.Request) {
	ap, err := s.appointmentFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, ap)
}

func (s *Server) cancelAppointment(w http.ResponseWriter, r *http.Request) {
	ap, err := s.appointmentFor(r)
	if err == nil {
		err = s.bookings.Cancel(r.Context(), ap.Reference)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
