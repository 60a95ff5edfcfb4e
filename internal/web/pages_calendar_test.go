package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// calendarNow is the clock of the calendar tests: Wednesday 21 October
// 2026, 10.00 in Helsinki, the week before summer time ends (Sunday 25
// October at 4.00, when clocks go back to 3.00).
var calendarNow = time.Date(2026, 10, 21, 7, 0, 0, 0, time.UTC)

// staffPori is a staff account of the City of Pori, which the demo lacks.
const staffPori, staffPoriPassword = "staff.pori@calendar.test", "a-password-of-pori-staff"

// calendarFixture is the demo installation with bookings and a few
// appointments booked straight into the store.
type calendarFixture struct {
	ts  *httptest.Server
	db  *store.DB
	hel *time.Location
	// The appointments of Wednesday 21 October at Palojoenkulma: Kela's
	// alone, a joint visit of Kela and the county with an interpreter,
	// and the city's alone.
	kela, joint, pori booking.Appointment
}

func calendarServer(t *testing.T, e storetest.Engine) *calendarFixture {
	t.Helper()
	ctx := context.Background()
	db, svc := demoInstallation(t, e)
	if _, err := svc.CreateAccount(ctx, access.SystemActor("test"), access.Account{Email: staffPori, Name: "Pauli Pori",
		Grants: []access.Grant{{Role: access.Staff, Organisation: "pori"}}}, staffPoriPassword); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Version: "test", Now: func() time.Time { return calendarNow }}, db.Catalogue(), svc,
		func(context.Context) error { return nil }, slog.New(slog.DiscardHandler), prometheus.NewRegistry(), WithBookings(db.Appointments()))
	if err != nil {
		t.Fatal(err)
	}
	f := &calendarFixture{ts: httptest.NewServer(srv.Handler()), db: db, hel: helsinki()}
	t.Cleanup(f.ts.Close)
	f.kela = f.book(t, "2026-10-21 14:00", 30, visit{services: []string{"kela-benefit-guidance"}, staff: []string{"matti-meikalainen"},
		room: "palojoenkulma-advisory-room-01", customer: booking.Customer{Name: "Kalle Kelalainen", Phone: "+358 40 111 2222", Language: "fi"}})
	f.joint = f.book(t, "2026-10-21 10:30", 60, visit{services: []string{"kela-benefit-guidance", "satakunta-adult-social-work"},
		staff: []string{"maija-meikalainen", "ritva-vastaanotto"}, interpreter: "samir-al-mithal", room: "palojoenkulma-advisory-room-02",
		customer: booking.Customer{Name: "Amal Asiakas", Phone: "+358 40 765 4321", Email: "amal@example.fi", Language: "ar",
			Needs: "Tulee lastenvaunujen kanssa"}})
	f.pori = f.book(t, "2026-10-21 11:30", 30, visit{services: []string{"pori-integration"}, staff: []string{"olli-opastus"},
		room: "palojoenkulma-advisory-room-03", customer: booking.Customer{Name: "Pekka Porilainen", Phone: "+358 40 333 4444"}})
	return f
}

// visit is what an appointment of the tests is for.
type visit struct {
	services, staff   []string
	interpreter, room string
	channel           booking.Channel
	customer          booking.Customer
}

// book books a visit at a time of day in Finnish time ("2026-10-25
// 09:00") at Palojoenkulma, straight into the store.
func (f *calendarFixture) book(t *testing.T, at string, minutes int, v visit) booking.Appointment {
	t.Helper()
	start, err := time.ParseInLocation("2006-01-02 15:04", at, f.hel)
	if err != nil {
		t.Fatal(err)
	}
	if v.channel == "" {
		v.channel = booking.InPerson
	}
	if v.customer.Name == "" {
		v.customer.Name = "Asiakas " + at
	}
	ap, err := f.db.Appointments().Book(context.Background(), nil, booking.Booking{Slot: booking.Slot{Start: start,
		End: start.Add(time.Duration(minutes) * time.Minute), Point: "palojoenkulma", Channel: v.channel, Services: v.services,
		Staff: v.staff, Interpreter: v.interpreter, Room: v.room}, Customer: v.customer, Reference: booking.NewReference(), TokenHash: "x"})
	if err != nil {
		t.Fatalf("book %s: %v", at, err)
	}
	return ap
}

// kelaVisit is an appointment of Kela's with Matti Meikäläinen.
func kelaVisit(name string) visit {
	return visit{services: []string{"kela-benefit-guidance"}, staff: []string{"matti-meikalainen"}, customer: booking.Customer{Name: name}}
}

// signedIn is a client signed in as email.
func (f *calendarFixture) signedIn(t *testing.T, email, lang string) *agent {
	t.Helper()
	a := newAgent(t, f.ts, lang)
	if email == staffPori {
		a.signInTo(email, staffPoriPassword, "/staff")
		a.csrf = csrfOf(t, a.get("/staff"))
	} else {
		a.signIn(email)
	}
	return a
}

// inOrder checks that the page has each of want, in that order.
func inOrder(t *testing.T, body string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(body[at:], w)
		if i < 0 {
			t.Fatalf("%q is missing or out of order (after byte %d) in:\n%s", w, at, body)
		}
		at += i + len(w)
	}
}

var weekDayRE = regexp.MustCompile(`(?s)<section class="week-day[^"]*" aria-labelledby="day-(\d)">(.*?)</section>`)

// weekDays returns the seven day sections of a week view, Monday first.
func weekDays(t *testing.T, p fetched) []string {
	t.Helper()
	m := weekDayRE.FindAllStringSubmatch(p.body, -1)
	if len(m) != 7 {
		t.Fatalf("the week has %d day sections:\n%s", len(m), p.body)
	}
	days := make([]string, 7)
	for i, d := range m {
		days[i] = d[2]
	}
	return days
}

// TestCalendarRoles checks who sees which appointments: staff see their
// organisation's own and the joint visits it takes part in, never
// another organisation's alone; people who serve no customers are
// refused with a page that says why; anonymous visitors sign in first.
func TestCalendarRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := calendarServer(t, e)
		const day = "/staff/calendar?point=palojoenkulma&day=2026-10-21"

		kela := f.signedIn(t, staffKela, "en")
		p := kela.get(day)
		wantStatus(t, p, http.StatusOK)
		inOrder(t, p.body, "10.30–11.30", "Amal Asiakas", "14.00–14.30", "Kalle Kelalainen")
		p.hasNot(t, "Pekka Porilainen")
		p.has(t, `<a href="/staff/calendar" aria-current="page">Calendar</a>`, "2 appointments")
		if got := kela.get("/staff"); !strings.Contains(got.body, `<a href="/staff/calendar">Calendar</a>`) {
			t.Errorf("Kela's staff have no calendar in the staff navigation:\n%s", got.body)
		}
		// Their account is Maija Meikäläinen's: the calendar opens on
		// her own days; someone unlinked chooses first.
		own := kela.get("/staff/calendar")
		wantStatus(t, own, http.StatusOK)
		own.has(t, `<option value="staff:maija-meikalainen" selected>`, `<span class="calendar-whose">Maija Meikäläinen</span>`,
			"Amal Asiakas", `href="/staff/appointments/`+f.joint.Reference)

		pori := f.signedIn(t, staffPori, "en")
		pori.get("/staff/calendar").hasNot(t, `<span class="calendar-whose">`, " selected>")
		p = pori.get(day)
		wantStatus(t, p, http.StatusOK)
		p.has(t, "Pekka Porilainen", "1 appointment")
		p.hasNot(t, "Kalle Kelalainen", "Amal Asiakas")
		wantStatus(t, pori.get("/staff/appointments/"+f.kela.Reference), http.StatusForbidden)
		wantStatus(t, pori.get("/staff/calendar?staff=matti-meikalainen"), http.StatusBadRequest)

		county := f.signedIn(t, staffSatakunta, "en")
		p = county.get(day)
		p.has(t, "Amal Asiakas")
		p.hasNot(t, "Kalle Kelalainen", "Pekka Porilainen")

		for _, email := range []string{analyst, managerEmail, adminEmail} {
			a := f.signedIn(t, email, "en")
			for _, path := range []string{day, "/staff/appointments/" + f.joint.Reference} {
				p := a.get(path)
				wantStatus(t, p, http.StatusForbidden)
				p.has(t, "<h1>No access</h1>")
				p.hasNot(t, "Amal Asiakas", "Kalle Kelalainen")
			}
			a.get(day).has(t, "The calendar shows customers&#39; appointments")
			if nav := a.get("/staff"); strings.Contains(nav.body, "/staff/calendar") {
				t.Errorf("%s is offered the calendar", email)
			}
		}

		anonymous := newAgent(t, f.ts, "en")
		for _, path := range []string{day, "/staff/appointments/" + f.joint.Reference, "/staff/appointments/" + f.joint.Reference + "/cancel"} {
			wantRedirect(t, anonymous.get(path), "/signin?next="+url.QueryEscape(path))
		}
	})
}

// TestCalendarOwn checks an interpreter's own calendar: she serves no
// organisation's customers, but her account is linked to her, so she
// sees the visits she interprets at, day and week, with the time, the
// place and the services, and without the customer's name, contact or
// needs, which belong to the organisations giving the services.
func TestCalendarOwn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := calendarServer(t, e)
		kela := f.book(t, "2026-10-22 09:00", 60, visit{services: []string{"kela-benefit-guidance"}, staff: []string{"matti-meikalainen"},
			interpreter: "hodan-tusaale", room: "palojoenkulma-advisory-room-01",
			customer: booking.Customer{Name: "Hamza Asiakas", Phone: "+358 40 555 6666", Language: "so", Needs: "Pyörätuoli"}})
		pori := f.book(t, "2026-10-22 13:00", 30, visit{services: []string{"pori-integration"}, staff: []string{"olli-opastus"},
			interpreter: "hodan-tusaale", room: "palojoenkulma-advisory-room-03", customer: booking.Customer{Name: "Pori Asiakas", Language: "so"}})
		a := f.signedIn(t, interpreter, "en")
		if nav := a.get("/staff"); !strings.Contains(nav.body, `<a href="/staff/calendar">My calendar</a>`) {
			t.Errorf("the interpreter has no calendar in the navigation:\n%s", nav.body)
		}
		for _, path := range []string{"/staff/calendar?day=2026-10-22", "/staff/calendar?staff=hodan-tusaale&day=2026-10-22&view=week"} {
			p := a.get(path)
			wantStatus(t, p, http.StatusOK)
			p.has(t, "The appointments you take part in", `<span class="calendar-whose">Hodan Tusaale</span>`, "9.00–10.00", "13.00–13.30", "2 appointments",
				"The customer&#39;s details are kept by the organisation giving the service.", "Palojoenkulma")
			p.hasNot(t, "Hamza", "555 6666", "Pyörätuoli", "Pori Asiakas", `href="/staff/appointments/`)
		}
		api := a.get("/api/v1/staff/hodan-tusaale/appointments?from=2026-10-22T00:00:00%2B03:00&to=2026-10-23T00:00:00%2B03:00")
		wantStatus(t, api, http.StatusOK)
		if strings.Count(api.body, `"limited": true`) != 2 || strings.Contains(api.body, "Hamza") || strings.Contains(api.body, "Pyörätuoli") {
			t.Errorf("her own appointments in the API: %s", api.body)
		}
		// Nobody else's calendar, and no customer's details page.
		wantStatus(t, a.get("/staff/calendar?point=palojoenkulma&day=2026-10-22"), http.StatusBadRequest)
		wantStatus(t, a.get("/staff/calendar?staff=samir-al-mithal&day=2026-10-21"), http.StatusBadRequest)
		wantStatus(t, a.get("/api/v1/staff/samir-al-mithal/appointments"), http.StatusForbidden)
		for _, ap := range []booking.Appointment{kela, pori} {
			wantStatus(t, a.get("/staff/appointments/"+ap.Reference), http.StatusForbidden)
		}
		// Kela's staff see the customer of Kela's visit in full.
		k := f.signedIn(t, staffKela, "en")
		k.get("/staff/calendar?staff=matti-meikalainen&day=2026-10-22").has(t, "Your organisation&#39;s appointments", "Hamza Asiakas", "Pyörätuoli",
			`href="/staff/appointments/`+kela.Reference)
	})
}

// TestCalendarDaysAndWeeks checks the day and week views in the weeks
// summer time ends (25 October 2026) and starts (28 March 2027): an
// appointment at 9.00 Finnish time shows at 9.00 on both sides of each
// change, each on the day it is on in Finland, in the order of time.
func TestCalendarDaysAndWeeks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := calendarServer(t, e)
		satMorning := f.book(t, "2026-10-24 09:00", 30, kelaVisit("Lauri Lauantai"))
		f.book(t, "2026-10-25 09:00", 30, kelaVisit("Sini Sunnuntai"))
		// Past midnight on Sunday in Finland, still Saturday in UTC.
		sunNight := f.book(t, "2026-10-25 00:30", 30, kelaVisit("Yrjö Yökyöpeli"))
		f.book(t, "2026-10-24 22:30", 30, kelaVisit("Iida Ilta"))
		f.book(t, "2026-10-26 09:00", 30, kelaVisit("Maria Maanantai"))
		f.book(t, "2027-03-27 09:00", 30, kelaVisit("Kevät Lauantai"))
		f.book(t, "2027-03-28 09:00", 30, kelaVisit("Kesä Sunnuntai"))
		if got := satMorning.Start.UTC().Hour(); got != 6 {
			t.Fatalf("9.00 on 24 October is %d.00 UTC, want 6.00 (summer time)", got)
		}
		if got := sunNight.Start.UTC().Day(); got != 24 {
			t.Fatalf("0.30 on 25 October is on day %d in UTC, want the 24th", got)
		}

		a := f.signedIn(t, staffKela, "en")
		p := a.get("/staff/calendar?point=palojoenkulma&day=2026-10-25&view=week")
		wantStatus(t, p, http.StatusOK)
		p.has(t, "Week 43: 19.10.–25.10.2026", "2 appointments")
		days := weekDays(t, p)
		inOrder(t, days[2], "Wednesday 21.10.", "2 appointments", "10.30–11.30", "Amal Asiakas", "14.00–14.30", "Kalle Kelalainen")
		inOrder(t, days[5], "Saturday 24.10.", "2 appointments", "9.00–9.30", "Lauri Lauantai", "22.30–23.00", "Iida Ilta")
		inOrder(t, days[6], "Sunday 25.10.", "2 appointments", "0.30–1.00", "Yrjö Yökyöpeli", "9.00–9.30", "Sini Sunnuntai")
		for i, d := range days {
			if i != 2 && i < 5 && !strings.Contains(d, "No appointments") {
				t.Errorf("day %d of the week is not empty:\n%s", i+1, d)
			}
		}
		p.hasNot(t, "Maria Maanantai", "Pekka Porilainen")
		p.has(t, `href="/staff/calendar?day=2026-10-18&amp;point=palojoenkulma&amp;view=week" rel="prev"`,
			`href="/staff/calendar?day=2026-11-01&amp;point=palojoenkulma&amp;view=week" rel="next"`,
			`href="/staff/calendar?day=2026-10-21&amp;point=palojoenkulma&amp;view=week" aria-current="date"`)

		// The week after: winter time.
		p = a.get("/staff/calendar?point=palojoenkulma&day=2026-11-01&view=week")
		inOrder(t, weekDays(t, p)[0], "Monday 26.10.", "9.00–9.30", "Maria Maanantai")

		// The day views on both sides of the change.
		p = a.get("/staff/calendar?point=palojoenkulma&day=2026-10-24")
		inOrder(t, p.body, "Saturday 24.10.2026", "9.00–9.30", "Lauri Lauantai", "22.30–23.00", "Iida Ilta")
		p.hasNot(t, "Yrjö Yökyöpeli", "Sini Sunnuntai")
		p = a.get("/staff/calendar?point=palojoenkulma&day=2026-10-25&view=day")
		inOrder(t, p.body, "Sunday 25.10.2026", "<caption", "0.30–1.00", "Yrjö Yökyöpeli", "9.00–9.30", "Sini Sunnuntai")
		p.hasNot(t, "Lauri Lauantai", "Iida Ilta")
		p.has(t, `href="/staff/calendar?day=2026-10-24&amp;point=palojoenkulma&amp;view=day" rel="prev"`)

		// Spring: summer time starts on Sunday 28 March 2027.
		p = a.get("/staff/calendar?point=palojoenkulma&day=2027-03-28&view=week")
		days = weekDays(t, p)
		inOrder(t, days[5], "Saturday 27.3.", "9.00–9.30", "Kevät Lauantai")
		inOrder(t, days[6], "Sunday 28.3.", "9.00–9.30", "Kesä Sunnuntai")
		p = a.get("/staff/calendar?point=palojoenkulma&day=2027-03-28")
		inOrder(t, p.body, "9.00–9.30", "Kesä Sunnuntai")

		// A person's calendar: Matti's week, with where each visit is.
		p = a.get("/staff/calendar?staff=matti-meikalainen&day=2026-10-25&view=week")
		wantStatus(t, p, http.StatusOK)
		p.has(t, "Matti Meikäläinen", "Advisory room 1, Palojoenkulma joint service point")
		inOrder(t, weekDays(t, p)[6], "0.30–1.00", "9.00–9.30")
		p.hasNot(t, "Amal Asiakas")

		// Today by default, and the form's choice becomes the address.
		p = a.get("/staff/calendar?point=palojoenkulma")
		inOrder(t, p.body, "Wednesday 21.10.2026", "Amal Asiakas", "Kalle Kelalainen")
		wantRedirect(t, a.get("/staff/calendar?who=staff%3Amaija-meikalainen&day=2026-10-21&view=week"),
			"/staff/calendar?day=2026-10-21&staff=maija-meikalainen&view=week")

		// Mistakes show the form again with what is wrong.
		for _, bad := range []string{"?point=palojoenkulma&day=21.10.2026", "?point=porin-leijona", "?point=palojoenkulma&view=month",
			"?who=", "?point=palojoenkulma&staff=matti-meikalainen", "?staff=ritva-vastaanotto"} {
			p := a.get("/staff/calendar" + bad)
			wantStatus(t, p, http.StatusBadRequest)
			p.has(t, `class="error-summary" id="calendar-error" role="alert"`)
		}

		// In Finnish and Swedish, with every text in place.
		for lang, want := range map[string][]string{
			"fi": {"Viikko 43: 19.10.–25.10.2026", "Lauantai 24.10.", "2 ajanvarausta", "Seuraava viikko"},
			"sv": {"Vecka 43: 19.10.–25.10.2026", "Lördag 24.10.", "2 bokningar", "Nästa vecka"},
		} {
			a := f.signedIn(t, staffKela, lang)
			p := a.get("/staff/calendar?point=palojoenkulma&day=2026-10-25&view=week")
			p.has(t, want...)
			p.hasNot(t, "calendar.")
			p = a.get("/staff/calendar?point=palojoenkulma&day=2026-10-21")
			p.hasNot(t, "calendar.")
			p = a.get("/staff/appointments/" + f.joint.Reference)
			p.hasNot(t, "calendar.")
		}
	})
}

// TestCalendarAppointment opens an appointment from the calendar, checks
// that the read is in the audit log, cancels it through the confirmation
// page, and checks that a forged cancellation is refused.
func TestCalendarAppointment(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := calendarServer(t, e)
		ctx := context.Background()
		a := f.signedIn(t, staffKela, "en")
		cal := a.get("/staff/calendar?point=palojoenkulma&day=2026-10-21")
		details := "/staff/appointments/" + f.joint.Reference + "?day=2026-10-21&point=palojoenkulma&view=day"
		cal.has(t, `href="`+strings.ReplaceAll(details, "&", "&amp;")+`"`)

		p := a.get(details)
		wantStatus(t, p, http.StatusOK)
		if p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q", p.header.Get("Cache-Control"))
		}
		p.has(t, "Wednesday 21.10.2026, 10.30–11.30", "Amal Asiakas", `href="tel:&#43;358407654321"`, "amal@example.fi", "Arabic",
			"Tulee lastenvaunujen kanssa", "Kela benefit guidance: Maija Meikäläinen", "Adult social work: Ritva Vastaanotto",
			"Samir Al-Mithal", "Advisory room 2", "Palojoenkulma joint service point", f.joint.Reference, "Kela",
			`href="/api/v1/appointments/`+f.joint.Reference+`.ics"`,
			`<a href="/staff/calendar?day=2026-10-21&amp;point=palojoenkulma&amp;view=day">Back to the calendar</a>`,
			`<a href="/staff/calendar" aria-current="page">Calendar</a>`)
		if !hasAudit(t, f.db, f.joint.Reference, "appointment.read", staffKela) {
			t.Error("opening the appointment is not in the audit log")
		}
		if ics := a.get("/api/v1/appointments/" + f.joint.Reference + ".ics"); ics.status != http.StatusOK ||
			!strings.HasPrefix(ics.header.Get("Content-Type"), "text/calendar") {
			t.Errorf("the .ics link answers %d %s", ics.status, ics.header.Get("Content-Type"))
		}

		cancel := "/staff/appointments/" + f.joint.Reference + "/cancel?day=2026-10-21&point=palojoenkulma&view=day"
		p.has(t, `href="`+strings.ReplaceAll(cancel, "&", "&amp;")+`">Cancel the appointment</a>`)
		confirm := a.get(cancel)
		wantStatus(t, confirm, http.StatusOK)
		confirm.has(t, "Cancel the appointment?", "Amal Asiakas", `action="`+strings.ReplaceAll(cancel, "&", "&amp;")+`"`)

		// Forged: no token, a wrong token, and a valid token of someone
		// whose organisation takes no part.
		wantStatus(t, a.do("POST", cancel, url.Values{}), http.StatusForbidden)
		wantStatus(t, a.do("POST", cancel, url.Values{"csrf": {"forged-forged-forged-forged-forged"}}), http.StatusForbidden)
		pori := f.signedIn(t, staffPori, "en")
		wantStatus(t, pori.submit(cancel, url.Values{}), http.StatusForbidden)
		if ap, err := f.db.Appointments().Appointment(ctx, f.joint.Reference); err != nil || ap.Cancelled != nil {
			t.Fatalf("after forged cancellations the appointment is %+v, %v", ap, err)
		}

		done := a.submit(cancel, url.Values{})
		wantRedirect(t, done, "/staff/appointments/"+f.joint.Reference+"?day=2026-10-21&done=cancelled&point=palojoenkulma&view=day")
		if ap, err := f.db.Appointments().Appointment(ctx, f.joint.Reference); err != nil || ap.Cancelled == nil {
			t.Fatalf("the appointment was not cancelled: %+v, %v", ap, err)
		}
		if !hasAudit(t, f.db, f.joint.Reference, "appointment.cancel", staffKela) {
			t.Error("the cancellation is not in the audit log")
		}
		p = a.get(done.header.Get("Location"))
		p.has(t, `<div class="notice" role="status"><p>The appointment is cancelled.`, "Cancelled on ")
		p.hasNot(t, ">Cancel the appointment</a>", ".ics")
		wantRedirect(t, a.get(cancel), "/staff/appointments/"+f.joint.Reference+"?day=2026-10-21&point=palojoenkulma&view=day")
		wantStatus(t, a.submit(cancel, url.Values{}), http.StatusConflict)

		cal = a.get("/staff/calendar?point=palojoenkulma&day=2026-10-21")
		inOrder(t, cal.body, `<tr class="cancelled">`, "10.30–11.30", `<span class="calendar-status">Cancelled</span>`, "Amal Asiakas")
		cal.has(t, "1 appointment (1 cancelled)")

		// A moved appointment says so.
		start := time.Date(2026, 10, 21, 13, 0, 0, 0, time.UTC)
		if _, err := f.db.Appointments().Move(ctx, booking.Requester{TokenHash: "x"}, f.kela.Reference, booking.Booking{Slot: booking.Slot{
			Start: start, End: start.Add(30 * time.Minute), Point: "palojoenkulma", Channel: booking.InPerson,
			Services: f.kela.Services, Staff: f.kela.Staff, Room: f.kela.Room}}); err != nil {
			t.Fatal(err)
		}
		cal = a.get("/staff/calendar?point=palojoenkulma&day=2026-10-21&view=week")
		inOrder(t, weekDays(t, cal)[2], "16.00–16.30", "Kalle Kelalainen", `<span class="calendar-status moved">Moved</span>`)

		// A past appointment offers no cancelling.
		past := f.book(t, "2026-10-20 09:00", 30, kelaVisit("Eero Eilinen"))
		p = a.get("/staff/appointments/" + past.Reference)
		p.hasNot(t, ">Cancel the appointment</a>")
		p.has(t, `<a href="/staff/calendar?day=2026-10-20&amp;point=palojoenkulma&amp;view=day">Back to the calendar</a>`)
		wantStatus(t, a.get("/staff/appointments/nonsense"), http.StatusBadRequest)
		wantStatus(t, a.get("/staff/appointments/AAAA-AAAA"), http.StatusNotFound)
		wantRedirect(t, a.get("/staff/appointments"), "/staff/calendar")
	})
}

// hasAudit reports whether the audit log has an allowed entry of action
// on the appointment by the account email.
func hasAudit(t *testing.T, db *store.DB, reference, action, email string) bool {
	t.Helper()
	entries, err := db.Access().AuditLog(context.Background(), access.AuditFilter{SubjectKind: "appointment", Subject: reference})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && e.Outcome == access.Allowed && strings.Contains(e.Actor, email) && e.Purpose != "" {
			return true
		}
	}
	return false
}
