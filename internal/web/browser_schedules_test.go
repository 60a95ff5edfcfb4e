package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// TestBrowserSchedules edits working times in a real browser, in each
// language: axe-core finds nothing on the page choosing a person, on a
// person's working times, or on a form shown again with its error, at
// desktop width and at 320 px, where nothing may scroll sideways; and an
// added working time and absence are listed.
func TestBrowserSchedules(t *testing.T) {
	source := axeSource(t)
	ts, _ := schedulesServer(t, storetest.SQLite)
	b := newBrowserAt(t, ts)
	check := func(name string) {
		t.Helper()
		b.checkStaffPage(source, name)
	}
	for _, lang := range []string{"fi", "sv", "en"} {
		b.open("/language?lang=" + lang + "&next=/signin")
		b.signIn("orgadmin.kela@demo.onestop.fi", "demo-orgadmin-pass")
		b.clickAndWait(`.staff-nav a[href="/staff/schedules"]`)
		check("staff-schedules-" + lang)
		b.do("choose a person", chromedp.SetValue(chromedp.CSS("#schedules-staff"), "maija-meikalainen"))
		b.clickAndWait(`form.filter button[type="submit"]`)
		check("staff-schedules-person-" + lang)

		b.do("hours that do not parse", chromedp.SetValue(chromedp.CSS("#schedule-place"), "palojoenkulma"),
			chromedp.SetValue(chromedp.CSS("#schedule-hours"), "maanantaisin"))
		b.clickAndWait(`form[action="/staff/schedules/maija-meikalainen/schedules"] button[type="submit"]`)
		check("staff-schedules-error-" + lang)
		b.do("good hours", chromedp.SetValue(chromedp.CSS("#schedule-hours"), "Sa 10:00-14:00"))
		b.clickAndWait(`form[action="/staff/schedules/maija-meikalainen/schedules"] button[type="submit"]`)
		if got := b.text("#weekly-heading + .table-scroll"); !strings.Contains(got, "Sa 10:00-14:00") {
			t.Errorf("%s: the added working time is not listed: %q", lang, got)
		}
		b.do("an absence", chromedp.SetValue(chromedp.CSS("#absence-first_day"), "2030-05-02"),
			chromedp.SetValue(chromedp.CSS("#absence-reason"), "Koulutus"))
		b.clickAndWait(`form[action="/staff/schedules/maija-meikalainen/absences"] button[type="submit"]`)
		check("staff-schedules-added-" + lang)
		if got := b.text("#absences-heading + .table-scroll"); !strings.Contains(got, "Koulutus") {
			t.Errorf("%s: the added absence is not listed: %q", lang, got)
		}
		// Remove both again, so that the next language starts alike.
		b.clickAndWait(`tr:last-child form[action*="/schedules/maija-meikalainen/absences/"] button[type="submit"]`)
		b.clickAndWait(`tr:last-child form[action*="/schedules/maija-meikalainen/schedules/"] button[type="submit"]`)
		b.open("/staff")
		b.signOut()

		// A staff member whose account is linked to her opens her own
		// working times from the navigation.
		b.signIn("staff.kela@demo.onestop.fi", "demo-staff-kela-pass")
		b.clickAndWait(`.staff-nav a[href="/staff/schedules"]`)
		check("staff-schedules-own-" + lang)
		if got := b.text("h1"); !strings.Contains(got, "Maija Meikäläinen") {
			t.Errorf("%s: her own working times are headed %q", lang, got)
		}
		b.open("/staff")
		b.signOut()
	}
}
