package web

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// tab opens another tab in the browser. separate gives it a browser
// context of its own, with its own cookies: another device.
func (b *browser) tab(separate bool) *browser {
	b.t.Helper()
	var opts []chromedp.ContextOption
	if separate {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(b.ctx, opts...)
	b.t.Cleanup(cancel)
	tab := &browser{t: b.t, ctx: ctx, base: b.base}
	tab.do("open a tab", chromedp.EmulateViewport(1280, 900))
	return tab
}

// openScreen loads a page without the site's footer: a kiosk or a
// display.
func (b *browser) openScreen(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("main")))
}

// scriptErrors collects the JavaScript exceptions the tab's pages throw.
type scriptErrors struct {
	mu   sync.Mutex
	list []string
}

func (b *browser) scriptErrors() *scriptErrors {
	b.t.Helper()
	se := &scriptErrors{}
	err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok && e.ExceptionDetails != nil {
			d := e.ExceptionDetails
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text = d.Exception.Description
			}
			se.mu.Lock()
			se.list = append(se.list, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, text))
			se.mu.Unlock()
		}
	})
	if err != nil {
		b.t.Fatalf("listen for script errors: %v", err)
	}
	return se
}

func (se *scriptErrors) none(t testing.TB, where string) {
	t.Helper()
	se.mu.Lock()
	defer se.mu.Unlock()
	for _, e := range se.list {
		t.Errorf("%s: script error %s", where, e)
	}
}

// shot saves a picture of the page at width × height as name.png in
// ONESTOP_SCREENSHOTS, then returns to the desktop size.
func (b *browser) shot(name string, width, height int64, mobile bool) {
	b.t.Helper()
	if os.Getenv("ONESTOP_SCREENSHOTS") == "" {
		return
	}
	if mobile {
		b.do("phone viewport", chromedp.EmulateViewport(width, height, chromedp.EmulateMobile))
	} else {
		b.do("viewport", chromedp.EmulateViewport(width, height))
	}
	b.screenshot(name)
	b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
}

var ticketPathRE = regexp.MustCompile(`^/t/[a-z0-9]{16}\?from=kiosk&lang=fi$`)

// TestBrowserQueue is a walk-in visit on three screens at once: the
// lobby display open on its own, the kiosk where the customer takes a
// number (its page then follows the ticket), and a desk screen on another
// device where Kela's staff signs in and calls. The call reaches the
// display and the ticket's page live, without either reloading.
func TestBrowserQueue(t *testing.T) {
	q := queueServer(t, storetest.SQLite, queueMonday)
	kiosk := newBrowserAt(t, q.ts)
	display := kiosk.tab(false)
	desk := kiosk.tab(true)
	kioskErrors, displayErrors, deskErrors := kiosk.scriptErrors(), display.scriptErrors(), desk.scriptErrors()

	display.openScreen("/points/palojoenkulma/display?lang=en")
	// The board came by the stream: the script wrote the queues again.
	display.waitFor(`!!document.querySelector(".queue-name[data-queue]")`)
	eval[bool](display, `window.__sameDisplay = true`)
	if got := display.text(".calls-none"); got != "No numbers have been called yet." {
		t.Errorf("an empty display says %q", got)
	}

	kiosk.openScreen("/points/palojoenkulma/kiosk?lang=fi")
	kiosk.shot("queue-kiosk-portrait-fi", 1080, 1920, false)
	kiosk.clickAndWait(`button[name="queue"][value="kela"]`)
	if p := kiosk.path(); !ticketPathRE.MatchString(p) {
		t.Fatalf("the kiosk went to %q", p)
	}
	if got := kiosk.text(".ticket-number"); got != "K-001" {
		t.Fatalf("the ticket's number is %q", got)
	}
	if got := kiosk.text("#ticket-headline"); got != "Olet seuraavana" {
		t.Errorf("the ticket's page says %q", got)
	}
	// The page follows its ticket.
	kiosk.waitFor(`!document.querySelector(".live-note").hidden`)
	eval[bool](kiosk, `window.__sameTicket = true`)
	kiosk.shot("queue-ticket-kiosk-fi", 1080, 1920, false)
	// The display counts the customer.
	display.waitFor(`document.querySelector('.queue-name[data-queue="kela"]').closest("tr").querySelector(".queue-waiting").textContent === "1"`)

	desk.signIn(staffKela, demoPassword(t, staffKela))
	deskURL := fmt.Sprintf("/staff/desks/%d", q.desk(t, "palojoenkulma", "4"))
	desk.open(deskURL)
	desk.clickAndWait(`form[action$="/signin"] button[type="submit"]`)
	if got := desk.text(".notice"); got != "You are signed in to the desk." {
		t.Errorf("signing in says %q", got)
	}
	desk.clickAndWait(`button.desk-next`)
	if got := desk.text(".desk-number"); got != "K-001" {
		t.Fatalf("the desk called %q", got)
	}
	desk.shot("queue-desk-customer-en", 1280, 900, false)

	// The display shows the call, newest first and highlighted, says it
	// in its live region, and was not reloaded.
	display.waitFor(`(document.querySelector(".calls tr.latest .call-number") || {}).textContent === "K-001"`)
	if got := display.text(".calls tr.latest .call-desk"); got != "4" {
		t.Errorf("the display calls K-001 to desk %q", got)
	}
	display.waitFor(`document.getElementById("display-announce").textContent === "Number K-001, desk 4"`)
	if !eval[bool](display, `window.__sameDisplay === true && document.querySelector(".calls tr.latest").classList.contains("fresh")`) {
		t.Error("the display reloaded, or the new call is not marked as new")
	}
	if !eval[bool](display, `document.getElementById("calls-none").hidden`) {
		t.Error("the display still says no number was called")
	}
	display.shot("queue-display-tv-en", 1920, 1080, false)

	// The ticket's page tells the customer where to go.
	kiosk.waitFor(`document.getElementById("ticket-headline").textContent === "Mene tiskille 4"`)
	if !eval[bool](kiosk, `window.__sameTicket === true && document.title.startsWith("Mene tiskille 4")`) {
		t.Error("the ticket's page reloaded, or its title does not say where to go")
	}
	kiosk.shot("queue-ticket-called-fi", 390, 844, true)

	// Served and finished: the page says so and stops following.
	desk.clickAndWait(`form[action$="/serve"] button`)
	desk.clickAndWait(`form[action$="/finish"] button`)
	kiosk.waitFor(`document.getElementById("ticket-headline").textContent === "Asiointisi on päättynyt. Kiitos!"`)
	display.waitFor(`document.querySelector('.queue-name[data-queue="kela"]').closest("tr").querySelector(".queue-waiting").textContent === "0"`)

	// The display's headings take turns in the point's languages: after
	// English, Finnish.
	display.waitFor(`(th => th.textContent === "Tiski" && th.lang === "fi")(document.querySelector('th[data-word="desk"]'))`)

	kioskErrors.none(t, "kiosk")
	displayErrors.none(t, "display")
	deskErrors.none(t, "desk")
}

// TestBrowserQueueAccessibility runs axe-core on the queue's pages in
// every language and state a person meets: the kiosk and its refusals,
// the ticket's page on the kiosk and on a phone, waiting and called, the
// lobby display with calls, and the desk screens signed out, free, with
// a customer and with a refusal; at 390, 320 and 1280 px, nothing
// scrolling sideways on a phone.
func TestBrowserQueueAccessibility(t *testing.T) {
	axeJS := axeSource(t)
	dir := screenshotDir(t)
	for _, lang := range []string{"fi", "sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			q := queueServer(t, storetest.SQLite, queueMonday)
			b := newBrowserAt(t, q.ts)
			errs := b.scriptErrors()
			check := func(name string) {
				t.Helper()
				b.checkBookingPage(axeJS, dir, "queue-"+name+"-"+lang)
			}
			kiosk := "/points/palojoenkulma/kiosk?lang=" + lang
			b.openScreen(kiosk)
			check("kiosk")
			if lang == "fi" {
				// The check must be able to fail: a field without its
				// label is a violation.
				eval[bool](b, `document.querySelector('label[for="reference"]').remove(); true`)
				found := false
				for _, v := range b.axe(axeJS, wcagTags) {
					found = found || v.ID == "label"
				}
				if !found {
					t.Fatal("axe-core did not notice a field without a label; is it running?")
				}
			}
			// A matter that is none: the kiosk again with the refusal.
			eval[bool](b, `document.querySelector('button[value="kela"]').value = "taxes"; true`)
			b.clickAndWait(`button[value="taxes"]`)
			if b.text(".kiosk-error") == "" {
				t.Fatal("a matter that is none was not refused")
			}
			check("kiosk-refused")
			b.do("a short reference", chromedp.SetValue(chromedp.CSS("#reference"), "ACDE-347"))
			b.clickAndWait(`.kiosk-checkin button[type="submit"]`)
			check("kiosk-checkin-refused")
			if lang == "en" {
				b.openScreen("/points/palojoenkulma/kiosk?lang=ar")
				check("kiosk-ar")
			}

			b.openScreen(kiosk)
			b.clickAndWait(`button[value="kela"]`)
			check("ticket-kiosk")
			ticket := strings.SplitN(b.path(), "?", 2)[0]
			b.open("/language?lang=" + lang + "&next=" + ticket)
			check("ticket-waiting")

			b.signIn(staffKela, demoPassword(t, staffKela))
			b.open("/staff/points/palojoenkulma/desks")
			check("desks")
			deskURL := fmt.Sprintf("/staff/desks/%d", q.desk(t, "palojoenkulma", "2"))
			b.open(deskURL)
			check("desk-signed-out")
			b.clickAndWait(`form[action$="/signin"] button[type="submit"]`)
			check("desk-free")
			b.clickAndWait(`button.desk-next`)
			check("desk-customer")
			b.clickAndWait(`form[action^="/staff/desks/"][action$="/signout"] button`)
			if b.text(".error-summary") == "" {
				t.Fatal("signing out with a customer at the desk was not refused")
			}
			check("desk-refused")

			b.open(ticket)
			check("ticket-called")
			b.openScreen("/points/palojoenkulma/display?lang=" + lang)
			b.waitFor(`!!document.querySelector(".queue-name[data-queue]")`)
			check("display")
			errs.none(t, lang)
		})
	}
}
