package web

// The staff calendar: the appointments at a service point or of one
// person, a day or a week (Monday to Sunday) at a time, in Finnish time;
// an appointment's details with the customer's contact details; and
// cancelling it. Every list and read goes through s.bookings, which shows
// an appointment only to the staff of the organisations taking part and
// audits each listing and read. The calendar itself refuses people who
// serve no customers (audited through s.allow) before it lists anything,
// and offers only the points and people of the person's organisations.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

const calendarPath = "/staff/calendar"

// calendarPurpose is what the audit log says the calendar's reads are for.
const calendarPurpose = "staff calendar"

// calendarFields are the fields of the calendar's form.
var calendarFields = []string{"who", "day", "view"}

// calendarQuery is a calendar: whose (a point or a person), the day and
// whether the whole week around it is shown.
type calendarQuery struct {
	Point string
	Staff string
	// Day is the start of the day in Finnish time.
	Day  time.Time
	Week bool
}

func (q calendarQuery) chosen() bool { return q.Point != "" || q.Staff != "" }

// who is the value of the form's choice: "point:slug" or "staff:slug".
func (q calendarQuery) who() string {
	if q.Point != "" {
		return "point:" + q.Point
	}
	if q.Staff != "" {
		return "staff:" + q.Staff
	}
	return ""
}

// span is the days shown: the day, or Monday to Sunday of its week.
// Days are counted on the calendar, not in hours, so that the 23- and
// 25-hour days of the daylight saving changes are whole days too.
func (q calendarQuery) span() (from, to time.Time) {
	if !q.Week {
		return q.Day, q.Day.AddDate(0, 0, 1)
	}
	monday := q.Day.AddDate(0, 0, 1-weekdayNumber(q.Day.Weekday()))
	return monday, monday.AddDate(0, 0, 7)
}

// values are the query parameters of the calendar.
func (q calendarQuery) values() url.Values {
	v := url.Values{}
	if q.Point != "" {
		v.Set("point", q.Point)
	}
	if q.Staff != "" {
		v.Set("staff", q.Staff)
	}
	v.Set("day", q.Day.Format(time.DateOnly))
	v.Set("view", "day")
	if q.Week {
		v.Set("view", "week")
	}
	return v
}

func (q calendarQuery) url() string { return calendarPath + "?" + q.values().Encode() }

// moved is the same calendar days later (or earlier).
func (q calendarQuery) moved(days int) calendarQuery {
	q.Day = q.Day.AddDate(0, 0, days)
	return q
}

// readCalendar reads the calendar the address asks for: point= or
// staff= (or the form's who=point:… or who=staff:…), day=YYYY-MM-DD,
// today by default, and view=day or week.
func readCalendar(v url.Values, now time.Time) (calendarQuery, error) {
	loc := helsinki()
	q := calendarQuery{Day: dayOf(now, loc)}
	q.Point, q.Staff = v.Get("point"), v.Get("staff")
	if v.Has("who") {
		kind, slug, _ := strings.Cut(v.Get("who"), ":")
		switch kind {
		case "point":
			q.Point, q.Staff = slug, ""
		case "staff":
			q.Point, q.Staff = "", slug
		default:
			return q, errs.Param("who", "Choose a service point or a person.")
		}
	}
	switch {
	case q.Point != "" && q.Staff != "":
		return q, errs.Param("who", "Choose a service point or a person, not both.")
	case q.Point != "" && !catalogue.ValidSlug(q.Point), q.Staff != "" && !catalogue.ValidSlug(q.Staff):
		return q, errs.Param("who", "Choose a service point or a person from the list.")
	}
	if d := v.Get("day"); d != "" {
		day, err := time.ParseInLocation(time.DateOnly, d, loc)
		if err != nil || day.Year() < 2000 || day.Year() > 2100 {
			return q, errs.Param("day", "The day %q is not a date from 2000 to 2100 written YYYY-MM-DD.", d)
		}
		q.Day = day
	}
	switch v.Get("view") {
	case "", "day":
	case "week":
		q.Week = true
	default:
		return q, errs.Param("view", "Choose to see a day or a week.")
	}
	return q, nil
}

// calendarAllowed refuses people who serve no organisation's customers
// and are no staff member (appointments are customer data); a staff
// member's own calendar leaves out the details of customers of other
// organisations.
func (s *Server) calendarAllowed(r *http.Request) error {
	a := actor(r)
	return s.allow(r, servesCustomers(a) || a.StaffMember != "", "appointment.calendar", "agenda", "", "",
		"The calendar shows customers' appointments: it is for the staff and admins of the organisations giving the services.")
}

// --- names ---

// directory names the services, people, points and rooms of appointments
// in one language, reading each list at most once a request. As with
// names, one that cannot be read shows as its slug.
type directory struct {
	s        *Server
	ctx      context.Context
	lang     string
	services map[string]string
	staff    []catalogue.StaffMember
	staffErr error
	bySlug   map[string]catalogue.StaffMember
	points   map[string]*catalogue.PointDetail
}

func (s *Server) directory(r *http.Request, lang string) *directory {
	return &directory{s: s, ctx: r.Context(), lang: lang, points: map[string]*catalogue.PointDetail{}}
}

func (d *directory) service(slug string) string {
	if d.services == nil {
		d.services = map[string]string{}
		list, err := allOf(d.ctx, func(pg catalogue.Page) ([]catalogue.Service, string, error) {
			return d.s.cat.Services(d.ctx, catalogue.ServiceFilter{Page: pg})
		})
		if err == nil {
			for _, sv := range list {
				d.services[sv.Slug] = sv.Name.In(d.lang)
			}
		}
	}
	if name, ok := d.services[slug]; ok {
		return name
	}
	return slug
}

// everyone lists every staff member and interpreter. The catalogue looks
// people up by list only; one list serves the whole page.
func (d *directory) everyone() ([]catalogue.StaffMember, error) {
	if d.bySlug == nil {
		d.bySlug = map[string]catalogue.StaffMember{}
		d.staff, d.staffErr = allOf(d.ctx, func(pg catalogue.Page) ([]catalogue.StaffMember, string, error) {
			return d.s.cat.Staff(d.ctx, catalogue.StaffFilter{Page: pg})
		})
		for _, m := range d.staff {
			d.bySlug[m.Slug] = m
		}
	}
	return d.staff, d.staffErr
}

func (d *directory) person(slug string) string {
	d.everyone()
	if m, ok := d.bySlug[slug]; ok {
		return m.Name
	}
	return slug
}

func (d *directory) point(slug string) *catalogue.PointDetail {
	if pd, ok := d.points[slug]; ok {
		return pd
	}
	var found *catalogue.PointDetail
	if pd, err := d.s.cat.Point(d.ctx, slug); err == nil {
		found = &pd
	}
	d.points[slug] = found
	return found
}

func (d *directory) pointName(slug string) string {
	if pd := d.point(slug); pd != nil {
		return pd.Name.In(d.lang)
	}
	return slug
}

func (d *directory) room(point, slug string) string {
	if pd := d.point(point); pd != nil {
		for _, rs := range pd.Resources {
			if rs.Slug == slug {
				return rs.Name.In(d.lang)
			}
		}
	}
	return slug
}

// --- appointments as staff see them ---

// appointmentRow is an appointment in words, for the calendar and the
// details page.
type appointmentRow struct {
	Reference string
	// URL opens the details, which lead back to the calendar they were
	// opened from.
	URL      string
	Day      string
	Time     string
	Customer string
	Phone    string
	// Tel is the phone number as a tel: link dials it.
	Tel         string
	Email       string
	Language    string
	Needs       string
	Services    []serviceLine
	Interpreter string
	// Place is the room (with the point in a person's calendar), or
	// says the appointment is a video meeting or a phone call.
	Place       string
	PointName   string
	Channel     string
	MeetingLink string
	KeptBy      string
	Booked      string
	Moved       string
	Cancelled   string
	// Past appointments cannot be cancelled any more.
	Past bool
}

// serviceLine is one service of a visit and who gives it.
type serviceLine struct {
	Service string
	Staff   string
}

// row describes ap for page p; withPoint adds the point to the place.
func (s *Server) row(p *page, dir *directory, ap booking.Appointment, back calendarQuery, withPoint bool) appointmentRow {
	loc := helsinki()
	start, end := ap.Start.In(loc), ap.End.In(loc)
	row := appointmentRow{Reference: ap.Reference, Day: p.longDay(start), Time: hourSpan(start, end),
		Customer: ap.Customer.Name, Phone: ap.Customer.Phone, Email: ap.Customer.Email, Needs: ap.Customer.Needs,
		MeetingLink: ap.MeetingLink, Booked: ap.Created.In(loc).Format("2.1.2006 15.04")}
	row.URL = "/staff/appointments/" + ap.Reference
	if back.chosen() {
		row.URL += "?" + back.values().Encode()
	}
	if ap.Limited {
		// The customer's details are kept by organisations the reader
		// is not of: the details page would refuse them.
		row.URL, row.Customer = "", p.T("calendar.customer_limited")
	}
	row.Tel = strings.Map(func(c rune) rune {
		if c == '+' || c >= '0' && c <= '9' {
			return c
		}
		return -1
	}, ap.Customer.Phone)
	if ap.Customer.Language != "" {
		row.Language = s.pages.langs.name(p.Lang, ap.Customer.Language)
	}
	for i, sv := range ap.Services {
		line := serviceLine{Service: dir.service(sv)}
		if i < len(ap.Staff) {
			line.Staff = dir.person(ap.Staff[i])
		}
		row.Services = append(row.Services, line)
	}
	if ap.Interpreter != "" {
		row.Interpreter = dir.person(ap.Interpreter)
	}
	if ap.Point != "" {
		row.PointName = dir.pointName(ap.Point)
	}
	switch ap.Channel {
	case booking.Video:
		row.Place, row.Channel = p.T("calendar.place.video"), p.T("calendar.place.video")
	case booking.Phone:
		row.Place, row.Channel = p.T("calendar.place.phone"), p.T("calendar.place.phone")
	default:
		row.Channel = p.T("calendar.place.in_person")
		if ap.Room != "" {
			row.Place = dir.room(ap.Point, ap.Room)
		}
		if withPoint && row.PointName != "" {
			row.Place = strings.TrimPrefix(row.Place+", "+row.PointName, ", ")
		}
	}
	if ap.Moved != nil {
		row.Moved = ap.Moved.In(loc).Format("2.1.2006 15.04")
	}
	if ap.Cancelled != nil {
		row.Cancelled = ap.Cancelled.In(loc).Format("2.1.2006 15.04")
	}
	row.Past = !ap.End.After(s.cfg.Now())
	return row
}

// ServiceNames lists the services of the visit, for short labels.
func (r appointmentRow) ServiceNames() string {
	names := make([]string, len(r.Services))
	for i, l := range r.Services {
		names[i] = l.Service
	}
	return strings.Join(names, ", ")
}

// hourSpan writes a time span as Finns do: "9.15–9.45", and one ending
// at midnight "23.30–24.00".
func hourSpan(start, end time.Time) string {
	endHour := end.Hour()
	if endHour == 0 && end.Minute() == 0 && end.After(start) {
		endHour = 24
	}
	return fmt.Sprintf("%d.%02d–%d.%02d", start.Hour(), start.Minute(), endHour, end.Minute())
}

// longDay writes a day as "Maanantai 26.10.2026".
func (p *page) longDay(t time.Time) string {
	return p.T(fmt.Sprintf("calendar.day.%d", weekdayNumber(t.Weekday()))) + " " + t.Format("2.1.2006")
}

// count says how many appointments there are, and how many more were
// cancelled: "3 appointments (1 cancelled)".
func (p *page) count(rows []appointmentRow) string {
	active, cancelled := 0, 0
	for _, r := range rows {
		if r.Cancelled != "" {
			cancelled++
		} else {
			active++
		}
	}
	var text string
	switch active {
	case 0:
		text = p.T("calendar.count.none")
	case 1:
		text = p.T("calendar.count.one")
	default:
		text = p.T("calendar.count.many", active)
	}
	switch cancelled {
	case 0:
	case 1:
		text += " (" + p.T("calendar.cancelled_count.one") + ")"
	default:
		text += " (" + p.T("calendar.cancelled_count.many", cancelled) + ")"
	}
	return text
}

// --- the calendar ---

type calendarData struct {
	*staffData
	Who  []optionGroup
	Day  string
	Week bool
	// OwnOnly is true for a person who sees only their own calendar.
	OwnOnly bool
	Err     formError
	// Shown is false until a point or a person is chosen.
	Shown bool
	// Whose calendar it is, and when: "Maanantai 26.10.2026" or
	// "Viikko 44: 26.10.–1.11.2026".
	Whose string
	When  string
	Prev  string
	Next  string
	Today string
	// IsToday says the shown day or week is the current one.
	IsToday bool
	Count   string
	// Rows are the day's appointments; Days the week's.
	Rows []appointmentRow
	Days []calendarDay
	// PersonView shows a person's calendar.
	PersonView bool
}

// calendarDay is one day of the week view.
type calendarDay struct {
	ID    string
	Name  string
	URL   string
	Count string
	Today bool
	Rows  []appointmentRow
}

// calendarChoices lists whose calendars the person may open: the points
// where their organisations give services, the staff and interpreters
// of those organisations, and themself. points and people map slugs to
// names.
func (s *Server) calendarChoices(r *http.Request, p *page, dir *directory) ([]optionGroup, map[string]string, map[string]string, error) {
	ctx := r.Context()
	orgs := actor(r).Organisations(access.CustomerRoles...)
	points, people := map[string]string{}, map[string]string{}
	var pointOpts, staffOpts, interpreterOpts []option
	for _, org := range orgs {
		list, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Point, string, error) {
			return s.cat.Points(ctx, catalogue.PointFilter{Organisation: org, Page: pg})
		})
		if err != nil {
			return nil, nil, nil, err
		}
		for _, pt := range list {
			if _, ok := points[pt.Slug]; !ok {
				points[pt.Slug] = pt.Name.In(p.Lang)
				pointOpts = append(pointOpts, option{Value: "point:" + pt.Slug, Label: pt.Name.In(p.Lang)})
			}
		}
	}
	everyone, err := dir.everyone()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, m := range everyone {
		if !slices.Contains(orgs, m.Organisation) && !actor(r).Is(m.Slug) {
			continue
		}
		people[m.Slug] = m.Name
		o := option{Value: "staff:" + m.Slug, Label: m.Name}
		if m.Interpreter {
			interpreterOpts = append(interpreterOpts, o)
		} else {
			staffOpts = append(staffOpts, o)
		}
	}
	var groups []optionGroup
	for _, g := range []optionGroup{{p.T("calendar.who.points"), pointOpts}, {p.T("calendar.who.staff"), staffOpts},
		{p.T("calendar.who.interpreters"), interpreterOpts}} {
		if len(g.Options) == 0 {
			continue
		}
		sortByName(s.pages.langs, p.Lang, g.Options, func(o option) string { return o.Label })
		groups = append(groups, g)
	}
	return groups, points, people, nil
}

func (s *Server) staffCalendarPage(w http.ResponseWriter, r *http.Request) {
	if err := s.calendarAllowed(r); err != nil {
		s.staffFail(w, r, err)
		return
	}
	if s.bookings == nil {
		s.staffFail(w, r, errNoBooking)
		return
	}
	now := s.cfg.Now()
	q, qErr := readCalendar(r.URL.Query(), now)
	if qErr == nil && r.URL.Query().Has("who") {
		// The form's one choice becomes point= or staff=, so that every
		// calendar has one address, the one its links use.
		http.Redirect(w, r, q.url(), http.StatusSeeOther)
		return
	}
	d := calendarData{staffData: s.newStaff(r), Day: q.Day.Format(time.DateOnly), Week: q.Week, OwnOnly: !servesCustomers(actor(r))}
	d.titled(d.T("calendar.title"))
	dir := s.directory(r, d.Lang)
	var points, people map[string]string
	var err error
	d.Who, points, people, err = s.calendarChoices(r, d.page, dir)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A staff member sees their own calendar first, and someone whose
	// organisations serve at one point only sees it at once.
	if me := actor(r).StaffMember; qErr == nil && !q.chosen() && people[me] != "" {
		q.Staff = me
	}
	if qErr == nil && !q.chosen() && len(points) == 1 {
		for slug := range points {
			q.Point = slug
		}
	}
	for _, g := range d.Who {
		for i := range g.Options {
			g.Options[i].Selected = g.Options[i].Value == q.who()
		}
	}
	if qErr == nil && (q.Point != "" && points[q.Point] == "" || q.Staff != "" && people[q.Staff] == "") {
		qErr = errs.Param("who", "Choose a service point or a person from the list: the calendar shows those of your organisations.")
	}
	status := http.StatusOK
	if qErr != nil {
		status = http.StatusBadRequest
		d.Err = formErr(d.page, "calendar-error", "calendar-", qErr, calendarFields)
		s.render(w, r, status, "staff_calendar", d.Lang, d)
		return
	}
	if !q.chosen() {
		s.render(w, r, status, "staff_calendar", d.Lang, d)
		return
	}

	from, to := q.span()
	list, err := s.bookings.Agenda(r.Context(), actor(r), booking.Agenda{Point: q.Point, Staff: q.Staff, From: from, To: to}, calendarPurpose)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d.Shown, d.PersonView = true, q.Staff != ""
	d.Whose = points[q.Point]
	if d.PersonView {
		d.Whose = people[q.Staff]
	}
	step := 1
	if q.Week {
		step = 7
	}
	today := q
	today.Day = dayOf(now, helsinki())
	d.Prev, d.Next, d.Today = q.moved(-step).url(), q.moved(step).url(), today.url()
	todayFrom, _ := today.span()
	d.IsToday = todayFrom.Equal(from)

	rows := make([]appointmentRow, len(list))
	for i, ap := range list {
		rows[i] = s.row(d.page, dir, ap, q, d.PersonView)
	}
	d.Count = d.count(rows)
	if !q.Week {
		d.When, d.Rows = d.longDay(from), rows
		s.render(w, r, status, "staff_calendar", d.Lang, d)
		return
	}
	_, week := from.ISOWeek()
	d.When = d.T("calendar.week", week, from.Format("2.1."), to.AddDate(0, 0, -1).Format("2.1.2006"))
	loc := helsinki()
	for i := range 7 {
		day := from.AddDate(0, 0, i)
		dq := q
		dq.Day, dq.Week = day, false
		cd := calendarDay{ID: fmt.Sprintf("day-%d", i+1), URL: dq.url(), Today: day.Equal(today.Day),
			Name: d.T(fmt.Sprintf("calendar.day.%d", i+1)) + " " + day.Format("2.1.")}
		next := day.AddDate(0, 0, 1)
		for j, ap := range list {
			// An appointment belongs to the day it starts on, in
			// Finnish time; one that began before the week to its
			// first day.
			start := ap.Start.In(loc)
			if (i == 0 || !start.Before(day)) && start.Before(next) {
				cd.Rows = append(cd.Rows, rows[j])
			}
		}
		cd.Count = d.count(cd.Rows)
		d.Days = append(d.Days, cd)
	}
	s.render(w, r, status, "staff_calendar", d.Lang, d)
}

// dayOf is the start of the day of t in loc.
func dayOf(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// --- an appointment ---

type appointmentData struct {
	*staffData
	A appointmentRow
	// Back returns to the calendar the appointment was opened from;
	// the details and the cancel page keep it in their addresses.
	Back string
	ICS  string
	// Cancel asks to confirm a cancellation, and takes the confirmed
	// one; Keep returns to the details.
	Cancel string
	Keep   string
}

// readAppointment reads the appointment of the path for the signed-in
// person: the store lets only staff of an organisation taking part read
// it, and audits the read with purpose.
func (s *Server) readAppointment(r *http.Request, purpose string) (booking.Appointment, error) {
	if s.bookings == nil {
		return booking.Appointment{}, errNoBooking
	}
	ref, err := booking.ParseReference(r.PathValue("reference"))
	if err != nil {
		return booking.Appointment{}, err
	}
	return s.bookings.Read(r.Context(), booking.Requester{By: actor(r), Purpose: purpose}, ref)
}

// backTo is the calendar the details page was opened from, as the
// address says; otherwise the day of the appointment at its point, or in
// the calendar of its first staff member of the person's organisations.
func (s *Server) backTo(r *http.Request, dir *directory, ap booking.Appointment) calendarQuery {
	q, err := readCalendar(r.URL.Query(), s.cfg.Now())
	if err == nil && q.chosen() {
		return q
	}
	q = calendarQuery{Day: dayOf(ap.Start, helsinki())}
	if ap.Point != "" {
		q.Point = ap.Point
		return q
	}
	orgs := actor(r).Organisations(access.CustomerRoles...)
	everyone, _ := dir.everyone()
	for _, slug := range ap.Staff {
		i := slices.IndexFunc(everyone, func(m catalogue.StaffMember) bool { return m.Slug == slug })
		if i >= 0 && slices.Contains(orgs, everyone[i].Organisation) {
			q.Staff = slug
			break
		}
	}
	return q
}

// appointmentPage starts the data of the details or the cancel page.
func (s *Server) appointmentPage(r *http.Request, ap booking.Appointment) appointmentData {
	d := appointmentData{staffData: s.newStaff(r)}
	dir := s.directory(r, d.Lang)
	back := s.backTo(r, dir, ap)
	d.A = s.row(d.page, dir, ap, back, false)
	d.Back, d.Keep = calendarPath, "/staff/appointments/"+ap.Reference
	if back.chosen() {
		d.Back, d.Keep = back.url(), d.A.URL
	}
	d.Cancel = strings.Replace(d.Keep, ap.Reference, ap.Reference+"/cancel", 1)
	d.ICS = "/api/v1/appointments/" + ap.Reference + ".ics"
	d.A.KeptBy = s.namer(r, d.Lang).org(ap.Organisation)
	return d
}

func (s *Server) staffAppointmentPage(w http.ResponseWriter, r *http.Request) {
	ap, err := s.readAppointment(r, calendarPurpose)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d := s.appointmentPage(r, ap)
	d.titled(d.T("calendar.appointment.title", ap.Reference))
	if r.URL.Query().Get("done") == "cancelled" {
		d.Notice = d.T("calendar.done.cancelled")
	}
	s.render(w, r, http.StatusOK, "staff_calendar_appointment", d.Lang, d)
}

// staffCancelConfirm asks before an appointment is cancelled: a
// cancelled time cannot be taken back.
func (s *Server) staffCancelConfirm(w http.ResponseWriter, r *http.Request) {
	ap, err := s.readAppointment(r, "confirming cancellation")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d := s.appointmentPage(r, ap)
	if ap.Cancelled != nil {
		http.Redirect(w, r, d.Keep, http.StatusSeeOther)
		return
	}
	d.titled(d.T("calendar.cancel.title"))
	s.render(w, r, http.StatusOK, "staff_calendar_cancel", d.Lang, d)
}

func (s *Server) staffCancelAppointment(w http.ResponseWriter, r *http.Request) {
	if s.bookings == nil {
		s.staffFail(w, r, errNoBooking)
		return
	}
	ref, err := booking.ParseReference(r.PathValue("reference"))
	if err == nil {
		_, err = s.bookings.CancelFor(r.Context(), booking.Requester{By: actor(r), Purpose: calendarPurpose}, ref)
	}
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	q := url.Values{}
	if back, err := readCalendar(r.URL.Query(), s.cfg.Now()); err == nil && back.chosen() {
		q = back.values()
	}
	q.Set("done", "cancelled")
	http.Redirect(w, r, "/staff/appointments/"+ref+"?"+q.Encode(), http.StatusSeeOther)
}

// staffAppointments is the address a failed cancellation's language
// switcher leads to (see pageOf): the calendar.
func (s *Server) staffAppointments(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, calendarPath, http.StatusSeeOther)
}
