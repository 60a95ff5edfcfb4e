package web

// Browser tests drive the real handler in Debian's Chromium through the
// DevTools protocol (chromedp). They skip when Chromium is missing, and
// fail instead under CI (CI set), so that CI cannot pass without them.
//
// ONESTOP_CHROMIUM names the browser binary (default: chromium on PATH).
// ONESTOP_AXE_JS names axe.min.js of the npm package axe-core; the pages
// are then checked for WCAG 2.1 A and AA violations.
// ONESTOP_SCREENSHOTS names a directory to save full-page screenshots in.

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// skipOrFail skips the test, or fails it under CI.
func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format+" (CI requires it)", args...)
	}
	t.Skipf(format, args...)
}

// browser is one headless Chromium tab pointed at a test server.
type browser struct {
	t    testing.TB
	ctx  context.Context
	base string
}

// newBrowser starts Chromium for the test and serves the demo data set on
// SQLite to it. The browser and server stop when the test ends.
func newBrowser(t testing.TB) *browser {
	t.Helper()
	ts := demoServer(t, storetest.SQLite, Config{Version: "browser-test"})
	return newBrowserAt(t, ts)
}

// newBrowserAt starts Chromium for the test, pointed at ts.
func newBrowserAt(t testing.TB, ts *httptest.Server) *browser {
	t.Helper()
	path := os.Getenv("ONESTOP_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if _, err := os.Stat("/usr/bin/chromium"); err == nil {
			path = "/usr/bin/chromium"
		}
	}
	if path == "" {
		skipOrFail(t, "no Chromium found; install chromium or set ONESTOP_CHROMIUM")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return b
}

// do runs actions, failing the test on error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// open loads path and waits for the page.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("footer")))
}

// clickAndWait clicks the element and waits until the browser has loaded
// the next page.
func (b *browser) clickAndWait(sel string) {
	b.t.Helper()
	eval[bool](b, `window.__onestopOld = true`)
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
	b.waitFor(`!window.__onestopOld && document.readyState === "complete"`)
}

// waitFor polls a JavaScript condition until it holds. Errors while the
// page changes are expected and retried.
func (b *browser) waitFor(cond string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("waited in vain for %s", cond)
}

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) lang() string { return eval[string](b, `document.documentElement.lang`) }

func (b *browser) path() string { return eval[string](b, `location.pathname + location.search`) }

// setWidth resizes the viewport; 0 restores the desktop size.
func (b *browser) setWidth(width int64) {
	b.t.Helper()
	if width == 0 {
		b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
		return
	}
	b.do("phone viewport", chromedp.EmulateViewport(width, 800, chromedp.EmulateMobile))
}

// noHorizontalScroll fails when the page is wider than the viewport.
func (b *browser) noHorizontalScroll() {
	b.t.Helper()
	if w := eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		b.t.Errorf("%s scrolls sideways: %d px wide in a %d px viewport", b.path(), w[0], w[1])
	}
}

// screenshot saves a full-page PNG as dir/name.png when
// ONESTOP_SCREENSHOTS names dir.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("ONESTOP_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// axeViolation is one failed axe-core rule.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// wcagTags are the axe-core rule tags of WCAG 2.1 levels A and AA.
const wcagTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]`

// axe runs axe-core in the current page and returns the violations of
// the rules tagged with tags (a JSON array).
func (b *browser) axe(source, tags string) []axeViolation {
	b.t.Helper()
	if !eval[bool](b, `typeof axe === "object"`) {
		eval[bool](b, source+"\n;true")
	}
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary)}))))`
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe.run: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		b.t.Fatalf("axe.run result: %v", err)
	}
	return vs
}

// axeSource reads axe.min.js from ONESTOP_AXE_JS, skipping (or failing
// under CI) when it is not set.
func axeSource(t testing.TB) string {
	t.Helper()
	path := os.Getenv("ONESTOP_AXE_JS")
	if path == "" {
		skipOrFail(t, "ONESTOP_AXE_JS is not set; npm install axe-core and point it at axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("ONESTOP_AXE_JS: %v", err)
	}
	return string(b)
}

// TestBrowserFindPoint is the resident's way to a point: switch to
// Swedish, choose Björneborg, search, open Palojoenkulma.
func TestBrowserFindPoint(t *testing.T) {
	b := newBrowser(t)
	b.open("/")
	b.screenshot("front-en")

	b.clickAndWait(`.language-switcher a[hreflang="sv"]`)
	if got := b.lang(); got != "sv" {
		t.Fatalf("after choosing Swedish, <html lang> is %q", got)
	}
	if got := b.text("h1"); got != "Hitta rätt offentlig tjänst" {
		t.Errorf("Swedish front page h1 %q", got)
	}
	if got := b.text(`.language-switcher a[aria-current="true"]`); got != "På svenska" {
		t.Errorf("current language is marked as %q", got)
	}
	b.screenshot("front-sv")

	value := eval[string](b, `[...document.querySelectorAll("#municipality option")].find(o => o.textContent.trim() === "Björneborg")?.value ?? ""`)
	if value != "609" {
		t.Fatalf("the municipality list has no Björneborg (value %q)", value)
	}
	b.do("choose Björneborg", chromedp.SetValue(chromedp.CSS("#municipality"), value))
	b.clickAndWait(`form.search button[type="submit"]`)
	if got := b.path(); got != "/?municipality=609&service=&kind=" {
		t.Errorf("the search went to %q", got)
	}
	if got := b.text("#results-heading"); got != "Sökresultat" {
		t.Errorf("results heading %q", got)
	}
	if n := eval[int](b, `document.querySelectorAll('a[href="/points/kela-helsinki"]').length`); n != 0 {
		t.Error("a search for Björneborg lists Helsinki")
	}

	b.clickAndWait(`a[href="/points/palojoenkulma"]`)
	if got := b.path(); got != "/points/palojoenkulma" {
		t.Fatalf("clicking Palojoenkulma went to %q", got)
	}
	if got := b.text("h1"); got != "Palojoenkulma samservicepunkt" {
		t.Errorf("point page h1 %q", got)
	}
	body := b.text("main")
	for _, want := range []string{"Arbetsstationer: 82", "FPA", "Björneborgs stad", "Satakunta välfärdsområde",
		"Mo,Tu,Th,Fr 12:00-15:30; PH off", "arabiska"} {
		if !strings.Contains(body, want) {
			t.Errorf("point page lacks %q", want)
		}
	}
	b.screenshot("point-palojoenkulma-sv")

	b.clickAndWait(`.language-switcher a[hreflang="fi"]`)
	if got := b.path(); got != "/points/palojoenkulma" || b.lang() != "fi" {
		t.Errorf("switching to Finnish went to %q in %q", got, b.lang())
	}
	b.screenshot("point-palojoenkulma-fi")
	b.open("/")
	b.screenshot("front-fi")
	b.open("/points/nowhere")
	if got := b.text("h1"); got != "Sivua ei löytynyt" {
		t.Errorf("404 page h1 %q", got)
	}
	b.screenshot("notfound-fi")
	b.open("/?service=no-such-service")
	b.screenshot("bad-search-fi")
}

// TestBrowserPhone checks the pages at phone widths: nothing scrolls
// sideways at 320 px, and the phone view is saved at 375 px.
func TestBrowserPhone(t *testing.T) {
	b := newBrowser(t)
	for _, width := range []int64{320, 375} {
		b.setWidth(width)
		for _, path := range []string{"/", "/points/palojoenkulma", "/points/iso-omena", "/?service=no-such-service", "/points/nowhere"} {
			b.open(path)
			b.noHorizontalScroll()
		}
	}
	b.open("/language?lang=fi&next=/")
	b.screenshot("phone-375-front-fi")
	b.open("/points/palojoenkulma")
	b.screenshot("phone-375-point-fi")
	b.setWidth(0)
}

// TestBrowserAccessibility runs axe-core on every kind of page in every
// language and fails on any WCAG 2.1 A or AA violation.
func TestBrowserAccessibility(t *testing.T) {
	source := axeSource(t)
	b := newBrowser(t)
	// The check must be able to fail: a select without its label is a
	// violation.
	b.open("/")
	eval[bool](b, `document.querySelector('label[for="municipality"]').remove(); true`)
	found := map[string]bool{}
	for _, v := range b.axe(source, wcagTags) {
		found[v.ID] = true
	}
	if !found["select-name"] {
		t.Fatalf("axe-core did not notice a select without a label (found %v); is it running?", found)
	}

	pages := []string{"/", "/?municipality=609&service=kela-benefit-guidance", "/points/palojoenkulma", "/points/iso-omena",
		"/points/nowhere", "/?service=no-such-service"}
	for _, lang := range []string{"fi", "sv", "en"} {
		b.open("/language?lang=" + lang + "&next=/")
		for _, path := range pages {
			b.open(path)
			if got := b.lang(); got != lang {
				t.Fatalf("%s is in %q, want %q", path, got, lang)
			}
			for _, width := range []int64{0, 320} {
				b.setWidth(width)
				for _, v := range b.axe(source, wcagTags) {
					t.Errorf("%s %s (width %d): %s [%s, %s]\n\t%s", lang, path, width, v.Help, v.ID, v.Impact, strings.Join(v.Nodes, "\n\t"))
				}
			}
			// Best practices beyond WCAG are reported, not enforced.
			for _, v := range b.axe(source, `["best-practice"]`) {
				t.Logf("best practice, %s %s: %s [%s]\n\t%s", lang, path, v.Help, v.ID, strings.Join(v.Nodes, "\n\t"))
			}
		}
	}
}

// checkStaffPage runs axe-core on the page open at desktop width and at
// 320 px, where nothing may scroll sideways nor widen the phone's
// layout viewport, and saves a screenshot at each width.
func (b *browser) checkStaffPage(axeJS, name string) {
	b.t.Helper()
	for _, width := range []int64{0, 320} {
		b.setWidth(width)
		for _, v := range b.axe(axeJS, wcagTags) {
			b.t.Errorf("%s %s (width %d): %s [%s, %s]\n\t%s", b.lang(), b.path(), width, v.Help, v.ID, v.Impact, strings.Join(v.Nodes, "\n\t"))
		}
		if width == 320 {
			if w := eval[int](b, `window.innerWidth`); w != 320 {
				b.t.Errorf("%s %s is %d px wide on a 320 px phone", b.lang(), b.path(), w)
			}
			b.noHorizontalScroll()
			b.screenshot(name + "-320")
		}
	}
	b.setWidth(0)
	b.screenshot(name)
}
