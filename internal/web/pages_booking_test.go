package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// resident is a browser without the browser for the booking pages: a
// cookie jar, a language, no redirects followed. It keeps every address
// it asked for or was sent to, and every cookie it was given, so that a
// test can check what went into URLs and cookies.
type resident struct {
	t       *testing.T
	ts      *httptest.Server
	c       *http.Client
	lang    string
	urls    []string
	cookies []*http.Cookie
}

func newResident(t *testing.T, ts *httptest.Server, lang string) *resident {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := *ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &resident{t: t, ts: ts, c: &c, lang: lang}
}

type seen struct {
	status int
	header http.Header
	body   string
}

func (r *resident) do(method, path string, form url.Values) seen {
	r.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, r.ts.URL+path, body)
	if err != nil {
		r.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", r.lang)
	r.urls = append(r.urls, req.URL.String())
	res, err := r.c.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if loc := res.Header.Get("Location"); loc != "" {
		r.urls = append(r.urls, loc)
	}
	r.cookies = append(r.cookies, res.Cookies()...)
	return seen{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (r *resident) get(path string) seen { r.t.Helper(); return r.do("GET", path, nil) }

// submit posts a form with the CSRF token of the page it came from.
func (r *resident) submit(from seen, path string, form url.Values) seen {
	r.t.Helper()
	form.Set("csrf", formCSRF(r.t, reply{body: from.body}))
	return r.do("POST", path, form)
}

// cookie returns the last cookie named name that the server set.
func (r *resident) cookie(name string) *http.Cookie {
	for i := len(r.cookies) - 1; i >= 0; i-- {
		if r.cookies[i].Name == name {
			return r.cookies[i]
		}
	}
	return nil
}

// noneInURLs fails when any address the resident saw contains one of
// secrets (raw or query-escaped).
func (r *resident) noneInURLs(secrets ...string) {
	r.t.Helper()
	for _, u := range r.urls {
		for _, s := range secrets {
			if s == "" {
				continue
			}
			for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
				if strings.Contains(u, form) {
					r.t.Errorf("the address %q carries %q", u, s)
				}
			}
		}
	}
}

func (s seen) want(t *testing.T, status int, texts ...string) {
	t.Helper()
	if s.status != status {
		t.Fatalf("status %d, want %d:\n%s", s.status, status, s.body)
	}
	body := html.UnescapeString(s.body)
	for _, w := range texts {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func (s seen) lacks(t *testing.T, texts ...string) {
	t.Helper()
	body := html.UnescapeString(s.body)
	for _, w := range texts {
		if strings.Contains(body, w) {
			t.Errorf("page has %q", w)
		}
	}
}

var startRE = regexp.MustCompile(`name="start" value="([^"]+)"`)

// starts lists the times a page offers.
func (s seen) starts(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, m := range startRE.FindAllStringSubmatch(s.body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	if len(out) == 0 {
		t.Fatalf("the page offers no times:\n%s", s.body)
	}
	return out
}

var nextRE = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

// count counts rows with a query on the store's read pool.
func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func appointments(t *testing.T, db *store.DB) int {
	return count(t, db, "SELECT COUNT(*) FROM appointment")
}

// activeReservations counts the reservations an appointment holds.
func activeReservations(t *testing.T, db *store.DB, ref string) int {
	return count(t, db, `SELECT COUNT(*) FROM reservation x JOIN appointment a ON a.id = x.appointment_id
		WHERE a.reference = $1 AND x.active = TRUE`, ref)
}

func noOverlaps(t *testing.T, db *store.DB) {
	t.Helper()
	if n, err := db.Appointments().Overlaps(context.Background()); err != nil || n != 0 {
		t.Errorf("overlapping reservations: %d, %v", n, err)
	}
}

const (
	kelaGuidance = "kela-benefit-guidance"
	socialWork   = "satakunta-adult-social-work"
)

// jointQuery is the query of a joint visit to Kela and the county's
// social work at Palojoenkulma with an Arabic interpreter.
func jointQuery(extra ...string) string {
	v := url.Values{"service": {kelaGuidance, socialWork}, "interpreter": {"ar"}, "point": {"palojoenkulma"}, "channel": {"in_person"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v.Encode()
}

// TestBookingPagesJointVisit is a resident's whole errand through the
// pages: a joint visit with an interpreter, booked, seen, moved and
// cancelled, with the code kept in a cookie of the appointment's own
// path and no personal data in any address.
func TestBookingPagesJointVisit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := bookingServer(t, e)
		r := newResident(t, ts, "en")

		// Step 1: the services that can be booked, by organisation.
		p := r.get("/book")
		p.want(t, 200, "What do you need help with?", "Step 1 of 4", "Kela benefit guidance", "Adult social work",
			`<legend>Kela</legend>`, `name="service" value="`+socialWork+`"`, `<option value="ar">Arabic – العربية</option>`,
			`<fieldset id="field-services"`)
		// Walk-in services are not offered for booking.
		p.lacks(t, `value="espoo-library"`, `value="pori-digital-help"`, `<option value="fi">`)
		at := r.get("/book?point=palojoenkulma")
		at.want(t, 200, "You are booking at Palojoenkulma joint service point", `<input type="hidden" name="point" value="palojoenkulma">`)
		at.lacks(t, `value="espoo-health-station"`)

		// Step 2: only the places giving both services by appointment;
		// the county's social work is not given remotely.
		p = r.get("/book/place?" + url.Values{"service": {kelaGuidance, socialWork}, "interpreter": {"ar"}}.Encode())
		p.want(t, 200, "Where would you like to meet?", `value="palojoenkulma"`, "In person: Pori", "Yrjönkatu 23, 28100 Pori")
		p.lacks(t, `value="kela-remote/video"`, `value="ohjaamo-pori"`, `name="municipality"`)

		// Step 3: a day of free times, in Finnish time, and later days.
		p = r.get("/book/times?" + url.Values{"service": {kelaGuidance, socialWork}, "interpreter": {"ar"}, "place": {"palojoenkulma"}}.Encode())
		p.want(t, 200, "Step 3 of 4", "Free times on Tuesday 24.11.2026", "Times are in Finnish time. The visit takes about 60 minutes.",
			"Arabic – an interpreter takes part")
		starts := p.starts(t)
		if starts[0] != "2026-11-24T09:00:00+02:00" {
			t.Errorf("the first free time is %s", starts[0])
		}
		next := nextRE.FindStringSubmatch(p.body)
		if next == nil {
			t.Fatal("no link to later times")
		}
		later := r.get(html.UnescapeString(next[1]))
		later.want(t, 200, "Free times on Thursday 26.11.2026")

		// Step 4: the contact form for the chosen time.
		details := "/book/details?" + jointQuery("start", starts[1])
		p = r.get(details)
		p.want(t, 200, "Your details", "Tuesday 24.11.2026, 09.15–10.15", "Palojoenkulma joint service point",
			"Kela benefit guidance", "Expert: ", "Language of the visit: Arabic", `name="csrf"`)
		if cc := p.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("the contact form's Cache-Control is %q", cc)
		}

		form := func(name, phone, email string) url.Values {
			return url.Values{"service": {kelaGuidance, socialWork}, "interpreter": {"ar"}, "point": {"palojoenkulma"},
				"channel": {"in_person"}, "start": {starts[1]}, "name": {name}, "phone": {phone}, "email": {email},
				"language": {"ar"}, "needs": {"Tulen sosiaalityöntekijän kanssa."}}
		}
		// Bad input: the form again with every mistake named, what was
		// typed kept, and nothing written.
		bad := r.submit(p, "/book", form("", "12ab", "amal@"))
		bad.want(t, 400, "Please check the following", `href="#field-name"`, "Enter your name", "Enter the phone number in digits",
			"Enter the e-mail address", `value="12ab"`, `value="amal@"`, "Tulen sosiaalityöntekijän kanssa.", `aria-invalid="true"`)
		if n := appointments(t, db); n != 0 {
			t.Errorf("a refused form wrote %d appointments", n)
		}
		// The language switcher of the form shown again leads back to
		// the form's own page, not to the POST.
		bad.want(t, 400, `href="/language?lang=fi&next=%2Fbook%2Fdetails%3F`)
		r.submit(p, "/book", form("Amal Esimerkki", "", "")).want(t, 400, "Give a phone number or an e-mail address")
		// Without the form's token: refused.
		noToken := form("Amal Esimerkki", "+358 40 765 4321", "")
		if got := r.do("POST", "/book", noToken); got.status != 403 {
			t.Errorf("a form without its CSRF token = %d", got.status)
		}
		if n := appointments(t, db); n != 0 {
			t.Errorf("refused forms wrote %d appointments", n)
		}

		// Booked: 303 to the appointment's page, the code in a cookie
		// for that page only.
		done := r.submit(p, "/book", form("Amal Esimerkki", "+358 40 765 4321", "amal@example.fi"))
		if done.status != http.StatusSeeOther {
			t.Fatalf("booking = %d:\n%s", done.status, done.body)
		}
		loc := done.header.Get("Location")
		ref, err := booking.ParseReference(strings.TrimPrefix(loc, "/appointments/"))
		if err != nil || loc != "/appointments/"+ref {
			t.Fatalf("booking went to %q", loc)
		}
		c := r.cookie("onestop_appt")
		if c == nil || c.Path != "/appointments/"+ref || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure ||
			booking.CanonicalToken(c.Value) != c.Value || c.MaxAge < 7*24*3600 {
			t.Fatalf("the appointment cookie is %+v", c)
		}
		code := c.Value

		// The confirmation: reference, the code once, when, where, who.
		conf := r.get(loc)
		conf.want(t, 200, "Your appointment is booked", ref, code, "Write the code down", "Tuesday 24.11.2026, 09.15–10.15",
			"Yrjönkatu 23, 28100 Pori", "Room: ", "Kela benefit guidance", "Adult social work", "Arabic – an interpreter takes part",
			"Amal Esimerkki", "+358 40 765 4321", "Add to calendar", ts.URL+"/appointments/"+ref,
			`href="/appointments/`+ref+`/move"`, `href="/appointments/`+ref+`/cancel"`)
		if cc := conf.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("the appointment page's Cache-Control is %q", cc)
		}
		again := r.get(loc)
		again.want(t, 200, "Your appointment", ref, "Amal Esimerkki")
		again.lacks(t, code, "Your appointment is booked")

		ics := r.get(loc + "/calendar.ics")
		if ics.status != 200 || !strings.HasPrefix(ics.header.Get("Content-Type"), "text/calendar") || !strings.Contains(ics.body, "BEGIN:VEVENT") {
			t.Errorf("calendar.ics = %d %s", ics.status, ics.header.Get("Content-Type"))
		}

		// Move: the free times without the current one, a confirmation,
		// then the move.
		mv := r.get(loc + "/move")
		mv.want(t, 200, "Choose a new time", "Your current appointment", "Tuesday 24.11.2026, 09.15–10.15")
		times := mv.starts(t)
		for _, s := range times {
			if s == starts[1] {
				t.Errorf("the move offers the current time %s", s)
			}
		}
		newStart := times[len(times)-1]
		confirm := r.get(loc + "/move?" + url.Values{"start": {newStart}}.Encode())
		confirm.want(t, 200, "Move your appointment?", "Current time", "New time", `name="start" value="`+newStart+`"`)
		moved := r.submit(confirm, loc+"/move", url.Values{"start": {newStart}})
		if moved.status != http.StatusSeeOther || moved.header.Get("Location") != loc+"?done=moved" {
			t.Fatalf("move = %d to %q:\n%s", moved.status, moved.header.Get("Location"), moved.body)
		}
		ap, err := db.Appointments().Appointment(context.Background(), ref)
		if err != nil || !ap.Start.Equal(mustTime(t, newStart)) {
			t.Errorf("after the move the appointment starts %v (%v), want %s", ap.Start, err, newStart)
		}
		r.get(loc+"?done=moved").want(t, 200, "Your appointment has been moved.")
		noOverlaps(t, db)

		// Cancel: a confirmation, then the cancellation.
		cp := r.get(loc + "/cancel")
		cp.want(t, 200, "Cancel your appointment?", "Yes, cancel the appointment")
		cancelled := r.submit(cp, loc+"/cancel", url.Values{})
		if cancelled.status != http.StatusSeeOther || cancelled.header.Get("Location") != loc+"?done=cancelled" {
			t.Fatalf("cancel = %d to %q", cancelled.status, cancelled.header.Get("Location"))
		}
		after := r.get(loc + "?done=cancelled")
		after.want(t, 200, "Your appointment has been cancelled.", "Book a new appointment")
		after.lacks(t, `/move"`, `/cancel"`, "Add to calendar")
		r.get(loc).want(t, 200, "This appointment was cancelled (")
		if n := activeReservations(t, db, ref); n != 0 {
			t.Errorf("a cancelled appointment holds %d reservations", n)
		}
		// A cancelled appointment cannot be moved.
		if got := r.get(loc + "/move"); got.status != http.StatusSeeOther {
			t.Errorf("moving a cancelled appointment = %d", got.status)
		}
		noOverlaps(t, db)

		r.noneInURLs("Amal", "Esimerkki", "765 4321", "+358", "amal@example.fi", "sosiaalityöntekijän", code)
	})
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBookingTakenOffersNextTimes takes the resident's time while they
// type: the form comes back saying so, with the next free times and
// what they typed, and nothing is written for them.
func TestBookingTakenOffersNextTimes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := bookingServer(t, e)
		r := newResident(t, ts, "en")
		q := url.Values{"service": {kelaGuidance}, "point": {"palojoenkulma"}, "channel": {"in_person"}}
		start := r.get("/book/times?" + q.Encode()).starts(t)[0]
		q.Set("start", start)
		p := r.get("/book/details?" + q.Encode())
		p.want(t, 200, "Your details")

		// Others book every expert and room free at that time.
		taken := 0
		for {
			slots := slotsOf(t, ts, "service="+kelaGuidance+"&point=palojoenkulma&limit=1&"+url.Values{"from": {start}, "to": {start}}.Encode())
			if len(slots) == 0 || !slots[0].Start.Equal(mustTime(t, start)) {
				break
			}
			if res := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(slots[0], "Other")), "Content-Type", "application/json"); res.status != 201 {
				t.Fatalf("booking the time for another = %d %s", res.status, res.body)
			}
			taken++
		}
		if taken == 0 {
			t.Fatal("nothing was booked at the time")
		}
		before := appointments(t, db)

		form := url.Values{"service": {kelaGuidance}, "point": {"palojoenkulma"}, "channel": {"in_person"}, "start": {start},
			"name": {"Aino Asiakas"}, "phone": {"040 111 2222"}, "language": {"fi"}}
		got := r.submit(p, "/book", form)
		got.want(t, http.StatusConflict, "That time was just taken", "Nothing has been saved", "Next free times",
			`value="Aino Asiakas"`, `value="040 111 2222"`)
		alts := got.starts(t)
		if len(alts) == 0 || alts[0] == start {
			t.Errorf("the next free times are %v", alts)
		}
		if n := appointments(t, db); n != before {
			t.Errorf("a taken time wrote %d appointments", n-before)
		}
		// The same page answers a link to the taken time.
		r.get("/book/details?"+q.Encode()).want(t, http.StatusConflict, "That time was just taken")

		// Choosing one of the next times books it.
		form.Set("start", alts[0])
		if ok := r.submit(got, "/book", form); ok.status != http.StatusSeeOther {
			t.Errorf("booking a next free time = %d:\n%s", ok.status, ok.body)
		}
		noOverlaps(t, db)
		r.noneInURLs("Aino", "111 2222")
	})
}

// TestBookingStepsRefuseBadChoices: a step reached without the earlier
// choices (or with wrong ones) shows the earlier step again with a
// sentence saying what to do.
func TestBookingStepsRefuseBadChoices(t *testing.T) {
	ts, db := bookingServer(t, storetest.SQLite)
	r := newResident(t, ts, "en")
	for _, c := range []struct {
		path   string
		status int
		texts  []string
	}{
		{"/book/place", 400, []string{"What do you need help with?", "Choose at least one service.", `href="#field-services"`}},
		{"/book/place?service=no-such-service", 400, []string{"A service you chose was not found."}},
		{"/book/times?service=" + kelaGuidance, 400, []string{"Where would you like to meet?", "Choose a place or a remote appointment."}},
		{"/book/times?service=" + kelaGuidance + "&place=porin-leijona", 400, []string{"does not offer these services by appointment"}},
		{"/book/times?service=" + kelaGuidance + "&place=kela-remote/in_person", 400, []string{"does not offer these services by appointment"}},
		{"/book/times?service=" + kelaGuidance + "&place=palojoenkulma&interpreter=et", 400, []string{"Where would you like to meet?"}},
		{"/book/details?service=" + kelaGuidance + "&place=palojoenkulma", 400, []string{"Choose a time.", `href="#field-times"`}},
		{"/book/times?service=" + kelaGuidance + "&place=palojoenkulma&day=soon", 400, []string{"That date is not valid."}},
		{"/book/details?service=" + kelaGuidance + "&place=palojoenkulma&start=2026-11-23T03:00:00%2B02:00", 409, []string{"That time was just taken"}},
	} {
		r.get(c.path).want(t, c.status, c.texts...)
	}
	// Swedish and Finnish pages speak their language.
	newResident(t, ts, "sv").get("/book").want(t, 200, `<html lang="sv">`, "Vad behöver du hjälp med?", "Steg 1 av 4")
	newResident(t, ts, "fi").get("/book/times?service="+kelaGuidance+"&place=palojoenkulma").want(t, 200,
		`<html lang="fi">`, "Vapaat ajat: maanantai 23.11.2026", "Ajat ovat Suomen aikaa.")
	// Many places: the municipality first, remote service at once.
	p := r.get("/book/place?service=" + kelaGuidance)
	p.want(t, 200, `name="municipality"`, `value="kela-remote/video"`, `value="kela-remote/phone"`, "choose a municipality above")
	p.lacks(t, `value="palojoenkulma"`)
	r.get("/book/place?service="+kelaGuidance+"&municipality=609").want(t, 200, `value="palojoenkulma"`, `value="ohjaamo-pori"`)
	// From a point's page, its municipality is chosen already.
	r.get("/book/place?service="+kelaGuidance+"&point=palojoenkulma").want(t, 200, `value="palojoenkulma" required checked`)
	if n := appointments(t, db); n != 0 {
		t.Errorf("the steps wrote %d appointments", n)
	}
}

// TestBookingPhoneAppointment books Kela's remote service by phone: the
// number is required, and the confirmation says who calls where.
func TestBookingPhoneAppointment(t *testing.T) {
	ts, _ := bookingServer(t, storetest.SQLite)
	r := newResident(t, ts, "en")
	q := url.Values{"service": {kelaGuidance}, "place": {"kela-remote/phone"}}
	start := r.get("/book/times?" + q.Encode()).starts(t)[0]
	q.Set("start", start)
	p := r.get("/book/details?" + q.Encode())
	p.want(t, 200, "Phone appointment", "A phone number is needed", `autocomplete="tel" required`)
	form := url.Values{"service": {kelaGuidance}, "point": {"kela-remote"}, "channel": {"phone"}, "start": {start},
		"name": {"Pekka Puhelin"}, "email": {"pekka@example.fi"}, "language": {"sv"}}
	r.submit(p, "/book", form).want(t, 400, "Enter the phone number the expert should call.")
	form.Set("phone", "050 123 4567")
	done := r.submit(p, "/book", form)
	if done.status != http.StatusSeeOther {
		t.Fatalf("booking by phone = %d:\n%s", done.status, done.body)
	}
	r.get(done.header.Get("Location")).want(t, 200, "We will call you at 050 123 4567.", "Language of the visit", "Swedish")
	r.noneInURLs("Pekka", "123 4567", "pekka@example.fi")
}

// TestBookingPrivateCode: another browser asks for the code in a
// POST body; a wrong code is refused with a sentence, and after five
// wrong codes the reference is locked for a while, right code or not.
func TestBookingPrivateCode(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := bookingServer(t, e)
		book := func() (string, string) {
			s := slotsOf(t, ts, "service="+kelaGuidance+"&point=palojoenkulma&limit=1")[0]
			res := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(bookBody(s, "Leila Lahtinen")), "Content-Type", "application/json")
			if res.status != 201 {
				t.Fatalf("book = %d %s", res.status, res.body)
			}
			var made struct {
				Reference string `json:"reference"`
				Token     string `json:"token"`
			}
			json.Unmarshal(res.body, &made)
			return made.Reference, made.Token
		}
		ref, code := book()
		r := newResident(t, ts, "en")
		path := "/appointments/" + ref

		// Without the code: a form asking for it, no personal data.
		p := r.get(path)
		p.want(t, 200, "Booking "+ref, "Enter the private code", `name="known" value="1"`)
		p.lacks(t, "Leila")
		for _, sub := range []string{"/calendar.ics", "/move", "/cancel"} {
			if got := r.get(path + sub); got.status != http.StatusSeeOther || got.header.Get("Location") != path {
				t.Errorf("%s without the code = %d to %q", sub, got.status, got.header.Get("Location"))
			}
		}
		// A reference typed in lower case finds its canonical page.
		if got := r.get(strings.ToLower(path)); got.status != http.StatusSeeOther || got.header.Get("Location") != path {
			t.Errorf("a lower-case reference = %d to %q", got.status, got.header.Get("Location"))
		}
		r.get("/appointments/OOOO-0000").want(t, 400)

		// Malformed input says what is wrong and counts for nothing.
		r.submit(p, "/appointments", url.Values{"reference": {"ABC"}, "code": {code}}).want(t, 400, "A booking reference has 8 letters")
		r.submit(p, "/appointments", url.Values{"reference": {ref}, "code": {"1234"}, "known": {"1"}}).want(t, 400, "A private code has 20 letters")

		wrong := strings.Repeat("A", 20)
		for i := range 5 {
			got := r.submit(p, "/appointments", url.Values{"reference": {ref}, "code": {wrong}, "known": {"1"}})
			got.want(t, http.StatusForbidden, "The booking reference or the private code is wrong.")
			got.lacks(t, "Leila")
			if r.cookie("onestop_appt") != nil {
				t.Fatalf("a wrong code (try %d) set the appointment cookie", i+1)
			}
		}
		locked := r.submit(p, "/appointments", url.Values{"reference": {ref}, "code": {code}, "known": {"1"}})
		locked.want(t, http.StatusTooManyRequests, "Too many wrong codes. Try again in 15 minutes")
		if locked.header.Get("Retry-After") == "" {
			t.Error("a locked reference gives no Retry-After")
		}

		// Another appointment, from the lookup page, in lower case with
		// spaces: the code is taken, kept in a cookie, and the page shows.
		ref2, code2 := book()
		lookup := r.get("/appointments")
		lookup.want(t, 200, "Find your booking", `id="reference"`, `id="code"`)
		ok := r.submit(lookup, "/appointments", url.Values{"reference": {strings.ToLower(ref2)}, "code": {strings.ToLower(strings.ReplaceAll(code2, "-", " "))}})
		if ok.status != http.StatusSeeOther || ok.header.Get("Location") != "/appointments/"+ref2 {
			t.Fatalf("the right code = %d to %q:\n%s", ok.status, ok.header.Get("Location"), ok.body)
		}
		if c := r.cookie("onestop_appt"); c == nil || c.Value != code2 || c.Path != "/appointments/"+ref2 || !c.HttpOnly {
			t.Errorf("the cookie after the code is %+v", c)
		}
		shown := r.get("/appointments/" + ref2)
		shown.want(t, 200, "Your appointment", "Leila Lahtinen")
		shown.lacks(t, code2)

		// Forgetting takes the code out of the browser.
		forgot := r.submit(shown, "/appointments/"+ref2+"/forget", url.Values{})
		if forgot.status != http.StatusSeeOther || forgot.header.Get("Location") != "/appointments?done=forgotten" {
			t.Errorf("forget = %d to %q", forgot.status, forgot.header.Get("Location"))
		}
		if c := r.cookie("onestop_appt"); c == nil || c.MaxAge >= 0 || c.Path != "/appointments/"+ref2 {
			t.Errorf("forgetting left the cookie %+v", c)
		}
		r.get("/appointments/"+ref2).want(t, 200, "Enter the private code")
		r.noneInURLs(code, code2, wrong, "Leila")
		if n := appointments(t, db); n != 2 {
			t.Errorf("%d appointments, want 2", n)
		}
	})
}
