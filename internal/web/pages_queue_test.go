package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/queue"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// queueMonday is Monday 7 December 2026 at 13.00 in Helsinki: Kela takes
// walk-in customers at Palojoenkulma (12.00–15.30) and the city's
// digital help is open (9–16).
var queueMonday = time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)

// queueWednesday is Wednesday 9 December 2026 at 13.00: Kela takes no
// walk-in customers at Palojoenkulma on Wednesdays.
var queueWednesday = time.Date(2026, 12, 9, 11, 0, 0, 0, time.UTC)

// settableClock is the clock a test server and its store share; a test
// moves it while the browser's requests read it.
type settableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *settableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *settableClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// queueSite is the demo installation with its accounts, staff schedules,
// queues and desks, served with the store and the pages on one clock.
type queueSite struct {
	ts    *httptest.Server
	db    *store.DB
	clock *settableClock
}

func queueServer(t testing.TB, e storetest.Engine, now time.Time) *queueSite {
	t.Helper()
	ctx := context.Background()
	db, svc := demoInstallation(t, e)
	if _, err := demo.LoadSchedules(ctx, db.Appointments()); err != nil {
		t.Fatal(err)
	}
	c := &settableClock{now: now}
	db.Now = c.Now
	log := slog.New(slog.DiscardHandler)
	queues, hub := db.QueuesWithHub(log)
	if err := demo.LoadQueues(ctx, queues); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Version: "test", Now: c.Now}, db.Catalogue(), svc, db.Ping, log, prometheus.NewRegistry(),
		WithBookings(db.Appointments()), WithQueues(queues, hub))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	// Cleanups run last first: live streams end before the server waits
	// for its requests.
	t.Cleanup(srv.StopStreams)
	return &queueSite{ts: ts, db: db, clock: c}
}

// deskOfDemo finds the id of a demo desk by its name.
func (q *queueSite) desk(t testing.TB, point, name string) int64 {
	t.Helper()
	desks, err := q.db.Queues(nil).Desks(context.Background(), point)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range desks {
		if d.Name == name {
			return d.ID
		}
	}
	t.Fatalf("no desk %s at %s", name, point)
	return 0
}

// ticket reads a ticket from the store.
func (q *queueSite) ticket(t testing.TB, id string) queue.Ticket {
	t.Helper()
	tk, err := q.db.Queues(nil).Ticket(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// rows counts the rows of the queue tables, so that a refusal can be
// shown to have written nothing.
func (q *queueSite) rows(t testing.TB) string {
	t.Helper()
	out := ""
	for _, table := range []string{"ticket", "visit", "visit_event", "desk_session", "desk_queue", "queue_day"} {
		var n int
		if err := q.db.Reader().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d ", table, n)
	}
	return out
}

var ticketURLRE = regexp.MustCompile(`^/t/([a-z0-9]{16})\?from=kiosk&lang=([a-z]+)$`)

// takeAtKiosk takes a number in queue at the kiosk in language, as a
// customer does: the kiosk page for its form, then the touch. It returns
// the ticket's id and the page the kiosk went to.
func takeAtKiosk(t testing.TB, a *agent, point, q, language string) (string, fetched) {
	t.Helper()
	k := a.get("/points/" + point + "/kiosk?lang=" + language)
	wantStatus(t, k, http.StatusOK)
	r := a.do("POST", "/points/"+point+"/kiosk", url.Values{"csrf": {csrfOf(t, k)}, "queue": {q}, "language": {language}})
	m := ticketURLRE.FindStringSubmatch(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("taking a number in %s: %d to %q\n%s", q, r.status, r.header.Get("Location"), r.body)
	}
	return m[1], a.get(r.header.Get("Location"))
}

// checkScreen checks what a screen of the service point must have: the
// status and language, one h1, no site header or footer, the CSP's rules
// (scripts from files only, no inline style), and no caching.
func checkScreen(t testing.TB, p fetched, status int, lang string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d; body:\n%s", p.status, status, p.body)
	}
	p.has(t, `<html lang="`+lang+`">`, `<body class="screen `, `<main id="main"`)
	p.hasNot(t, `<header class="site-header">`, `<footer`)
	if n := strings.Count(p.body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	if strings.Count(p.body, "<script") != strings.Count(p.body, `<script src="/static/`) || strings.Contains(p.body, " style=") {
		t.Error("page has inline script or style, which the CSP forbids")
	}
	if cc := p.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
}

// checkSitePage is checkPage for a page with a script: the site's
// header and footer around it, and scripts only from files.
func checkSitePage(t testing.TB, p fetched, status int, lang string) {
	t.Helper()
	scripts := regexp.MustCompile(`<script src="/static/[a-z]+\.[0-9a-f]{8}\.js" defer></script>`)
	p.body = scripts.ReplaceAllString(p.body, "")
	checkPage(t, p, status, lang)
}

// TestKioskPage shows Palojoenkulma's kiosk in each language: a button
// per open queue with how many wait, the languages of the point to
// choose from, and the check-in form.
func TestKioskPage(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueMonday)
	for _, c := range []struct {
		lang  string
		texts []string
	}{
		{"fi", []string{"Ota vuoronumero", "Mitä asiasi koskee?", "Kelan neuvonta", "Digituki", "Ei jonoa", "Onko sinulla varattu aika?", "Varaustunnus"}},
		{"sv", []string{"Ta en kölapp", "Vad gäller ditt ärende?", "FPA:s rådgivning", "Digitalt stöd", "Ingen kö", "Har du en bokad tid?", "Bokningskod"}},
		{"en", []string{"Take a number", "What is your matter?", "Kela guidance", "Digital help", "Nobody waiting", "Do you have an appointment?", "Booking reference"}},
	} {
		a := newAgent(t, q.ts, "fi")
		p := a.get("/points/palojoenkulma/kiosk?lang=" + c.lang)
		checkScreen(t, p, http.StatusOK, c.lang)
		p.has(t, c.texts...)
		p.has(t, `<button type="submit" name="queue" value="kela" class="matter">`, `<button type="submit" name="queue" value="digital-help" class="matter">`,
			`<span class="matter-letter">K</span>`, `name="csrf" value="`, `<input type="hidden" name="language" value="`+c.lang+`">`,
			`lang="ar" dir="rtl">العربية</a>`, `lang="uk">Українська</a>`, `lang="`+c.lang+`" aria-current="true">`,
			`action="/points/palojoenkulma/kiosk/checkin"`)
		p.hasNot(t, " disabled", "priority")
	}

	// Without a language asked for, the browser's; one the point does
	// not serve is ignored.
	a := newAgent(t, q.ts, "sv")
	checkScreen(t, a.get("/points/palojoenkulma/kiosk"), http.StatusOK, "sv")
	checkScreen(t, a.get("/points/palojoenkulma/kiosk?lang=de"), http.StatusOK, "sv")

	// A language of the point beyond the interface's: the page is in
	// English and says so; the tickets will record Arabic.
	p := a.get("/points/palojoenkulma/kiosk?lang=ar")
	checkScreen(t, p, http.StatusOK, "en")
	p.has(t, `<strong>Your language:</strong> <span lang="ar" dir="rtl">العربية</span>`, `<input type="hidden" name="language" value="ar">`)

	// Waiting customers show on the buttons.
	takeAtKiosk(t, a, "palojoenkulma", "kela", "fi")
	takeAtKiosk(t, a, "palojoenkulma", "kela", "fi")
	a.get("/points/palojoenkulma/kiosk?lang=fi").has(t, "jonossa 2 · noin ")

	if p := a.get("/points/nowhere/kiosk"); p.status != http.StatusNotFound {
		t.Errorf("the kiosk of an unknown point: %d", p.status)
	}
}

// TestKioskTakesNumber takes a number in Arabic: the kiosk goes to the
// ticket's page, which shows the number, the place in the queue and the
// wait, and a QR code of its own address; the ticket records Arabic.
func TestKioskTakesNumber(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueMonday)
	a := newAgent(t, q.ts, "fi")
	id, p := takeAtKiosk(t, a, "palojoenkulma", "kela", "ar")
	if tk := q.ticket(t, id); tk.Number != "K-001" || tk.Language != "ar" || tk.Priority || tk.State != queue.Waiting {
		t.Fatalf("ticket %+v", tk)
	}
	checkScreen(t, p, http.StatusOK, "en")
	p.has(t, `<span class="ticket-number">K-001</span>`, "Kela guidance", "Palojoenkulma joint service point", "You are next",
		`src="data:image/svg&#43;xml;base64,`, `alt="QR code of this page&#39;s address, to follow number K-001 on your phone"`,
		q.ts.URL+"/t/"+id, `href="/points/palojoenkulma/kiosk">Done – back to the start</a>`,
		`data-stream="/api/v1/tickets/`+id+`/events"`, `<script src="/static/ticket.`, `role="status"`)

	// The second number waits behind the first, with an estimate.
	_, p = takeAtKiosk(t, a, "palojoenkulma", "kela", "fi")
	checkScreen(t, p, http.StatusOK, "fi")
	p.has(t, "K-002", "Paikkasi jonossa: 2", "Arvioitu odotusaika: noin ", " minuuttia", "Valmis – alkuun")

	// On a phone, the same page with the site around it, in the
	// language of the phone's visitor: Arabic is not an interface
	// language, so the browser's.
	phone := newAgent(t, q.ts, "sv")
	p = phone.get("/t/" + id)
	checkSitePage(t, p, http.StatusOK, "sv")
	p.has(t, "Ditt nummer", "K-001", "Du är näst på tur", "Uppdatera sidan", `href="/language?lang=fi&amp;next=%2Ft%2F`+id+`"`)
	p.hasNot(t, "tillbaka till början")
	if cc := p.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("ticket page Cache-Control %q", cc)
	}

	// A Finnish ticket's page is in Finnish on an English phone, unless
	// the phone's visitor chose another language on this site.
	fiID, _ := takeAtKiosk(t, a, "palojoenkulma", "digital-help", "fi")
	en := newAgent(t, q.ts, "en")
	checkSitePage(t, en.get("/t/"+fiID), http.StatusOK, "fi")
	en.get("/language?lang=en&next=/")
	checkSitePage(t, en.get("/t/"+fiID), http.StatusOK, "en")

	for _, path := range []string{"/t/nope", "/t/abcdefghjkmnpqrs"} {
		if p := phone.get(path); p.status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, p.status)
		}
	}
}

// TestKioskRefusals sends what a kiosk must refuse without a ticket: a
// closed queue (with when it opens), a queue that is none, a post
// without the form's token; a priority asked for is not given.
func TestKioskRefusals(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueWednesday)
	a := newAgent(t, q.ts, "fi")
	k := a.get("/points/palojoenkulma/kiosk?lang=fi")
	checkScreen(t, k, http.StatusOK, "fi")
	k.has(t, `<button type="submit" name="queue" value="kela" class="matter closed" disabled>`,
		"Suljettu nyt – avautuu huomenna klo 12.00", `value="digital-help" class="matter">`)
	csrf := csrfOf(t, k)
	before := q.rows(t)

	r := a.do("POST", "/points/palojoenkulma/kiosk", url.Values{"csrf": {csrf}, "queue": {"kela"}, "language": {"fi"}})
	checkScreen(t, r, http.StatusConflict, "fi")
	r.has(t, `role="alert"`, "Kelan neuvonta: jono on nyt suljettu. Se avautuu huomenna klo 12.00.", "Ota vuoronumero")

	r = a.do("POST", "/points/palojoenkulma/kiosk", url.Values{"csrf": {csrf}, "queue": {"taxes"}, "language": {"sv"}})
	checkScreen(t, r, http.StatusBadRequest, "sv")
	r.has(t, "Välj ditt ärende bland knapparna nedan.")

	if r := a.do("POST", "/points/palojoenkulma/kiosk", url.Values{"queue": {"digital-help"}}); r.status != http.StatusForbidden {
		t.Errorf("a post without the form's token: %d", r.status)
	}
	if r := newAgent(t, q.ts, "fi").do("POST", "/points/palojoenkulma/kiosk", url.Values{"csrf": {csrf}, "queue": {"digital-help"}}); r.status != http.StatusForbidden {
		t.Errorf("a post with another browser's token: %d", r.status)
	}
	if after := q.rows(t); after != before {
		t.Fatalf("refused posts wrote rows:\n before %s\n after  %s", before, after)
	}

	r = a.do("POST", "/points/palojoenkulma/kiosk", url.Values{"csrf": {csrf}, "queue": {"digital-help"}, "language": {"fi"}, "priority": {"true"}})
	m := ticketURLRE.FindStringSubmatch(r.header.Get("Location"))
	if m == nil {
		t.Fatalf("digital help: %d %q", r.status, r.header.Get("Location"))
	}
	if tk := q.ticket(t, m[1]); tk.Priority || tk.Number != "D-001" {
		t.Errorf("the kiosk gave %+v", tk)
	}
}

// TestKioskCheckIn checks an appointment in by its reference: a wrong
// reference and a time too early are refused with the reason, the right
// one gets a number in the appointment's queue.
func TestKioskCheckIn(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueMonday)
	ctx := context.Background()
	start := queueMonday.Add(2 * time.Hour) // 15.00
	staff, _, err := q.db.Catalogue().Staff(ctx, catalogue.StaffFilter{Organisation: "kela"})
	if err != nil || len(staff) == 0 {
		t.Fatal(err)
	}
	ap, err := q.db.Appointments().Book(ctx, nil, booking.Booking{Slot: booking.Slot{Start: start, End: start.Add(30 * time.Minute),
		Point: "palojoenkulma", Channel: booking.InPerson, Services: []string{"kela-benefit-guidance"}, Staff: []string{staff[0].Slug}},
		Customer: booking.Customer{Name: "Matti"}, Reference: booking.NewReference(), TokenHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	a := newAgent(t, q.ts, "fi")
	csrf := csrfOf(t, a.get("/points/palojoenkulma/kiosk?lang=fi"))
	checkIn := func(ref, lang string) fetched {
		return a.do("POST", "/points/palojoenkulma/kiosk/checkin", url.Values{"csrf": {csrf}, "reference": {ref}, "language": {lang}})
	}
	before := q.rows(t)
	r := checkIn("ACDE-347", "fi")
	checkScreen(t, r, http.StatusBadRequest, "fi")
	r.has(t, "Tarkista varaustunnus", `<span lang="en">A booking reference has 8 letters and digits`, `value="ACDE-347"`, `aria-invalid="true"`)
	r = checkIn(ap.Reference, "en")
	checkScreen(t, r, http.StatusConflict, "en")
	r.has(t, "Your appointment could not be checked in here.", "check in from 14.00")
	if after := q.rows(t); after != before {
		t.Fatalf("refused check-ins wrote rows:\n before %s\n after  %s", before, after)
	}

	q.clock.set(start.Add(-30 * time.Minute))
	r = checkIn(strings.ToLower(ap.Reference), "sv")
	m := ticketURLRE.FindStringSubmatch(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("check-in: %d %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	if tk := q.ticket(t, m[1]); tk.Appointment != ap.Reference || tk.Queue != "kela" || tk.Language != "sv" {
		t.Fatalf("checked in %+v", tk)
	}
	a.get(r.header.Get("Location")).has(t, "Din tid är kl. 15.00. Du blir uppropad då.")
}

// TestDisplayPage renders the lobby display: the latest calls newest
// first, the waiting per queue, the headings in the point's languages
// for the script to take turns in.
func TestDisplayPage(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueMonday)
	a := newAgent(t, q.ts, "fi")
	p := a.get("/points/palojoenkulma/display")
	checkScreen(t, p, http.StatusOK, "fi")
	p.has(t, "<h1>Palojoenkulman yhteispalvelupiste</h1>", "Numeroita ei ole vielä kutsuttu.", `<th scope="col" data-word="number">Numero</th>`,
		`<th scope="col" data-word="desk">Tiski</th>`, `<th scope="col" data-word="waiting">Jonossa</th>`,
		`<span class="queue-letter">K</span> <span class="queue-name">Kelan neuvonta</span></div></td><td class="queue-waiting">0</td>`,
		`data-stream="/api/v1/points/palojoenkulma/display"`, `data-last-event="0"`, `<script src="/static/display.`,
		`<noscript><meta http-equiv="refresh" content="20"></noscript>`, `aria-live="polite"`,
		// Somali has no words here; Russian, Ukrainian and Arabic do.
		`data-cycle="[&#34;fi&#34;,&#34;sv&#34;,&#34;en&#34;,&#34;ar&#34;,&#34;ru&#34;,&#34;uk&#34;]"`, `&#34;desk&#34;:&#34;Окно&#34;`, `&#34;dir&#34;:&#34;rtl&#34;`)

	// Two calls: the newer first.
	for _, c := range []struct{ queue, desk string }{{"kela", "2"}, {"digital-help", "3"}} {
		takeAtKiosk(t, a, "palojoenkulma", c.queue, "fi")
		id := q.desk(t, "palojoenkulma", c.desk)
		ws := q.db.Queues(nil)
		manager := managerActor(t, q.db)
		if _, err := ws.SignIn(context.Background(), id, manager, []string{c.queue}); err != nil {
			t.Fatal(err)
		}
		if _, err := ws.CallNext(context.Background(), id, manager); err != nil {
			t.Fatal(err)
		}
	}
	takeAtKiosk(t, a, "palojoenkulma", "kela", "fi")
	p = newAgent(t, q.ts, "en").get("/points/palojoenkulma/display?lang=sv")
	checkScreen(t, p, http.StatusOK, "sv")
	inOrder(t, p.body, `<tr class="latest"><td class="call-number">D-001</td><td class="call-desk">3</td></tr>`,
		`<tr><td class="call-number">K-001</td><td class="call-desk">2</td></tr>`, `FPA:s rådgivning</span></div></td><td class="queue-waiting">1</td>`)
	p.hasNot(t, `id="calls-none">`)
	if !regexp.MustCompile(`data-last-event="[1-9][0-9]*"`).MatchString(p.body) {
		t.Error("the display does not know its newest call")
	}

	if p := a.get("/points/nowhere/display"); p.status != http.StatusNotFound {
		t.Errorf("the display of an unknown point: %d", p.status)
	}
}

// managerActor is Palojoenkulma's demo manager as the store knows them.
func managerActor(t testing.TB, db *store.DB) *access.Actor {
	t.Helper()
	acc, err := db.Access().AccountByEmail(context.Background(), managerEmail)
	if err != nil {
		t.Fatal(err)
	}
	return acc.Actor("test")
}

// TestDeskFlow works a desk in the browser's way, with forms: Kela's
// staff finds the desks from the home page, signs in to desk 2 for
// Kela's queue, is told nobody waits, calls the number taken at the
// kiosk, passes the customer to the head of digital help, where the
// manager calls, serves and finishes them; the customer's page follows.
func TestDeskFlow(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueMonday)
	staff := newAgent(t, q.ts, "fi")
	staff.signIn(staffKela)
	home := staff.get("/staff")
	home.has(t, `href="/staff/points/palojoenkulma/desks">Tiskit – Palojoenkulman yhteispalvelupiste</a>`,
		`href="/staff/points/iso-omena/desks">`)
	home.hasNot(t, "/staff/points/kela-helsinki/desks")

	list := staff.get("/staff/points/palojoenkulma/desks")
	wantStatus(t, list, http.StatusOK)
	desk2 := q.desk(t, "palojoenkulma", "2")
	deskURL := fmt.Sprintf("/staff/desks/%d", desk2)
	list.has(t, "<h1>Tiskit – Palojoenkulman yhteispalvelupiste</h1>", `<a href="`+deskURL+`">Tiski 2</a>`, "Vapaa",
		`href="/points/palojoenkulma/kiosk"`, `href="/points/palojoenkulma/display"`)

	// Signed out, the desk offers Kela's queue ticked, the city's not.
	p := staff.get(deskURL)
	wantStatus(t, p, http.StatusOK)
	p.has(t, "<h1>Tiski 2 – Palojoenkulman yhteispalvelupiste</h1>", "Kirjaudu tiskille",
		`id="desk-queue-kela" name="queues" value="kela" checked>`, `id="desk-queue-digital-help" name="queues" value="digital-help">`)
	p.hasNot(t, "Kutsu seuraava asiakas")
	if cc := p.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("desk page Cache-Control %q", cc)
	}

	// Signing in to no queue is refused, with the field to fix.
	p = staff.submit(deskURL+"/signin", url.Values{})
	wantStatus(t, p, http.StatusBadRequest)
	p.has(t, `id="desk-error" role="alert"`, "Choose at least one queue", `href="#desk-queues"`)

	wantRedirect(t, staff.submit(deskURL+"/signin", url.Values{"queues": {"kela"}}), deskURL+"?done=desk_signed_in")
	p = staff.get(deskURL + "?done=desk_signed_in")
	p.has(t, "Olet kirjautunut tiskille.", "Tiskillä ei ole asiakasta.", "Kutsu seuraava asiakas", "Kirjaudu ulos tiskiltä",
		`<tr data-queue="kela">`, `data-stream="/api/v1/points/palojoenkulma/display"`)

	p = staff.submit(deskURL+"/next", url.Values{})
	wantStatus(t, p, http.StatusConflict)
	p.has(t, "Nobody is waiting in the queues desk 2 serves.", "Kutsu seuraava asiakas")

	customer := newAgent(t, q.ts, "fi")
	id, _ := takeAtKiosk(t, customer, "palojoenkulma", "kela", "ar")
	wantRedirect(t, staff.submit(deskURL+"/next", url.Values{}), deskURL+"?done=ticket_called")
	p = staff.get(deskURL)
	p.has(t, `<p class="desk-number">K-001</p>`, "<dd>Kelan neuvonta</dd>", "<dd>arabia</dd>", "<dd>13.00</dd>", "Kutsuttu klo 13.00",
		"Asiakas saapui", "Kutsu uudelleen", "Ei saapunut", `<option value="served" selected>Palveltu</option>`,
		`<option value="digital-help">D Digituki</option>`)
	customer.get("/t/"+id).has(t, "Mene tiskille 2", "Numerosi on kutsuttu.")

	// A desk with a customer cannot be signed out of.
	p = staff.submit(deskURL+"/signout", url.Values{})
	wantStatus(t, p, http.StatusConflict)
	p.has(t, "still with K-001")

	wantRedirect(t, staff.submit(deskURL+"/recall", url.Values{}), deskURL+"?done=ticket_recalled")
	wantRedirect(t, staff.submit(deskURL+"/transfer", url.Values{"queue": {"digital-help"}, "place": {"head"}}), deskURL+"?done=ticket_transferred")
	if tk := q.ticket(t, id); tk.Queue != "digital-help" || tk.State != queue.Waiting || tk.Number != "K-001" {
		t.Fatalf("after the transfer %+v", tk)
	}
	staff.get(deskURL).has(t, "Tiskillä ei ole asiakasta.")
	customer.get("/t/"+id).has(t, "Digituki", "Olet seuraavana")

	// Another number, called and not come.
	id2, _ := takeAtKiosk(t, customer, "palojoenkulma", "kela", "sv")
	wantRedirect(t, staff.submit(deskURL+"/next", url.Values{}), deskURL+"?done=ticket_called")
	staff.get(deskURL).has(t, "K-002", "<dd>ruotsi</dd>")
	wantRedirect(t, staff.submit(deskURL+"/noshow", url.Values{}), deskURL+"?done=ticket_no_show")
	customer.get("/t/"+id2).has(t, "Ditt nummer ropades upp, men du kom inte till disken.")
	wantRedirect(t, staff.submit(deskURL+"/signout", url.Values{}), deskURL+"?done=desk_signed_out")

	// The manager works digital help at desk 3, in English.
	manager := newAgent(t, q.ts, "en")
	manager.signIn(managerEmail)
	manager.get("/staff/points/palojoenkulma").has(t, `href="/staff/points/palojoenkulma/desks">Desks and walk-in queues</a>`)
	desk3 := fmt.Sprintf("/staff/desks/%d", q.desk(t, "palojoenkulma", "3"))
	manager.get(desk3).has(t, `value="kela" checked>`, `value="digital-help" checked>`)
	wantRedirect(t, manager.submit(desk3+"/signin", url.Values{"queues": {"digital-help"}}), desk3+"?done=desk_signed_in")
	wantRedirect(t, manager.submit(desk3+"/next", url.Values{}), desk3+"?done=ticket_called")
	wantRedirect(t, manager.submit(desk3+"/serve", url.Values{}), desk3+"?done=ticket_serving")
	p = manager.get(desk3)
	p.has(t, "K-001", "Being served since 13.00", "Finish the visit")
	p.hasNot(t, "Call again")
	customer.get("/t/"+id).has(t, "Sinua palvellaan tiskillä 3.")

	p = manager.submit(desk3+"/finish", url.Values{"outcome": {"happy"}})
	wantStatus(t, p, http.StatusBadRequest)
	p.has(t, "The outcome &#34;happy&#34; is not one of", `href="#desk-outcome"`, `id="desk-outcome" name="outcome" aria-invalid="true"`)
	wantRedirect(t, manager.submit(desk3+"/finish", url.Values{"outcome": {"referred"}}), desk3+"?done=ticket_finished")
	if tk := q.ticket(t, id); tk.State != queue.Done || tk.Outcome != "referred" {
		t.Fatalf("finished %+v", tk)
	}
	p = customer.get("/t/" + id)
	p.has(t, "Asiointisi on päättynyt. Kiitos!")
	p.hasNot(t, "data-stream=")

	// Someone else at the desk is told, and signing in takes it over.
	staff.get(desk3).has(t, "Tiskille on kirjautunut manager.palojoenkulma@demo.onestop.fi.")
}

// TestDeskRefusals: a desk is for those who work at its point.
func TestDeskRefusals(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueWednesday)
	desk1 := fmt.Sprintf("/staff/desks/%d", q.desk(t, "palojoenkulma", "1"))
	isoDesk := fmt.Sprintf("/staff/desks/%d", q.desk(t, "iso-omena", "1"))

	anon := newAgent(t, q.ts, "en")
	wantRedirect(t, anon.get(desk1), "/signin?next="+url.QueryEscape(desk1))
	wantRedirect(t, anon.get("/staff/points/palojoenkulma/desks"), "/signin?next=%2Fstaff%2Fpoints%2Fpalojoenkulma%2Fdesks")

	for _, email := range []string{interpreter, analyst} {
		a := newAgent(t, q.ts, "en")
		a.signIn(email)
		for _, path := range []string{desk1, "/staff/points/palojoenkulma/desks"} {
			p := a.get(path)
			wantStatus(t, p, http.StatusForbidden)
			p.has(t, "Only staff working at palojoenkulma use its desks.")
		}
		wantStatus(t, a.submit(desk1+"/signin", url.Values{"queues": {"digital-help"}}), http.StatusForbidden)
	}

	manager := newAgent(t, q.ts, "en")
	manager.signIn(managerEmail)
	wantStatus(t, manager.get(isoDesk), http.StatusForbidden)
	wantStatus(t, manager.get("/staff/points/iso-omena/desks"), http.StatusForbidden)
	wantStatus(t, manager.submit(isoDesk+"/next", url.Values{}), http.StatusForbidden)
	wantStatus(t, manager.get("/staff/desks/99999"), http.StatusNotFound)
	wantStatus(t, manager.get("/staff/desks/one"), http.StatusNotFound)
	wantStatus(t, manager.get("/staff/points/nowhere/desks"), http.StatusNotFound)

	// A transfer to a queue closed today is refused and changes nothing.
	takeAtKiosk(t, newAgent(t, q.ts, "fi"), "palojoenkulma", "digital-help", "fi")
	wantRedirect(t, manager.submit(desk1+"/signin", url.Values{"queues": {"digital-help"}}), desk1+"?done=desk_signed_in")
	wantRedirect(t, manager.submit(desk1+"/next", url.Values{}), desk1+"?done=ticket_called")
	before := q.rows(t)
	p := manager.submit(desk1+"/transfer", url.Values{"queue": {"kela"}, "place": {"tail"}})
	wantStatus(t, p, http.StatusConflict)
	p.has(t, "closed now", `<p class="desk-number">D-001</p>`)
	// The language switcher of the page shown again leads to the desk.
	p.has(t, `href="/language?lang=fi&amp;next=`+url.QueryEscape(desk1)+`"`)
	if after := q.rows(t); after != before {
		t.Fatalf("a refused transfer wrote rows:\n before %s\n after  %s", before, after)
	}
	// Another person's desk steps are refused by the store.
	staff := newAgent(t, q.ts, "en")
	staff.signIn(staffKela)
	p = staff.submit(desk1+"/finish", url.Values{"outcome": {"served"}})
	wantStatus(t, p, http.StatusConflict)
	p.has(t, "signed in by manager.palojoenkulma@demo.onestop.fi")
}

// TestQueueTexts checks the texts made from domain values.
func TestQueueTexts(t *testing.T) {
	msgs, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range catalogue.UILanguages {
		p := &page{Lang: lang, msgs: msgs}
		for _, o := range queue.Outcomes {
			if s := p.T("desk.outcome." + o); strings.HasPrefix(s, "desk.") {
				t.Errorf("%s: outcome %s has no text", lang, o)
			}
		}
		for _, k := range append(ticketTexts, "display.title") {
			if s := p.T(k); s == k {
				t.Errorf("%s: %s has no text", lang, k)
			}
		}
		for _, k := range displayKeys {
			if s := p.T(k); s == k {
				t.Errorf("%s: %s has no text", lang, k)
			}
		}
	}
	for l, w := range displayWords {
		for _, k := range []string{"number", "desk", "queue", "waiting"} {
			if w[k] == "" {
				t.Errorf("display words of %s lack %s", l, k)
			}
		}
	}
	for path, want := range map[string]string{"/staff/desks/12/next": "/staff/desks/12", "/staff/desks/3/signin": "/staff/desks/3"} {
		if got := pageOf(path); got != want {
			t.Errorf("pageOf(%q) = %q, want %q", path, got, want)
		}
	}
	if got := selfName("uk"); got != "Українська" {
		t.Errorf("selfName(uk) = %q", got)
	}
	for code, want := range map[string]string{"ar": "rtl", "fa": "rtl", "fi": "", "so": "", "he": "rtl"} {
		if got := direction(code); got != want {
			t.Errorf("direction(%s) = %q, want %q", code, got, want)
		}
	}
}
