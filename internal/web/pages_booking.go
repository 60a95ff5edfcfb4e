package web

// Booking pages: a resident books an appointment for one or several
// services (a joint visit) without JavaScript, one GET page per step,
// the choices so far carried in the query string — services,
// interpreter language, point, channel, day, start time — and never
// personal data, which travels only in the body of the final POST. The
// booking goes through s.book, the same path as the API, so the store
// decides conflicts and a taken time comes back with the next free ones.
//
// The confirmation shows the private code once and leaves it in a
// cookie scoped to the appointment's own pages (/appointments/{ref}), so
// that the same browser can move or cancel without typing it; any other
// browser asks for the code in a POST body. Wrong codes count against
// the reference in the access store's sign-in failure records, so that
// guessing is bounded the way sign-in is.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

const (
	// apptCookie holds an appointment's private code; its path is the
	// appointment's own pages.
	apptCookie = "onestop_appt"
	// apptNewCookie marks an appointment booked a moment ago, so that
	// its page shows the private code once.
	apptNewCookie = "onestop_appt_new"
	// apptKeep is how long after an appointment ends the browser keeps
	// its code.
	apptKeep = 7 * 24 * time.Hour
	// bookingSteps is the number of steps before the confirmation.
	bookingSteps = 4
	// placeListMax is how many places the place step lists at once;
	// with more, it asks for the municipality first.
	placeListMax = 12
	// dayTimesMax bounds the times one day lists.
	dayTimesMax = 120
	// alternativesMax is how many next free times a taken time offers.
	alternativesMax = 5
)

// appointmentDone are the notices the appointment pages show after a
// change (?done=); other values are ignored, so that a link cannot put
// words on the page.
var appointmentDone = map[string]string{
	"moved":     "appointment.done.moved",
	"cancelled": "appointment.done.cancelled",
	"forgotten": "appointment.done.forgotten",
}

// --- what the pages share ---

// fieldError is one thing wrong with a form: a sentence in the page's
// language (or the domain's English one, Lang "en") and the name of the
// field to fix, whose box on the page has the id field-<name>.
type fieldError struct {
	Field   string
	Message string
	Lang    string
}

// formPage is a page with a form that may come back with errors.
type formPage struct {
	*page
	CSRF   string
	Errors []fieldError
}

// ErrorOn returns the message about the named field, if any.
func (f formPage) ErrorOn(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// hiddenField carries an earlier step's choice in a form.
type hiddenField struct{ Name, Value string }

// choice is a checkbox or a radio button.
type choice struct {
	ID      string
	Value   string
	Label   string
	Hint    string
	Checked bool
}

type choiceGroup struct {
	Label   string
	Choices []choice
}

// stepPage is what every step of the booking shows: where the resident
// is in it and the way back.
type stepPage struct {
	formPage
	Step    int
	Steps   int
	BackURL string
	Hidden  []hiddenField
}

// visitView describes an appointment, booked or about to be, in words.
type visitView struct {
	p           *page
	When        string
	Duration    int
	Channel     string
	Place       string
	PlaceURL    string
	Address     string
	Room        string
	Remote      string
	MeetingLink string
	Services    []visitService
	Interpreter string
}

// T gives the view's block the page's texts.
func (v visitView) T(key string, args ...any) string {
	if v.p == nil {
		return key
	}
	return v.p.T(key, args...)
}

type visitService struct {
	Name         string
	Organisation string
	Staff        string
}

// timeChoice is one free start time.
type timeChoice struct {
	ID      string
	Value   string
	Label   string
	Checked bool
}

// bookingFlow is the booking's choices so far.
type bookingFlow struct {
	Services     []string
	Interpreter  string
	Point        string
	Channel      booking.Channel
	Municipality string
	Day          string
	Start        time.Time
}

// query is the flow as a query string up to the step's choices: 1 the
// services and interpreter, 2 the place as well.
func (f bookingFlow) query(upTo int) url.Values {
	v := url.Values{}
	for _, sv := range f.Services {
		v.Add("service", sv)
	}
	if f.Interpreter != "" {
		v.Set("interpreter", f.Interpreter)
	}
	if upTo >= 2 && f.Point != "" {
		v.Set("point", f.Point)
		v.Set("channel", string(f.Channel))
	}
	return v
}

func (f bookingFlow) url(path string, upTo int, extra ...string) string {
	v := f.query(upTo)
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return path + "?" + v.Encode()
}

// hiddenFields lists values as hidden fields, services first in their order.
func hiddenFields(v url.Values) []hiddenField {
	var out []hiddenField
	for _, name := range []string{"service", "interpreter", "point", "channel"} {
		for _, x := range v[name] {
			out = append(out, hiddenField{Name: name, Value: x})
		}
	}
	return out
}

// searchQuery is the slot search of the flow.
func (f bookingFlow) searchQuery(now time.Time) booking.Query {
	return booking.Query{Services: f.Services, Point: f.Point, Channel: f.Channel, Interpreter: f.Interpreter, Now: now}
}

// readBookingFlow reads the choices from v (a query string or a posted form).
// Malformed values are left out; the step that needs them says so.
func readBookingFlow(v url.Values) bookingFlow {
	var f bookingFlow
	for _, sv := range v["service"] {
		if catalogue.ValidSlug(sv) && !slices.Contains(f.Services, sv) {
			f.Services = append(f.Services, sv)
		}
	}
	if l := v.Get("interpreter"); catalogue.ValidLanguage(l) {
		f.Interpreter = l
	}
	point, channel := v.Get("point"), v.Get("channel")
	if place := v.Get("place"); place != "" {
		point, channel, _ = strings.Cut(place, "/")
	}
	if catalogue.ValidSlug(point) {
		f.Point = point
		f.Channel = booking.InPerson
		if c := booking.Channel(channel); c != "" {
			f.Channel = c
		}
	}
	if m := strings.TrimSpace(v.Get("municipality")); municipalityRE.MatchString(m) {
		f.Municipality = m
	}
	f.Day = v.Get("day")
	if t, err := time.Parse(time.RFC3339, v.Get("start")); err == nil {
		f.Start = t
	}
	return f
}

// newStep starts the page of a booking step.
func (s *Server) newStep(r *http.Request, step int, titleKey string) stepPage {
	lang := s.pages.langs.of(r)
	p := s.newPage(r, lang, "")
	p.Title = p.T("book.step_title", p.T(titleKey), step, bookingSteps) + " – " + p.T("site.name")
	return stepPage{formPage: formPage{page: p}, Step: step, Steps: bookingSteps}
}

// switchTo points the language switcher of a page shown in answer to a
// POST at next, a page that answers GET.
func (p *page) switchTo(next string) {
	for i, l := range p.Switcher {
		p.Switcher[i].URL = "/language?" + url.Values{"lang": {l.Lang}, "next": {next}}.Encode()
	}
}

// zoneOf is the time zone of a point.
func zoneOf(pd catalogue.PointDetail) *time.Location {
	if loc, err := hours.Zone(pd.TimeZone); err == nil {
		return loc
	}
	return helsinki()
}

// dayLabel names a day: "tiistai 24.11.2026".
func (p *page) dayLabel(t time.Time) string {
	return p.T(fmt.Sprintf("book.weekday.%d", weekdayNumber(t.Weekday()))) + " " + t.Format("2.1.2006")
}

// whenText says when a slot is: "tiistai 24.11.2026 klo 09.00–09.30".
func (p *page) whenText(start, end time.Time, loc *time.Location) string {
	start, end = start.In(loc), end.In(loc)
	return p.T("book.when", p.dayLabel(start), start.Format("15.04"), end.Format("15.04"))
}

// languageName names a language in the page's language and, when it
// differs, in itself: "arabia – العربية".
func (s *Server) languageName(lang, code string) string {
	name := s.pages.langs.name(lang, code)
	tag, err := language.Parse(code)
	if err != nil {
		return name
	}
	if self := display.Self.Name(tag); self != "" && !strings.EqualFold(self, name) {
		return name + " – " + self
	}
	return name
}

// visitOf describes a slot at pd in words. interpreter is the language
// of an interpreter taking part; phone the number a phone appointment
// calls, when known.
func (s *Server) visitOf(ctx context.Context, p *page, pd catalogue.PointDetail, sl booking.Slot, interpreter, phone, link string) (visitView, error) {
	v := visitView{p: p, When: p.whenText(sl.Start, sl.End, zoneOf(pd)), Duration: int(sl.End.Sub(sl.Start).Minutes()),
		Channel: p.T("book.channel." + string(sl.Channel))}
	if sl.Channel != booking.InPerson {
		v.Channel += " – " + pd.Name.In(p.Lang)
	}
	switch sl.Channel {
	case booking.Video:
		v.Remote, v.MeetingLink = p.T("book.video.no_link"), link
		if link != "" {
			v.Remote = p.T("book.video.link")
		}
	case booking.Phone:
		v.Remote = p.T("book.phone.later")
		if phone != "" {
			v.Remote = p.T("book.phone.call", phone)
		}
	default:
		v.Place, v.Address = pd.Name.In(p.Lang), addressLine(pd.Address, p.Lang)
		for _, res := range pd.Resources {
			if res.Slug == sl.Room {
				v.Room = res.Name.In(p.Lang)
			}
		}
	}
	orgs := map[string]string{}
	for _, o := range pd.Organisations {
		orgs[o.Slug] = o.Name.In(p.Lang)
	}
	for i, slug := range sl.Services {
		svc, err := s.cat.Service(ctx, slug)
		if err != nil {
			return v, err
		}
		line := visitService{Name: svc.Name.In(p.Lang), Organisation: orgs[svc.Organisation]}
		if line.Organisation == "" {
			o, err := s.cat.Organisation(ctx, svc.Organisation)
			if err != nil {
				return v, err
			}
			line.Organisation = o.Name.In(p.Lang)
		}
		if i < len(sl.Staff) {
			m, err := s.cat.StaffMember(ctx, sl.Staff[i])
			if err != nil {
				return v, err
			}
			// First names only: enough to greet, and what the
			// resident needs to know before the visit.
			if f := strings.Fields(m.Name); len(f) > 0 {
				line.Staff = f[0]
			}
		}
		v.Services = append(v.Services, line)
	}
	if sl.Interpreter != "" && interpreter != "" {
		v.Interpreter = p.T("book.interpreter_of", s.pages.langs.name(p.Lang, interpreter))
	}
	return v, nil
}

// slotAt finds the free slot of q starting at start, if there is one.
func (s *Server) slotAt(ctx context.Context, cal booking.Calendar, q booking.Query, start time.Time) (booking.Slot, bool, error) {
	q.From, q.To, q.Limit = start, start, 1
	found, err := s.find(ctx, cal, q)
	if err != nil || len(found) == 0 || !found[0].Start.Equal(start) {
		return booking.Slot{}, false, err
	}
	return found[0], true, nil
}

// nextTimes lists the next free times of q from start on, as choices.
func (s *Server) nextTimes(ctx context.Context, p *page, cal booking.Calendar, q booking.Query, start time.Time, loc *time.Location) ([]timeChoice, error) {
	q.From, q.To, q.Limit = start, start.Add(booking.Window), alternativesMax
	found, err := s.find(ctx, cal, q)
	if err != nil {
		return nil, err
	}
	return timeChoices(p, found, loc, true), nil
}

func timeChoices(p *page, slots []booking.Slot, loc *time.Location, withDay bool) []timeChoice {
	out := make([]timeChoice, 0, len(slots))
	for _, sl := range slots {
		t := sl.Start.In(loc)
		c := timeChoice{ID: "time-" + t.Format("200601021504"), Value: t.Format(time.RFC3339), Label: t.Format("15.04")}
		if withDay {
			c.Label = p.T("book.when_start", p.dayLabel(t), c.Label)
		}
		out = append(out, c)
	}
	return out
}

// errorOf turns a domain error met after the place was chosen into an
// error of the place step in the page's language where the parameter
// is known, and the domain's own sentence otherwise.
func (p *page) errorOf(err error) fieldError {
	var e *errs.Error
	param := ""
	if errors.As(err, &e) {
		param = e.Param
	}
	switch param {
	case "service":
		return fieldError{Message: p.T("book.error.services_unknown")}
	case "interpreter":
		return fieldError{Field: "places", Message: p.T("book.error.interpreter_none")}
	case "point", "channel":
		return fieldError{Field: "places", Message: p.T("book.error.place_unknown")}
	}
	return fieldError{Message: errs.Message(err), Lang: "en"}
}

// --- step 1: what do you need help with? ---

type servicesData struct {
	stepPage
	Groups       []choiceGroup
	Interpreters []option
	PointName    string
}

func (s *Server) bookServicesPage(w http.ResponseWriter, r *http.Request) {
	s.renderServices(w, r, http.StatusOK, readBookingFlow(r.URL.Query()), nil)
}

func (s *Server) renderServices(w http.ResponseWriter, r *http.Request, status int, f bookingFlow, problems []fieldError) {
	ctx := r.Context()
	d := servicesData{stepPage: s.newStep(r, 1, "book.services.title")}
	d.Errors = problems
	lang := d.Lang
	bookable := map[string]bool{}
	if f.Point != "" {
		pd, err := s.cat.Point(ctx, f.Point)
		switch {
		case err == nil:
			d.PointName = pd.Name.In(lang)
			d.Hidden = []hiddenField{{Name: "point", Value: pd.Slug}}
			addBookable(bookable, pd)
		case errs.Is(err, errs.NotFound):
			f.Point = ""
		default:
			s.fail(w, r, err)
			return
		}
	}
	if f.Point == "" {
		if err := s.allBookable(ctx, bookable); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	orgs, services, err := s.orgsAndServices(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sortByName(s.pages.langs, lang, orgs, func(o catalogue.Organisation) string { return o.Name.In(lang) })
	for _, o := range orgs {
		g := choiceGroup{Label: o.Name.In(lang)}
		for _, sv := range services {
			if sv.Organisation == o.Slug && bookable[sv.Slug] {
				g.Choices = append(g.Choices, choice{ID: "service-" + sv.Slug, Value: sv.Slug, Label: sv.Name.In(lang),
					Hint: sv.Description.In(lang), Checked: slices.Contains(f.Services, sv.Slug)})
			}
		}
		if len(g.Choices) > 0 {
			sortByName(s.pages.langs, lang, g.Choices, func(c choice) string { return c.Label })
			d.Groups = append(d.Groups, g)
		}
	}
	if d.Interpreters, err = s.interpreterOptions(ctx, lang, f.Interpreter); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "book", lang, d)
}

// addBookable marks the services pd gives by appointment.
func addBookable(set map[string]bool, pd catalogue.PointDetail) {
	for _, o := range pd.Offerings {
		if o.AppointmentHours != "" {
			set[o.Service] = true
		}
	}
}

// allBookable marks the services some point gives by appointment. It
// reads every point: the catalogue has no query for offerings by mode.
func (s *Server) allBookable(ctx context.Context, set map[string]bool) error {
	points, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Point, string, error) {
		return s.cat.Points(ctx, catalogue.PointFilter{Page: pg})
	})
	if err != nil {
		return err
	}
	for _, pt := range points {
		pd, err := s.cat.Point(ctx, pt.Slug)
		if err != nil {
			return err
		}
		addBookable(set, pd)
	}
	return nil
}

// interpreterOptions lists the languages interpreters of the catalogue
// speak, Finnish aside (every interpreter interprets into it).
func (s *Server) interpreterOptions(ctx context.Context, lang, selected string) ([]option, error) {
	yes := true
	people, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.StaffMember, string, error) {
		return s.cat.Staff(ctx, catalogue.StaffFilter{Interpreter: &yes, Page: pg})
	})
	if err != nil {
		return nil, err
	}
	var opts []option
	seen := map[string]bool{"fi": true}
	for _, m := range people {
		for _, l := range m.Languages {
			if !seen[l] {
				seen[l] = true
				opts = append(opts, option{Value: l, Label: s.languageName(lang, l), Selected: l == selected})
			}
		}
	}
	sortByName(s.pages.langs, lang, opts, func(o option) string { return o.Label })
	return opts, nil
}

// checkServices checks the chosen services: at least one, each one
// that exists.
func (s *Server) checkServices(ctx context.Context, p *page, f bookingFlow) ([]fieldError, error) {
	if len(f.Services) == 0 {
		return []fieldError{{Field: "services", Message: p.T("book.error.services_none")}}, nil
	}
	for _, sv := range f.Services {
		if _, err := s.cat.Service(ctx, sv); errs.Is(err, errs.NotFound) {
			return []fieldError{{Field: "services", Message: p.T("book.error.services_unknown")}}, nil
		} else if err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// --- step 2: where? ---

type placeData struct {
	stepPage
	Services    []string
	Interpreter string
	// Remote are the video and phone choices; Places the points, by
	// municipality.
	Remote []choice
	Places []choiceGroup
	// AskMunicipality is set when there are too many points to list:
	// the municipality comes first.
	AskMunicipality bool
	Municipalities  []option
	NoneHere        bool
	None            bool
}

func (s *Server) bookPlacePage(w http.ResponseWriter, r *http.Request) {
	f := readBookingFlow(r.URL.Query())
	lang := s.pages.langs.of(r)
	problems, err := s.checkServices(r.Context(), s.newPage(r, lang, ""), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if problems != nil {
		s.renderServices(w, r, http.StatusBadRequest, f, problems)
		return
	}
	s.renderPlace(w, r, http.StatusOK, f, nil)
}

func (s *Server) renderPlace(w http.ResponseWriter, r *http.Request, status int, f bookingFlow, problems []fieldError) {
	ctx := r.Context()
	d := placeData{stepPage: s.newStep(r, 2, "book.place.title")}
	d.Errors = problems
	lang := d.Lang
	d.BackURL = f.url("/book", 1)
	if f.Point != "" {
		d.BackURL = f.url("/book", 1, "point", f.Point)
	}
	d.Hidden = hiddenFields(f.query(1))
	for _, sv := range f.Services {
		svc, err := s.cat.Service(ctx, sv)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Services = append(d.Services, svc.Name.In(lang))
	}
	if f.Interpreter != "" {
		d.Interpreter = s.pages.langs.name(lang, f.Interpreter)
	}

	// The points that give every chosen service, in any mode.
	var candidates []catalogue.Point
	for i, sv := range f.Services {
		points, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Point, string, error) {
			return s.cat.Points(ctx, catalogue.PointFilter{Service: sv, Page: pg})
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if i == 0 {
			candidates = points
			continue
		}
		candidates = slices.DeleteFunc(candidates, func(c catalogue.Point) bool {
			return !slices.ContainsFunc(points, func(p catalogue.Point) bool { return p.Slug == c.Slug })
		})
	}
	now := s.cfg.Now()
	var inPerson []catalogue.Point
	for _, c := range candidates {
		if c.Kind != catalogue.Remote {
			inPerson = append(inPerson, c)
			continue
		}
		pd, ok, err := s.bookableAt(ctx, c.Slug, f, now)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok {
			continue
		}
		for _, ch := range []booking.Channel{booking.Video, booking.Phone} {
			if ok, err := s.givenThrough(ctx, f.Services, ch); err != nil {
				s.fail(w, r, err)
				return
			} else if ok {
				d.Remote = append(d.Remote, choice{ID: "place-" + c.Slug + "-" + string(ch), Value: c.Slug + "/" + string(ch),
					Label: d.T("book.place.remote."+string(ch), pd.Name.In(lang)), Hint: d.T("book.place.remote_hint." + string(ch)),
					Checked: f.Point == c.Slug && f.Channel == ch})
			}
		}
	}

	// Too many to list: the municipality first, that of the point the
	// resident came from if any.
	municipality := f.Municipality
	if municipality == "" && f.Point != "" {
		for _, c := range inPerson {
			if c.Slug == f.Point {
				municipality = c.Municipality.Code
			}
		}
	}
	if len(inPerson) > placeListMax {
		seen := map[string]bool{}
		for _, c := range inPerson {
			if !seen[c.Municipality.Code] {
				seen[c.Municipality.Code] = true
				d.Municipalities = append(d.Municipalities, option{Value: c.Municipality.Code, Label: c.Municipality.Name.In(lang),
					Selected: c.Municipality.Code == municipality})
			}
		}
		sortByName(s.pages.langs, lang, d.Municipalities, func(o option) string { return o.Label })
		d.AskMunicipality = true
		if municipality == "" {
			inPerson = nil
		} else {
			inPerson = slices.DeleteFunc(inPerson, func(c catalogue.Point) bool { return c.Municipality.Code != municipality })
			d.NoneHere = true
		}
	}
	for _, c := range inPerson {
		if _, ok, err := s.bookableAt(ctx, c.Slug, f, now); err != nil {
			s.fail(w, r, err)
			return
		} else if !ok {
			continue
		}
		label := c.Municipality.Name.In(lang)
		i := slices.IndexFunc(d.Places, func(g choiceGroup) bool { return g.Label == label })
		if i < 0 {
			d.Places = append(d.Places, choiceGroup{Label: label})
			i = len(d.Places) - 1
		}
		d.Places[i].Choices = append(d.Places[i].Choices, choice{ID: "place-" + c.Slug, Value: c.Slug, Label: c.Name.In(lang),
			Hint: addressLine(c.Address, lang), Checked: f.Point == c.Slug && f.Channel == booking.InPerson})
		d.NoneHere = false
	}
	sortByName(s.pages.langs, lang, d.Places, func(g choiceGroup) string { return g.Label })
	for _, g := range d.Places {
		sortByName(s.pages.langs, lang, g.Choices, func(c choice) string { return c.Label })
	}
	d.None = len(d.Remote) == 0 && len(d.Places) == 0 && !d.AskMunicipality
	s.render(w, r, status, "book_place", lang, d)
}

// bookableAt reports whether point gives every service of f by
// appointment and, when an interpreter is asked for, has one of that
// language in its schedules.
func (s *Server) bookableAt(ctx context.Context, point string, f bookingFlow, now time.Time) (catalogue.PointDetail, bool, error) {
	pd, err := s.cat.Point(ctx, point)
	if err != nil {
		return pd, false, err
	}
	for _, sv := range f.Services {
		if !slices.ContainsFunc(pd.Offerings, func(o catalogue.OfferingDetail) bool { return o.Service == sv && o.AppointmentHours != "" }) {
			return pd, false, nil
		}
	}
	if f.Interpreter != "" {
		where := pd.Slug
		if pd.Kind == catalogue.Remote {
			where = ""
		}
		people, err := s.bookings.Interpreters(ctx, where, f.Interpreter, now, now.Add(booking.Horizon))
		if err != nil || len(people) == 0 {
			return pd, false, err
		}
	}
	return pd, true, nil
}

// givenThrough reports whether every service is given through ch.
func (s *Server) givenThrough(ctx context.Context, services []string, ch booking.Channel) (bool, error) {
	for _, sv := range services {
		svc, err := s.cat.Service(ctx, sv)
		if err != nil {
			return false, err
		}
		if !slices.Contains(svc.Channels, catalogue.Channel(ch)) {
			return false, nil
		}
	}
	return true, nil
}

// --- step 3: when? ---

type timesData struct {
	stepPage
	// Move is set when the page chooses a new time for a booked
	// appointment; Action is where the form goes.
	Move       bool
	Heading    string
	BackText   string
	Action     string
	DateAction string
	Visit      visitView
	Day        string
	Times      []timeChoice
	Notice     string
	NextURL    string
	NextLabel  string
	FirstURL   string
	None       bool
	NoneFrom   string
	NoneHint   string
	DateMin    string
	DateMax    string
	DateValue  string
	PlaceURL   string
}

func (s *Server) bookTimesPage(w http.ResponseWriter, r *http.Request) {
	f := readBookingFlow(r.URL.Query())
	pd, ok := s.checkPlace(w, r, f)
	if !ok {
		return
	}
	s.renderTimes(w, r, http.StatusOK, f, pd, nil)
}

// checkPlace checks the services and the place of f, showing the step
// at fault when one is wrong.
func (s *Server) checkPlace(w http.ResponseWriter, r *http.Request, f bookingFlow) (catalogue.PointDetail, bool) {
	ctx := r.Context()
	p := s.newPage(r, s.pages.langs.of(r), "")
	problems, err := s.checkServices(ctx, p, f)
	if err != nil {
		s.fail(w, r, err)
		return catalogue.PointDetail{}, false
	}
	if problems != nil {
		s.renderServices(w, r, http.StatusBadRequest, f, problems)
		return catalogue.PointDetail{}, false
	}
	if f.Point == "" {
		s.renderPlace(w, r, http.StatusBadRequest, f, []fieldError{{Field: "places", Message: p.T("book.error.place_none")}})
		return catalogue.PointDetail{}, false
	}
	pd, ok, err := s.bookableAt(ctx, f.Point, f, s.cfg.Now())
	if errs.Is(err, errs.NotFound) {
		ok, err = false, nil
	}
	if err != nil {
		s.fail(w, r, err)
		return pd, false
	}
	if ok && slices.Contains(booking.Channels, f.Channel) && (f.Channel == booking.InPerson) == (pd.Kind != catalogue.Remote) {
		if ok, err = s.givenThrough(ctx, f.Services, f.Channel); err != nil {
			s.fail(w, r, err)
			return pd, false
		}
		if ok {
			return pd, true
		}
	}
	f.Point = ""
	s.renderPlace(w, r, http.StatusBadRequest, f, []fieldError{{Field: "places", Message: p.T("book.error.place_unknown")}})
	return pd, false
}

func (s *Server) renderTimes(w http.ResponseWriter, r *http.Request, status int, f bookingFlow, pd catalogue.PointDetail, problems []fieldError) {
	d := timesData{stepPage: s.newStep(r, 3, "book.times.title"), Action: "/book/details", DateAction: "/book/times"}
	d.Errors = problems
	d.Heading = d.T("book.times.title")
	d.BackURL = f.url("/book/place", 2)
	d.BackText = d.T("book.times.other_place")
	d.Hidden = hiddenFields(f.query(2))
	d.PlaceURL = d.BackURL
	d.NoneHint = d.T("book.times.none_hint")
	if pd.Phone != "" {
		d.NoneHint = d.T("book.times.none_call", pd.Name.In(d.Lang), pd.Phone)
	}
	// The place and the services; the time is what this step chooses.
	now := s.cfg.Now()
	v, err := s.visitOf(r.Context(), d.page, pd, booking.Slot{Start: now, End: now, Point: pd.Slug, Channel: f.Channel, Services: f.Services}, "", "", "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Interpreter != "" {
		v.Interpreter = d.T("book.interpreter_of", s.pages.langs.name(d.Lang, f.Interpreter))
	}
	v.When = ""
	d.Visit = v
	err = s.fillTimes(r.Context(), &d, s.bookings, f.searchQuery(now), pd, f.Day, time.Time{},
		func(day string) string { return f.url("/book/times", 2, "day", day) })
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		f.Point = ""
		s.renderPlace(w, r, http.StatusBadRequest, f, []fieldError{d.errorOf(err)})
		return
	}
	if len(d.Errors) > 0 && status < http.StatusBadRequest {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "book_times", d.Lang, d)
}

// fillTimes lists the free times of the first day from day (YYYY-MM-DD,
// or today) on which there are any, skipping the time skip (the
// appointment being moved), and the links to the next day with free
// times and back to the first.
func (s *Server) fillTimes(ctx context.Context, d *timesData, cal booking.Calendar, q booking.Query, pd catalogue.PointDetail,
	day string, skip time.Time, dayURL func(string) string) error {
	loc := zoneOf(pd)
	now := q.Now.In(loc)
	first := now.Add(booking.MinNotice)
	last := now.Add(booking.Horizon)
	d.DateMin, d.DateMax = first.Format(time.DateOnly), last.Format(time.DateOnly)
	from := first
	if day != "" {
		t, err := time.ParseInLocation(time.DateOnly, day, loc)
		if err != nil {
			d.Errors = append(d.Errors, fieldError{Field: "day", Message: d.T("book.error.day")})
		} else {
			d.DateValue = day
			from = t
		}
	}
	firstFree := func(from time.Time) (booking.Slot, bool, error) {
		q.From, q.To, q.Limit = from, last, 2
		found, err := s.find(ctx, cal, q)
		if err != nil {
			return booking.Slot{}, false, err
		}
		for _, sl := range found {
			if !sl.Start.Equal(skip) {
				return sl, true, nil
			}
		}
		return booking.Slot{}, false, nil
	}
	sl, ok, err := firstFree(from)
	if err != nil {
		return err
	}
	if !ok {
		d.None = true
		if d.DateValue != "" && from.After(first) {
			d.NoneFrom = d.dayLabel(from)
			d.FirstURL = dayURL("")
		}
		return nil
	}
	start := sl.Start.In(loc)
	dayStart := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
	dayEnd := dayStart.AddDate(0, 0, 1)
	if d.DateValue != "" && d.DateValue != start.Format(time.DateOnly) {
		d.Notice = d.T("book.times.moved_on", d.dayLabel(from), d.dayLabel(start))
	}
	d.Day = d.dayLabel(start)
	q.From, q.To, q.Limit = start, dayEnd.Add(-time.Minute), dayTimesMax
	slots, err := s.find(ctx, cal, q)
	if err != nil {
		return err
	}
	slots = slices.DeleteFunc(slots, func(x booking.Slot) bool { return x.Start.Equal(skip) })
	d.Times = timeChoices(d.page, slots, loc, false)
	if len(slots) > 0 {
		d.Visit.Duration = int(slots[0].End.Sub(slots[0].Start).Minutes())
	}
	next, ok, err := firstFree(dayEnd)
	if err != nil {
		return err
	}
	if ok {
		nd := next.Start.In(loc)
		d.NextURL, d.NextLabel = dayURL(nd.Format(time.DateOnly)), d.dayLabel(nd)
	}
	if d.DateValue != "" {
		// Asked for a day: the way back to the first free times, unless
		// this is that day.
		if sl, ok, err := firstFree(first); err != nil {
			return err
		} else if ok && sl.Start.In(loc).Format(time.DateOnly) != start.Format(time.DateOnly) {
			d.FirstURL = dayURL("")
		}
	}
	return nil
}

// --- step 4: your details ---

type detailsData struct {
	stepPage
	Visit         visitView
	Start         string
	Taken         bool
	TakenWhen     string
	Alternatives  []timeChoice
	Name          string
	Phone         string
	Email         string
	Language      string
	Needs         string
	Languages     []option
	FixedLanguage string
	PhoneRequired bool
}

func (s *Server) bookDetailsPage(w http.ResponseWriter, r *http.Request) {
	f := readBookingFlow(r.URL.Query())
	pd, ok := s.checkPlace(w, r, f)
	if !ok {
		return
	}
	lang := s.pages.langs.of(r)
	s.renderDetails(w, r, f, pd, booking.Customer{Language: lang}, nil)
}

// renderDetails shows the contact form for the time of f, or the next
// free times when that time is no longer free.
func (s *Server) renderDetails(w http.ResponseWriter, r *http.Request, f bookingFlow, pd catalogue.PointDetail, c booking.Customer, problems []fieldError) {
	ctx := r.Context()
	if f.Start.IsZero() {
		p := s.newPage(r, s.pages.langs.of(r), "")
		s.renderTimes(w, r, http.StatusBadRequest, f, pd, []fieldError{{Field: "times", Message: p.T("book.error.time_none")}})
		return
	}
	sl, ok, err := s.slotAt(ctx, s.bookings, f.searchQuery(s.cfg.Now()), f.Start)
	if err != nil {
		s.failStep(w, r, f, err)
		return
	}
	var taken []booking.Slot
	if !ok {
		taken = []booking.Slot{}
	}
	s.renderDetailsFor(w, r, f, pd, sl, taken, c, problems)
}

// renderDetailsFor shows the contact form for slot sl, or, when taken
// is not nil, the next free times instead of it.
func (s *Server) renderDetailsFor(w http.ResponseWriter, r *http.Request, f bookingFlow, pd catalogue.PointDetail, sl booking.Slot,
	taken []booking.Slot, c booking.Customer, problems []fieldError) {
	ctx := r.Context()
	d := detailsData{stepPage: s.newStep(r, 4, "book.details.title"), Name: c.Name, Phone: c.Phone, Email: c.Email,
		Language: c.Language, Needs: c.Needs, PhoneRequired: f.Channel == booking.Phone}
	d.Errors = problems
	d.CSRF = s.ensureCSRFCookie(w, r)
	d.BackURL = f.url("/book/times", 2, "day", f.Start.In(zoneOf(pd)).Format(time.DateOnly))
	d.Hidden = hiddenFields(f.query(2))
	detailsURL := f.url("/book/details", 2, "start", f.Start.Format(time.RFC3339))
	if r.Method == http.MethodPost {
		d.switchTo(detailsURL)
	}
	w.Header().Set("Cache-Control", "no-store")
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusBadRequest
	}
	loc := zoneOf(pd)
	if taken != nil {
		status, d.Taken = http.StatusConflict, true
		if len(taken) == 0 {
			var err error
			if d.Alternatives, err = s.nextTimes(ctx, d.page, s.bookings, f.searchQuery(s.cfg.Now()), f.Start, loc); err != nil {
				s.fail(w, r, err)
				return
			}
		} else {
			d.Alternatives = timeChoices(d.page, taken, loc, true)
		}
		sl = booking.Slot{Start: f.Start, End: f.Start, Point: f.Point, Channel: f.Channel, Services: f.Services}
	} else {
		d.Start = sl.Start.In(loc).Format(time.RFC3339)
	}
	v, err := s.visitOf(ctx, d.page, pd, sl, f.Interpreter, "", "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Taken {
		// The time is chosen again below; the summary keeps the rest.
		d.TakenWhen = d.T("book.when_start", d.dayLabel(f.Start.In(loc)), f.Start.In(loc).Format("15.04"))
		v.When, v.Duration = "", 0
	}
	d.Visit = v
	if f.Interpreter != "" {
		d.FixedLanguage, d.Language = s.pages.langs.name(d.Lang, f.Interpreter), f.Interpreter
	} else {
		for _, l := range catalogue.UILanguages {
			d.Languages = append(d.Languages, option{Value: l, Label: s.languageName(d.Lang, l), Selected: l == c.Language})
		}
	}
	s.render(w, r, status, "book_details", d.Lang, d)
}

// failStep answers a search error met after the place was chosen: a
// bad choice goes back to the place step, anything else is an error.
func (s *Server) failStep(w http.ResponseWriter, r *http.Request, f bookingFlow, err error) {
	if errs.KindOf(err) != errs.Invalid {
		s.fail(w, r, err)
		return
	}
	p := s.newPage(r, s.pages.langs.of(r), "")
	f.Point = ""
	s.renderPlace(w, r, http.StatusBadRequest, f, []fieldError{p.errorOf(err)})
}

// customerOf reads the contact form.
func customerOf(r *http.Request, f bookingFlow, lang string) booking.Customer {
	c := booking.Customer{Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"),
		Language: r.PostFormValue("language"), Needs: r.PostFormValue("needs")}
	switch {
	case f.Interpreter != "":
		// The interpreter is found for the customer's language.
		c.Language = f.Interpreter
	case !validLang(c.Language):
		c.Language = lang
	}
	return c
}

// checkCustomer checks the contact form field by field, so that every
// mistake is named at once and next to its field.
func (p *page) checkCustomer(c booking.Customer, ch booking.Channel) []fieldError {
	var out []fieldError
	bad := func(ac access.Customer) bool { return ac.Validate() != nil }
	if strings.TrimSpace(c.Name) == "" || bad(access.Customer{Name: c.Name}) {
		out = append(out, fieldError{Field: "name", Message: p.T("book.error.name")})
	}
	phone, email := strings.TrimSpace(c.Phone), strings.TrimSpace(c.Email)
	switch {
	case phone != "" && bad(access.Customer{Name: "x", Phone: phone}):
		out = append(out, fieldError{Field: "phone", Message: p.T("book.error.phone")})
	case phone == "" && ch == booking.Phone:
		out = append(out, fieldError{Field: "phone", Message: p.T("book.error.phone_needed")})
	case phone == "" && email == "":
		out = append(out, fieldError{Field: "phone", Message: p.T("book.error.contact")})
	}
	if email != "" && bad(access.Customer{Name: "x", Email: email}) {
		out = append(out, fieldError{Field: "email", Message: p.T("book.error.email")})
	}
	if bad(access.Customer{Name: "x", Needs: c.Needs}) {
		out = append(out, fieldError{Field: "needs", Message: p.T("book.error.needs")})
	}
	return out
}

// book books the time of the contact form.
func (s *Server) bookPost(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.Param("form", "The form could not be read."))
		return
	}
	f := readBookingFlow(r.PostForm)
	pd, ok := s.checkPlace(w, r, f)
	if !ok {
		return
	}
	lang := s.pages.langs.of(r)
	p := s.newPage(r, lang, "")
	c := customerOf(r, f, lang)
	if problems := p.checkCustomer(c, f.Channel); problems != nil {
		s.renderDetails(w, r, f, pd, c, problems)
		return
	}
	if f.Start.IsZero() {
		s.renderDetails(w, r, f, pd, c, nil)
		return
	}
	sl, ok, err := s.slotAt(ctx, s.bookings, f.searchQuery(s.cfg.Now()), f.Start)
	if err != nil {
		s.failStep(w, r, f, err)
		return
	}
	if !ok {
		s.renderDetailsFor(w, r, f, pd, sl, []booking.Slot{}, c, nil)
		return
	}
	ap, code, err := s.book(ctx, actor(r), sl, c)
	var taken *slotTaken
	switch {
	case errors.As(err, &taken):
		next := taken.next
		if next == nil {
			next = []booking.Slot{}
		}
		s.renderDetailsFor(w, r, f, pd, sl, next, c, nil)
		return
	case err != nil && statusOf(errs.KindOf(err)) < 500:
		s.renderDetailsFor(w, r, f, pd, sl, nil, c, []fieldError{p.errorOf(err)})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.setAppointmentCookie(w, r, ap, code)
	http.SetCookie(w, &http.Cookie{Name: apptNewCookie, Value: "1", Path: "/appointments/" + ap.Reference, MaxAge: 600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/appointments/"+ap.Reference, http.StatusSeeOther)
}

// --- the appointment's own pages ---

// setAppointmentCookie gives the browser an appointment's private code
// for the appointment's pages, until a week after it.
func (s *Server) setAppointmentCookie(w http.ResponseWriter, r *http.Request, ap booking.Appointment, code string) {
	maxAge := max(int(ap.End.Add(apptKeep).Sub(s.cfg.Now()).Seconds()), 60)
	http.SetCookie(w, &http.Cookie{Name: apptCookie, Value: code, Path: "/appointments/" + ap.Reference, MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearAppointmentCookie(w http.ResponseWriter, r *http.Request, ref, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/appointments/" + ref, MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// codeHolder is who acts on the appointment pages: whoever holds the
// private code, and only by it. A signed-in staff member's roles play
// no part here, so that a wrong code is wrong for everyone; staff have
// their own pages.
func codeHolder(r *http.Request, code string) booking.Requester {
	return booking.Requester{By: access.AnonymousActor(requestID(r)), TokenHash: access.HashSecret(code)}
}

// heldAppt is an appointment read for the browser holding its code.
type heldAppt struct {
	ref string
	ap  booking.Appointment
	who booking.Requester
	ok  bool
}

// heldAppointment reads the appointment of the path with the code of
// the browser's cookie. It answers the request itself (done) when the
// reference is malformed or not canonical, or the store fails; ok is
// false when the browser holds no right code.
func (s *Server) heldAppointment(w http.ResponseWriter, r *http.Request) (h heldAppt, done bool) {
	w.Header().Set("Cache-Control", "no-store")
	typed := r.PathValue("reference")
	ref, err := booking.ParseReference(typed)
	if err != nil {
		s.fail(w, r, err)
		return h, true
	}
	h.ref = ref
	if ref != typed && r.Method == http.MethodGet {
		// The cookie belongs to the canonical path.
		u := *r.URL
		u.Path = strings.Replace(r.URL.Path, typed, ref, 1)
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return h, true
	}
	c, err := r.Cookie(apptCookie)
	if err != nil {
		return h, false
	}
	code := booking.CanonicalToken(c.Value)
	if code == "" {
		s.clearAppointmentCookie(w, r, ref, apptCookie)
		return h, false
	}
	h.who = codeHolder(r, code)
	h.ap, err = s.bookings.Read(r.Context(), h.who, ref)
	switch kind := errs.KindOf(err); {
	case err == nil:
		h.ok = true
		return h, false
	case kind == errs.Forbidden || kind == errs.NotFound || kind == errs.Unauthorized:
		s.clearAppointmentCookie(w, r, ref, apptCookie)
		return h, false
	}
	s.fail(w, r, err)
	return h, true
}

// heldOrBack is heldAppointment for the pages that act on the
// appointment: without the code they send the browser to the
// appointment's page, which asks for it.
func (s *Server) heldOrBack(w http.ResponseWriter, r *http.Request) (heldAppt, bool) {
	h, done := s.heldAppointment(w, r)
	if done {
		return h, false
	}
	if !h.ok {
		http.Redirect(w, r, "/appointments/"+h.ref, http.StatusSeeOther)
		return h, false
	}
	return h, true
}

type residentAppointmentData struct {
	*page
	CSRF        string
	Reference   string
	Code        string
	Notice      string
	Visit       visitView
	Customer    booking.Customer
	Language    string
	Cancelled   string
	IsCancelled bool
	Past        bool
	PageURL     string
	CalendarURL string
}

func (s *Server) residentAppointmentPage(w http.ResponseWriter, r *http.Request) {
	h, done := s.heldAppointment(w, r)
	if done {
		return
	}
	lang := s.pages.langs.of(r)
	if !h.ok {
		s.renderCodeForm(w, r, http.StatusOK, h.ref, "", nil)
		return
	}
	ap := h.ap
	d := residentAppointmentData{page: s.newPage(r, lang, ""), Reference: ap.Reference, Customer: ap.Customer,
		PageURL: s.baseURL(r) + "/appointments/" + ap.Reference, CalendarURL: "/appointments/" + ap.Reference + "/calendar.ics"}
	d.CSRF = s.ensureCSRFCookie(w, r)
	if _, err := r.Cookie(apptNewCookie); err == nil && ap.Cancelled == nil {
		// Shown once: the code stays in this browser's cookie, but
		// the page names it only right after booking.
		if c, err := r.Cookie(apptCookie); err == nil {
			d.Code = booking.CanonicalToken(c.Value)
		}
		s.clearAppointmentCookie(w, r, ap.Reference, apptNewCookie)
	}
	switch done := r.URL.Query().Get("done"); {
	case done == "moved" && ap.Cancelled == nil, done == "cancelled" && ap.Cancelled != nil:
		d.Notice = d.T(appointmentDone[done])
	}
	if d.Code != "" {
		d.Title = d.T("appointment.booked") + " – " + d.T("site.name")
	} else {
		d.Title = d.T("appointment.title", ap.Reference) + " – " + d.T("site.name")
	}
	v, err := s.appointmentVisit(r.Context(), d.page, ap)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Visit = v
	if ap.Customer.Language != "" {
		d.Language = s.pages.langs.name(lang, ap.Customer.Language)
	}
	d.IsCancelled = ap.Cancelled != nil
	if ap.Cancelled != nil && d.Notice == "" {
		d.Cancelled = d.dayLabel(ap.Cancelled.In(helsinki()))
	}
	d.Past = !ap.Start.After(s.cfg.Now())
	s.render(w, r, http.StatusOK, "appointment", lang, d)
}

// appointmentVisit describes a booked appointment.
func (s *Server) appointmentVisit(ctx context.Context, p *page, ap booking.Appointment) (visitView, error) {
	pd, err := s.cat.Point(ctx, ap.Point)
	if err != nil {
		return visitView{}, err
	}
	interpreter := ""
	if ap.Interpreter != "" {
		interpreter = ap.Customer.Language
	}
	v, err := s.visitOf(ctx, p, pd, ap.Slot, interpreter, ap.Customer.Phone, ap.MeetingLink)
	if v.Place != "" {
		// Booked: the way to the point's page, with its map and hours.
		v.PlaceURL = "/points/" + pd.Slug
	}
	return v, err
}

// --- the private code ---

type codeFormData struct {
	formPage
	// Reference is set when the page asks for the code of a known
	// appointment; TypedReference is what was typed otherwise.
	Reference      string
	TypedReference string
	Notice         string
}

// lookupPage asks for a booking reference and its private code.
func (s *Server) lookupPage(w http.ResponseWriter, r *http.Request) {
	s.renderCodeForm(w, r, http.StatusOK, "", "", nil)
}

func (s *Server) renderCodeForm(w http.ResponseWriter, r *http.Request, status int, known, typed string, problems []fieldError) {
	lang := s.pages.langs.of(r)
	d := codeFormData{formPage: formPage{page: s.newPage(r, lang, "")}, Reference: known, TypedReference: typed}
	d.Errors = problems
	d.CSRF = s.ensureCSRFCookie(w, r)
	if known != "" {
		d.Title = d.T("appointment.title", known) + " – " + d.T("site.name")
		if r.Method == http.MethodPost {
			d.switchTo("/appointments/" + known)
		}
	} else {
		d.Title = d.T("appointment.lookup.title") + " – " + d.T("site.name")
		if r.Method == http.MethodPost {
			d.switchTo("/appointments")
		}
	}
	if key, ok := appointmentDone[r.URL.Query().Get("done")]; ok && key == "appointment.done.forgotten" {
		d.Notice = d.T(key)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "appointment_code", lang, d)
}

// checkCode takes a booking reference and private code from the form:
// right, the browser keeps the code for the appointment's pages; wrong,
// the form comes back saying so. Wrong codes are counted per
// reference, and over the sign-in limit the form is refused for the
// rest of the window.
func (s *Server) checkCode(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := s.pages.langs.of(r)
	p := s.newPage(r, lang, "")
	typed, known := r.PostFormValue("reference"), r.PostFormValue("known") == "1"
	again := func(status int, ref string, e fieldError) {
		if known {
			s.renderCodeForm(w, r, status, ref, "", []fieldError{e})
		} else {
			s.renderCodeForm(w, r, status, "", typed, []fieldError{e})
		}
	}
	ref, err := booking.ParseReference(typed)
	if err != nil {
		known = false
		again(http.StatusBadRequest, "", fieldError{Field: "reference", Message: p.T("book.error.reference")})
		return
	}
	code := booking.CanonicalToken(r.PostFormValue("code"))
	if code == "" {
		again(http.StatusBadRequest, ref, fieldError{Field: "code", Message: p.T("book.error.code_format")})
		return
	}
	if minutes, err := s.access.CodeLocked(ctx, ref); err != nil {
		s.fail(w, r, err)
		return
	} else if minutes > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(minutes*60))
		again(http.StatusTooManyRequests, ref, fieldError{Field: "code", Message: p.T("book.error.code_locked", minutes)})
		return
	}
	ap, err := s.bookings.Read(ctx, codeHolder(r, code), ref)
	if kind := errs.KindOf(err); kind == errs.Forbidden || kind == errs.NotFound {
		// The same answer whether or not the reference exists.
		if err := s.access.CodeWrong(ctx, ref); err != nil {
			s.fail(w, r, err)
			return
		}
		again(http.StatusForbidden, ref, fieldError{Field: "code", Message: p.T("book.error.code_wrong")})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.access.CodeRight(ctx, ref); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setAppointmentCookie(w, r, ap, code)
	http.Redirect(w, r, "/appointments/"+ap.Reference, http.StatusSeeOther)
}

// forgetAppointment takes the code of an appointment out of this
// browser: for a shared computer.
func (s *Server) forgetAppointment(w http.ResponseWriter, r *http.Request) {
	ref, err := booking.ParseReference(r.PathValue("reference"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearAppointmentCookie(w, r, ref, apptCookie)
	s.clearAppointmentCookie(w, r, ref, apptNewCookie)
	http.Redirect(w, r, "/appointments?done=forgotten", http.StatusSeeOther)
}

// appointmentICS serves the appointment as an iCalendar event.
func (s *Server) appointmentICS(w http.ResponseWriter, r *http.Request) {
	h, ok := s.heldOrBack(w, r)
	if !ok {
		return
	}
	s.writeAppointmentICS(w, r, h.ap, s.pages.langs.of(r))
}

// --- moving and cancelling ---

type changeConfirmData struct {
	*page
	CSRF      string
	Reference string
	Cancel    bool
	Current   visitView
	New       visitView
	Start     string
	BackURL   string
}

// changeable reports whether the appointment can still be moved or
// cancelled; otherwise its page says why.
func (s *Server) changeable(w http.ResponseWriter, r *http.Request, ap booking.Appointment) bool {
	if ap.Cancelled != nil || !ap.Start.After(s.cfg.Now()) {
		http.Redirect(w, r, "/appointments/"+ap.Reference, http.StatusSeeOther)
		return false
	}
	return true
}

// moveQuery is the search for a new time of ap: the same services,
// place and channel, and an interpreter of the same language.
func (s *Server) moveQuery(ap booking.Appointment) booking.Query {
	q := booking.Query{Services: ap.Services, Point: ap.Point, Channel: ap.Channel, Now: s.cfg.Now()}
	if ap.Interpreter != "" {
		q.Interpreter = ap.Customer.Language
	}
	return q
}

// movePage lists the free times for a move or, with ?start=, asks to
// confirm the move to that time.
func (s *Server) movePage(w http.ResponseWriter, r *http.Request) {
	h, ok := s.heldOrBack(w, r)
	if !ok || !s.changeable(w, r, h.ap) {
		return
	}
	q := r.URL.Query()
	if q.Get("start") == "" {
		s.renderMoveTimes(w, r, http.StatusOK, h.ap, q.Get("day"), nil)
		return
	}
	start, err := time.Parse(time.RFC3339, q.Get("start"))
	if err != nil {
		s.renderMoveTimes(w, r, http.StatusBadRequest, h.ap, "", []fieldError{{Field: "times", Message: s.pages.msgs.text(s.pages.langs.of(r), "book.error.time_none")}})
		return
	}
	s.confirmMove(w, r, h.ap, start)
}

func (s *Server) confirmMove(w http.ResponseWriter, r *http.Request, ap booking.Appointment, start time.Time) {
	ctx := r.Context()
	lang := s.pages.langs.of(r)
	sl, ok, err := s.slotAt(ctx, s.bookings.Without(ap.Reference), s.moveQuery(ap), start)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.newPage(r, lang, "")
	if !ok || sl.Start.Equal(ap.Start) {
		s.renderMoveTimes(w, r, http.StatusConflict, ap, start.In(helsinki()).Format(time.DateOnly),
			[]fieldError{{Field: "times", Message: p.T("book.error.time_gone")}})
		return
	}
	d := changeConfirmData{page: p, Reference: ap.Reference, Start: start.Format(time.RFC3339),
		BackURL: "/appointments/" + ap.Reference + "/move?" + url.Values{"day": {start.In(helsinki()).Format(time.DateOnly)}}.Encode()}
	d.Title = d.T("appointment.move.confirm") + " – " + d.T("site.name")
	d.CSRF = s.ensureCSRFCookie(w, r)
	if d.Current, err = s.appointmentVisit(ctx, p, ap); err == nil {
		var pd catalogue.PointDetail
		if pd, err = s.cat.Point(ctx, ap.Point); err == nil {
			interpreter := ""
			if sl.Interpreter != "" {
				interpreter = ap.Customer.Language
			}
			d.New, err = s.visitOf(ctx, p, pd, sl, interpreter, ap.Customer.Phone, ap.MeetingLink)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "appointment_confirm", lang, d)
}

func (s *Server) renderMoveTimes(w http.ResponseWriter, r *http.Request, status int, ap booking.Appointment, day string, problems []fieldError) {
	ctx := r.Context()
	lang := s.pages.langs.of(r)
	d := timesData{stepPage: stepPage{formPage: formPage{page: s.newPage(r, lang, "")}}, Move: true,
		Action: "/appointments/" + ap.Reference + "/move"}
	d.Errors = problems
	d.Heading = d.T("appointment.move.title")
	d.DateAction = d.Action
	d.Title = d.Heading + " – " + d.T("site.name")
	d.BackURL, d.BackText = "/appointments/"+ap.Reference, d.T("appointment.back")
	if r.Method == http.MethodPost {
		d.switchTo(d.Action)
	}
	pd, err := s.cat.Point(ctx, ap.Point)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Visit, err = s.appointmentVisit(ctx, d.page, ap); err != nil {
		s.fail(w, r, err)
		return
	}
	d.NoneHint = d.T("book.times.none_hint")
	if pd.Phone != "" {
		d.NoneHint = d.T("book.times.none_call", pd.Name.In(lang), pd.Phone)
	}
	err = s.fillTimes(ctx, &d, s.bookings.Without(ap.Reference), s.moveQuery(ap), pd, day, ap.Start,
		func(day string) string {
			if day == "" {
				return d.Action
			}
			return d.Action + "?" + url.Values{"day": {day}}.Encode()
		})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "book_times", lang, d)
}

// moveAppointmentPost moves the appointment to the confirmed time.
func (s *Server) moveAppointmentPost(w http.ResponseWriter, r *http.Request) {
	h, ok := s.heldOrBack(w, r)
	if !ok || !s.changeable(w, r, h.ap) {
		return
	}
	ctx := r.Context()
	p := s.newPage(r, s.pages.langs.of(r), "")
	start, err := time.Parse(time.RFC3339, r.PostFormValue("start"))
	if err != nil {
		s.renderMoveTimes(w, r, http.StatusBadRequest, h.ap, "", []fieldError{{Field: "times", Message: p.T("book.error.time_none")}})
		return
	}
	day := start.In(helsinki()).Format(time.DateOnly)
	sl, ok, err := s.slotAt(ctx, s.bookings.Without(h.ap.Reference), s.moveQuery(h.ap), start)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.renderMoveTimes(w, r, http.StatusConflict, h.ap, day, []fieldError{{Field: "times", Message: p.T("book.error.time_gone")}})
		return
	}
	moved, err := s.move(ctx, h.who, h.ap, sl)
	var taken *slotTaken
	switch {
	case errors.As(err, &taken):
		s.renderMoveTimes(w, r, http.StatusConflict, h.ap, day, []fieldError{{Field: "times", Message: p.T("book.error.time_gone")}})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	c, _ := r.Cookie(apptCookie)
	s.setAppointmentCookie(w, r, moved, booking.CanonicalToken(c.Value))
	http.Redirect(w, r, "/appointments/"+moved.Reference+"?done=moved", http.StatusSeeOther)
}

// cancelPage asks to confirm the cancellation.
func (s *Server) cancelPage(w http.ResponseWriter, r *http.Request) {
	h, ok := s.heldOrBack(w, r)
	if !ok || !s.changeable(w, r, h.ap) {
		return
	}
	lang := s.pages.langs.of(r)
	d := changeConfirmData{page: s.newPage(r, lang, ""), Reference: h.ref, Cancel: true, BackURL: "/appointments/" + h.ref}
	d.Title = d.T("appointment.cancel.confirm") + " – " + d.T("site.name")
	d.CSRF = s.ensureCSRFCookie(w, r)
	v, err := s.appointmentVisit(r.Context(), d.page, h.ap)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Current = v
	s.render(w, r, http.StatusOK, "appointment_confirm", lang, d)
}

// cancelAppointmentPost cancels the appointment.
func (s *Server) cancelAppointmentPost(w http.ResponseWriter, r *http.Request) {
	h, ok := s.heldOrBack(w, r)
	if !ok || !s.changeable(w, r, h.ap) {
		return
	}
	if _, err := s.bookings.CancelFor(r.Context(), h.who, h.ref); err != nil && errs.KindOf(err) != errs.Conflict {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/appointments/"+h.ref+"?done=cancelled", http.StatusSeeOther)
}
