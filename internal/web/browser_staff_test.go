package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// signIn signs in through the form by setting the fields; the keyboard
// way is TestBrowserStaffManager's.
func (b *browser) signIn(email, password string) {
	b.t.Helper()
	b.open("/signin")
	b.do("fill the sign-in form", chromedp.SetValue(chromedp.CSS("#email"), email), chromedp.SetValue(chromedp.CSS("#password"), password))
	b.clickAndWait(`form.panel-form button[type="submit"]`)
	if got := b.path(); got != "/staff" {
		b.t.Fatalf("signing in as %s went to %q", email, got)
	}
}

// signOut signs out with the button of the staff navigation.
func (b *browser) signOut() {
	b.t.Helper()
	b.clickAndWait(`form.signout button`)
	if got := b.path(); got != "/signin" {
		b.t.Fatalf("signing out went to %q", got)
	}
}

// press types keys into the focused element, as a keyboard does.
func (b *browser) press(what, keys string) {
	b.t.Helper()
	b.do(what, chromedp.KeyEvent(keys))
}

func (b *browser) focused() string {
	return eval[string](b, `document.activeElement ? document.activeElement.id : ""`)
}

// TestBrowserStaffManager is a service point manager's errand: sign in
// with the keyboard alone, add a training day to Palojoenkulma's hours,
// see it listed and on the public page, sign out.
func TestBrowserStaffManager(t *testing.T) {
	ts, _ := staffServer(t, storetest.SQLite)
	b := newBrowserAt(t, ts)
	b.open("/language?lang=fi&next=/staff")
	if got := b.path(); got != "/signin?next=%2Fstaff" {
		t.Fatalf("a staff page without signing in went to %q", got)
	}
	b.screenshot("staff-signin-fi")

	// The keyboard alone: into the e-mail field, type, Tab to the
	// password, type, Enter.
	b.do("focus the e-mail field", chromedp.Focus(chromedp.CSS("#email")))
	b.press("type the e-mail address", "manager.palojoenkulma@demo.onestop.fi")
	b.press("Tab", kb.Tab)
	if got := b.focused(); got != "password" {
		t.Fatalf("Tab from the e-mail field went to %q, want the password", got)
	}
	b.press("type the password", "demo-manager-pass")
	eval[bool](b, `window.__onestopOld = true`)
	b.press("Enter", kb.Enter)
	b.waitFor(`!window.__onestopOld && document.readyState === "complete"`)
	if got := b.path(); got != "/staff" {
		t.Fatalf("signing in went to %q", got)
	}
	if got := b.text("h1"); got != "Oma sivu" {
		t.Errorf("the staff home page's h1 is %q", got)
	}
	if body := b.text("main"); !strings.Contains(body, "Esihenkilö, Palojoenkulman yhteispalvelupiste") {
		t.Errorf("the home page does not say the role in plain words:\n%s", body)
	}
	b.screenshot("staff-home-manager-fi")

	b.clickAndWait(`.staff-nav a[href="/staff/points/palojoenkulma"]`)
	if got := b.text(`.staff-nav a[aria-current="page"]`); got != "Poikkeusaukioloajat: Palojoenkulman yhteispalvelupiste" {
		t.Errorf("the current page in the staff navigation is %q", got)
	}
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(hel).AddDate(0, 0, 2)
	b.do("fill the exception form",
		chromedp.SetValue(chromedp.CSS("#exception-first_day"), day.Format(time.DateOnly)),
		chromedp.SendKeys(chromedp.CSS("#exception-reason_fi"), "Henkilöstön koulutuspäivä"),
		chromedp.SendKeys(chromedp.CSS("#exception-reason_sv"), "Personalens utbildningsdag"),
		chromedp.SendKeys(chromedp.CSS("#exception-reason_en"), "Staff training day"))
	b.screenshot("staff-point-filled-fi")
	b.clickAndWait(`form[action="/staff/points/palojoenkulma/exceptions"] button[type="submit"]`)
	if got := b.text(`.notice`); got != "Poikkeus on lisätty. Se näkyy palvelupisteen sivulla." {
		t.Errorf("after adding, the notice says %q", got)
	}
	row := b.text(`table.data tbody tr`)
	for _, want := range []string{day.Format("2.1.2006"), "Suljettu", "Koko palvelupistettä", "Henkilöstön koulutuspäivä"} {
		if !strings.Contains(row, want) {
			t.Errorf("the listed exception %q lacks %q", row, want)
		}
	}
	b.screenshot("staff-point-added-fi")

	b.clickAndWait(`a[href="/points/palojoenkulma"]`)
	notices := b.text(`.notices`)
	if !strings.Contains(notices, "Henkilöstön koulutuspäivä: suljettu") || !strings.Contains(notices, day.Format("2.1.")) {
		t.Errorf("the public page's notices %q lack the training day", notices)
	}
	b.screenshot("point-training-day-fi")

	b.open("/staff")
	b.signOut()
	b.open("/staff/points/palojoenkulma")
	if got := b.path(); got != "/signin?next=%2Fstaff%2Fpoints%2Fpalojoenkulma" {
		t.Errorf("after signing out a staff page went to %q", got)
	}
}

// TestBrowserStaffAccessibility runs axe-core on the sign-in page and
// every staff page, in the states a person meets (lists, form errors,
// secrets shown once, refusals), at desktop width and at 320 px, where
// nothing may scroll sideways.
func TestBrowserStaffAccessibility(t *testing.T) {
	source := axeSource(t)
	ts, _ := staffServer(t, storetest.SQLite)
	b := newBrowserAt(t, ts)
	check := func(name string) {
		t.Helper()
		b.checkStaffPage(source, name)
	}
	open := func(path, name string) {
		t.Helper()
		b.open(path)
		check(name)
	}
	submit := func(sel, name string) {
		t.Helper()
		b.clickAndWait(sel)
		check(name)
	}

	for _, lang := range []string{"fi", "sv", "en"} {
		b.open("/language?lang=" + lang + "&next=/signin")
		check("signin-" + lang)

		// An organisation's admin: people, tokens, the audit log,
		// customers.
		b.signIn("orgadmin.kela@demo.onestop.fi", "demo-orgadmin-pass")
		open("/staff", "staff-home-orgadmin-"+lang)
		open("/staff/users", "staff-users-"+lang)
		b.do("open a role form", chromedp.Click(chromedp.CSS(`.card details summary`)))
		b.do("fill in a user", chromedp.SetValue(chromedp.CSS("#user-name"), "Testi Henkilö"),
			chromedp.SetValue(chromedp.CSS("#user-email"), "testi."+lang+"@kela.example.fi"))
		submit(`form[action="/staff/users"] button[type="submit"]`, "staff-user-created-"+lang)
		b.open("/staff/users")
		b.do("a bad e-mail address", chromedp.SetValue(chromedp.CSS("#user-name"), "Testi"),
			chromedp.SetValue(chromedp.CSS("#user-email"), "testi"), chromedp.SetAttributeValue(chromedp.CSS("#user-email"), "type", "text"))
		submit(`form[action="/staff/users"] button[type="submit"]`, "staff-users-error-"+lang)
		// Linking an account to a staff member who has one already: the
		// form comes back open with the message.
		b.do("open a staff member form", chromedp.Click(chromedp.CSS(`.card details:has(form[action$="/staff-member"]) > summary`)),
			chromedp.SetValue(chromedp.CSS(`form[action$="/staff-member"] select`), "maija-meikalainen"))
		submit(`form[action$="/staff-member"] button[type="submit"]`, "staff-users-link-error-"+lang)
		if got := b.text(".card .error-summary"); !strings.Contains(got, "has an account already") {
			t.Errorf("%s: the link's refusal says %q", lang, got)
		}
		open("/staff/tokens", "staff-tokens-"+lang)
		b.do("name a token", chromedp.SetValue(chromedp.CSS("#token-name"), "Tilastot "+lang))
		submit(`form[action="/staff/tokens"] button[type="submit"]`, "staff-token-created-"+lang)
		open("/staff/tokens", "staff-tokens-list-"+lang)
		open("/staff/audit", "staff-audit-"+lang)
		open("/staff/customers", "staff-customers-"+lang)
		b.do("a bad identity code", chromedp.SetValue(chromedp.CSS("#search-identity_code"), "240287-123X"))
		submit(`form[action="/staff/customers/search"] button[type="submit"]`, "staff-customers-search-error-"+lang)
		b.do("a new customer", chromedp.SetValue(chromedp.CSS("#new-name"), "Maija Meikäläinen"),
			chromedp.SetValue(chromedp.CSS("#new-identity_code"), "240287-123H"),
			chromedp.SetValue(chromedp.CSS("#new-needs"), "Arabian tulkki"))
		submit(`form[action="/staff/customers"] button[type="submit"]`, "staff-customer-"+lang)
		b.do("a consent", chromedp.SetValue(chromedp.CSS("#consent-organisation"), "pori"),
			chromedp.SetValue(chromedp.CSS("#consent-purpose"), "Yhteinen asiointi 3.12."))
		submit(`form[action$="/consents"] button[type="submit"]`, "staff-customer-consent-"+lang)
		record := b.path()
		record = record[:strings.IndexByte(record, '?')]
		open(record+"/erase", "staff-customer-erase-"+lang)
		b.open("/staff/customers")
		b.do("search", chromedp.SetValue(chromedp.CSS("#search-identity_code"), "240287-123H"))
		submit(`form[action="/staff/customers/search"] button[type="submit"]`, "staff-customers-found-"+lang)
		open("/staff/points/palojoenkulma", "staff-forbidden-"+lang)
		b.open("/staff")
		b.signOut()

		// A manager: the point's exceptions, with a form error.
		b.signIn("manager.palojoenkulma@demo.onestop.fi", "demo-manager-pass")
		open("/staff/points/palojoenkulma", "staff-point-"+lang)
		b.do("a last day before the first", chromedp.SetValue(chromedp.CSS("#exception-first_day"), "2030-05-02"),
			chromedp.SetValue(chromedp.CSS("#exception-last_day"), "2030-05-01"),
			chromedp.SetValue(chromedp.CSS("#exception-reason_fi"), "Koulutus"))
		submit(`form[action="/staff/points/palojoenkulma/exceptions"] button[type="submit"]`, "staff-point-error-"+lang)
		b.do("a good exception", chromedp.SetValue(chromedp.CSS("#exception-last_day"), "2030-05-03"),
			chromedp.Click(chromedp.CSS("#exception-open")), chromedp.SetValue(chromedp.CSS("#exception-times"), "10.00–14.00"))
		submit(`form[action="/staff/points/palojoenkulma/exceptions"] button[type="submit"]`, "staff-point-added-"+lang)
		b.signOut()

		// An installation admin: every point and organisation.
		b.signIn("admin@demo.onestop.fi", "demo-admin-pass")
		open("/staff", "staff-home-admin-"+lang)
		open("/staff/users", "staff-users-admin-"+lang)
		open("/staff/audit", "staff-audit-admin-"+lang)
		b.signOut()
	}
}
