package web

import (
	"strings"
	"testing"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// TestBrowserCalendar is a front-desk worker's errand in each language:
// sign in, look at the point's week and day, open an appointment and
// cancel it. axe-core checks every page at desktop width and at 320 px,
// where nothing may scroll sideways.
func TestBrowserCalendar(t *testing.T) {
	source := axeSource(t)
	f := calendarServer(t, storetest.SQLite)
	// A fuller week to look at: a phone call, a video meeting, people of
	// both organisations.
	f.book(t, "2026-10-19 09:00", 30, kelaVisit("Aino Aaltonen"))
	f.book(t, "2026-10-19 13:15", 45, visit{services: []string{"kela-moving-to-finland"}, staff: []string{"olga-primerova"},
		channel: booking.Phone, customer: booking.Customer{Name: "Oleksandr Koval", Phone: "+358 44 555 6666", Language: "uk"}})
	f.book(t, "2026-10-20 10:00", 30, visit{services: []string{"kela-benefit-guidance"}, staff: []string{"layla-namudhaj"},
		channel: booking.Video, customer: booking.Customer{Name: "Fatima Hassan", Email: "fatima@example.fi", Language: "ar"}})
	f.book(t, "2026-10-23 12:30", 30, kelaVisit("Veikko Virtanen"))
	// Hodan Tusaale interprets at one, whose customer she does not see.
	f.book(t, "2026-10-23 14:00", 60, visit{services: []string{"pori-integration"}, staff: []string{"abdi-muunad"},
		interpreter: "hodan-tusaale", room: "palojoenkulma-advisory-room-03", customer: booking.Customer{Name: "Warsame Asiakas", Language: "so"}})
	langs := []string{"fi", "sv", "en"}
	for i, lang := range langs {
		// One appointment each language cancels.
		f.book(t, "2026-10-22 0"+string(rune('9'-i))+":00", 30, visit{services: []string{"kela-benefit-guidance"},
			staff: []string{"maija-meikalainen"}, room: "palojoenkulma-advisory-room-04",
			customer: booking.Customer{Name: "Peruttava Asiakas " + lang, Phone: "+358 50 123 456" + string(rune('0'+i)), Language: lang}})
	}

	b := newBrowserAt(t, f.ts)
	check := func(name string) {
		t.Helper()
		b.checkStaffPage(source, name)
	}
	for i, lang := range langs {
		b.open("/language?lang=" + lang + "&next=/signin")
		b.signIn(staffKela, demoPassword(t, staffKela))
		b.clickAndWait(`.staff-nav a[href="/staff/calendar"]`)
		if got := b.text(`.staff-nav a[aria-current="page"]`); got != map[string]string{"fi": "Kalenteri", "sv": "Kalender", "en": "Calendar"}[lang] {
			t.Errorf("the current page in the staff navigation is %q", got)
		}
		check("calendar-own-" + lang)

		b.open("/staff/calendar?point=palojoenkulma&day=2026-10-21&view=week")
		if n := eval[int](b, `document.querySelectorAll(".week-day").length`); n != 7 {
			t.Errorf("the week has %d days", n)
		}
		check("calendar-week-" + lang)

		b.clickAndWait(`#day-4 a`)
		if got := b.path(); got != "/staff/calendar?day=2026-10-22&point=palojoenkulma&view=day" {
			t.Errorf("Thursday's heading went to %q", got)
		}
		check("calendar-day-" + lang)

		b.clickAndWait(`tr:nth-child(` + string(rune('3'-i)) + `) a.item-time`)
		if body := b.text("main"); !strings.Contains(body, "Peruttava Asiakas "+lang) {
			t.Fatalf("the appointment opened is not the one clicked:\n%s", body)
		}
		check("calendar-appointment-" + lang)

		b.clickAndWait(`a[href*="/cancel"]`)
		check("calendar-cancel-" + lang)
		b.clickAndWait(`button.danger`)
		if b.text(".notice") == "" {
			t.Error("no notice after cancelling")
		}
		check("calendar-cancelled-" + lang)

		b.clickAndWait(`.back a`)
		if n := eval[int](b, `document.querySelectorAll("tr.cancelled").length`); n != i+1 {
			t.Errorf("the day shows %d cancelled appointments, want %d", n, i+1)
		}
		check("calendar-day-cancelled-" + lang)

		b.open("/staff/calendar?point=porin-leijona&day=2026-10-21")
		check("calendar-error-" + lang)
		b.open("/staff")
		b.signOut()

		// The interpreter's own week: her visit, without the customer.
		b.signIn(interpreter, demoPassword(t, interpreter))
		b.clickAndWait(`.staff-nav a[href="/staff/calendar"]`)
		b.open("/staff/calendar?staff=hodan-tusaale&day=2026-10-23&view=week")
		check("calendar-interpreter-" + lang)
		if body := b.text("main"); !strings.Contains(body, "14.00–15.00") || strings.Contains(body, "Warsame") {
			t.Errorf("the interpreter's week:\n%s", body)
		}
		b.open("/staff")
		b.signOut()
	}
}
