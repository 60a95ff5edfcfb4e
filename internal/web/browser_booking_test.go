package web

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// bookingClock is the clock of the browser booking tests: Monday 23
// November 2026, 10.00 in Helsinki.
var bookingClock = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// bookingDemo serves the demo data set with its staff schedules and an
// appointment store on a fresh database of the engine, at bookingClock.
func bookingDemo(t testing.TB, e storetest.Engine) (*httptest.Server, *store.DB) {
	t.Helper()
	ctx := context.Background()
	db := e.Open(t)
	if _, err := demo.Load(ctx, db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadSchedules(ctx, db.Appointments()); err != nil {
		t.Fatal(err)
	}
	acc := access.NewService(db.Access(), nil, access.DefaultPolicy, nil)
	srv, err := New(Config{Version: "browser-test", Now: func() time.Time { return bookingClock }}, db.Catalogue(), acc, db.Ping,
		slog.New(slog.DiscardHandler), prometheus.NewRegistry(), WithBookings(db.Appointments()))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, db
}

// tabTo presses Tab until the focused element matches the CSS selector,
// as a keyboard user moves through a page; it fails when the element is
// not reached within max presses.
func (b *browser) tabTo(sel string, max int) {
	b.t.Helper()
	for range max {
		if eval[bool](b, `!!document.activeElement && document.activeElement.matches(`+jsString(sel)+`)`) {
			return
		}
		b.press("Tab", kb.Tab)
	}
	b.t.Fatalf("%s: %d presses of Tab did not reach %s (at %q)", b.path(), max, sel,
		eval[string](b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ""`))
}

// pressAndWait presses a key that loads another page and waits for it.
func (b *browser) pressAndWait(what, key string) {
	b.t.Helper()
	eval[bool](b, `window.__onestopOld = true`)
	b.press(what, key)
	b.waitFor(`!window.__onestopOld && document.readyState === "complete"`)
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// viewports are the sizes each booking page is checked and pictured at:
// a phone, the narrowest width WCAG reflow asks for, and a desktop.
var viewports = []struct {
	width, height int64
	mobile        bool
	picture       bool
}{{390, 844, true, true}, {320, 800, true, false}, {1280, 800, false, true}}

// checkBookingPage runs axe-core on the page at each viewport, checks
// that nothing scrolls sideways on a phone, and saves a full-page
// picture at 390 and 1280 px wide as dir/name-<width>.png.
func (b *browser) checkBookingPage(axeJS, dir, name string) {
	b.t.Helper()
	for _, v := range viewports {
		if v.mobile {
			b.do("phone viewport", chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile))
			b.noHorizontalScroll()
		} else {
			b.do("desktop viewport", chromedp.EmulateViewport(v.width, v.height))
		}
		for _, x := range b.axe(axeJS, wcagTags) {
			b.t.Errorf("%s %s (width %d): %s [%s, %s]\n\t%s", b.lang(), b.path(), v.width, x.Help, x.ID, x.Impact, strings.Join(x.Nodes, "\n\t"))
		}
		if v.picture && dir != "" {
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				b.t.Fatalf("screenshot %s: %v", name, err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+strconv.FormatInt(v.width, 10)+".png"), png, 0o644); err != nil {
				b.t.Fatal(err)
			}
		}
	}
}

// screenshotDir is where the booking tests save their pictures:
// ONESTOP_SCREENSHOTS when set, else none.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("ONESTOP_SCREENSHOTS")
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

var referenceRE = regexp.MustCompile(`^/appointments/([A-Z0-9]{4}-[A-Z0-9]{4})$`)

// TestBrowserBookingKeyboard is a resident's errand with the keyboard
// alone, in Finnish: a joint visit to Kela and the county's social work
// with an Arabic interpreter, a form sent back once for a missing name,
// the confirmation with the private code, a move to a later day and the
// cancellation. Every page is checked with axe-core at phone and
// desktop widths. Afterwards the database holds no active reservation
// of the appointment and no overlapping ones. It runs on both engines.
func TestBrowserBookingKeyboard(t *testing.T) {
	axeJS := axeSource(t)
	dir := screenshotDir(t)
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := bookingDemo(t, e)
		bookByKeyboard(t, ts, db, axeJS, dir)
	})
}

// bookByKeyboard is TestBrowserBookingKeyboard on the server ts and its
// database db.
func bookByKeyboard(t *testing.T, ts *httptest.Server, db *store.DB, axeJS, dir string) {
	b := newBrowserAt(t, ts)
	check := func(name string) {
		t.Helper()
		b.checkBookingPage(axeJS, dir, name)
	}

	b.open("/language?lang=fi&next=/")
	b.tabTo(`a[href="/book"]`, 20)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text("h1"); got != "Missä asiassa tarvitset apua?" {
		t.Fatalf("the booking starts with %q", got)
	}
	check("book-1-services-fi")

	// Two services of two organisations: one joint visit.
	b.tabTo("#service-kela-benefit-guidance", 30)
	b.press("check Kela", " ")
	b.tabTo("#service-satakunta-adult-social-work", 30)
	b.press("check social work", " ")
	b.tabTo("#interpreter", 30)
	b.press("choose Arabic", "ara")
	if got := eval[string](b, `document.querySelector("#interpreter").value`); got != "ar" {
		t.Fatalf("typing 'ara' in the interpreter list chose %q", got)
	}
	b.tabTo(`form.booking-form button[type="submit"]`, 5)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text("h1"); got != "Missä haluat asioida?" {
		t.Fatalf("after the services: %q", got)
	}
	check("book-2-place-fi")

	b.tabTo("#place-palojoenkulma", 20)
	b.press("choose Palojoenkulma", " ")
	b.tabTo(`form.booking-form button[type="submit"]`, 5)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text("legend"); !strings.HasPrefix(got, "Vapaat ajat: tiistai 24.11.2026") {
		t.Fatalf("the first free times are %q", got)
	}
	check("book-3-times-fi")

	// Into the times with Tab, along them with the arrow keys.
	b.tabTo(`input[name="start"]`, 20)
	b.press("the third time", kb.ArrowRight+kb.ArrowRight)
	chosen := eval[string](b, `document.querySelector('input[name="start"]:checked')?.value ?? ""`)
	if chosen != "2026-11-24T09:30:00+02:00" {
		t.Fatalf("the arrow keys chose %q", chosen)
	}
	b.tabTo(`form.booking-form button[type="submit"]`, 5)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text("h1"); got != "Yhteystietosi" {
		t.Fatalf("after the time: %q", got)
	}
	if strings.Contains(b.path(), "name=") {
		t.Fatalf("the details page's address carries a name: %s", b.path())
	}
	check("book-4-details-fi")

	// The phone number but no name: the form comes back saying so.
	b.tabTo("#phone", 10)
	b.press("type the phone number", "040 765 4321")
	b.tabTo(`form.booking-form button[type="submit"]`, 10)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text(".error-summary"); !strings.Contains(got, "Kirjoita nimesi") {
		t.Fatalf("a form without a name says %q", got)
	}
	if got := eval[string](b, `document.querySelector("#phone").value`); got != "040 765 4321" {
		t.Errorf("the phone number typed is now %q", got)
	}
	check("book-4-details-error-fi")

	// The error summary links to the field: Enter on the link, then Tab
	// into the field.
	b.tabTo(`.error-summary a[href="#field-name"]`, 10)
	b.press("follow the link", kb.Enter)
	b.waitFor(`location.hash === "#field-name"`)
	b.press("Tab", kb.Tab)
	if got := b.focused(); got != "name" {
		t.Fatalf("Tab after the error's link went to %q, want the name", got)
	}
	b.press("type the name", "Amal Esimerkki")
	b.press("Tab", kb.Tab)
	if got := b.focused(); got != "phone" {
		t.Fatalf("Tab from the name went to %q, want the phone number", got)
	}
	b.press("Tab", kb.Tab)
	b.press("type the e-mail address", "amal@example.fi")
	b.press("Tab", kb.Tab)
	if got := b.focused(); got != "needs" {
		t.Fatalf("Tab from the e-mail went to %q, want the needs", got)
	}
	b.press("type the needs", "Tulen sosiaalityöntekijäni kanssa.")
	b.tabTo(`form.booking-form button[type="submit"]`, 3)
	b.pressAndWait("Enter", kb.Enter)

	m := referenceRE.FindStringSubmatch(b.path())
	if m == nil {
		t.Fatalf("booking went to %q: %s", b.path(), b.text("main"))
	}
	ref := m[1]
	if got := b.text("h1"); got != "Aika on varattu" {
		t.Errorf("the confirmation's h1 is %q", got)
	}
	code := b.text(".secret-value")
	if booking.CanonicalToken(code) != code || b.text(".reference") != ref {
		t.Errorf("the confirmation shows reference %q and code %q", b.text(".reference"), code)
	}
	main := b.text("main")
	for _, want := range []string{"tiistai 24.11.2026 klo 09.30–10.30", "Yrjönkatu 23, 28100 Pori", "Kelan etuusneuvonta",
		"Aikuissosiaalityö", "arabia – tulkki on mukana", "Amal Esimerkki", "Lisää aika kalenteriin"} {
		if !strings.Contains(main, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, main)
		}
	}
	check("book-5-confirmation-fi")

	// Move to a later day.
	b.tabTo(`a[href="/appointments/`+ref+`/move"]`, 40)
	b.pressAndWait("Enter", kb.Enter)
	check("move-1-times-fi")
	b.tabTo(`a[rel="next"]`, 60)
	b.pressAndWait("Enter", kb.Enter)
	day := b.text("legend")
	b.tabTo(`input[name="start"]`, 20)
	b.press("the second time", kb.ArrowRight)
	newStart := eval[string](b, `document.querySelector('input[name="start"]:checked')?.value ?? ""`)
	if newStart == "" || strings.HasPrefix(newStart, "2026-11-24") {
		t.Fatalf("the later day %q offers %q", day, newStart)
	}
	b.tabTo(`form.booking-form button[type="submit"]`, 5)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text("h1"); got != "Siirretäänkö aika?" {
		t.Fatalf("choosing a new time went to %q", got)
	}
	check("move-2-confirm-fi")
	b.tabTo(`form[action$="/move"] button[type="submit"]`, 40)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text(".notice"); got != "Aika on siirretty. Uusi aika on alla." {
		t.Errorf("after the move the notice says %q", got)
	}
	check("move-3-moved-fi")
	ap, err := db.Appointments().Appointment(context.Background(), ref)
	if want, _ := time.Parse(time.RFC3339, newStart); err != nil || !ap.Start.Equal(want) {
		t.Errorf("the appointment starts at %v (%v), want %s", ap.Start, err, newStart)
	}

	// Cancel.
	b.tabTo(`a[href="/appointments/`+ref+`/cancel"]`, 40)
	b.pressAndWait("Enter", kb.Enter)
	check("cancel-1-confirm-fi")
	b.tabTo(`button.danger`, 40)
	b.pressAndWait("Enter", kb.Enter)
	if got := b.text(".notice"); got != "Aika on peruttu." {
		t.Errorf("after cancelling the notice says %q", got)
	}
	check("cancel-2-cancelled-fi")

	var active int
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM reservation x JOIN appointment a ON a.id = x.appointment_id
		WHERE a.reference = $1 AND x.active = TRUE`, ref).Scan(&active); err != nil || active != 0 {
		t.Errorf("the cancelled appointment holds %d active reservations (%v)", active, err)
	}
	if n, err := db.Appointments().Overlaps(context.Background()); err != nil || n != 0 {
		t.Errorf("overlapping reservations: %d, %v", n, err)
	}
	// The private code went nowhere but the page and the cookie.
	history := eval[[]string](b, `performance.getEntriesByType("navigation").map(e => e.name)`)
	for _, u := range history {
		if strings.Contains(u, code) || strings.Contains(u, url.QueryEscape("Amal")) {
			t.Errorf("an address carries personal data or the code: %s", u)
		}
	}
}

// TestBrowserBookingAccessibility checks the other pages and states of
// booking in Swedish and English with axe-core: the place step with
// its municipality choice, a day without free times, the phone
// channel's form with its errors, a time taken meanwhile, the code form
// with a wrong code, and the look-up page.
func TestBrowserBookingAccessibility(t *testing.T) {
	axeJS := axeSource(t)
	dir := screenshotDir(t)
	ts, _ := bookingDemo(t, storetest.SQLite)
	b := newBrowserAt(t, ts)
	check := func(name string) {
		t.Helper()
		b.checkBookingPage(axeJS, dir, name)
	}
	for _, lang := range []string{"sv", "en"} {
		b.open("/language?lang=" + lang + "&next=/book")
		check("book-1-services-" + lang)
		b.open("/book/place?service=kela-benefit-guidance")
		check("book-2-place-municipality-" + lang)
		b.open("/book/place?service=kela-benefit-guidance&municipality=609")
		check("book-2-place-pori-" + lang)
		b.open("/book/times?service=kela-benefit-guidance&place=kela-remote/phone")
		check("book-3-times-phone-" + lang)
		// A day far ahead: no free times.
		b.open("/book/times?service=satakunta-adult-social-work&place=palojoenkulma&day=2027-06-01")
		check("book-3-times-none-" + lang)
		b.open("/book/times?service=kela-benefit-guidance&place=kela-remote/phone")
		b.do("choose the first time", chromedp.Click(chromedp.CSS(`input[name="start"]`)))
		b.clickAndWait(`form.booking-form button[type="submit"]`)
		b.clickAndWait(`form.booking-form button[type="submit"]`)
		if b.text(".error-summary") == "" {
			t.Fatalf("%s: an empty phone form was not refused", lang)
		}
		check("book-4-details-phone-errors-" + lang)
		// The time is taken by another before the form is sent.
		b.do("fill the form", chromedp.SetValue(chromedp.CSS("#name"), "Test Person"),
			chromedp.SetValue(chromedp.CSS("#phone"), "040 123 4567"))
		start := eval[string](b, `document.querySelector('input[name="start"]').value`)
		// A time gone by stands for one someone else took.
		eval[bool](b, `document.querySelector('input[name="start"]').value = "2026-11-23T03:00:00+02:00"; true`)
		b.clickAndWait(`form.booking-form button[type="submit"]`)
		if !strings.Contains(b.text("main"), map[string]string{"sv": "Tiden har just bokats", "en": "That time was just taken"}[lang]) {
			t.Fatalf("%s: a taken time (%s) shows %s", lang, start, b.text("main"))
		}
		check("book-4-details-taken-" + lang)
		b.open("/appointments")
		check("appointment-lookup-" + lang)
		b.do("a wrong code", chromedp.SetValue(chromedp.CSS("#reference"), "ACDE-3479"),
			chromedp.SetValue(chromedp.CSS("#code"), strings.Repeat("A", 20)))
		b.clickAndWait(`form.panel-form button[type="submit"]`)
		check("appointment-lookup-wrong-" + lang)
		b.open("/appointments/ACDE-3479")
		check("appointment-code-" + lang)
	}
}
