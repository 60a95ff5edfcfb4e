package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// TestStaffSchedules edits a Kela expert's working times and absences on
// the page, as Kela's admin and as a point's manager: what is added
// shows on the page and in the API, a form with a mistake comes back
// with the message and writes nothing, and those who may not are
// refused.
func TestStaffSchedules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		ts, db := schedulesServer(t, e)
		const person = "maija-meikalainen"
		page := "/staff/schedules?staff=" + person
		stored := func() booking.StaffTime {
			t.Helper()
			st, err := db.Appointments().StaffSchedules(ctx, person)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		before := stored()

		a := newAgent(t, ts, "fi")
		a.signIn(orgAdminKela)
		chooser := a.get("/staff/schedules")
		checkPage(t, chooser, http.StatusOK, "fi")
		chooser.has(t, "<h1>Työajat</h1>", `<label for="schedules-staff">Henkilö</label>`, `<option value="maija-meikalainen">Maija Meikäläinen</option>`,
			`href="/staff/schedules" aria-current="page"`)
		p := a.get(page)
		checkPage(t, p, http.StatusOK, "fi")
		p.has(t, "<h1>Työajat – Maija Meikäläinen</h1>", `<caption id="weekly-caption">Viikoittaiset työajat: Maija Meikäläinen</caption>`,
			`<code class="hours" lang="en">Mo,Th,Fr 09:00-16:00; We 09:00-12:00; PH off</code>`, "Etätyö (video ja puhelin)",
			`<option value="remote">Etätyö (video ja puhelin)</option>`, `<label for="schedule-hours">Päivät ja kellonajat</label>`)

		// Mistakes: hours that do not parse, no place, an absence that
		// ends before it begins. Each form comes back with what was
		// typed and the message, and nothing is written.
		r := a.submit("/staff/schedules/"+person+"/schedules", url.Values{"place": {"palojoenkulma"}, "hours": {"maanantaisin"}})
		checkPage(t, r, http.StatusBadRequest, "fi")
		r.has(t, `role="alert"`, `The hours &#34;maanantaisin&#34; cannot be read: at character 1: unknown word &#34;maanantaisin&#34;`,
			`id="schedule-hours" name="hours"`, `value="maanantaisin"`,
			`aria-describedby="hours-hint schedule-error" aria-invalid="true"`, `href="#schedule-hours"`,
			`<option value="palojoenkulma" selected>`)
		r = a.submit("/staff/schedules/"+person+"/schedules", url.Values{"hours": {"Sa 10:00-14:00"}})
		checkPage(t, r, http.StatusBadRequest, "fi")
		r.has(t, "Choose where: a service point, or remote work.", `href="#schedule-place"`)
		r = a.submit("/staff/schedules/"+person+"/absences", url.Values{"first_day": {"2027-01-10"}, "last_day": {"2027-01-02"}, "reason": {"Loma"}})
		checkPage(t, r, http.StatusBadRequest, "fi")
		r.has(t, "The last day (2027-01-02) is before the first day (2027-01-10).", `href="#absence-last_day"`, `value="Loma"`,
			`aria-describedby="absence-last-hint absence-error" aria-invalid="true"`)
		// Without the CSRF field, refused.
		r = a.do("POST", "/staff/schedules/"+person+"/schedules", url.Values{"place": {"palojoenkulma"}, "hours": {"Sa 10:00-14:00"}})
		wantStatus(t, r, http.StatusForbidden)
		// Kela's staff do not edit a colleague's working times; Pori's
		// point manager of Palojoenkulma may not change a person who
		// also works at Ohjaamo, which they do not manage.
		k := newAgent(t, ts, "en")
		k.signIn(analyst)
		checkPage(t, k.get(page), http.StatusForbidden, "en")
		k = newAgent(t, ts, "en")
		k.signIn(staffKela) // Maija Meikäläinen herself
		checkPage(t, k.get("/staff/schedules?staff=matti-meikalainen"), http.StatusNotFound, "en")
		r = k.submit("/staff/schedules/matti-meikalainen/schedules", url.Values{"place": {"palojoenkulma"}, "hours": {"Sa 10:00-14:00"}})
		checkPage(t, r, http.StatusForbidden, "en")
		m := newAgent(t, ts, "en")
		m.signIn(managerEmail)
		r = m.submit("/staff/schedules/"+person+"/schedules", url.Values{"place": {"palojoenkulma"}, "hours": {"Sa 10:00-14:00"}})
		checkPage(t, r, http.StatusForbidden, "en")
		r.has(t, "Only the admins of the staff member&#39;s organisation, the managers of every point the schedules name, "+
			"or the staff member at the points where their organisation serves may change them.")
		if got := stored(); !sameTime(got, before) {
			t.Fatalf("refused forms changed the working times:\n%+v\nwas\n%+v", got, before)
		}

		// A Saturday at Palojoenkulma, then an absence.
		r = a.submit("/staff/schedules/"+person+"/schedules", url.Values{"place": {"palojoenkulma"}, "hours": {"Sa 10:00-14:00"}})
		wantRedirect(t, r, "/staff/schedules?done=schedule_added&staff="+person)
		r = a.submit("/staff/schedules/"+person+"/absences", url.Values{"first_day": {"2027-01-04"}, "last_day": {"2027-01-08"}, "reason": {"Loma"}})
		wantRedirect(t, r, "/staff/schedules?done=absence_added&staff="+person)
		got := stored()
		if len(got.Schedules) != len(before.Schedules)+1 || got.Schedules[len(got.Schedules)-1] != (booking.Schedule{Staff: person, Point: "palojoenkulma", Hours: "Sa 10:00-14:00"}) {
			t.Fatalf("schedules after adding one: %+v", got.Schedules)
		}
		if len(got.Absences) != len(before.Absences)+1 {
			t.Fatalf("absences after adding one: %+v", got.Absences)
		}
		p = a.get(page + "&done=absence_added")
		checkPage(t, p, http.StatusOK, "fi")
		p.has(t, `role="status"`, "Poissaolo on lisätty.", `<code class="hours" lang="en">Sa 10:00-14:00</code>`, "Loma",
			`<caption id="absences-caption">Poissaolot: Maija Meikäläinen</caption>`)

		// Removing: a row changed meanwhile is not removed; the right one is.
		rows := regexp.MustCompile(`action="/staff/schedules/`+person+`/schedules/(\d+)/delete"`).FindAllStringSubmatch(p.body, -1)
		if len(rows) != len(got.Schedules) {
			t.Fatalf("the page lists %d working times with a remove button, want %d", len(rows), len(got.Schedules))
		}
		last := len(got.Schedules) - 1
		r = a.submit("/staff/schedules/"+person+"/schedules/"+rows[last][1]+"/delete", url.Values{"point": {"palojoenkulma"}, "hours": {"Su 10:00-14:00"}})
		checkPage(t, r, http.StatusConflict, "fi")
		r = a.submit("/staff/schedules/"+person+"/schedules/"+rows[last][1]+"/delete", url.Values{"point": {"palojoenkulma"}, "hours": {"Sa 10:00-14:00"}})
		wantRedirect(t, r, "/staff/schedules?done=schedule_removed&staff="+person)
		if n := len(regexp.MustCompile(`action="/staff/schedules/`+person+`/absences/\d+/delete"`).FindAllString(p.body, -1)); n != len(got.Absences) {
			t.Fatalf("the page lists %d absences with a remove button, want %d", n, len(got.Absences))
		}
		removeFirst := func() fetched {
			t.Helper()
			first := stored().Absences[0]
			return a.submit("/staff/schedules/"+person+"/absences/0/delete",
				url.Values{"first_day": {first.FirstDay}, "last_day": {first.LastDay}, "reason": {first.Reason}})
		}
		for range got.Absences {
			wantRedirect(t, removeFirst(), "/staff/schedules?done=absence_removed&staff="+person)
		}
		r = a.submit("/staff/schedules/"+person+"/absences/0/delete", url.Values{"first_day": {"2027-01-04"}, "last_day": {"2027-01-08"}, "reason": {"Loma"}})
		checkPage(t, r, http.StatusNotFound, "fi")
		after := stored()
		if !slices.Equal(after.Schedules, before.Schedules) || len(after.Absences) != 0 {
			t.Fatalf("after removing what was added and every absence: %+v", after)
		}

		// A manager edits someone who works only at their point.
		m.csrf = csrfOf(t, m.get("/staff/schedules?staff=olli-opastus"))
		r = m.submit("/staff/schedules/olli-opastus/schedules", url.Values{"place": {"palojoenkulma"}, "hours": {"Sa 10:00-13:00"}})
		wantRedirect(t, r, "/staff/schedules?done=schedule_added&staff=olli-opastus")
		// The staff member, signed in with the account linked to her,
		// opens her own working times at once and edits them: where Kela
		// serves, and remotely, but not at a point where it does not.
		own := k.get("/staff/schedules")
		checkPage(t, own, http.StatusOK, "en")
		own.has(t, "<h1>Working times – Maija Meikäläinen</h1>", `href="/staff/schedules" aria-current="page">My working times</a>`,
			`<option value="kela-helsinki">`, `<option value="remote">Remote (video and phone)</option>`)
		own.hasNot(t, `<option value="porin-leijona">`, `<option value="matti-meikalainen">`)
		k.csrf = csrfOf(t, own)
		r = k.submit("/staff/schedules/"+person+"/schedules", url.Values{"place": {"porin-leijona"}, "hours": {"Sa 10:00-14:00"}})
		checkPage(t, r, http.StatusForbidden, "en")
		r = k.submit("/staff/schedules/"+person+"/schedules", url.Values{"place": {"kela-helsinki"}, "hours": {"Sa 10:00-13:00"}})
		wantRedirect(t, r, "/staff/schedules?done=schedule_added&staff="+person)
		r = k.submit("/staff/schedules/"+person+"/absences", url.Values{"first_day": {"2027-02-01"}, "reason": {"Koulutus"}})
		wantRedirect(t, r, "/staff/schedules?done=absence_added&staff="+person)
		if got := stored(); len(got.Schedules) != len(before.Schedules)+1 || len(got.Absences) != 1 {
			t.Fatalf("after her own changes: %+v", got)
		}
		// Each change is audited, as the one who made it.
		entries, err := db.Access().AuditLog(ctx, access.AuditFilter{SubjectKind: "staff", Subject: person})
		if err != nil {
			t.Fatal(err)
		}
		var by []string
		for _, e := range entries {
			if e.Action == "staff.schedules" && e.Outcome == access.Allowed && e.SubjectOrganisation == "kela" {
				by = append(by, e.Actor)
			}
		}
		if !slices.Contains(by, staffKela) || !slices.Contains(by, orgAdminKela) {
			t.Fatalf("audited changes of the working times by %v", by)
		}

		// An installation admin may name any point, and remote work.
		ad := newAgent(t, ts, "en")
		ad.signIn(adminEmail)
		ad.get(page).has(t, `<option value="palojoenkulma">Palojoenkulma joint service point</option>`, `<option value="kela-helsinki">`,
			`<option value="remote">Remote (video and phone)</option>`)
		// Someone outside the list is not found.
		checkPage(t, m.get("/staff/schedules?staff=no-such-person"), http.StatusNotFound, "en")
	})
}

// schedulesServer serves the demo, its accounts and its staff's working
// times, with bookings, on a fresh database of the engine.
func schedulesServer(t testing.TB, e storetest.Engine) (*httptest.Server, *store.DB) {
	t.Helper()
	db, svc := demoInstallation(t, e)
	if _, err := demo.LoadSchedules(context.Background(), db.Appointments()); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Version: "test"}, db.Catalogue(), svc, func(context.Context) error { return nil },
		slog.New(slog.DiscardHandler), prometheus.NewRegistry(), WithBookings(db.Appointments()))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, db
}

// sameTime reports whether two staff members' working times are equal.
func sameTime(a, b booking.StaffTime) bool {
	return slices.Equal(a.Schedules, b.Schedules) && slices.Equal(a.Absences, b.Absences)
}
