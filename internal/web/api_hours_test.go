package web_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// demoServer serves the demo centres from a fresh database of the engine.
func demoServer(t *testing.T, e storetest.Engine, cfg web.Config) *httptest.Server {
	t.Helper()
	ts, _ := demoServerDB(t, e, cfg)
	return ts
}

// demoServerDB is demoServer that also returns the database.
func demoServerDB(t *testing.T, e storetest.Engine, cfg web.Config) (*httptest.Server, *store.DB) {
	t.Helper()
	db := e.Open(t)
	if _, err := demo.Load(context.Background(), db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	return serveDB(t, db, cfg), db
}

type hoursDay struct {
	Date    string            `json:"date"`
	Holiday map[string]string `json:"holiday"`
	Closure map[string]string `json:"closure"`
	Point   []struct {
		Start, End string
	} `json:"point"`
	Exceptions []struct {
		Reason map[string]string `json:"reason"`
	} `json:"exceptions"`
	Offerings []struct {
		Service string `json:"service"`
		WalkIn  *[]struct {
			Start, End string
		} `json:"walk_in"`
	} `json:"offerings"`
}

func kelaWalkIn(d hoursDay) []string {
	var out []string
	for _, o := range d.Offerings {
		if o.Service == "kela-benefit-guidance" && o.WalkIn != nil {
			for _, iv := range *o.WalkIn {
				out = append(out, iv.Start[11:16]+"-"+iv.End[11:16])
			}
		}
	}
	return out
}

// TestChristmasWeekAPI checks Palojoenkulma's hours for Christmas week 2026
// through the API: open Mon–Wed 9–16 with Kela walk-in Mon and Tue
// 12–15.30; closed on Christmas Eve (national closure day, named),
// Christmas Day and St Stephen's Day (public holidays, named) and the
// weekend.
func TestChristmasWeekAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := demoServer(t, e, web.Config{})
		r := do(t, ts, "GET", "/api/v1/points/palojoenkulma/hours?from=2026-12-21&to=2026-12-27", nil)
		if r.status != 200 {
			t.Fatalf("hours = %d %s", r.status, r.body)
		}
		h := decode[struct {
			Days []hoursDay `json:"days"`
		}](t, r)
		if len(h.Days) != 7 {
			t.Fatalf("%d days", len(h.Days))
		}
		for i, d := range h.Days {
			open := i < 3
			if got := len(d.Point) == 1; got != open {
				t.Errorf("%s: point intervals %v", d.Date, d.Point)
			}
			if open && (d.Point[0].Start != d.Date+"T09:00:00+02:00" || d.Point[0].End != d.Date+"T16:00:00+02:00") {
				t.Errorf("%s: %v, want 09:00–16:00 +02:00", d.Date, d.Point)
			}
		}
		if w := kelaWalkIn(h.Days[0]); len(w) != 1 || w[0] != "12:00-15:30" {
			t.Errorf("Monday walk-in %v", w)
		}
		if w := kelaWalkIn(h.Days[2]); len(w) != 0 {
			t.Errorf("Wednesday walk-in %v; Kela has none on Wednesdays", w)
		}
		if h.Days[3].Closure["fi"] != "Jouluaatto" || h.Days[3].Holiday != nil {
			t.Errorf("24 Dec closure %v holiday %v", h.Days[3].Closure, h.Days[3].Holiday)
		}
		if h.Days[4].Holiday["en"] != "Christmas Day" || h.Days[5].Holiday["sv"] != "Annandag jul" {
			t.Errorf("25–26 Dec holidays %v %v", h.Days[4].Holiday, h.Days[5].Holiday)
		}
	})
}

func TestOpenAPIHours(t *testing.T) {
	ts := demoServer(t, storetest.SQLite, web.Config{})
	type status struct {
		State      string `json:"state"`
		NextChange string `json:"next_change"`
	}
	open := decode[struct {
		Status    status `json:"status"`
		Offerings []struct {
			Service string  `json:"service"`
			WalkIn  *status `json:"walk_in"`
		} `json:"offerings"`
	}](t, do(t, ts, "GET", "/api/v1/points/palojoenkulma/open?at=2026-12-23T10:00:00%2B02:00", nil))
	if open.Status.State != "open" || open.Status.NextChange != "2026-12-23T16:00:00+02:00" {
		t.Errorf("point on Wed 23 Dec 10:00: %+v", open.Status)
	}
	for _, o := range open.Offerings {
		if o.Service == "kela-benefit-guidance" && (o.WalkIn == nil || o.WalkIn.State != "closed" || o.WalkIn.NextChange != "2026-12-28T12:00:00+02:00") {
			t.Errorf("Kela walk-in on Wed 23 Dec: %+v; want closed until Mon 28 Dec 12:00", o.WalkIn)
		}
	}
	// Across the autumn DST change the offset changes from +03:00 to +02:00.
	r := do(t, ts, "GET", "/api/v1/points/palojoenkulma/hours?from=2026-10-23&to=2026-10-26", nil)
	if !bytes.Contains(r.body, []byte(`"2026-10-23T09:00:00+03:00"`)) || !bytes.Contains(r.body, []byte(`"2026-10-26T09:00:00+02:00"`)) {
		t.Errorf("hours across the autumn DST change:\n%s", r.body)
	}

	bad := []struct{ path, param string }{
		{"/api/v1/points/palojoenkulma/hours?from=2026-13-01", "from"},
		{"/api/v1/points/palojoenkulma/hours?from=21.12.2026", "from"},
		{"/api/v1/points/palojoenkulma/hours?from=2026-12-21&to=2026-12-01", "to"},
		{"/api/v1/points/palojoenkulma/hours?from=2026-01-01&to=2028-01-01", "to"},
		{"/api/v1/points/palojoenkulma/open?at=tomorrow", "at"},
		{"/api/v1/points/palojoenkulma/hours.ics?lang=de", "lang"},
	}
	for _, tc := range bad {
		if p := problemOf(t, do(t, ts, "GET", tc.path, nil), 400); p.Param != tc.param {
			t.Errorf("GET %s: param %q, want %q (%s)", tc.path, p.Param, tc.param, p.Detail)
		}
	}
	problemOf(t, do(t, ts, "GET", "/api/v1/points/nowhere/hours", nil), 404)
}

func TestHoursCalendar(t *testing.T) {
	ts := demoServer(t, storetest.SQLite, web.Config{})
	r := do(t, ts, "GET", "/api/v1/points/palojoenkulma/hours.ics?lang=en", nil)
	if r.status != 200 || !strings.HasPrefix(r.ctype, "text/calendar") {
		t.Fatalf("hours.ics = %d %s", r.status, r.ctype)
	}
	if !bytes.Contains(r.body, []byte("\r\n")) {
		t.Error("iCalendar lines must end in CRLF")
	}
	cal, err := ical.NewDecoder(bytes.NewReader(r.body)).Decode()
	if err != nil {
		t.Fatalf("the feed does not parse as iCalendar: %v", err)
	}
	events := cal.Events()
	if len(events) < 30 {
		t.Fatalf("%d events in 8 weeks", len(events))
	}
	uids := map[string]bool{}
	var walkIn int
	for _, ev := range events {
		uid, _ := ev.Props.Text(ical.PropUID)
		if uids[uid] {
			t.Errorf("UID %s twice", uid)
		}
		uids[uid] = true
		summary, _ := ev.Props.Text(ical.PropSummary)
		if summary == "Kela benefit guidance: walk-in" {
			walkIn++
			start, err := ev.DateTimeStart(time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if local := start.In(helsinkiZone(t)); local.Hour() != 12 || local.Minute() != 0 {
				t.Errorf("walk-in event starts %v", local)
			}
		}
	}
	if walkIn == 0 {
		t.Error("no walk-in events")
	}
}

func helsinkiZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestExceptionsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := demoServerDB(t, e, web.Config{})
		auth := append(tokenFor(t, db, access.Grant{Role: access.PointManager, Point: "palojoenkulma"}), "Content-Type", "application/json")
		body := `{"first_day":"2026-12-01","hours":"off","reason":{"fi":"Henkilöstön koulutuspäivä","sv":"Personalens utbildningsdag","en":"Staff training day"}}`

		problemOf(t, do(t, ts, "POST", "/api/v1/points/palojoenkulma/exceptions", strings.NewReader(body)), 401)
		for _, bad := range []string{
			`{"first_day":"2026-12-01","hours":"Mo 09:00-12:00","reason":{"fi":"x"}}`,
			`{"first_day":"1.12.2026","hours":"off","reason":{"fi":"x"}}`,
			`{"first_day":"2026-12-01","hours":"off"}`,
			`{"first_day":"2026-12-01","hours":"off","reason":{"fi":"x"},"service":"no-such-service"}`,
			`{"first_day":`,
		} {
			problemOf(t, do(t, ts, "POST", "/api/v1/points/palojoenkulma/exceptions", strings.NewReader(bad), auth...), 400)
		}
		r := do(t, ts, "POST", "/api/v1/points/palojoenkulma/exceptions", strings.NewReader(body), auth...)
		if r.status != 201 {
			t.Fatalf("add exception = %d %s", r.status, r.body)
		}
		created := decode[struct {
			ID int64 `json:"id"`
		}](t, r)

		h := decode[struct {
			Days []hoursDay `json:"days"`
		}](t, do(t, ts, "GET", "/api/v1/points/palojoenkulma/hours?from=2026-12-01&to=2026-12-01", nil))
		if len(h.Days[0].Point) != 0 || len(h.Days[0].Exceptions) != 1 || h.Days[0].Exceptions[0].Reason["en"] != "Staff training day" {
			t.Errorf("1 Dec after the training-day exception: %+v", h.Days[0])
		}

		problemOf(t, do(t, ts, "DELETE", "/api/v1/points/palojoenkulma/exceptions/abc", nil, auth...), 400)
		// A manager of Palojoenkulma may not touch Iso Omena's hours.
		problemOf(t, do(t, ts, "DELETE", "/api/v1/points/iso-omena/exceptions/"+itoa(created.ID), nil, auth...), 403)
		if r := do(t, ts, "DELETE", "/api/v1/points/palojoenkulma/exceptions/"+itoa(created.ID), nil, auth...); r.status != 204 {
			t.Fatalf("delete = %d %s", r.status, r.body)
		}
		h = decode[struct {
			Days []hoursDay `json:"days"`
		}](t, do(t, ts, "GET", "/api/v1/points/palojoenkulma/hours?from=2026-12-01&to=2026-12-01", nil))
		if len(h.Days[0].Point) != 1 {
			t.Errorf("1 Dec after removing the exception: %+v", h.Days[0])
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
